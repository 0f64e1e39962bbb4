using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using Npgsql;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Fleet;
using OmniBiz.Grains.Projections;
using OmniBiz.Grains.Storage;
using OmniBiz.Grains.Telemetry;

namespace OmniBiz.Grains.Fleet;

/// <summary>
/// The hot path of the fleet. A batch of pings costs one grain call: every accepted ping is made durable through the
/// silo's <see cref="TrailWriter"/> before the call returns, the latest position goes to the silo's <see cref="MapFeed"/>
/// (no call), and the vehicle's own state (latest position, odometer) is written every few seconds, not per ping. After
/// a crash the activation replays the trail written since its last save, so nothing acknowledged is lost.
/// </summary>
public sealed class VehicleGrain(
    [PersistentState(StorageNames.Vehicle, StorageNames.Main)] IPersistentState<VehicleState> state,
    TrailWriter trail,
    MapFeed mapFeed,
    FleetReadModel readModel,
    Projector projector,
    NpgsqlDataSource db,
    IOptions<FleetSettings> settings,
    TimeProvider clock) : Grain, IVehicleGrain
{
    private const int RecentMemory = 2048;
    private const double MovingKph = 3;
    private const double MinimumOdometerStepM = 15;
    private readonly HashSet<long> _recent = [];
    private readonly Queue<long> _recentOrder = new();
    private readonly Dictionary<string, PingBatchResult> _answeredBatches = new(StringComparer.Ordinal);
    private readonly Queue<string> _answeredOrder = new();
    private bool _dirty;
    private Projection? _projection;

    private FleetSettings Settings => settings.Value;

    private Projection Projection => _projection ??= projector.For(this, "vehicles", () => readModel.AddVehicleAsync(ToVehicle()));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            await ReplayTrailAsync(cancellationToken);
            await Projection.ProjectAsync();
        }

        this.RegisterGrainTimer(SaveIfDirtyAsync, Settings.StateSaveInterval, Settings.StateSaveInterval);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        await SaveIfDirtyAsync(cancellationToken);

    public async Task<Vehicle> CreateAsync(string name, string plate)
    {
        if (state.RecordExists)
        {
            throw DomainException.Conflict("A vehicle already exists under this id.");
        }

        name = name?.Trim() ?? "";
        plate = plate?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            throw DomainException.Invalid("name", "Name must be 1 to 100 characters.");
        }

        if (plate.Length is 0 or > 20)
        {
            throw DomainException.Invalid("plate", "Plate must be 1 to 20 characters.");
        }

        state.State = new VehicleState { Name = name, Plate = plate, CreatedAt = clock.GetUtcNow() };
        await state.WriteStateAsync();
        await Projection.ProjectAsync();
        return ToVehicle();
    }

    public Task<Vehicle?> GetAsync() => Task.FromResult(state.RecordExists ? ToVehicle() : null);

    public async Task<string> IssueDeviceTokenAsync()
    {
        EnsureExists();
        state.State.DeviceTokenId = Guid.NewGuid().ToString("N");
        await SaveAsync();
        return state.State.DeviceTokenId;
    }

    public async Task RevokeDeviceTokensAsync()
    {
        EnsureExists();
        state.State.DeviceTokenId = null;
        await SaveAsync();
    }

    public async Task<PingBatchResult> IngestAsync(string deviceTokenId, ImmutableArray<Ping> pings, string? idempotencyKey)
    {
        if (!state.RecordExists)
        {
            throw DomainException.Forbidden("This device token's vehicle no longer exists.");
        }

        if (state.State.DeviceTokenId is null || state.State.DeviceTokenId != deviceTokenId)
        {
            throw DomainException.Forbidden("This device token was revoked or replaced; ask staff for a new one.");
        }

        if (idempotencyKey is not null && _answeredBatches.TryGetValue(idempotencyKey, out var answered))
        {
            return answered;
        }

        if (pings.IsDefaultOrEmpty || pings.Length > PingRules.MaxBatch)
        {
            throw DomainException.Invalid("pings", $"Send 1 to {PingRules.MaxBatch} pings per batch.");
        }

        var now = clock.GetUtcNow();
        var rejected = ImmutableArray.CreateBuilder<PingRejection>();
        var accepted = new List<Ping>(pings.Length);
        var inBatch = new HashSet<long>();
        for (var i = 0; i < pings.Length; i++)
        {
            var reason = PingRules.Check(pings[i], now, Settings.MaxPingAge);
            if (reason is null)
            {
                // PostgreSQL keeps microseconds: normalize first, so duplicates are judged as they will be stored.
                var ping = pings[i] with { RecordedAt = pings[i].RecordedAt.AddTicks(-(pings[i].RecordedAt.UtcTicks % 10)) };
                if (_recent.Contains(ping.RecordedAt.UtcTicks) || !inBatch.Add(ping.RecordedAt.UtcTicks))
                {
                    reason = "duplicate: a ping with this recordedAt was already received";
                }
                else
                {
                    accepted.Add(ping);
                }
            }

            if (reason is not null)
            {
                rejected.Add(new PingRejection(i, reason));
            }
        }

        if (accepted.Count > 0)
        {
            var id = this.GetPrimaryKeyString();
            await trail.AppendAsync([.. accepted.Select(p => new TrailPoint(id, p.RecordedAt, p.Lat, p.Lng, (float?)p.SpeedKph, (float?)p.Heading, (float?)p.AccuracyM))]);
            OmniBizMetrics.PingsStored.Add(accepted.Count);
            foreach (var ping in accepted)
            {
                Remember(ping.RecordedAt.UtcTicks);
            }

            var moved = false;
            foreach (var ping in accepted.OrderBy(p => p.RecordedAt))
            {
                if (Apply(ping))
                {
                    moved = true;
                    CountArrival(ping);
                }
            }

            state.State.LastSeenAt = now;
            _dirty = true;
            if (moved)
            {
                var latest = state.State.Latest!;
                mapFeed.Report(new VehicleMoved(id, latest.Lat, latest.Lng, latest.SpeedKph, latest.Heading, latest.RecordedAt, state.State.Moving));
                await TrackDeliveryAsync(now);
            }
        }

        var result = new PingBatchResult(accepted.Count, rejected.ToImmutable());
        if (idempotencyKey is not null && _answeredBatches.TryAdd(idempotencyKey, result))
        {
            _answeredOrder.Enqueue(idempotencyKey);
            if (_answeredOrder.Count > 64)
            {
                _answeredBatches.Remove(_answeredOrder.Dequeue());
            }
        }

        return result;
    }

    public async Task AssignDeliveryAsync(DeliveryAssignment assignment)
    {
        EnsureExists();
        if (state.State.Delivery is { } current && current.DeliveryId != assignment.DeliveryId)
        {
            throw DomainException.Conflict($"Vehicle '{state.State.Name}' is already out on delivery {current.DeliveryId}.");
        }

        state.State.Delivery = assignment;
        state.State.PingsInside = 0;
        state.State.Arrived = false;
        state.State.LastProgressAt = null;
        await SaveAsync();
    }

    public async Task ReleaseDeliveryAsync(string deliveryId)
    {
        if (state.State.Delivery?.DeliveryId == deliveryId)
        {
            state.State.Delivery = null;
            await SaveAsync();
        }
    }

    /// <summary>Moves the latest position forward (never back), and counts distance that is more than jitter.</summary>
    private bool Apply(Ping ping)
    {
        var latest = state.State.Latest;
        if (latest is not null && ping.RecordedAt <= latest.RecordedAt)
        {
            return false; // late: kept in the trail, but the vehicle is already further on
        }

        var speed = ping.SpeedKph ?? (latest is null ? 0 : ComputedSpeedKph(latest, ping));
        state.State.SpeedAverageKph = latest is null ? speed : (0.3 * speed) + (0.7 * state.State.SpeedAverageKph);
        state.State.Moving = speed >= MovingKph;
        state.State.Latest = new VehiclePosition(ping.Lat, ping.Lng, speed, ping.Heading, ping.RecordedAt);

        var anchor = state.State.OdometerAnchor;
        if (anchor is null)
        {
            state.State.OdometerAnchor = new GeoPoint(ping.Lat, ping.Lng);
        }
        else
        {
            var step = Geo.DistanceM(anchor.Lat, anchor.Lng, ping.Lat, ping.Lng);
            if (step >= Math.Max(MinimumOdometerStepM, ping.AccuracyM ?? 0))
            {
                state.State.OdometerM += step;
                state.State.OdometerAnchor = new GeoPoint(ping.Lat, ping.Lng);
            }
        }

        return true;
    }

    private static double ComputedSpeedKph(VehiclePosition from, Ping to)
    {
        var seconds = (to.RecordedAt - from.RecordedAt).TotalSeconds;
        return seconds <= 0 ? 0 : Math.Min(PingRules.MaxSpeedKph, Geo.DistanceM(from.Lat, from.Lng, to.Lat, to.Lng) / seconds * 3.6);
    }

    /// <summary>
    /// Arrival needs two pings in a row inside the radius and then latches, so jitter at the edge fires it once. Pings
    /// are what a device measures; a batch is only how it sends them: each ping that moves the vehicle forward counts,
    /// in time order, however the pings were batched. A late ping (older than the latest position) does not count: the
    /// vehicle was already further on.
    /// </summary>
    private void CountArrival(Ping ping)
    {
        // Once two in a row are counted the arrival stands, even if a later ping of the same batch is outside again.
        if (state.State.Delivery is { } delivery && !state.State.Arrived && state.State.PingsInside < 2)
        {
            var distance = Geo.DistanceM(ping.Lat, ping.Lng, delivery.Destination.Lat, delivery.Destination.Lng);
            state.State.PingsInside = distance <= delivery.ArrivalRadiusM ? state.State.PingsInside + 1 : 0;
        }
    }

    /// <summary>Reports progress once per batch that moved the vehicle: arrival as soon as it is counted, the ETA at most every few seconds.</summary>
    private async Task TrackDeliveryAsync(DateTimeOffset now)
    {
        if (state.State.Delivery is not { } delivery || state.State.Arrived)
        {
            return;
        }

        var latest = state.State.Latest!;
        var distance = Geo.DistanceM(latest.Lat, latest.Lng, delivery.Destination.Lat, delivery.Destination.Lng);
        var arrived = state.State.PingsInside >= 2;
        if (!arrived && state.State.LastProgressAt is { } last && now - last < Settings.EtaUpdateInterval)
        {
            return;
        }

        var speed = state.State.SpeedAverageKph >= 5 ? state.State.SpeedAverageKph : Settings.AssumedSpeedKph;
        var eta = arrived ? 0 : (int)Math.Ceiling(distance / (speed / 3.6));
        state.State.Arrived = arrived;
        state.State.LastProgressAt = now;
        await GrainFactory.GetGrain<IDeliveryGrain>(delivery.DeliveryId).ReportProgressAsync(new DeliveryProgress(latest, distance, eta, arrived));
        if (arrived)
        {
            await SaveAsync();
        }
    }

    private void Remember(long ticks)
    {
        if (_recent.Add(ticks))
        {
            _recentOrder.Enqueue(ticks);
            if (_recentOrder.Count > RecentMemory)
            {
                _recent.Remove(_recentOrder.Dequeue());
            }
        }
    }

    /// <summary>Brings latest position and odometer up to date with trail rows written after the last save.</summary>
    private async Task ReplayTrailAsync(CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            SELECT recorded_at, lat, lng, speed_kph, heading, accuracy_m FROM vehicle_positions
             WHERE vehicle_id = $1 AND recorded_at > $2 ORDER BY recorded_at LIMIT 50000
            """);
        command.Parameters.Add(new() { Value = this.GetPrimaryKeyString() });
        command.Parameters.Add(new() { Value = state.State.Latest?.RecordedAt ?? DateTimeOffset.UnixEpoch });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var ping = new Ping(
                reader.GetDouble(1), reader.GetDouble(2),
                reader.IsDBNull(3) ? null : reader.GetFloat(3), reader.IsDBNull(4) ? null : reader.GetFloat(4), reader.IsDBNull(5) ? null : reader.GetFloat(5),
                reader.GetFieldValue<DateTimeOffset>(0));
            Apply(ping);
            Remember(ping.RecordedAt.UtcTicks);
            _dirty = true;
        }
    }

    private async Task SaveIfDirtyAsync(CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await SaveAsync();
        }
    }

    private async Task SaveAsync()
    {
        _dirty = false;
        await state.WriteStateAsync();
    }

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw DomainException.NotFound($"No vehicle with id '{this.GetPrimaryKeyString()}'.");
        }
    }

    private Vehicle ToVehicle() => new(
        this.GetPrimaryKeyString(),
        state.State.Name,
        state.State.Plate,
        state.State.Latest,
        Math.Round(state.State.OdometerM / 1000, 3),
        state.State.Moving,
        state.State.LastSeenAt is { } seen && clock.GetUtcNow() - seen < Settings.OfflineAfter,
        state.State.LastSeenAt,
        state.State.Delivery?.DeliveryId,
        state.State.CreatedAt);
}
