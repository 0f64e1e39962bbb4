using System.Collections.Immutable;

namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>Where a supplier's shipment is, as staff record it.</summary>
public static class InboundDeliveryStatuses
{
    public const string Pending = "pending";
    public const string Shipped = "shipped";
    public const string InTransit = "in_transit";
    public const string Delivered = "delivered";

    public static readonly ImmutableArray<string> All = [Pending, Shipped, InTransit, Delivered];
}
