using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Sessions;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Sessions;

public sealed record CreateSessionRequest(
    [property: Required, StringLength(SessionGrain.MaxTitleLength)] string Title,
    [property: StringLength(SessionGrain.MaxDescriptionLength)] string? Description,
    [property: Required, StringLength(20)] string Kind,
    [property: Required] DateTimeOffset? ScheduledAt,
    [property: Required, Range(1, SessionGrain.MaxDurationMinutes)] int? DurationMinutes,
    [property: Range(1, SessionGrain.MaxCapacity)] int? Capacity,
    [property: ValidId(MaxCount = 20)] ImmutableArray<string>? CoHostIds);
