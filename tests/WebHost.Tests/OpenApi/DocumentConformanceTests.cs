using System.Text.Json;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.OpenApi;

/// <summary>
/// The API document is checked against what the server does: every answer the other tests received from an in-process
/// node (recorded by <see cref="ObservedResponses"/>) must be declared in <c>/openapi/v1.json</c>, status, content type
/// and body schema. Runs after all other tests (<see cref="RunsLastFramework"/>); new endpoints are covered as soon as
/// a test calls them.
/// </summary>
[Collection(RunsLastCollection.Name)]
public sealed class DocumentConformanceTests
{
    /// <summary>Fewer answers than this means the test runs on its own (a filtered run): it then makes its own traffic.</summary>
    private const int EnoughObserved = 200;

    [Fact]
    public async Task Every_answer_the_tests_received_is_declared_in_the_document()
    {
        await using var node = await OpenApiNode.StartAsync("conformance");
        var document = await OpenApiNode.DocumentAsync(node.Address);
        if (ObservedResponses.All.Count < EnoughObserved)
        {
            await CallEveryOperationAsync(node, document);
        }

        var observed = ObservedResponses.All;
        Assert.True(observed.Count >= 50, $"only {observed.Count} answers were observed: is {nameof(ObservedResponses)} started?");
        Assert.Contains(observed, r => r.Status >= 400);
        var problems = new ApiConformance(document).Check(observed);
        Assert.True(problems.Count == 0,
            $"{problems.Count} answers (of {observed.Count} observed) are not what /openapi/v1.json declares:\n{string.Join('\n', problems.Take(150))}");
    }

    /// <summary>A well-formed request to every operation, signed in as admin and anonymously.</summary>
    private static async Task CallEveryOperationAsync(TestNode node, JsonElement document)
    {
        using var admin = await node.Client().LoginAsAdminAsync();
        var probe = new OpenApiProbe(document);
        using var http = new HttpClient { BaseAddress = node.Address, Timeout = TimeSpan.FromSeconds(30) };
        foreach (var operation in probe.Operations())
        {
            foreach (var token in new[] { admin.Token, null })
            {
                using var request = probe.Valid(operation, "no-such-id").ToRequest(token);
                using var response = await http.SendAsync(request);
            }
        }
    }
}
