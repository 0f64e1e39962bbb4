using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Identity;

/// <summary>A user as others may see it (never the password hash).</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] string Id,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] ImmutableArray<string> Roles,
    [property: Id(4)] DateTimeOffset CreatedAt,
    [property: Id(5)] bool Disabled = false);
