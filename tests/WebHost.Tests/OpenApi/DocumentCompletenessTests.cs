using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.OpenApi;

/// <summary>
/// Every operation of <c>/openapi/v1.json</c> is enough to write a client from: an operation id, a summary, a typed
/// success response, its error responses as problem details, and the bearer requirement unless the server lets
/// anyone call it. New endpoints are held to this as soon as they are mapped.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class DocumentCompletenessTests(NodeFixture fixture)
{
    [Fact]
    public async Task Every_operation_has_an_id_a_summary_a_typed_response_its_errors_and_its_security()
    {
        var document = await OpenApiNode.DocumentAsync(fixture.Node.Address);
        var endpoints = fixture.Node.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var failures = new List<string>();
        var operations = 0;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var entry in path.Value.EnumerateObject().Where(e => e.Name is "get" or "post" or "put" or "patch" or "delete"))
            {
                operations++;
                var what = $"{entry.Name.ToUpperInvariant()} {path.Name}";
                var operation = entry.Value;
                var endpoint = endpoints.SingleOrDefault(e =>
                    ApiConformance.NormalizePath(e.RoutePattern.RawText ?? "") == ApiConformance.NormalizePath(path.Name)
                    && e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains(entry.Name.ToUpperInvariant()) == true);
                if (endpoint is null)
                {
                    failures.Add($"{what}: no endpoint of the node matches it");
                    continue;
                }

                if (!operation.TryGetProperty("operationId", out var id) || string.IsNullOrWhiteSpace(id.GetString()))
                {
                    failures.Add($"{what}: no operation id (add .WithName(...))");
                }
                else if (!ids.Add(id.GetString()!))
                {
                    failures.Add($"{what}: operation id {id.GetString()} is used twice");
                }

                if (!operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
                {
                    failures.Add($"{what}: no summary (add .WithSummary(...))");
                }

                var responses = operation.GetProperty("responses");
                var successes = responses.EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
                if (successes.Count == 0)
                {
                    failures.Add($"{what}: no success response");
                }

                // 204, and a 202 that only says "accepted", carry no body; any other success (or a 202 with a body) is typed.
                foreach (var success in successes.Where(s => s.Name != "204" && !(s.Name == "202" && !s.Value.TryGetProperty("content", out _))))
                {
                    if (!success.Value.TryGetProperty("content", out var content)
                        || !content.EnumerateObject().Any(m => m.Value.TryGetProperty("schema", out var schema) && IsTyped(document, schema)))
                    {
                        failures.Add($"{what}: response {success.Name} has no typed content (give the handler a typed result or .Produces<T>())");
                    }
                }

                var metadata = endpoint.Metadata;
                var authorized = metadata.GetOrderedMetadata<IAuthorizeData>().Any() && metadata.GetMetadata<IAllowAnonymous>() is null;
                var expected = new List<string> { "400", "503" };
                if (authorized)
                {
                    expected.AddRange(["401", "403"]);
                }

                if (path.Name.Contains('{', StringComparison.Ordinal))
                {
                    expected.Add("404");
                }

                if (entry.Name is "post" or "put" or "patch" or "delete")
                {
                    expected.Add("409");
                }

                if (operation.TryGetProperty("requestBody", out _))
                {
                    expected.Add("413");
                }

                if (metadata.GetMetadata<EnableRateLimitingAttribute>() is not null)
                {
                    expected.Add("429");
                }

                foreach (var status in expected.Where(s => !responses.TryGetProperty(s, out _)))
                {
                    failures.Add($"{what}: does not declare {status}");
                }

                foreach (var error in responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
                {
                    if (!error.Value.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out var problem)
                        || !problem.TryGetProperty("schema", out var schema)
                        || !(schema.GetProperty("$ref").GetString() ?? "").EndsWith(error.Name == "400" ? "/HttpValidationProblemDetails" : "ProblemDetails", StringComparison.Ordinal))
                    {
                        failures.Add($"{what}: {error.Name} is not declared as application/problem+json with the problem schema");
                    }
                }

                var secured = operation.TryGetProperty("security", out var security)
                    && security.EnumerateArray().Any(r => r.TryGetProperty("Bearer", out _));
                if (authorized != secured)
                {
                    failures.Add(authorized ? $"{what}: requires a token but declares no Bearer security requirement" : $"{what}: is anonymous but declares a security requirement");
                }
            }
        }

        Assert.True(operations > 50, $"the document lists only {operations} operations");
        Assert.DoesNotContain("PageOfJsonElement", document.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(s => s.Name));
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _), "no Bearer security scheme");
        Assert.True(failures.Count == 0, $"{failures.Count} gaps in /openapi/v1.json:\n{string.Join('\n', failures)}");
    }

    [Fact]
    public async Task Idempotency_key_is_declared_on_checkout_and_payments()
    {
        var document = await OpenApiNode.DocumentAsync(fixture.Node.Address);
        foreach (var (path, method) in new[] { ("/api/orders", "post"), ("/api/orders/{id}/payments", "post"), ("/api/purchasing/orders/{id}/payments", "post") })
        {
            var parameters = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("parameters");
            Assert.Contains(parameters.EnumerateArray(), p => p.GetProperty("in").GetString() == "header" && p.GetProperty("name").GetString() == "Idempotency-Key");
        }
    }

    /// <summary>A schema that says something: a reference to a named type, or a type of its own (not the empty "anything").</summary>
    private static bool IsTyped(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return name != "JsonElement" && IsTyped(document, document.GetProperty("components").GetProperty("schemas").GetProperty(name));
        }

        return schema.TryGetProperty("type", out _) || schema.TryGetProperty("properties", out _)
            || schema.TryGetProperty("oneOf", out _) || schema.TryGetProperty("anyOf", out _) || schema.TryGetProperty("allOf", out _);
    }
}
