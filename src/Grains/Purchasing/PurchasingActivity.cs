namespace OmniBiz.Grains.Purchasing;

/// <summary>
/// One entry of the purchasing activity feed. <see cref="Data"/> is a JSON object text. The id names the purchase
/// order and its version, so appending it again changes nothing.
/// </summary>
[GenerateSerializer, Immutable, Alias("omnibiz.PurchasingActivity")]
public sealed record PurchasingActivity(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string Kind,
    [property: Id(3)] string PurchaseOrderId,
    [property: Id(4)] string SupplierId,
    [property: Id(5)] string ActorId,
    [property: Id(6)] string Summary,
    [property: Id(7)] string Data);
