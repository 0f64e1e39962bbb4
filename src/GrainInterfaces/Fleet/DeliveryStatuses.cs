namespace OmniBiz.GrainInterfaces.Fleet;

/// <summary>Delivery statuses on the wire.</summary>
public static class DeliveryStatuses
{
    public const string EnRoute = "en_route";
    public const string Arrived = "arrived";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";
}
