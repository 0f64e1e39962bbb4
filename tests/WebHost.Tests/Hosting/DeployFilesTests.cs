using System.Reflection;
using OmniBiz.Silo.Hosting;
using YamlDotNet.RepresentationModel;

namespace OmniBiz.WebHost.Tests.Hosting;

/// <summary>
/// The deploy/ files cannot be run here, so they are parsed (YAML), and every OmniBiz setting they set must exist:
/// a <see cref="ClusterSettings"/> property for <c>OmniBiz:Cluster:*</c>, a row of the README's settings table otherwise.
/// </summary>
public sealed class DeployFilesTests
{
    private static readonly string Root = ReadmeClusterTests.RepositoryRoot();

    // Read by Orleans' Kubernetes hosting, ASP.NET Core and the official postgres image, not by OmniBiz.
    private static readonly HashSet<string> ForeignVariables =
        ["POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_SERVICE_ID", "ORLEANS_CLUSTER_ID", "ASPNETCORE_URLS", "POSTGRES_USER", "POSTGRES_DB", "POSTGRES_PASSWORD"];

    public static TheoryData<string> YamlFiles() =>
    [
        .. Directory.EnumerateFiles(Path.Combine(Root, "deploy"), "*.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f)).Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void The_deploy_folder_has_compose_kubernetes_and_a_dockerfile()
    {
        Assert.True(File.Exists(Path.Combine(Root, "deploy", "compose.yaml")));
        Assert.True(File.Exists(Path.Combine(Root, "deploy", "kubernetes", "silo.yaml")));
        Assert.True(File.Exists(Path.Combine(Root, "deploy", "kubernetes", "web.yaml")));
        Assert.Contains("OmniBiz.Silo.dll", File.ReadAllText(Path.Combine(Root, "deploy", "Dockerfile")), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(YamlFiles))]
    public void Each_yaml_file_parses_and_sets_only_settings_that_exist(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Root, file)))
        {
            stream.Load(reader);
        }

        Assert.NotEmpty(stream.Documents);
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var names = stream.Documents.SelectMany(d => EnvironmentNames(d.RootNode)).Distinct().ToList();
        foreach (var name in names.Where(n => !ForeignVariables.Contains(n)))
        {
            var key = name.Replace("__", ":", StringComparison.Ordinal);
            if (key.StartsWith(ClusterSettings.Section + ":", StringComparison.Ordinal))
            {
                var property = key[(ClusterSettings.Section.Length + 1)..];
                Assert.True(typeof(ClusterSettings).GetProperty(property, BindingFlags.Public | BindingFlags.Instance) is not null, $"{file} sets {key}, which ClusterSettings does not have");
            }
            else
            {
                Assert.True(readme.Contains($"`{key}`", StringComparison.Ordinal), $"{file} sets {key}, which the README's settings table does not list");
            }
        }

        if (file.EndsWith("web.yaml", StringComparison.Ordinal))
        {
            var text = File.ReadAllText(Path.Combine(Root, file));
            Assert.Contains("path: /health", text, StringComparison.Ordinal);
            Assert.Contains("path: /alive", text, StringComparison.Ordinal);
        }

        if (file.EndsWith("silo.yaml", StringComparison.Ordinal) || file.EndsWith("web.yaml", StringComparison.Ordinal))
        {
            // The database password comes from a Secret, never a literal.
            Assert.DoesNotContain(names, n => n == "ConnectionStrings__OmniBiz" && !SecretBacked(stream, n));
        }
    }

    /// <summary>Names set in a Kubernetes <c>env:</c> list (<c>- name: X</c>) or a Compose <c>environment:</c> map.</summary>
    private static IEnumerable<string> EnvironmentNames(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value;
                    if (name is "env" && value is YamlSequenceNode list)
                    {
                        foreach (var item in list.OfType<YamlMappingNode>())
                        {
                            if (item.Children.TryGetValue(new YamlScalarNode("name"), out var n) && n is YamlScalarNode scalar && scalar.Value is { } v)
                            {
                                yield return v;
                            }
                        }
                    }
                    else if (name is "environment" && value is YamlMappingNode map)
                    {
                        foreach (var entry in map.Children.Keys.OfType<YamlScalarNode>())
                        {
                            if (entry.Value is { } v && v != "<<")
                            {
                                yield return v;
                            }
                        }
                    }
                    else if (name?.StartsWith("x-", StringComparison.Ordinal) == true && name.EndsWith("-env", StringComparison.Ordinal) && value is YamlMappingNode anchor)
                    {
                        foreach (var entry in anchor.Children.Keys.OfType<YamlScalarNode>())
                        {
                            yield return entry.Value!;
                        }
                    }

                    foreach (var inner in EnvironmentNames(value))
                    {
                        yield return inner;
                    }
                }

                break;
            case YamlSequenceNode sequence:
                foreach (var inner in sequence.SelectMany(EnvironmentNames))
                {
                    yield return inner;
                }

                break;
        }
    }

    private static bool SecretBacked(YamlStream stream, string name) =>
        stream.Documents.SelectMany(d => Descendants(d.RootNode)).OfType<YamlMappingNode>().Any(m =>
            m.Children.TryGetValue(new YamlScalarNode("name"), out var n) && n is YamlScalarNode { Value: var v } && v == name
            && m.Children.TryGetValue(new YamlScalarNode("valueFrom"), out var from) && from is YamlMappingNode f
            && f.Children.ContainsKey(new YamlScalarNode("secretKeyRef")));

    private static IEnumerable<YamlNode> Descendants(YamlNode node) => node.AllNodes;
}
