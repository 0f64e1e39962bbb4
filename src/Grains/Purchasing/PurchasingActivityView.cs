using System.Text.Json;

namespace OmniBiz.Grains.Purchasing;

/// <summary>An activity entry as the feed and <c>purchasing_activity</c> show it, with its data as a JSON object.</summary>
public sealed record PurchasingActivityView(
    string Id, DateTimeOffset At, string Kind, string PurchaseOrderId, string SupplierId, string ActorId, string Summary, JsonElement Data)
{
    public static PurchasingActivityView From(PurchasingActivity entry) => new(
        entry.Id, entry.At, entry.Kind, entry.PurchaseOrderId, entry.SupplierId, entry.ActorId, entry.Summary,
        JsonSerializer.Deserialize<JsonElement>(entry.Data));
}
