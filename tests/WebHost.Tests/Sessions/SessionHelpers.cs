using System.Globalization;
using System.Net;
using System.Text.Json;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Sessions;

/// <summary>Scheduling, inviting and joining as the tests need them.</summary>
public static class SessionHelpers
{
    public static async Task<string> CreateAsync(ApiClient host, string kind = "meeting", int? capacity = null, string title = "Weekly sync")
    {
        var (status, body, _) = await host.PostAsync("/api/sessions", new
        {
            title,
            kind,
            scheduledAt = DateTimeOffset.UtcNow.AddHours(1),
            durationMinutes = 30,
            capacity,
        });
        Assert.True(status == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>Invites the addresses; answers <c>[{invitationId, email, joinUrl, …}]</c>.</summary>
    public static async Task<List<JsonElement>> InviteAsync(ApiClient host, string sessionId, IEnumerable<string> emails, string? role = null)
    {
        var all = new List<JsonElement>();
        foreach (var chunk in emails.Chunk(100))
        {
            var (status, body, _) = await host.PostAsync($"/api/sessions/{sessionId}/invitations", new { emails = chunk, role });
            Assert.True(status == HttpStatusCode.Created, body.ToString());
            all.AddRange(body.EnumerateArray());
        }

        return all;
    }

    public static string TokenOf(JsonElement invitation) => TokenOf(invitation.GetProperty("joinUrl").GetString()!);

    public static string TokenOf(string joinUrl) => joinUrl[(joinUrl.LastIndexOf('/') + 1)..];

    /// <summary>A guest signed in from a join link on the given node.</summary>
    public static async Task<ApiClient> GuestAsync(Uri node, string token, string displayName)
    {
        var client = new ApiClient(node);
        var (status, body, _) = await client.PostAsync($"/api/sessions/join/{token}", new { displayName });
        Assert.True(status == HttpStatusCode.OK, body.ToString());
        return client.As(body.GetProperty("accessToken").GetString()!, body.GetProperty("userId").GetString()!);
    }

    public static string Email(string who) => string.Create(CultureInfo.InvariantCulture, $"{who}-{Guid.NewGuid():N}@example.com");
}
