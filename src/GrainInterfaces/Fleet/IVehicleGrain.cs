using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>
/// One vehicle, keyed by vehicle id. Takes its device's pings: validates each, drops duplicates, stores every accepted
/// one in the trail, and keeps the latest position (never moved backwards by a late ping), odometer and motion.
/// </summary>
[Alias("omnibiz.IVehicleGrain")]
public interface IVehicleGrain : IGrainWithStringKey
{
    /// <summary>Registers the vehicle; refuses an id in use or invalid details.</summary>
    [Alias("Create")]
    Task<Vehicle> CreateAsync(string name, string plate);

    /// <summary>The vehicle, or null.</summary>
    [Alias("Get")]
    Task<Vehicle?> GetAsync();

    /// <summary>Starts a new device credential and returns its id; earlier credentials stop working.</summary>
    [Alias("IssueDeviceToken")]
    Task<string> IssueDeviceTokenAsync();

    /// <summary>Stops every device credential of this vehicle.</summary>
    [Alias("RevokeDeviceTokens")]
    Task RevokeDeviceTokensAsync();

    /// <summary>
    /// Takes a batch of pings sent with the given device credential; refuses a revoked credential. A batch retried with
    /// the same idempotency key answers the first result and stores nothing again.
    /// </summary>
    [Alias("Ingest")]
    Task<PingBatchResult> IngestAsync(string deviceTokenId, ImmutableArray<Ping> pings, string? idempotencyKey);

    /// <summary>Starts tracking a delivery: ETA and arrival are reported to the delivery grain.</summary>
    [Alias("AssignDelivery")]
    Task AssignDeliveryAsync(DeliveryAssignment assignment);

    /// <summary>Stops tracking the delivery (delivered or cancelled).</summary>
    [Alias("ReleaseDelivery")]
    Task ReleaseDeliveryAsync(string deliveryId);
}
