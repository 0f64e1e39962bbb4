using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Sessions;

/// <summary>Schedules a session; <see cref="Capacity"/> defaults to 100.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.CreateSession")]
public sealed record CreateSession(
    [property: Id(0)] string HostId,
    [property: Id(1)] string Title,
    [property: Id(2)] string? Description,
    [property: Id(3)] string Kind,
    [property: Id(4)] DateTimeOffset ScheduledAt,
    [property: Id(5)] int DurationMinutes,
    [property: Id(6)] int? Capacity,
    [property: Id(7)] ImmutableArray<string> CoHostIds);
