using System.Collections.Immutable;

namespace OmniBiz.WebHost.Identity;

public sealed record SetRolesRequest(ImmutableArray<string> Roles);
