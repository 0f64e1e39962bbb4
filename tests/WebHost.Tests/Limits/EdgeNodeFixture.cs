using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Limits;

/// <summary>A node with small per-IP limits and one allowed cross-origin caller. Every test client is 127.0.0.1, so each limit gets one test.</summary>
public sealed class EdgeNodeFixture : IAsyncLifetime
{
    public const int Logins = 3;
    public const int Registrations = 2;
    public const string AllowedOrigin = "https://app.example.test";

    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = TestNode.BaseSettings();
        settings["ConnectionStrings:OmniBiz"] = await TestPostgres.CreateDatabaseAsync("edge");
        settings["OmniBiz:RateLimits:Login:PermitLimit"] = $"{Logins}";
        settings["OmniBiz:RateLimits:Login:Window"] = "00:10:00";
        settings["OmniBiz:RateLimits:Register:PermitLimit"] = $"{Registrations}";
        settings["OmniBiz:RateLimits:Register:Window"] = "00:10:00";
        settings["OmniBiz:Cors:Origins:0"] = AllowedOrigin;
        Node = await TestNode.StartAsync(settings);
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();

    public ApiClient Client() => Node.Client();
}

[CollectionDefinition(Name)]
public sealed class EdgeNodeCollection : ICollectionFixture<EdgeNodeFixture>
{
    public const string Name = "edge-node";
}
