using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Messaging;

[Collection(NodeCollection.Name)]
public sealed class SupportTests(NodeFixture fixture)
{
    [Fact]
    public async Task A_customer_opens_a_ticket_staff_see_it_join_its_chat_and_update_it_live()
    {
        using var admin = await fixture.AdminAsync();
        using var customer = await fixture.Client().RegisterAsync();
        await using var staffTab = await admin.ConnectAsync();
        using var joined = new EventRecorder(staffTab, "client_joined_support");
        using var staffTickets = new EventRecorder(staffTab, "ticket_updated");

        var (status, ticket, _) = await customer.PostAsync("/api/support/tickets", new { subject = "Parcel late", message = "Where is my order?", priority = "high" });
        Assert.Equal(HttpStatusCode.Created, status);
        var ticketId = ticket.GetProperty("id").GetString()!;
        var conversationId = ticket.GetProperty("conversationId").GetString()!;
        Assert.StartsWith("T-", ticket.GetProperty("number").GetString(), StringComparison.Ordinal);
        await staffTickets.NextMatchingAsync(t => t.GetProperty("id").GetString() == ticketId);

        await using var customerTab = await customer.ConnectAsync();
        using var customerMessages = new EventRecorder(customerTab, "message_received");
        using var customerTickets = new EventRecorder(customerTab, "ticket_updated");
        await customerTab.InvokeAsync<System.Text.Json.JsonElement>("JoinSupportChat", ticketId);
        Assert.Equal(customer.UserId, (await joined.NextMatchingAsync(j => j.GetProperty("ticketId").GetString() == ticketId)).GetProperty("customerId").GetString());

        await staffTab.InvokeAsync<System.Text.Json.JsonElement>("JoinSupportChat", ticketId);
        using var staffMessages = new EventRecorder(staffTab, "message_received");
        await staffTab.InvokeAsync<System.Text.Json.JsonElement>("SendMessage", conversationId, "On its way!", "staff-1", Array.Empty<string>());
        Assert.Equal("On its way!", (await customerMessages.NextMatchingAsync(m => m.GetProperty("conversationId").GetString() == conversationId)).GetProperty("text").GetString());
        await customer.PostAsync("/api/messages/send", new { conversationId, text = "Thanks", clientMessageId = "c-1" });
        Assert.Equal("Thanks", (await staffMessages.NextMatchingAsync(m => m.GetProperty("text").GetString() == "Thanks")).GetProperty("text").GetString());

        var (patched, updated, _) = await admin.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/support/tickets/{ticketId}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { status = "resolved", assigneeId = admin.UserId }),
        }.WithBearer(admin.Token!));
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.Equal("resolved", updated.GetProperty("status").GetString());
        Assert.Equal("resolved", (await customerTickets.NextMatchingAsync(t => t.GetProperty("status").GetString() == "resolved")).GetProperty("status").GetString());

        var (_, history, _) = await customer.GetAsync($"/api/messages/conversations/{conversationId}/messages");
        Assert.Equal(["Where is my order?", "On its way!", "Thanks"], history.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
        var (_, staffList, _) = await admin.GetAsync("/api/support/tickets?status=resolved&limit=200");
        Assert.Contains(ticketId, staffList.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Customers_see_only_their_own_tickets_and_cannot_change_them()
    {
        using var owner = await fixture.Client().RegisterAsync();
        using var other = await fixture.Client().RegisterAsync();
        var (_, ticket, _) = await owner.PostAsync("/api/support/tickets", new { subject = "Mine", message = "Help" });
        var ticketId = ticket.GetProperty("id").GetString()!;

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/support/tickets/{ticketId}")).Status);
        Assert.Equal(0, (await other.GetAsync("/api/support/tickets")).Body.GetProperty("items").GetArrayLength());
        Assert.Equal(1, (await owner.GetAsync("/api/support/tickets")).Body.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/messages/conversations/{ticket.GetProperty("conversationId").GetString()}/messages")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/support/tickets/{ticketId}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { status = "closed" }),
        }.WithBearer(owner.Token!))).Status);
        await using var otherTab = await other.ConnectAsync();
        await Assert.ThrowsAsync<HubException>(() => otherTab.InvokeAsync<System.Text.Json.JsonElement>("JoinSupportChat", ticketId));
    }

    [Fact]
    public async Task The_faq_is_searchable_by_anyone_with_ranking_and_edited_by_staff()
    {
        using var admin = await fixture.AdminAsync();
        var marker = $"zx{Guid.NewGuid():N}"[..10];
        var (created, entry, _) = await admin.PostAsync("/api/support/faq", new { question = $"How do I return a parcel {marker}?", answer = "Use the returns form.", tags = new[] { "returns" } });
        Assert.Equal(HttpStatusCode.Created, created);
        await admin.PostAsync("/api/support/faq", new { question = $"Opening hours {marker}", answer = "You can return a parcel in store too.", tags = new[] { "store" } });

        using var anonymous = fixture.Client();
        var (_, found, _) = await anonymous.GetAsync($"/api/support/faq?q={marker} return parcel");
        var results = found.EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        Assert.Equal(entry.GetProperty("id").GetString(), results[0].GetProperty("id").GetString());
        Assert.True(results[0].GetProperty("rank").GetDouble() > results[1].GetProperty("rank").GetDouble());

        using var customer = await fixture.Client().RegisterAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsync("/api/support/faq", new { question = "q", answer = "a" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/api/support/faq", new { question = "", answer = "a" })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/support/faq/{entry.GetProperty("id").GetString()}")).Status);
    }
}

internal static class RequestExtensions
{
    public static HttpRequestMessage WithBearer(this HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
