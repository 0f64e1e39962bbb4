using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Sessions;

namespace OmniBiz.WebHost.Sessions;

public sealed record RescheduleSessionRequest(
    [property: Required] DateTimeOffset? ScheduledAt,
    [property: Range(1, SessionGrain.MaxDurationMinutes)] int? DurationMinutes);
