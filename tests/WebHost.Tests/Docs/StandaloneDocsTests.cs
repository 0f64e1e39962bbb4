using System.Text.RegularExpressions;

namespace OmniBiz.WebHost.Tests.Docs;

/// <summary>The repository's documents stand on their own: every link they make to a file lands inside the repository.</summary>
public sealed partial class StandaloneDocsTests
{
    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string> { "README.md" };
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "docs"), "*.md"))
        {
            data.Add(Path.GetRelativePath(RepositoryFiles.Root, file).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_names_a_file_in_the_repository_and_no_design_file_outside_it_is_cited(string document)
    {
        var text = RepositoryFiles.Read(document);
        var folder = Path.GetDirectoryName(Path.Combine(RepositoryFiles.Root, document))!;
        var broken = Link().Matches(text)
            .Select(m => m.Groups[1].Value.Split('#')[0])
            .Where(target => target.Length > 0 && !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith("mailto:", StringComparison.Ordinal))
            .Where(target => !Path.GetFullPath(Path.Combine(folder, target)).StartsWith(RepositoryFiles.Root, StringComparison.Ordinal)
                || (!File.Exists(Path.Combine(folder, target)) && !Directory.Exists(Path.Combine(folder, target))))
            .ToList();
        Assert.True(broken.Count == 0, $"{document} links to files that are not in the repository: {string.Join(", ", broken)}");

        // Design notes kept outside the repository are not something a reader of it can open.
        foreach (var outside in new[] { "DESIGN.md", "CONTRACT.md", "beside the repository" })
        {
            Assert.DoesNotContain(outside, text, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();
}
