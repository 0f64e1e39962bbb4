using OmniBiz.Tests.Shared;

namespace OmniBiz.WebHost.Tests.Common;

/// <summary>One web node on its own database, shared by the tests of the "node" collection.</summary>
public sealed class NodeFixture : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = TestNode.BaseSettings();
        settings["ConnectionStrings:OmniBiz"] = await TestPostgres.CreateDatabaseAsync("node");
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
