using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Limits;

[Collection(LimitedNodeCollection.Name)]
public sealed class RateLimitTests(LimitedNodeFixture fixture)
{
    private async Task<(ApiClient Sender, string ConversationId)> ConversationAsync()
    {
        var sender = await fixture.Client().RegisterAsync();
        using var other = await fixture.Client().RegisterAsync();
        var (status, conversation, _) = await sender.PostAsync("/api/messages/conversations", new { type = "direct", memberIds = new[] { other.UserId } });
        Assert.Equal(HttpStatusCode.OK, status);
        return (sender, conversation.GetProperty("id").GetString()!);
    }

    private static Task<HttpResponseMessage> SendAsync(ApiClient sender, string conversationId) =>
        Limited.PostAsync(sender, "/api/messages/send", new { conversationId, text = "hi", clientMessageId = Guid.NewGuid().ToString() });

    [Fact]
    public async Task Message_sends_over_the_limit_are_429_over_rest_and_the_hub_shares_the_budget()
    {
        var (sender, conversationId) = await ConversationAsync();
        using var _ = sender;
        for (var i = 0; i < LimitedNodeFixture.Messages; i++)
        {
            using var sent = await SendAsync(sender, conversationId);
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        }

        using var refused = await SendAsync(sender, conversationId);
        var (problem, retryAfter) = await Limited.AssertRateLimitedAsync(refused);
        Assert.True(retryAfter <= TimeSpan.FromMinutes(10), $"Retry-After {retryAfter}");
        Assert.Contains("retry in", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await using var tab = await sender.ConnectAsync();
        var error = await Assert.ThrowsAsync<HubException>(() => tab.InvokeAsync<JsonElement>("SendMessage", conversationId, "hi", Guid.NewGuid().ToString(), Array.Empty<string>()));
        Assert.Contains("Rate limited", error.Message, StringComparison.Ordinal);

        // Another user's budget is untouched.
        var (other, otherConversation) = await ConversationAsync();
        using var __ = other;
        using var fine = await SendAsync(other, otherConversation);
        Assert.Equal(HttpStatusCode.Created, fine.StatusCode);
    }

    [Fact]
    public async Task Hub_sends_over_the_limit_fail_with_a_hub_error_that_says_when_to_retry()
    {
        var (sender, conversationId) = await ConversationAsync();
        using var _ = sender;
        await using var tab = await sender.ConnectAsync();
        for (var i = 0; i < LimitedNodeFixture.Messages; i++)
        {
            var message = await tab.InvokeAsync<JsonElement>("SendMessage", conversationId, $"m{i}", Guid.NewGuid().ToString(), Array.Empty<string>());
            Assert.Equal(i + 1, message.GetProperty("seq").GetInt64());
        }

        var error = await Assert.ThrowsAsync<HubException>(() => tab.InvokeAsync<JsonElement>("SendMessage", conversationId, "one more", Guid.NewGuid().ToString(), Array.Empty<string>()));
        var match = System.Text.RegularExpressions.Regex.Match(error.Message, @"retry in (\d+) s");
        Assert.True(match.Success, error.Message);
        Assert.InRange(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), 1, 600);

        // The refusal is an error for that call only: the connection stays up, and REST shares the spent budget.
        await tab.InvokeAsync<JsonElement>("Ready");
        using var refused = await SendAsync(sender, conversationId);
        await Limited.AssertRateLimitedAsync(refused);
    }

    [Fact]
    public async Task Uploads_over_the_count_limit_are_429()
    {
        using var user = await fixture.Client().RegisterAsync();
        for (var i = 0; i < LimitedNodeFixture.Uploads; i++)
        {
            using var uploaded = await Limited.UploadAsync(user, 10);
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }

        using var refused = await Limited.UploadAsync(user, 10);
        await Limited.AssertRateLimitedAsync(refused);
    }

    [Fact]
    public async Task Uploads_over_the_daily_byte_quota_are_429_until_a_day_has_passed_and_smaller_files_still_fit()
    {
        using var user = await fixture.Client().RegisterAsync();
        using (var first = await Limited.UploadAsync(user, 600))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        using var refused = await Limited.UploadAsync(user, 600);
        var (problem, retryAfter) = await Limited.AssertRateLimitedAsync(refused);
        Assert.Contains("quota", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // The first upload leaves the 24-hour window a day after it was made.
        Assert.InRange(retryAfter, TimeSpan.FromHours(23), TimeSpan.FromDays(1));

        using var small = await Limited.UploadAsync(user, LimitedNodeFixture.UploadBytesPerDay - 600);
        Assert.Equal(HttpStatusCode.Created, small.StatusCode);

        // The quota is per user.
        using var other = await fixture.Client().RegisterAsync();
        using var theirs = await Limited.UploadAsync(other, 600);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
    }

    [Fact]
    public async Task A_user_over_the_connection_cap_is_refused_with_a_clear_error_until_one_closes()
    {
        using var user = await fixture.Client().RegisterAsync();
        var open = new List<HubConnection>();
        try
        {
            for (var i = 0; i < LimitedNodeFixture.Connections; i++)
            {
                open.Add(await user.ConnectAsync());
            }

            var error = await RefusedConnectionAsync(user);
            Assert.Contains("Too many connections", error, StringComparison.Ordinal);

            // Other users are not affected.
            using var other = await fixture.Client().RegisterAsync();
            await using (await other.ConnectAsync())
            {
            }

            await open[0].DisposeAsync();
            open.RemoveAt(0);
            var again = await Eventually.UntilAsync(async () =>
            {
                try
                {
                    return await user.ConnectAsync();
                }
                catch (Exception e) when (e is HubException or InvalidOperationException or OperationCanceledException)
                {
                    return null;
                }
            }, c => c is not null, TimeSpan.FromSeconds(15), "a connection after one closed");
            open.Add(again!);
        }
        finally
        {
            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Opens one more connection and answers the error the server closed it with.</summary>
    private static async Task<string> RefusedConnectionAsync(ApiClient user)
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(user.Address, "/hubs/omnibiz"), o => o.AccessTokenProvider = () => Task.FromResult(user.Token))
            .Build();
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        try
        {
            await connection.StartAsync();
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or HttpRequestException)
        {
            return e.Message; // refused before the handshake finished
        }

        try
        {
            await connection.InvokeAsync<JsonElement>("Ready");
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or OperationCanceledException)
        {
            // The call fails however the connection ended; the reason comes with the close.
        }

        var error = await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(error);
        return error.Message;
    }

    [Fact]
    public async Task Ping_batches_over_the_limit_are_429_per_device()
    {
        using var admin = await fixture.AdminAsync();
        var (_, deviceA) = await VehicleAsync(admin);
        var (_, deviceB) = await VehicleAsync(admin);
        using var a = deviceA;
        using var b = deviceB;
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        for (var i = 0; i < LimitedNodeFixture.PingBatches; i++)
        {
            using var accepted = await PingAsync(a, start.AddSeconds(i));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var refused = await PingAsync(a, start.AddSeconds(10));
        await Limited.AssertRateLimitedAsync(refused);

        using var otherDevice = await PingAsync(b, start);
        Assert.Equal(HttpStatusCode.Accepted, otherDevice.StatusCode);
    }

    [Fact]
    public async Task Uploads_no_message_references_are_removed_once_old_and_referenced_ones_are_kept()
    {
        var (sender, conversationId) = await ConversationAsync();
        using var _ = sender;
        using var keptUpload = await Limited.UploadAsync(sender, 5, "kept.txt");
        var kept = await Limited.IdOfAsync(keptUpload);
        using var sent = await Limited.PostAsync(sender, "/api/messages/send", new { conversationId, text = "file", clientMessageId = "kept", attachmentIds = new[] { kept } });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        // Uploaded after the kept one, so by the time it is removed the kept one is old enough too.
        using var droppedUpload = await Limited.UploadAsync(sender, 5, "dropped.txt");
        var dropped = await Limited.IdOfAsync(droppedUpload);
        Assert.Equal(HttpStatusCode.OK, (await sender.GetAsync($"/api/messages/attachments/{dropped}")).Status);

        await Eventually.UntilAsync(async () => (await sender.GetAsync($"/api/messages/attachments/{dropped}")).Status,
            s => s == HttpStatusCode.NotFound, LimitedNodeFixture.UnreferencedMaxAge + TimeSpan.FromSeconds(30), "the unreferenced upload to be removed");
        Assert.Equal(HttpStatusCode.OK, (await sender.GetAsync($"/api/messages/attachments/{kept}")).Status);
    }

    private async Task<(string VehicleId, ApiClient Device)> VehicleAsync(ApiClient staff)
    {
        var (_, vehicle, _) = await staff.PostAsync("/api/fleet/vehicles", new { name = "Van", plate = "LIM-1" });
        var vehicleId = vehicle.GetProperty("id").GetString()!;
        var (_, token, _) = await staff.PostAsync($"/api/fleet/vehicles/{vehicleId}/device-token", new { });
        return (vehicleId, fixture.Client().As(token.GetProperty("token").GetString()!, $"device:{vehicleId}"));
    }

    private static Task<HttpResponseMessage> PingAsync(ApiClient device, DateTimeOffset at) =>
        Limited.PostAsync(device, "/api/fleet/pings", new { pings = new[] { new { lat = 52.37, lng = 4.89, recordedAt = at } } });
}
