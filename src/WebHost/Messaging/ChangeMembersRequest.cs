using System.Collections.Immutable;

namespace OmniBiz.WebHost.Messaging;

public sealed record ChangeMembersRequest(ImmutableArray<string> UserIds);
