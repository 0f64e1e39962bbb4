namespace OmniBiz.Grains.Storage;

/// <summary>Grain storage provider and state names, in one place. Renaming one orphans persisted state.</summary>
public static class StorageNames
{
    /// <summary>The ADO.NET grain storage on PostgreSQL.</summary>
    public const string Main = "omnibiz";

    /// <summary>State names (one per grain type).</summary>
    public const string User = "user";
    public const string EmailIndex = "emailIndex";
    public const string AdminRoster = "adminRoster";
    public const string Product = "product";
    public const string Cart = "cart";
    public const string Order = "order";
    public const string UnpaidOrders = "unpaidOrders";
    public const string Vehicle = "vehicle";
    public const string Location = "location";
    public const string Delivery = "delivery";
    public const string Conversation = "conversation";
    public const string DirectConversation = "directConversation";
    public const string Ticket = "ticket";
    public const string Session = "session";
    public const string Supplier = "supplier";
    public const string PurchaseOrder = "purchaseOrder";
}
