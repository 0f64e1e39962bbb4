using OmniBiz.Tests.Shared;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.Limits;

/// <summary>A node with small per-user and per-device limits (and fast upload cleanup); every test uses fresh users and vehicles.</summary>
public sealed class LimitedNodeFixture : IAsyncLifetime
{
    public const int Messages = 3;
    public const int Uploads = 3;
    public const int UploadBytesPerDay = 1000;
    public const int PingBatches = 2;
    public const int Connections = 2;
    public static readonly TimeSpan UnreferencedMaxAge = TimeSpan.FromSeconds(10);

    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = TestNode.BaseSettings();
        settings["ConnectionStrings:OmniBiz"] = await TestPostgres.CreateDatabaseAsync("limits");
        settings["OmniBiz:RateLimits:MessageSend:PermitLimit"] = $"{Messages}";
        settings["OmniBiz:RateLimits:MessageSend:Window"] = "00:10:00";
        settings["OmniBiz:RateLimits:Upload:PermitLimit"] = $"{Uploads}";
        settings["OmniBiz:RateLimits:Upload:Window"] = "00:10:00";
        settings["OmniBiz:RateLimits:UploadBytesPerDay"] = $"{UploadBytesPerDay}";
        settings["OmniBiz:RateLimits:Pings:PermitLimit"] = $"{PingBatches}";
        settings["OmniBiz:RateLimits:Pings:Window"] = "00:10:00";
        settings["OmniBiz:RateLimits:HubConnectionsPerUser"] = $"{Connections}";
        settings["OmniBiz:Attachments:UnreferencedMaxAge"] = UnreferencedMaxAge.ToString();
        settings["OmniBiz:Attachments:CleanupInterval"] = "00:00:00.250";
        Node = await TestNode.StartAsync(settings);
    }

    public async Task DisposeAsync() => await Node.DisposeAsync();

    public ApiClient Client() => Node.Client();

    public Task<ApiClient> AdminAsync() => Node.Client().LoginAsAdminAsync();
}

[CollectionDefinition(Name)]
public sealed class LimitedNodeCollection : ICollectionFixture<LimitedNodeFixture>
{
    public const string Name = "limited-node";
}
