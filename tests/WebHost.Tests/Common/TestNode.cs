using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OmniBiz.WebHost.Hosting;

namespace OmniBiz.WebHost.Tests.Common;

/// <summary>A real web node (Kestrel on loopback, co-hosted silo) started in this process from OmniBizApp.</summary>
public sealed class TestNode : IAsyncDisposable
{
    public const string AdminEmail = "admin@omnibiz.test";
    public const string AdminPassword = "admin-password-1";

    /// <summary>One signing key per test run, made here, never stored.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    private readonly WebApplication _app;

    private TestNode(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public ApiClient Client() => new(Address);

    /// <summary>Settings every test node shares; callers add a database or a data folder.</summary>
    public static Dictionary<string, string?> BaseSettings() => new()
    {
        ["urls"] = "http://127.0.0.1:0",
        // The node runs inside the test runner: name it as its own program is named, so its static web assets are found.
        ["applicationName"] = "OmniBiz.WebHost",
        // Tests place orders freely as one customer and leave them unpaid; the cap is tested on a node of its own.
        ["OmniBiz:Orders:MaxUnpaidPerCustomer"] = "1000000",
        ["OmniBiz:Jwt:SigningKey"] = SigningKey,
        ["OmniBiz:Admin:Email"] = AdminEmail,
        ["OmniBiz:Admin:Password"] = AdminPassword,
        ["OmniBiz:Cluster:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OmniBiz:Cluster:GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Logging:LogLevel:Default"] = "Warning",
        // Every answer is compared with the OpenAPI document (OpenApi/DocumentConformanceTests).
        [ResponseObserver.Setting] = "true",
        ["Logging:LogLevel:Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware"] = "None",
        // Tests and the load harness drive a node far harder than any one person (all from 127.0.0.1): limits raised
        // out of reach, but still applied, except where a test is about them.
        ["OmniBiz:RateLimits:Login:PermitLimit"] = "1000000",
        ["OmniBiz:RateLimits:Register:PermitLimit"] = "1000000",
        ["OmniBiz:RateLimits:Refresh:PermitLimit"] = "1000000",
        ["OmniBiz:RateLimits:MessageSend:PermitLimit"] = "1000000",
        ["OmniBiz:RateLimits:Upload:PermitLimit"] = "1000000",
        ["OmniBiz:RateLimits:Pings:PermitLimit"] = "1000000",
        ["OmniBiz:RateLimits:UploadBytesPerDay"] = "1000000000000",
        ["OmniBiz:RateLimits:HubConnectionsPerUser"] = "1000000",
        ["OmniBiz:RateLimits:GuestJoin:PermitLimit"] = "1000000",
        ["OmniBiz:RateLimits:Signal:PermitLimit"] = "1000000",
    };

    public static async Task<TestNode> StartAsync(Dictionary<string, string?> settings)
    {
        var args = settings.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}").ToArray();
        var app = OmniBizApp.Build(args);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TestNode(app, new Uri(address));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
