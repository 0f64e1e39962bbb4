using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.WebHost.Realtime;

namespace OmniBiz.WebHost.Tests.Common;

/// <summary>
/// Bad input for every operation the OpenAPI document lists and every hub method, generated rather than written:
/// no answer may be a 5xx, every refusal is problem details (400s name the bad field), and the node still serves.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class GeneratedBadInputTests(NodeFixture fixture)
{
    [Fact]
    public async Task No_operation_answers_5xx_and_every_refusal_is_problem_details()
    {
        var world = await ProbeWorld.CreateAsync(fixture);
        using var anonymous = fixture.Client();
        var (_, document, _) = await anonymous.GetAsync("/openapi/v1.json");
        var probe = new OpenApiProbe(document);
        var operations = probe.Operations().ToList();
        Assert.True(operations.Count > 40, $"the document lists only {operations.Count} operations");

        var failures = new List<string>();
        var sent = 0;
        using var http = new HttpClient { BaseAddress = fixture.Node.Address, Timeout = TimeSpan.FromSeconds(30) };
        foreach (var operation in operations)
        {
            foreach (var token in world.TokensFor(operation.PathTemplate))
            {
                var pathValue = await world.IdForAsync(operation.PathTemplate);
                foreach (var request in probe.Broken(operation, pathValue))
                {
                    sent++;
                    var failure = await SendAsync(http, request, token);
                    if (failure is not null)
                    {
                        failures.Add($"{request.Operation} [{request.What}] → {failure}");
                    }
                }
            }
        }

        Assert.True(sent > 1000, $"only {sent} requests were generated");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} bad requests were mishandled:\n{string.Join('\n', failures.Take(200))}");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).Status);
    }

    [Fact]
    public async Task No_hub_method_fails_with_an_unexpected_error_on_bad_arguments()
    {
        var world = await ProbeWorld.CreateAsync(fixture);
        var methods = typeof(OmniBizHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not (nameof(Hub.OnConnectedAsync) or nameof(Hub.OnDisconnectedAsync) or nameof(Hub.Dispose)))
            .ToList();
        Assert.True(methods.Count >= 15, $"the hub lists only {methods.Count} methods");

        var failures = new List<string>();
        var calls = 0;
        foreach (var client in new[] { world.Admin, world.Customer })
        {
            var connection = await client.ConnectAsync();
            foreach (var method in methods)
            {
                foreach (var (what, arguments) in BadArguments(method, world))
                {
                    calls++;
                    try
                    {
                        await connection.InvokeCoreAsync(method.Name, typeof(JsonElement), arguments).WaitAsync(TimeSpan.FromSeconds(20));
                        if (MustBeRefused.Any(what.EndsWith))
                        {
                            failures.Add($"{method.Name} [{what}] was accepted");
                        }
                    }
                    catch (HubException e) when (e.Message.Contains($"{nameof(HubException)}: ", StringComparison.Ordinal))
                    {
                        // A refusal that says why (SignalR appends a HubException's own message to its generic text).
                    }
                    catch (Exception e)
                    {
                        failures.Add($"{method.Name} [{what}] → {e.GetType().Name}: {e.Message}");
                    }

                    if (connection.State != HubConnectionState.Connected)
                    {
                        failures.Add($"{method.Name} [{what}] closed the connection");
                        await connection.DisposeAsync();
                        connection = await client.ConnectAsync();
                    }
                }
            }

            await connection.DisposeAsync();
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {calls} bad hub calls were mishandled:\n{string.Join('\n', failures)}");
    }

    private static IEnumerable<(string What, object?[] Arguments)> BadArguments(MethodInfo method, ProbeWorld world)
    {
        var parameters = method.GetParameters();
        var valid = parameters.Select(p => world.ValidHubArgument(p)).ToArray();
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            IEnumerable<(string, object?)> bad = parameter.ParameterType switch
            {
                // Hub messages over 64 KiB end the connection by design (MaximumReceiveMessageSize): stay under it.
                var t when t == typeof(string) => OpenApiProbe.BadStrings.Select(s => (s.Name, (object?)(s.Value.Length > 30_000 ? s.Value[..30_000] : s.Value))).Append(("null", null)),
                var t when t == typeof(string[]) => [("null element", new string?[] { null }), ("NUL element", new[] { "a\u0000b" }), ("blank element", new[] { " " }), ("500 elements", Enumerable.Repeat("x", 500).ToArray())],
                var t when t == typeof(long) || t == typeof(int) => [("max", long.MaxValue), ("min", long.MinValue), ("negative", -1L)],
                _ => [("null", null)],
            };
            foreach (var (what, value) in bad)
            {
                var arguments = (object?[])valid.Clone();
                arguments[i] = value;
                yield return ($"{parameter.Name}: {what}", arguments);
            }
        }
    }

    private static readonly string[] MustBeRefused = [": NUL", ": control character", ": escape character", ": 100,000 characters", ": 4,000 characters"];

    private static async Task<string?> SendAsync(HttpClient http, OpenApiProbe.Probe probe, string? token)
    {
        using var request = probe.ToRequest(token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (HttpRequestException e)
        {
            return $"connection failed: {e.Message}";
        }
        catch (TaskCanceledException)
        {
            return "no answer within 30 s";
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                return $"{status}";
            }

            if (status < 400)
            {
                // Text no grain should ever see must never be accepted.
                return MustBeRefused.Any(probe.What.EndsWith) ? $"{status}: accepted" : null;
            }

            var contentType = response.Content.Headers.ContentType?.MediaType;
            if (status == 400 && response.Headers.ConnectionClose == true && response.Content.Headers.ContentLength == 0 && probe.What.Contains("path", StringComparison.Ordinal))
            {
                // Kestrel refuses a path that decodes to NUL while parsing the request line, before any application code
                // runs, and closes the connection; it offers no hook for a body. Still a 400, never a 5xx.
                return null;
            }

            if (contentType != "application/problem+json")
            {
                return $"{status} with content type '{contentType}' instead of problem details";
            }

            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (!problem.TryGetProperty("status", out var statusField) || statusField.GetInt32() != status)
            {
                return $"{status} problem details without a matching status";
            }

            if (status == 400 && (!problem.TryGetProperty("errors", out var errors) || !errors.EnumerateObject().Any()))
            {
                return "400 without an errors map naming the field";
            }

            return null;
        }
    }
}
