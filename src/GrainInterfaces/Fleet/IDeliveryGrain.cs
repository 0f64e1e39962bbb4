namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>One delivery of an order by a vehicle, keyed by delivery id.</summary>
[Alias("omnibiz.IDeliveryGrain")]
public interface IDeliveryGrain : IGrainWithStringKey
{
    /// <summary>Starts it: the order goes in transit, the vehicle starts tracking, <c>delivery_started</c> is sent.</summary>
    [Alias("Start")]
    Task<Delivery> StartAsync(StartDelivery command);

    /// <summary>The delivery, or null.</summary>
    [Alias("Get")]
    Task<Delivery?> GetAsync();

    /// <summary>From the vehicle: new ETA, or arrival (once).</summary>
    [Alias("ReportProgress")]
    Task ReportProgressAsync(DeliveryProgress progress);

    /// <summary>Staff confirm the hand-over: the delivery and the order become delivered.</summary>
    [Alias("Complete")]
    Task<Delivery> CompleteAsync(string actorId);
}
