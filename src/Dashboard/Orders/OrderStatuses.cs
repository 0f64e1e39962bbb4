namespace OmniBiz.Dashboard.Orders;

/// <summary>Which status a person may move an order to from each status (the server refuses any other with 409).</summary>
public static class OrderStatuses
{
    public static IReadOnlyList<string> Next(string status) => status switch
    {
        "pending_payment" => ["paid", "cancelled"],
        "paid" => ["processing", "cancelled", "refunded"],
        "processing" => ["in_transit", "cancelled", "refunded"],
        "in_transit" => ["delivered"],
        "delivered" => ["refunded"],
        _ => [],
    };

    public static string Label(string status) => status.Replace('_', ' ');
}
