using System.Collections.Immutable;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Fleet;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.Grains.Projections;
using OmniBiz.Grains.Realtime;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Fleet;

public sealed class LocationGrain(
    [PersistentState(StorageNames.Location, StorageNames.Main)] IPersistentState<LocationState> state,
    FleetReadModel readModel,
    Projector projector,
    TimeProvider clock) : Grain, ILocationGrain
{
    public static readonly ImmutableArray<string> Types = ["store", "warehouse", "customer", "other"];

    private Projection? _projection;

    private Projection Projection => _projection ??= projector.For(this, "locations", () => readModel.SaveLocationAsync(ToLocation(), state.State.Deleted));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            await Projection.ProjectAsync();
        }
    }

    public async Task<Location> CreateAsync(LocationDetails details)
    {
        if (state.RecordExists)
        {
            throw DomainException.Conflict("A location already exists under this id.");
        }

        state.State = new LocationState { CreatedAt = clock.GetUtcNow() };
        Apply(details);
        return await SaveAsync(EventNames.LocationAdded);
    }

    public async Task<Location> UpdateAsync(LocationDetails details)
    {
        EnsureExists();
        Apply(details);
        return await SaveAsync(EventNames.LocationUpdated);
    }

    public async Task DeleteAsync()
    {
        EnsureExists();
        state.State.Deleted = true;
        await SaveAsync(EventNames.LocationDeleted);
    }

    public Task<Location?> GetAsync() => Task.FromResult(state.RecordExists && !state.State.Deleted ? ToLocation() : null);

    private void Apply(LocationDetails details)
    {
        var name = details.Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            throw DomainException.Invalid("name", "Name must be 1 to 200 characters.");
        }

        if (!Types.Contains(details.Type))
        {
            throw DomainException.Invalid("type", $"Type must be one of {string.Join(", ", Types)}.");
        }

        if (!double.IsFinite(details.Lat) || details.Lat is < -90 or > 90)
        {
            throw DomainException.Invalid("lat", "lat must be from -90 to 90.");
        }

        if (!double.IsFinite(details.Lng) || details.Lng is < -180 or > 180)
        {
            throw DomainException.Invalid("lng", "lng must be from -180 to 180.");
        }

        if (details.Address?.Length > 500)
        {
            throw DomainException.Invalid("address", "Address must be at most 500 characters.");
        }

        (state.State.Name, state.State.Type, state.State.Lat, state.State.Lng) = (name, details.Type, details.Lat, details.Lng);
        state.State.Address = string.IsNullOrWhiteSpace(details.Address) ? null : details.Address.Trim();
    }

    private async Task<Location> SaveAsync(string eventName)
    {
        state.State.Version++;
        await state.WriteStateAsync();
        var location = ToLocation();
        await Projection.ProjectAsync();
        await (state.State.Deleted
            ? GrainFactory.PublishAsync(Topics.Maps, eventName, new { id = location.Id })
            : GrainFactory.PublishAsync(Topics.Maps, eventName, location));
        return location;
    }

    private void EnsureExists()
    {
        if (!state.RecordExists || state.State.Deleted)
        {
            throw DomainException.NotFound($"No location with id '{this.GetPrimaryKeyString()}'.");
        }
    }

    private Location ToLocation() => new(
        this.GetPrimaryKeyString(), state.State.Name, state.State.Type, state.State.Lat, state.State.Lng,
        state.State.Address, state.State.CreatedAt, state.State.Version);
}
