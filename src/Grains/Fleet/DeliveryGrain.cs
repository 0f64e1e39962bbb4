using Microsoft.Extensions.Options;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Fleet;
using OmniBiz.GrainInterfaces.Orders;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.Grains.Projections;
using OmniBiz.Grains.Realtime;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Fleet;

public sealed class DeliveryGrain(
    [PersistentState(StorageNames.Delivery, StorageNames.Main)] IPersistentState<DeliveryState> state,
    FleetReadModel readModel,
    Projector projector,
    IOptions<FleetSettings> settings,
    TimeProvider clock) : Grain, IDeliveryGrain
{
    private Projection? _projection;

    private string DeliveryId => this.GetPrimaryKeyString();

    private Projection Projection => _projection ??= projector.For(this, "deliveries", () => readModel.SaveDeliveryAsync(ToDelivery()));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            await Projection.ProjectAsync();
        }
    }

    public async Task<Delivery> StartAsync(StartDelivery command)
    {
        if (state.RecordExists)
        {
            return state.State.OrderId == command.OrderId ? ToDelivery() : throw DomainException.Conflict("A delivery already exists under this id.");
        }

        if (!double.IsFinite(command.Destination.Lat) || command.Destination.Lat is < -90 or > 90
            || !double.IsFinite(command.Destination.Lng) || command.Destination.Lng is < -180 or > 180)
        {
            throw DomainException.Invalid("destination", "The destination needs lat from -90 to 90 and lng from -180 to 180.");
        }

        var order = await GrainFactory.GetGrain<IOrderGrain>(command.OrderId).GetAsync()
            ?? throw DomainException.NotFound($"No order with id '{command.OrderId}'.");
        var vehicle = GrainFactory.GetGrain<IVehicleGrain>(command.VehicleId);
        if (await vehicle.GetAsync() is null)
        {
            throw DomainException.NotFound($"No vehicle with id '{command.VehicleId}'.");
        }

        // The vehicle first (it may be busy), then the order (it may not be ready to ship); undo the vehicle if the order refuses.
        await vehicle.AssignDeliveryAsync(new DeliveryAssignment(DeliveryId, command.Destination, settings.Value.ArrivalRadiusM));
        try
        {
            order = await GrainFactory.GetGrain<IOrderGrain>(command.OrderId)
                .DispatchAsync(new DeliveryRef(DeliveryId, command.VehicleId, DeliveryStatuses.EnRoute), command.ActorId);
        }
        catch (DomainException)
        {
            await vehicle.ReleaseDeliveryAsync(DeliveryId);
            throw;
        }

        state.State = new DeliveryState
        {
            OrderId = order.Id,
            OrderNumber = order.OrderNumber,
            CustomerId = order.CustomerId,
            VehicleId = command.VehicleId,
            Status = DeliveryStatuses.EnRoute,
            Destination = command.Destination,
            DestinationLocationId = command.DestinationLocationId,
            StartedAt = clock.GetUtcNow(),
        };
        return await SaveAndPublishAsync(EventNames.DeliveryStarted);
    }

    public Task<Delivery?> GetAsync() => Task.FromResult(state.RecordExists ? ToDelivery() : null);

    public async Task ReportProgressAsync(DeliveryProgress progress)
    {
        if (!state.RecordExists || state.State.Status != DeliveryStatuses.EnRoute)
        {
            return; // a late report after arrival or hand-over changes nothing
        }

        state.State.LastPosition = progress.Position;
        state.State.DistanceM = Math.Round(progress.DistanceM, 1);
        state.State.EtaSeconds = progress.EtaSeconds;
        if (progress.Arrived)
        {
            state.State.Status = DeliveryStatuses.Arrived;
            state.State.ArrivedAt = clock.GetUtcNow();
            await GrainFactory.GetGrain<IOrderGrain>(state.State.OrderId)
                .NoteDeliveryAsync(new DeliveryRef(DeliveryId, state.State.VehicleId, DeliveryStatuses.Arrived));
        }

        await SaveAndPublishAsync(EventNames.DeliveryUpdated);
    }

    public async Task<Delivery> CompleteAsync(string actorId)
    {
        if (!state.RecordExists)
        {
            throw DomainException.NotFound($"No delivery with id '{DeliveryId}'.");
        }

        if (state.State.Status == DeliveryStatuses.Delivered)
        {
            return ToDelivery();
        }

        await GrainFactory.GetGrain<IOrderGrain>(state.State.OrderId)
            .MarkDeliveredAsync(new DeliveryRef(DeliveryId, state.State.VehicleId, DeliveryStatuses.Delivered), actorId);
        state.State.Status = DeliveryStatuses.Delivered;
        state.State.DeliveredAt = clock.GetUtcNow();
        state.State.EtaSeconds = 0;
        await GrainFactory.GetGrain<IVehicleGrain>(state.State.VehicleId).ReleaseDeliveryAsync(DeliveryId);
        return await SaveAndPublishAsync(EventNames.DeliveryUpdated);
    }

    private async Task<Delivery> SaveAndPublishAsync(string eventName)
    {
        state.State.Version++;
        await state.WriteStateAsync();
        var delivery = ToDelivery();
        var notice = new DeliveryNotice(delivery.Id, delivery.OrderId, delivery.OrderNumber, delivery.VehicleId, delivery.Status,
            delivery.EtaSeconds, delivery.DistanceM, delivery.Destination, delivery.LastPosition, delivery.Version);
        await Task.WhenAll(
            Projection.ProjectAsync(),
            GrainFactory.PublishAsync([Topics.Maps, Topics.Order(delivery.OrderId), Topics.User(delivery.CustomerId)], eventName, notice));
        return delivery;
    }

    private Delivery ToDelivery() => new(
        DeliveryId, state.State.OrderId, state.State.OrderNumber, state.State.CustomerId, state.State.VehicleId, state.State.Status,
        state.State.Destination, state.State.DestinationLocationId, state.State.EtaSeconds, state.State.DistanceM,
        state.State.LastPosition, state.State.StartedAt, state.State.ArrivedAt, state.State.DeliveredAt, state.State.Version);
}
