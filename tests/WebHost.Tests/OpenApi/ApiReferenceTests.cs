using System.Net;
using System.Text.RegularExpressions;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.OpenApi;

/// <summary>The interactive reference at /docs works from the node alone: its scripts come from the node, and its headers let them run.</summary>
[Collection(NodeCollection.Name)]
public sealed partial class ApiReferenceTests(NodeFixture fixture)
{
    [Fact]
    public async Task The_reference_page_loads_its_scripts_from_the_node_and_reads_the_document()
    {
        using var http = new HttpClient { BaseAddress = fixture.Node.Address };
        using var page = await http.GetAsync(new Uri("/docs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();

        var scripts = ScriptSource().Matches(html).Select(m => m.Groups["src"].Value).ToList();
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var address = new Uri(page.RequestMessage!.RequestUri!, script);
            Assert.Equal(fixture.Node.Address.Authority, address.Authority);
            using var asset = await http.GetAsync(address);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Contains("javascript", asset.Content.Headers.ContentType?.MediaType ?? "", StringComparison.Ordinal);
        }

        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.Ordinal);
        Assert.True(html.Contains("openapi", StringComparison.Ordinal) && html.Contains("Bearer", StringComparison.Ordinal), html);

        // The security headers still apply, and do not stop the page's own (and inline) scripts.
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        var policy = string.Join(';', page.Headers.TryGetValues("Content-Security-Policy", out var values) ? values : []);
        foreach (var directive in policy.Split(';', StringSplitOptions.TrimEntries).Where(d => d.StartsWith("script-src ", StringComparison.Ordinal) || d.StartsWith("default-src ", StringComparison.Ordinal)))
        {
            Assert.Contains("'self'", directive, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"(?<src>[^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptSource();
}
