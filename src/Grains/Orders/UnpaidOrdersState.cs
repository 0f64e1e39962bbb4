namespace OmniBiz.Grains.Orders;

[GenerateSerializer, Alias("omnibiz.UnpaidOrdersState")]
public sealed class UnpaidOrdersState
{
    /// <summary>Ids of the customer's orders that are being placed or are pending_payment.</summary>
    [Id(0)] public List<string> OrderIds { get; set; } = [];
}
