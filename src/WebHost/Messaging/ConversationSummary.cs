using System.Collections.Immutable;
using System.Text.Json;

namespace OmniBiz.WebHost.Messaging;

/// <summary>A conversation in the caller's inbox.</summary>
public sealed record ConversationSummary(
    string Id, string Type, string? Title, ImmutableArray<string> Members, JsonElement? LastMessage,
    long LastSeq, long LastReadSeq, long UnreadCount, DateTimeOffset LastActivityAt, string? TicketId);
