using System.Collections.Immutable;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Fleet;

/// <summary>A device's batch. <see cref="VehicleId"/> is optional; when given it must be the token's vehicle.</summary>
public sealed record PostPingsRequest([property: ValidId] string? VehicleId, ImmutableArray<PingRequest?> Pings);
