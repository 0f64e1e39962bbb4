using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Sessions;

namespace OmniBiz.WebHost.Sessions;

public sealed record CreateInvitationsRequest(
    [property: Required, MinLength(1), MaxLength(SessionGrain.MaxInvitationsPerRequest)] ImmutableArray<string>? Emails,
    [property: StringLength(20)] string? Role);
