using System.Net;
using System.Net.Http.Headers;
using System.Reflection;

namespace OmniBiz.WebHost.Tests.Common;

/// <summary>
/// Real entities for generated probes to aim at, so bad input reaches the grains behind an endpoint instead of
/// stopping at "not found": a product, fresh orders, a vehicle with a device token, a location, a delivery,
/// a conversation, a ticket, a FAQ entry, an attachment, a supplier and fresh confirmed purchase orders, owned by a customer, with an admin beside them.
/// </summary>
public sealed class ProbeWorld
{
    private readonly Dictionary<string, Func<Task<string>>> _ids;

    private ProbeWorld(ApiClient admin, ApiClient customer, string deviceToken, Dictionary<string, Func<Task<string>>> ids)
    {
        Admin = admin;
        Customer = customer;
        DeviceToken = deviceToken;
        _ids = ids;
    }

    public ApiClient Admin { get; }

    public ApiClient Customer { get; }

    public string DeviceToken { get; }

    public string ConversationId { get; private init; } = "";

    public string ProductId { get; private init; } = "";

    public string OrderId { get; private init; } = "";

    public string TicketId { get; private init; } = "";

    /// <summary>A session the admin hosts, with the customer invited.</summary>
    public string SessionId { get; private init; } = "";

    /// <summary>A guest token (from a join link) for a session of its own: it must open nothing but that session's hub methods.</summary>
    public string GuestToken { get; private init; } = "";

    /// <summary>A fresh session the admin hosts, the customer's address invited, and one more invitation (its id and join token).</summary>
    public Func<Task<(string SessionId, string InvitationId, string JoinToken)>> NewSessionAsync { get; private init; } = null!;

    public static async Task<ProbeWorld> CreateAsync(NodeFixture fixture)
    {
        var admin = await fixture.AdminAsync();
        var customer = await fixture.Client().RegisterAsync();
        var productId = await admin.CreateProductAsync(stock: 1_000_000, price: 5m);

        async Task<string> NewOrderAsync()
        {
            var (status, order, _) = await customer.PostAsync("/api/orders", new { shippingAddress = "1 Probe Road", items = new[] { new { productId, quantity = 1 } } });
            Assert.Equal(HttpStatusCode.Created, status);
            return order.GetProperty("id").GetString()!;
        }

        var (_, vehicle, _) = await admin.PostAsync("/api/fleet/vehicles", new { name = "Probe van", plate = "PRB-1" });
        var vehicleId = vehicle.GetProperty("id").GetString()!;
        var (_, device, _) = await admin.PostAsync($"/api/fleet/vehicles/{vehicleId}/device-token", new { });
        // Paths under /api/fleet/vehicles/ name another van: issuing or revoking its token must not end the probe device's.
        var (_, managed, _) = await admin.PostAsync("/api/fleet/vehicles", new { name = "Managed van", plate = "PRB-3" });
        var (_, location, _) = await admin.PostAsync("/api/locations", new { name = "Probe depot", type = "warehouse", lat = 52.1, lng = 4.3 });
        var (_, conversation, _) = await admin.PostAsync("/api/messages/conversations", new { type = "group", memberIds = new[] { customer.UserId }, title = "Probe" });
        var (_, ticket, _) = await customer.PostAsync("/api/support/tickets", new { subject = "Probe", message = "Hello" });
        var (_, faq, _) = await admin.PostAsync("/api/support/faq", new { question = "Probe?", answer = "Yes." });
        var attachmentId = await UploadAsync(customer);

        // A group the admin made with the customer in it; a fresh one each time, since probes may change its members.
        async Task<string> NewConversationAsync()
        {
            var (status, created, _) = await admin.PostAsync("/api/messages/conversations", new { type = "group", memberIds = new[] { customer.UserId }, title = "Probe" });
            Assert.Equal(HttpStatusCode.Created, status);
            return created.GetProperty("id").GetString()!;
        }

        async Task<string> NewDeliveryAsync()
        {
            var orderId = await NewOrderAsync();
            // Probes may have changed the product's price: pay what the order says.
            var (_, order, _) = await admin.GetAsync($"/api/orders/{orderId}");
            await admin.PostAsync($"/api/orders/{orderId}/payments", new { amount = order.GetProperty("total").GetDecimal(), method = "cash" });
            // A vehicle carries one delivery at a time: each delivery gets a van of its own.
            var (_, van, _) = await admin.PostAsync("/api/fleet/vehicles", new { name = "Probe delivery van", plate = "PRB-2" });
            var (status, delivery, _) = await admin.PostAsync("/api/deliveries", new { orderId, vehicleId = van.GetProperty("id").GetString(), destination = new { lat = 52.2, lng = 4.4 } });
            Assert.True(status == HttpStatusCode.Created, delivery.ToString());
            return delivery.GetProperty("id").GetString()!;
        }

        var (_, me, _) = await customer.GetAsync("/api/auth/me");
        var customerEmail = me.GetProperty("email").GetString()!;
        async Task<(string SessionId, string InvitationId, string JoinToken)> NewSessionAsync()
        {
            var (status, session, _) = await admin.PostAsync("/api/sessions", new { title = "Probe session", kind = "meeting", scheduledAt = DateTimeOffset.UtcNow.AddDays(1), durationMinutes = 30 });
            Assert.True(status == HttpStatusCode.Created, session.ToString());
            var sessionId = session.GetProperty("id").GetString()!;
            var (invited, invitations, _) = await admin.PostAsync($"/api/sessions/{sessionId}/invitations", new { emails = new[] { customerEmail, $"guest-{Guid.NewGuid():N}@example.com" } });
            Assert.True(invited == HttpStatusCode.Created, invitations.ToString());
            var guestInvitation = invitations[1];
            var url = guestInvitation.GetProperty("joinUrl").GetString()!;
            return (sessionId, guestInvitation.GetProperty("invitationId").GetString()!, url[(url.LastIndexOf('/') + 1)..]);
        }

        var guestSession = await NewSessionAsync();
        var (joinedAsGuest, guest, _) = await fixture.Client().PostAsync($"/api/sessions/join/{guestSession.JoinToken}", new { displayName = "Probe guest" });
        Assert.True(joinedAsGuest == HttpStatusCode.OK, guest.ToString());

        var (_, supplier, _) = await admin.PostAsync("/api/purchasing/suppliers", new
        {
            name = "Probe supplier",
            contacts = new[] { new { name = "Pat Probe", email = "pat@example.com", phone = "+31 20 555 0101" } },
            products = new[] { new { productId, unitCost = 2.5m, leadTimeDays = 3 } },
        });
        var supplierId = supplier.GetProperty("id").GetString()!;

        // A confirmed purchase order of its own for each probe, so receipts and payments reach a grain that takes them.
        async Task<string> NewPurchaseOrderAsync()
        {
            var (status, created, _) = await admin.PostAsync("/api/purchasing/orders", new { supplierId, lines = new[] { new { productId, quantity = 1000 } } });
            Assert.True(status == HttpStatusCode.Created, created.ToString());
            var id = created.GetProperty("id").GetString()!;
            var (confirmed, body, _) = await admin.PostAsync($"/api/purchasing/orders/{id}/status", new { status = "confirmed" });
            Assert.True(confirmed == HttpStatusCode.OK, body.ToString());
            return id;
        }

        var fixedIds = new Dictionary<string, Func<Task<string>>>(StringComparer.Ordinal)
        {
            ["/api/sessions/"] = async () => (await NewSessionAsync()).SessionId,
            ["/api/sessions/join/"] = async () => (await NewSessionAsync()).JoinToken,
            ["/api/products/"] = () => Task.FromResult(productId),
            ["/api/cart/items/"] = () => Task.FromResult(productId),
            ["/api/orders/"] = NewOrderAsync,
            ["/api/fleet/vehicles/"] = () => Task.FromResult(managed.GetProperty("id").GetString()!),
            ["/api/locations/"] = () => Task.FromResult(location.GetProperty("id").GetString()!),
            ["/api/deliveries/"] = NewDeliveryAsync,
            ["/api/messages/conversations/"] = NewConversationAsync,
            ["/api/messages/attachments/"] = () => Task.FromResult(attachmentId),
            ["/api/support/tickets/"] = () => Task.FromResult(ticket.GetProperty("id").GetString()!),
            ["/api/support/faq/"] = () => Task.FromResult(faq.GetProperty("id").GetString()!),
            ["/api/users/"] = () => Task.FromResult(customer.UserId!),
            ["/api/purchasing/suppliers/"] = () => Task.FromResult(supplierId),
            ["/api/purchasing/orders/"] = NewPurchaseOrderAsync,
            ["/api/purchasing/suggestions/"] = () => Task.FromResult(productId),
        };
        return new ProbeWorld(admin, customer, device.GetProperty("token").GetString()!, fixedIds)
        {
            ProductId = productId,
            ConversationId = conversation.GetProperty("id").GetString()!,
            OrderId = await NewOrderAsync(),
            TicketId = ticket.GetProperty("id").GetString()!,
            SessionId = (await NewSessionAsync()).SessionId,
            GuestToken = guest.GetProperty("accessToken").GetString()!,
            NewSessionAsync = NewSessionAsync,
        };
    }

    /// <summary>An id of the kind the path names (the longest known prefix wins), or a made-up one.</summary>
    public async Task<string> IdForAsync(string pathTemplate)
    {
        var prefix = pathTemplate[..(pathTemplate.IndexOf('{', StringComparison.Ordinal) is var brace and >= 0 ? brace : pathTemplate.Length)];
        var match = _ids.Keys.Where(k => prefix.StartsWith(k, StringComparison.Ordinal)).OrderByDescending(k => k.Length).FirstOrDefault();
        return match is null ? "probe" : await _ids[match]();
    }

    /// <summary>Who sends the probes: device endpoints take the device token; everything else the admin and the customer.</summary>
    public IEnumerable<string?> TokensFor(string pathTemplate) =>
        pathTemplate.StartsWith("/api/fleet/pings", StringComparison.Ordinal) ? [DeviceToken] : [Admin.Token, Customer.Token];

    /// <summary>A value a hub method accepts for this parameter, so only the argument under test is wrong.</summary>
    public object? ValidHubArgument(ParameterInfo parameter) => parameter.Name switch
    {
        "conversationId" => ConversationId,
        "orderId" => OrderId,
        "ticketId" => TicketId,
        "sessionId" => SessionId,
        "clientMessageId" => Guid.NewGuid().ToString("N"),
        "text" => "hello",
        _ when parameter.ParameterType == typeof(string[]) => Array.Empty<string>(),
        _ when parameter.ParameterType == typeof(long) => 1L,
        _ when parameter.ParameterType == typeof(string) => "probe",
        _ => null,
    };

    private static async Task<string> UploadAsync(ApiClient customer)
    {
        using var http = new HttpClient { BaseAddress = customer.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", customer.Token);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("probe"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", "probe.txt");
        using var response = await http.PostAsync("/api/messages/attachments", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content);
        return body.GetProperty("id").GetString()!;
    }
}
