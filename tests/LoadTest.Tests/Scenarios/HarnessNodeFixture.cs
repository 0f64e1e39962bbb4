using OmniBiz.LoadTest.Common;
using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.LoadTest.Tests.Scenarios;

/// <summary>One real node (Kestrel on loopback, co-hosted silo, PostgreSQL) for the smoke runs of every scenario.</summary>
public sealed class HarnessNodeFixture : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = TestNode.BaseSettings();
        settings["ConnectionStrings:OmniBiz"] = await TestPostgres.CreateDatabaseAsync("harness");
        Node = await TestNode.StartAsync(settings);
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();

    /// <summary>A few seconds of load: enough to pass through every phase of a scenario.</summary>
    public HarnessOptions Options(int seconds = 3) => Smoke(Node.Address, seconds);

    public static HarnessOptions Smoke(Uri target, int seconds = 3) =>
        new([target], TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(1), TestNode.AdminEmail, TestNode.AdminPassword, JsonFile: null, Quiet: true);
}

[CollectionDefinition(Name)]
public sealed class HarnessNodeCollection : ICollectionFixture<HarnessNodeFixture>
{
    public const string Name = "harness node";
}
