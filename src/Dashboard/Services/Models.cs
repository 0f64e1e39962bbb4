using System.Text.Json;

namespace OmniBiz.Dashboard.Services;

// The shapes the dashboard reads from the public contract (REST and hub events); fields it does not show are left out.
#pragma warning disable CA1002, CA2227, CA1056, CA1054, CA1819

public sealed record UserInfo(string Id, string Email, string DisplayName, List<string> Roles)
{
    public bool IsStaff => Roles.Contains("staff") || Roles.Contains("admin");
    public bool IsAdmin => Roles.Contains("admin");
}

/// <summary>An account as an admin sees it on the users page.</summary>
public sealed record UserAccount(string Id, string Email, string DisplayName, List<string> Roles, DateTimeOffset CreatedAt, bool Disabled);

public sealed record AuthAnswer(UserInfo User, string AccessToken, string? RefreshToken);

public sealed record PageOf<T>(List<T> Items, string? NextCursor);

public sealed record Product(string Id, string Name, string Description, string Category, decimal Price, int Stock, string? ImageUrl, int Version, bool Active = true);

public sealed record CartLine(string ProductId, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

public sealed record Cart(List<CartLine> Items, int Count, decimal Total, long Version)
{
    public static Cart Empty { get; } = new([], 0, 0, -1);
}

public sealed record OrderLine(string ProductId, string Name, decimal UnitPrice, int Quantity, decimal LineTotal);

public sealed record PaymentSummary(string Status, decimal Paid, decimal Due);

public sealed record Payment(string Id, decimal Amount, string Method, string Status, DateTimeOffset At);

public sealed record Order(string Id, string OrderNumber, string CustomerId, string Status, List<OrderLine> Items, decimal Total,
    string ShippingAddress, DateTimeOffset CreatedAt, PaymentSummary Payment, int Version);

public sealed record NewOrderEvent(string OrderId, string OrderNumber, string CustomerId, decimal Total);

public sealed record OrderStatusEvent(string OrderId, string OrderNumber, string Status, int Version);

public sealed record PaymentEvent(string? OrderId, string? PurchaseOrderId, string? Number, decimal Amount, string Status, decimal Paid, decimal Due);

public sealed record Position(double Lat, double Lng, double SpeedKph, double Heading, DateTimeOffset RecordedAt);

public sealed record Vehicle(string Id, string Name, string Plate, Position? LastPosition, bool Moving, bool Online);

public sealed record VehicleMoved(string VehicleId, double Lat, double Lng, double SpeedKph, double Heading, DateTimeOffset RecordedAt, bool Moving);

public sealed record Location(string Id, string Name, string Type, double Lat, double Lng, string? Address);

public sealed record Delivery(string DeliveryId, string OrderId, string? OrderNumber, string VehicleId, string Status, double? EtaSeconds, double? DistanceM);

public sealed record HeatCell(double Lat, double Lng, double Seconds, long Pings);

public sealed record Attachment(string Id, string FileName, string ContentType, long Size);

public sealed record Message(string Id, string ConversationId, long Seq, string SenderId, string Text, List<Attachment> Attachments, DateTimeOffset SentAt, string ClientMessageId);

public sealed record MessagePage(string ConversationId, List<Message> Items, bool More);

public sealed record ConversationSummary(string Id, string Type, string? Title, List<string> Members, JsonElement? LastMessage,
    long LastSeq, long LastReadSeq, long UnreadCount, string? TicketId);

public sealed record ConversationEvent(string ConversationId, long LastSeq, long LastReadSeq, long UnreadCount);

public sealed record TypingEvent(string ConversationId, string UserId);

public sealed record ReadEvent(string ConversationId, string UserId, long Seq);

public sealed record Ticket(string Id, string Number, string CustomerId, string Subject, string Status, string Priority, string? AssigneeId,
    string ConversationId, DateTimeOffset CreatedAt, int Version);

public sealed record Faq(string Id, string Question, string Answer);

public sealed record Contact(string Name, string? Email, string? Phone, string? Role);

public sealed record Supplier(string Id, string Name, string? Address, string? Notes, bool Active, List<Contact> Contacts);

public sealed record PoLine(string ProductId, string? ProductName, int Quantity, decimal UnitCost, int Received, decimal LineTotal);

public sealed record PoDelivery(string Status, string? Carrier, string? TrackingNumber);

public sealed record PoPayment(string Status, decimal Paid, decimal Due);

public sealed record PurchaseOrder(string Id, string Number, string SupplierId, string SupplierName, string Status, List<PoLine> Lines,
    decimal Total, DateTimeOffset? ExpectedAt, PoDelivery Delivery, PoPayment Payment, int Version, bool Overdue);

public sealed record ActivityEntry(string Id, DateTimeOffset At, string Kind, string? PurchaseOrderId, string Summary);

public sealed record Suggestion(string ProductId, string ProductName, int Stock, int Incoming, int ReorderPoint, int SuggestedQuantity, string? SupplierId, string? SupplierName);

public sealed record LiveSession(string Id, string Title, string? Description, string Kind, DateTimeOffset ScheduledAt, int DurationMinutes,
    int Capacity, string HostId, string Status, int ParticipantCount, long Version);

public sealed record Invitation(string Email, string JoinUrl);

public sealed record SeatInfo(string ParticipantId, string? UserId, string DisplayName, string Role, bool Waiting, bool Away);

public sealed record IceServer(List<string> Urls, string? Username, string? Credential);

public sealed record SessionJoin(string ParticipantId, string SessionId, string? UserId, string DisplayName, string Role, string Kind,
    string SessionStatus, List<SeatInfo> Participants, long Version, List<IceServer> IceServers);

public sealed record ParticipantEvent(string SessionId, string ParticipantId, string? UserId, string DisplayName, string Role, long Version, int ParticipantCount);

public sealed record SignalEvent(string SessionId, string FromParticipantId, JsonElement Signal);

public sealed record SessionStatusEvent(string SessionId, string Status, long Version);

public sealed record GuestAccess(string AccessToken, DateTimeOffset Expires, string SessionId, string UserId, string DisplayName);

public sealed record DeliveryRow(string Id, string OrderId, string? OrderNumber, string VehicleId, string Status, int? EtaSeconds, double? DistanceM);

public sealed record TrailPoint(double Lat, double Lng, double? SpeedKph, DateTimeOffset RecordedAt);

public sealed record Trail(string VehicleId, List<TrailPoint> Points);

public sealed record DashboardConfig(string? TileUrl);
