namespace OmniBiz.WebHost.Tests.Docs;

/// <summary>Files of the repository the tests run from (found by walking up to the solution file).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OmniBiz.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No OmniBiz.sln above {AppContext.BaseDirectory}.");
    }
}
