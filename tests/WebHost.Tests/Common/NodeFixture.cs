using OmniBiz.Tests.Shared;

namespace OmniBiz.WebHost.Tests.Common;

/// <summary>One web node on its own database, shared by the tests of the "node" collection.</summary>
public sealed class NodeFixture : IAsyncLifetime
{
    /// <summary>The first lockout after repeated wrong passwords on this node.</summary>
    public const int LockoutSeconds = 2;

    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = TestNode.BaseSettings();
        settings["ConnectionStrings:OmniBiz"] = await TestPostgres.CreateDatabaseAsync("node");
        // Short lockouts, so a test can watch one end.
        settings["OmniBiz:Identity:Lockout:Seconds"] = LockoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["OmniBiz:Identity:Lockout:MaxSeconds"] = "8";
        Node = await TestNode.StartAsync(settings);
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();

    public ApiClient Client() => Node.Client();

    public Task<ApiClient> AdminAsync() => Node.Client().LoginAsAdminAsync();
}

[CollectionDefinition(Name)]
public sealed class NodeCollection : ICollectionFixture<NodeFixture>
{
    public const string Name = "node";
}
