using System.Net;

namespace OmniBiz.WebHost.Tests.Common;

/// <summary>The shared input rules at work on real requests: field limits, NUL, blank ids, cursors and dates.</summary>
[Collection(NodeCollection.Name)]
public sealed class InputRulesTests(NodeFixture fixture)
{
    [Fact]
    public async Task An_overlong_email_is_refused_before_any_grain_and_the_document_states_the_limit()
    {
        using var client = fixture.Client();
        var (status, problem, _) = await client.PostAsync("/api/auth/login", new { email = new string('e', 9_000) + "@example.com", password = "password-123" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _), problem.ToString());

        var (_, document, _) = await client.GetAsync("/openapi/v1.json");
        var login = document.GetProperty("components").GetProperty("schemas").GetProperty("LoginRequest");
        Assert.Equal(254, login.GetProperty("properties").GetProperty("email").GetProperty("maxLength").GetInt32());
    }
}
