using System.Text.RegularExpressions;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Docs;

/// <summary>
/// The README and the docs describe only what the server does: every operation they name (<c>POST /api/…</c>, and the
/// README's purchasing list relative to <c>/api/purchasing</c>) is an operation of the running node's OpenAPI document.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed partial class DocumentedEndpointsTests(NodeFixture fixture)
{
    [Fact]
    public async Task Every_operation_the_readme_and_docs_name_is_served()
    {
        var (_, document, _) = await fixture.Client().GetAsync("/openapi/v1.json");
        var served = new OpenApiProbe(document).Operations().Select(o => (o.Method, Pattern: Template(o.PathTemplate))).ToList();

        var named = new List<(string Where, string Method, string Path)>();
        foreach (var file in new[] { "README.md", "docs/realtime.md", "docs/architecture.md" })
        {
            var text = RepositoryFiles.Read(file);
            named.AddRange(Named(text, "/api/", "").Select(n => (file, n.Method, n.Path)));
            if (file == "README.md")
            {
                var start = text.IndexOf("\n## Purchasing", StringComparison.Ordinal);
                var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
                Assert.True(start >= 0, "README.md has no Purchasing section");
                named.AddRange(Named(text[start..end], "/", "/api/purchasing").Where(n => !n.Path.StartsWith("/api/purchasing/api/", StringComparison.Ordinal)).Select(n => (file, n.Method, n.Path)));
            }
        }

        Assert.True(named.Count > 40, $"only {named.Count} operations were found in the docs");
        var missing = named.Where(n => !served.Any(s => s.Method == n.Method && s.Pattern.IsMatch(n.Path)))
            .Select(n => $"{n.Where}: {n.Method} {n.Path}").Distinct().ToList();
        Assert.True(missing.Count == 0, $"documented but not served:\n{string.Join('\n', missing)}");
    }

    /// <summary><c>GET/POST /x/{id}</c> → (GET, /x/{id}) and (POST, /x/{id}); the query string is dropped.</summary>
    private static IEnumerable<(string Method, string Path)> Named(string text, string pathStart, string prefix)
    {
        foreach (Match match in Operation().Matches(text))
        {
            var path = match.Groups["path"].Value.Split('?')[0].TrimEnd('.', ',', ':', ';');
            if (!path.StartsWith(pathStart, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var method in match.Groups["methods"].Value.Split('/'))
            {
                yield return (method, path.StartsWith("/api/", StringComparison.Ordinal) ? path : prefix + path);
            }
        }
    }

    /// <summary>An operation's path template as a pattern: each <c>{parameter}</c> matches one segment, or a <c>{…}</c> placeholder.</summary>
    private static Regex Template(string template) =>
        new("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^/]*\}", "[^/]+") + "$");

    [GeneratedRegex(@"(?<methods>(?:GET|POST|PUT|PATCH|DELETE)(?:/(?:GET|POST|PUT|PATCH|DELETE))*) (?<path>/[A-Za-z0-9_\-/{}.?=&]+)")]
    private static partial Regex Operation();
}
