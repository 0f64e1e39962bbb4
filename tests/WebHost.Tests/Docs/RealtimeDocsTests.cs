using System.Reflection;
using Microsoft.AspNetCore.SignalR;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.WebHost.Realtime;

namespace OmniBiz.WebHost.Tests.Docs;

/// <summary>
/// docs/realtime.md names every hub method and every server event the code has. Both lists come from the code by
/// reflection (the hub class, the event-name constants), so a new method or event fails here until it is documented.
/// </summary>
public sealed class RealtimeDocsTests
{
    private static readonly string Doc = RepositoryFiles.Read("docs/realtime.md");

    public static IEnumerable<string> HubMethods() =>
        typeof(OmniBizHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not (nameof(Hub.OnConnectedAsync) or nameof(Hub.OnDisconnectedAsync) or nameof(Hub.Dispose)))
            .Select(m => m.Name)
            .Distinct();

    /// <summary>Event names sent to clients; <c>omnibiz.*</c> names are node-internal and never reach a client.</summary>
    public static IEnumerable<string> ClientEvents() =>
        typeof(EventNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(name => !name.StartsWith("omnibiz.", StringComparison.Ordinal));

    [Fact]
    public void The_code_has_the_hub_methods_and_events_this_test_reads()
    {
        Assert.True(HubMethods().Count() >= 15, string.Join(", ", HubMethods()));
        Assert.Contains("cart_updated", ClientEvents());
        Assert.DoesNotContain(EventNames.SignOut, ClientEvents());
    }

    [Fact]
    public void Every_hub_method_is_documented_in_the_methods_table()
    {
        var methods = Section("## Client → server methods", "## Server → client events");
        var missing = HubMethods().Where(m => !methods.Contains($"`{m}(", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"docs/realtime.md documents no hub method {string.Join(", ", missing)}: add a row to its methods table.");
    }

    [Fact]
    public void Every_server_event_is_documented_in_the_events_table()
    {
        var events = Section("## Server → client events", null);
        var missing = ClientEvents().Where(e => !events.Contains($"`{e}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"docs/realtime.md documents no event {string.Join(", ", missing)}: add a row to its events table.");
    }

    [Fact]
    public void The_realtime_doc_does_not_promise_methods_for_later()
    {
        Assert.DoesNotContain("as their features land", Doc, StringComparison.OrdinalIgnoreCase);
    }

    private static string Section(string heading, string? next)
    {
        var start = Doc.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/realtime.md has no heading '{heading}'");
        var end = next is null ? -1 : Doc.IndexOf(next, start, StringComparison.Ordinal);
        return end < 0 ? Doc[start..] : Doc[start..end];
    }
}
