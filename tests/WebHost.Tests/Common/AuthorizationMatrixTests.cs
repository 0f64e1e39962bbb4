using System.Net;
using System.Text;
using System.Text.Json;

namespace OmniBiz.WebHost.Tests.Common;

/// <summary>
/// Every operation of the OpenAPI document, called by every kind of caller, against a table of who may do what.
/// "Allowed" means authorization let the call through (any answer but 401/403, and for someone's own things not
/// 404); "refused" means 401 for anonymous callers and 403 (or 404 that hides someone else's thing) for others.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class AuthorizationMatrixTests(NodeFixture fixture)
{
    /// <summary>The callers, in the order of each table row.</summary>
    public enum Caller { Anonymous, Owner, OtherCustomer, Staff, Admin, Device, Guest }

    /// <summary>Who may call an operation.</summary>
    private enum Access
    {
        /// <summary>Anyone, signed in or not.</summary>
        Public,

        /// <summary>Any signed-in person (customer, staff, admin); never a device.</summary>
        User,

        /// <summary>The customer who owns the thing, and staff; others see 404 or 403.</summary>
        Owner,

        /// <summary>The customer who owns the thing only (staff have no business there).</summary>
        OwnerOnly,

        /// <summary>Staff and admins.</summary>
        Staff,

        /// <summary>Admins only.</summary>
        Admin,

        /// <summary>A device token, for its own vehicle.</summary>
        Device,

        /// <summary>Members of the conversation: its customer and the admin who made it.</summary>
        Member,

        /// <summary>The group's admins (the admin who made it); a member may only remove themself.</summary>
        GroupAdmin,

        /// <summary>The session's host (the admin who scheduled it); its invitee and other staff are refused, strangers see 404.</summary>
        Host,
    }

    private static readonly Dictionary<string, Access> Table = new(StringComparer.Ordinal)
    {
        ["POST /api/auth/register"] = Access.Public,
        ["POST /api/auth/login"] = Access.Public,
        ["POST /api/auth/refresh"] = Access.Public,
        ["POST /api/auth/logout"] = Access.Public,
        ["GET /api/auth/me"] = Access.User,
        ["PATCH /api/auth/me"] = Access.User,
        ["POST /api/auth/password"] = Access.User,
        ["POST /api/auth/password-reset"] = Access.Public,
        ["POST /api/auth/password-reset/confirm"] = Access.Public,
        ["GET /api/users"] = Access.Admin,
        ["GET /api/users/{id}"] = Access.Admin,
        ["PUT /api/users/{id}/roles"] = Access.Admin,
        ["POST /api/users/{id}/disable"] = Access.Admin,
        ["POST /api/users/{id}/enable"] = Access.Admin,
        ["GET /api/products"] = Access.Public,
        ["GET /api/products/{id}"] = Access.Public,
        ["POST /api/products"] = Access.Staff,
        ["PUT /api/products/{id}"] = Access.Staff,
        ["POST /api/products/{id}/stock"] = Access.Staff,
        ["GET /api/products/{id}/stock"] = Access.Staff,
        ["GET /api/cart"] = Access.User,
        ["DELETE /api/cart"] = Access.User,
        ["POST /api/cart/items"] = Access.User,
        ["PUT /api/cart/items/{productId}"] = Access.User,
        ["DELETE /api/cart/items/{productId}"] = Access.User,
        ["POST /api/orders"] = Access.User,
        ["GET /api/orders"] = Access.User,
        ["GET /api/orders/{id}"] = Access.Owner,
        ["POST /api/orders/{id}/status"] = Access.Staff,
        ["POST /api/orders/{id}/payments"] = Access.Owner,
        ["POST /api/orders/{id}/cancel"] = Access.Owner,
        ["GET /api/locations"] = Access.Staff,
        ["POST /api/locations"] = Access.Staff,
        ["GET /api/locations/{id}"] = Access.Staff,
        ["PUT /api/locations/{id}"] = Access.Staff,
        ["DELETE /api/locations/{id}"] = Access.Staff,
        ["GET /api/fleet/vehicles"] = Access.Staff,
        ["POST /api/fleet/vehicles"] = Access.Staff,
        ["GET /api/fleet/vehicles/{id}"] = Access.Staff,
        ["POST /api/fleet/vehicles/{id}/device-token"] = Access.Staff,
        ["DELETE /api/fleet/vehicles/{id}/device-token"] = Access.Staff,
        ["POST /api/fleet/pings"] = Access.Device,
        ["GET /api/fleet/vehicles/{id}/trail"] = Access.Staff,
        ["GET /api/fleet/heatmap"] = Access.Staff,
        ["POST /api/deliveries"] = Access.Staff,
        ["GET /api/deliveries"] = Access.Staff,
        ["GET /api/deliveries/{id}"] = Access.Owner,
        ["POST /api/deliveries/{id}/complete"] = Access.Staff,
        ["POST /api/messages/conversations"] = Access.User,
        ["GET /api/messages/conversations"] = Access.User,
        ["GET /api/messages/conversations/{id}"] = Access.Member,
        ["GET /api/messages/conversations/{id}/messages"] = Access.Member,
        ["POST /api/messages/send"] = Access.Member,
        ["POST /api/messages/conversations/{id}/read"] = Access.Member,
        ["POST /api/messages/conversations/{id}/members"] = Access.GroupAdmin,
        // The path names the customer: a member may leave a group, and its admins may remove them.
        ["DELETE /api/messages/conversations/{id}/members/{userId}"] = Access.Member,
        ["POST /api/messages/attachments"] = Access.User,
        ["GET /api/messages/attachments/{id}"] = Access.OwnerOnly,
        ["POST /api/support/tickets"] = Access.User,
        ["GET /api/support/tickets"] = Access.User,
        ["GET /api/support/tickets/{id}"] = Access.Owner,
        ["PATCH /api/support/tickets/{id}"] = Access.Staff,
        ["GET /api/support/faq"] = Access.Public,
        ["POST /api/support/faq"] = Access.Staff,
        ["PUT /api/support/faq/{id}"] = Access.Staff,
        ["DELETE /api/support/faq/{id}"] = Access.Staff,
        ["POST /api/sessions"] = Access.Staff,
        ["GET /api/sessions"] = Access.User,
        // Hosts and staff see every session; the customer is invited to it.
        ["GET /api/sessions/{id}"] = Access.Owner,
        ["POST /api/sessions/{id}/reschedule"] = Access.Host,
        ["POST /api/sessions/{id}/cancel"] = Access.Host,
        ["POST /api/sessions/{id}/start"] = Access.Host,
        ["POST /api/sessions/{id}/end"] = Access.Host,
        ["POST /api/sessions/{id}/co-hosts"] = Access.Host,
        ["POST /api/sessions/{id}/invitations"] = Access.Host,
        ["GET /api/sessions/{id}/invitations"] = Access.Host,
        ["DELETE /api/sessions/{id}/invitations/{invitationId}"] = Access.Host,
        // Participants: the host always; the invited customer holds no seat yet.
        ["GET /api/sessions/{id}/ice-servers"] = Access.Host,
        ["GET /api/sessions/join/{token}"] = Access.Public,
        ["POST /api/sessions/join/{token}"] = Access.Public,
        ["GET /api/purchasing/suppliers"] = Access.Staff,
        ["POST /api/purchasing/suppliers"] = Access.Staff,
        ["GET /api/purchasing/suppliers/{id}"] = Access.Staff,
        ["PUT /api/purchasing/suppliers/{id}"] = Access.Staff,
        ["GET /api/purchasing/orders"] = Access.Staff,
        ["POST /api/purchasing/orders"] = Access.Staff,
        ["GET /api/purchasing/orders/{id}"] = Access.Staff,
        ["PUT /api/purchasing/orders/{id}"] = Access.Staff,
        ["POST /api/purchasing/orders/{id}/status"] = Access.Staff,
        ["POST /api/purchasing/orders/{id}/receipts"] = Access.Staff,
        ["POST /api/purchasing/orders/{id}/delivery"] = Access.Staff,
        ["POST /api/purchasing/orders/{id}/payments"] = Access.Staff,
        ["GET /api/purchasing/activity"] = Access.Staff,
        ["GET /api/purchasing/suggestions"] = Access.Staff,
        ["POST /api/purchasing/suggestions/{productId}/order"] = Access.Staff,
        ["GET /api/admin/realtime/node"] = Access.Admin,
        ["GET /api/admin/realtime/topics/{topic}"] = Access.Admin,
        ["GET /api/admin/metrics"] = Access.Admin,
        ["POST /api/admin/orleans-dashboard/session"] = Access.Admin,
    };

    [Fact]
    public async Task Every_operation_admits_exactly_the_callers_the_table_names()
    {
        var world = await ProbeWorld.CreateAsync(fixture);
        using var other = await fixture.Client().RegisterAsync();
        using var staff = await fixture.Client().RegisterAsync();
        var staffEmail = await EmailOfAsync(staff); // before the promotion, which ends this sign-in
        Assert.Equal(HttpStatusCode.OK, (await world.Admin.PutAsync($"/api/users/{staff.UserId}/roles", new { roles = new[] { "staff" } })).Status);
        using var staffSession = await fixture.Client().LoginAsync(staffEmail, "password-123");
        var tokens = new Dictionary<Caller, string?>
        {
            [Caller.Anonymous] = null,
            [Caller.Owner] = world.Customer.Token,
            [Caller.OtherCustomer] = other.Token,
            [Caller.Staff] = staffSession.Token,
            [Caller.Admin] = world.Admin.Token,
            [Caller.Device] = world.DeviceToken,
            [Caller.Guest] = world.GuestToken,
        };

        var (_, document, _) = await world.Admin.GetAsync("/openapi/v1.json");
        var probe = new OpenApiProbe(document);
        var operations = probe.Operations().ToList();
        var missing = operations.Select(o => o.ToString()).Where(o => !Table.ContainsKey(o)).ToList();
        Assert.True(missing.Count == 0, $"no row in the table for: {string.Join(", ", missing)}");

        var wrong = new List<string>();
        using var http = new HttpClient { BaseAddress = fixture.Node.Address };
        // Destructive calls go last, so earlier rows still find what they aim at.
        foreach (var operation in operations.OrderBy(o => o.Method == "DELETE"))
        {
            var access = Table[operation.ToString()];
            foreach (var caller in Enum.GetValues<Caller>())
            {
                var request = await RequestAsync(probe, operation, world, caller == Caller.Staff ? staffSession : world.Customer);
                using var message = request.ToRequest(tokens[caller]);
                using var response = await http.SendAsync(message);
                var status = (int)response.StatusCode;
                var expected = Allowed(access, caller);
                var hides = access is Access.Owner or Access.OwnerOnly or Access.Member or Access.GroupAdmin or Access.Host;
                // A public operation's own 401 (a wrong password, a spent refresh token) is its answer, not authorization
                // refusing the caller: that one comes with a WWW-Authenticate challenge.
                var challenged = status == 401 && (access != Access.Public || response.Headers.WwwAuthenticate.Count > 0);
                var refused = caller == Caller.Anonymous ? challenged : challenged || status == 403 || (hides && status == 404);
                if (expected == refused)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    wrong.Add($"{operation} as {caller}: {(expected ? "wrongly refused" : "unexpectedly allowed")} ({status} {body[..Math.Min(160, body.Length)]})");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} authorization mismatches:\n{string.Join('\n', wrong)}");
    }

    private static bool Allowed(Access access, Caller caller) => access switch
    {
        Access.Public => true,
        Access.User => caller is Caller.Owner or Caller.OtherCustomer or Caller.Staff or Caller.Admin,
        Access.Owner => caller is Caller.Owner or Caller.Staff or Caller.Admin,
        Access.OwnerOnly => caller is Caller.Owner,
        Access.Staff => caller is Caller.Staff or Caller.Admin,
        Access.Admin => caller is Caller.Admin,
        Access.Device => caller is Caller.Device,
        Access.Member => caller is Caller.Owner or Caller.Admin,
        Access.GroupAdmin => caller is Caller.Admin,
        Access.Host => caller is Caller.Admin,
        _ => false,
    };

    /// <summary>A well-formed request for the operation, aimed at the owner's things, with bodies that pass validation where the example would not.</summary>
    private async Task<OpenApiProbe.Probe> RequestAsync(OpenApiProbe probe, OpenApiProbe.Operation operation, ProbeWorld world, ApiClient staff)
    {
        var id = await world.IdForAsync(operation.PathTemplate);
        var valid = probe.Valid(operation, id);
        object? body = operation.ToString() switch
        {
            "POST /api/orders" => new { shippingAddress = "1 Main St", items = new[] { new { productId = world.ProductId, quantity = 1 } } },
            "POST /api/orders/{id}/payments" => new { amount = 0.01m, method = "test_card" },
            "POST /api/messages/send" => new { conversationId = await world.IdForAsync("/api/messages/conversations/{id}"), text = "hi", clientMessageId = Guid.NewGuid().ToString("N") },
            "POST /api/messages/conversations/{id}/members" => new { userIds = new[] { staff.UserId } },
            "POST /api/cart/items" => new { productId = world.ProductId, quantity = 1 },
            "PUT /api/cart/items/{productId}" => new { quantity = 1 },
            "POST /api/fleet/pings" => new { pings = new[] { new { lat = 52.0, lng = 4.0, recordedAt = DateTimeOffset.UtcNow } } },
            "PUT /api/users/{id}/roles" => new { roles = new[] { "customer" } },
            "PATCH /api/auth/me" => new { displayName = "Matrix" },
            // A wrong current password is refused (400) after authorization let the call through; a right one would end the caller's sessions.
            "POST /api/auth/password" => new { currentPassword = "not-the-password", newPassword = "new-password-456" },
            "POST /api/auth/password-reset" => new { email = "matrix@example.com" },
            "POST /api/auth/password-reset/confirm" => new { token = "not-a-token", newPassword = "new-password-456" },
            "POST /api/auth/refresh" => new { refreshToken = await FreshRefreshTokenAsync() }, // each works once
            "POST /api/sessions" => new { title = "Matrix", kind = "meeting", scheduledAt = DateTimeOffset.UtcNow.AddDays(1), durationMinutes = 30 },
            "POST /api/sessions/{id}/reschedule" => new { scheduledAt = DateTimeOffset.UtcNow.AddDays(2), durationMinutes = 30 },
            "POST /api/sessions/{id}/co-hosts" => new { userId = staff.UserId },
            "POST /api/sessions/{id}/invitations" => new { emails = new[] { "matrix@example.com" } },
            "POST /api/sessions/join/{token}" => new { displayName = "Matrix guest" },
            _ => null,
        };
        var path = operation.ToString() switch
        {
            "DELETE /api/messages/conversations/{id}/members/{userId}" => $"/api/messages/conversations/{id}/members/{world.Customer.UserId}",
            "GET /api/admin/realtime/topics/{topic}" => "/api/admin/realtime/topics/maps",
            "DELETE /api/sessions/{id}/invitations/{invitationId}" => await InvitationPathAsync(world),
            // A user of its own: disabling the probes' customer would end the owner's sign-in for every later row.
            "POST /api/users/{id}/disable" => $"/api/users/{await FreshUserIdAsync()}/disable",
            _ => valid.Path,
        };
        return valid with
        {
            Path = path,
            Body = body is null ? valid.Body : new StringContent(JsonSerializer.Serialize(body, JsonSerializerOptions.Web), Encoding.UTF8, "application/json"),
        };
    }

    private static async Task<string> InvitationPathAsync(ProbeWorld world)
    {
        var (sessionId, invitationId, _) = await world.NewSessionAsync();
        return $"/api/sessions/{sessionId}/invitations/{invitationId}";
    }

    private async Task<string> FreshUserIdAsync()
    {
        using var user = await fixture.Client().RegisterAsync();
        return user.UserId!;
    }

    private async Task<string> FreshRefreshTokenAsync()
    {
        using var session = await fixture.Client().RegisterAsync();
        return session.RefreshToken!;
    }

    private static async Task<string> EmailOfAsync(ApiClient client)
    {
        var (_, me, _) = await client.GetAsync("/api/auth/me");
        return me.GetProperty("email").GetString()!;
    }
}
