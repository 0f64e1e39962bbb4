using System.Text.Json;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.OpenApi;

/// <summary>A node of its own and its live OpenAPI document, for the document tests that run outside the node collection.</summary>
public static class OpenApiNode
{
    public static async Task<TestNode> StartAsync(string prefix)
    {
        var settings = TestNode.BaseSettings();
        settings["ConnectionStrings:OmniBiz"] = await TestPostgres.CreateDatabaseAsync(prefix);
        return await TestNode.StartAsync(settings);
    }

    public static async Task<JsonElement> DocumentAsync(Uri node)
    {
        using var http = new HttpClient { BaseAddress = node };
        using var response = await http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
