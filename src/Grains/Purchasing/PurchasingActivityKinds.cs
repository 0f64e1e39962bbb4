namespace OmniBiz.Grains.Purchasing;

/// <summary>The kinds of purchasing activity entries.</summary>
public static class PurchasingActivityKinds
{
    public const string Created = "created";
    public const string Edited = "edited";
    public const string StatusChanged = "status_changed";
    public const string Received = "received";
    public const string Delivery = "delivery";
    public const string Payment = "payment";
}
