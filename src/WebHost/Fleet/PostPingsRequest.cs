using System.Collections.Immutable;

namespace OmniBiz.WebHost.Fleet;

/// <summary>
/// A device's batch. <see cref="VehicleId"/> is optional; when given it must be a valid id and the token's vehicle
/// (checked by the endpoint, which skips the shared validation filter).
/// </summary>
public sealed record PostPingsRequest(string? VehicleId, ImmutableArray<PingRequest?> Pings);
