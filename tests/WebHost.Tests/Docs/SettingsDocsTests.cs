using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using OmniBiz.Grains.Fleet;
using OmniBiz.Silo.Database;
using OmniBiz.Silo.Hosting;
using OmniBiz.WebHost.Hosting;
using Orleans.Configuration;

namespace OmniBiz.WebHost.Tests.Docs;

/// <summary>
/// README's configuration table and the options classes agree both ways: every setting in the table is a property of
/// an options class (a class with a <c>Section</c> constant, bound from that section), and every property of every
/// options class is in the table. The classes are found by reflection, so a new setting fails here until documented.
/// </summary>
public sealed partial class SettingsDocsTests
{
    /// <summary>Sections bound to option types of a library, documented as <c>Section:*</c>.</summary>
    private static readonly Dictionary<string, Type> LibrarySections = new(StringComparer.Ordinal)
    {
        [$"{ClusterSettings.Section}:Membership"] = typeof(ClusterMembershipOptions),
    };

    public static IReadOnlyList<Type> OptionsClasses() =>
        new[] { typeof(OmniBizApp).Assembly, typeof(FleetSettings).Assembly, typeof(ClusterSettings).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } f && f.FieldType == typeof(string))
            .ToList();

    /// <summary>Every configuration key the options classes bind, as <c>Section:Property[:Nested]</c>.</summary>
    public static SortedSet<string> BoundKeys()
    {
        var keys = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in OptionsClasses())
        {
            AddKeys(keys, (string)type.GetField("Section")!.GetRawConstantValue()!, type);
        }

        return keys;
    }

    /// <summary>The settings README's configuration table names (shorthand expanded: <c>`A:B:C`, `D`</c> is A:B:C and A:B:D).</summary>
    public static SortedSet<string> DocumentedKeys()
    {
        var readme = RepositoryFiles.Read("README.md");
        var start = readme.IndexOf("## Configuration", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no Configuration section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var keys = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in readme[start..(end < 0 ? readme.Length : end)].Split('\n'))
        {
            var cells = line.Split('|');
            if (cells.Length < 4 || !cells[1].TrimStart().StartsWith('`'))
            {
                continue;
            }

            string? first = null;
            foreach (Match token in Code().Matches(cells[1]))
            {
                var key = token.Groups[1].Value;
                if (first is null || key.StartsWith("OmniBiz:", StringComparison.Ordinal) || key.StartsWith("ConnectionStrings:", StringComparison.Ordinal))
                {
                    first = key;
                    keys.Add(key);
                }
                else
                {
                    keys.Add($"{first[..first.LastIndexOf(':')]}:{key.TrimStart(':')}");
                }
            }
        }

        return keys;
    }

    [Fact]
    public void The_table_and_the_options_classes_are_found()
    {
        Assert.True(OptionsClasses().Count >= 10, string.Join(", ", OptionsClasses().Select(t => t.Name)));
        Assert.Contains("OmniBiz:Jwt:SigningKey", DocumentedKeys());
        Assert.Contains("OmniBiz:RateLimits:Login:Window", DocumentedKeys());
        Assert.Contains("OmniBiz:RateLimits:Login:Window", BoundKeys());
    }

    [Fact]
    public void Every_setting_in_the_readme_table_is_bound_by_an_options_class()
    {
        var bound = BoundKeys();
        var unbound = DocumentedKeys().Where(key => !bound.Contains(key) && !IsConnectionString(key) && !IsLibrarySection(key)).ToList();
        Assert.True(unbound.Count == 0, $"README.md documents settings no options class binds: {string.Join(", ", unbound)}");
    }

    [Fact]
    public void Every_options_property_is_in_the_readme_table()
    {
        var documented = DocumentedKeys();
        var missing = BoundKeys().Where(key => !documented.Contains(key)).ToList();
        Assert.True(missing.Count == 0, $"README.md's configuration table lacks: {string.Join(", ", missing)}");
        foreach (var section in LibrarySections.Keys)
        {
            Assert.Contains($"{section}:*", documented);
        }
    }

    /// <summary>The one connection string, read through the framework's <c>ConnectionStrings</c> section.</summary>
    private static bool IsConnectionString(string key) => key == $"ConnectionStrings:{OmniBizDatabase.ConnectionStringName}";

    private static bool IsLibrarySection(string key) => key.EndsWith(":*", StringComparison.Ordinal) && LibrarySections.ContainsKey(key[..^2]);

    private static void AddKeys(SortedSet<string> keys, string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite || IsCollection(p.PropertyType)))
        {
            var key = $"{prefix}:{property.Name}";
            if (IsLeaf(property.PropertyType))
            {
                keys.Add(key);
            }
            else
            {
                AddKeys(keys, key, property.PropertyType);
            }
        }
    }

    private static bool IsLeaf(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return plain.IsPrimitive || plain.IsEnum || plain == typeof(string) || plain == typeof(decimal) || plain == typeof(TimeSpan)
            || plain == typeof(DateTimeOffset) || plain == typeof(Uri) || IsCollection(plain);
    }

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
}
