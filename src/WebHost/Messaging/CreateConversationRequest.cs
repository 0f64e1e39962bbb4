using System.Collections.Immutable;

namespace OmniBiz.WebHost.Messaging;

public sealed record CreateConversationRequest(string Type, ImmutableArray<string> MemberIds, string? Title);
