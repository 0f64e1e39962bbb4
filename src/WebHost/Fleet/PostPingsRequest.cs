using System.Collections.Immutable;

namespace OmniBiz.WebHost.Fleet;

/// <summary>A device's batch. <see cref="VehicleId"/> is optional; when given it must be the token's vehicle.</summary>
public sealed record PostPingsRequest(string? VehicleId, ImmutableArray<PingRequest?> Pings);
