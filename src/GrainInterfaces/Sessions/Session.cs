using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Sessions;

/// <summary>A scheduled meeting or webinar as clients see it.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.Session")]
public sealed record Session(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string? Description,
    [property: Id(3)] string Kind,
    [property: Id(4)] DateTimeOffset ScheduledAt,
    [property: Id(5)] int DurationMinutes,
    [property: Id(6)] int Capacity,
    [property: Id(7)] string HostId,
    [property: Id(8)] ImmutableArray<string> CoHostIds,
    [property: Id(9)] string Status,
    [property: Id(10)] int ParticipantCount,
    [property: Id(11)] DateTimeOffset CreatedAt,
    [property: Id(12)] DateTimeOffset? StartedAt,
    [property: Id(13)] DateTimeOffset? EndedAt,
    [property: Id(14)] long Version);
