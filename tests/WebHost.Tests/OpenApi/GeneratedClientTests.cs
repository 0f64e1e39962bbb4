using System.Diagnostics;
using System.Text;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.WebHost.Tests.OpenApi;

/// <summary>
/// A client generated from the live document works: Kiota (the local tool in <c>.config/dotnet-tools.json</c>) writes a
/// C# client from a node's <c>/openapi/v1.json</c>; a small program built on it registers, adds to the cart, checks out
/// with an idempotency key (twice: the retry gets the same order) and reads the order back, against that node.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed class GeneratedClientTests(NodeFixture fixture)
{
    private const string KiotaPackagesVersion = "2.1.6";

    [Fact]
    public async Task A_client_generated_from_the_document_registers_checks_out_and_reads_the_order()
    {
        using var admin = await fixture.AdminAsync();
        var productId = await admin.CreateProductAsync(stock: 50, price: 12.5m, name: "Generated client product");

        var work = Directory.CreateTempSubdirectory("omnibiz-kiota-");
        try
        {
            var repository = RepositoryRoot();
            var document = Path.Combine(work.FullName, "openapi.json");
            using (var http = new HttpClient { BaseAddress = fixture.Node.Address })
            {
                await File.WriteAllTextAsync(document, await http.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
            }

            await RunAsync(repository, "dotnet", "tool", "restore");
            await RunAsync(repository, "dotnet", "tool", "run", "kiota", "generate", "--language", "CSharp", "--openapi", document,
                "--output", Path.Combine(work.FullName, "Client"), "--class-name", "OmniBizClient", "--namespace-name", "OmniBiz.Client",
                "--exclude-backward-compatible", "--clean-output");
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "ClientCheck.csproj"), Project);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "Program.cs"), Program);
            var output = await RunAsync(work.FullName, "dotnet", "run", "--", fixture.Node.Address.ToString(), productId);
            Assert.Contains("CHECKED OUT AND READ", output, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, ".config", "dotnet-tools.json")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("No .config/dotnet-tools.json above the test binaries.");
    }

    private static async Task<string> RunAsync(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["KIOTA_OFFLINE_ENABLED"] = "true";
        start.Environment["KIOTA_TUTORIAL_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} took too long:\n{output}");
        }

        process.WaitForExit();
        var text = output.ToString();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{text}");
        return text;
    }

    // Outside the repository: no central package file applies, so the project names its versions.
    private const string Project = $$"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <NoWarn>$(NoWarn);CS8618;CS1591;CS0618</NoWarn>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.Kiota.Abstractions" Version="{{KiotaPackagesVersion}}" />
            <PackageReference Include="Microsoft.Kiota.Http.HttpClientLibrary" Version="{{KiotaPackagesVersion}}" />
            <PackageReference Include="Microsoft.Kiota.Serialization.Json" Version="{{KiotaPackagesVersion}}" />
            <PackageReference Include="Microsoft.Kiota.Serialization.Text" Version="{{KiotaPackagesVersion}}" />
            <PackageReference Include="Microsoft.Kiota.Serialization.Form" Version="{{KiotaPackagesVersion}}" />
            <PackageReference Include="Microsoft.Kiota.Serialization.Multipart" Version="{{KiotaPackagesVersion}}" />
          </ItemGroup>
        </Project>
        """;

    private const string Program = """
        using System.Net.Http.Headers;
        using Microsoft.Kiota.Abstractions.Authentication;
        using Microsoft.Kiota.Http.HttpClientLibrary;
        using OmniBiz.Client;
        using OmniBiz.Client.Models;

        var baseUrl = args[0].TrimEnd('/');
        var productId = args[1];

        OmniBizClient ClientWith(string? token)
        {
            var http = new HttpClient();
            if (token is not null)
            {
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            return new OmniBizClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = baseUrl });
        }

        var registered = await ClientWith(null).Api.Auth.Register.PostAsync(new RegisterUserRequest
        {
            Email = $"kiota-{Guid.NewGuid():N}@example.com",
            Password = "password-123",
            DisplayName = "Generated client",
        }) ?? throw new Exception("register returned nothing");

        var client = ClientWith(registered.AccessToken);
        var cart = await client.Api.Cart.Items.PostAsync(new AddCartItemRequest { ProductId = productId, Quantity = 2 });
        if (cart?.Items?.Count != 1) throw new Exception("the cart does not hold the product");

        var key = Guid.NewGuid().ToString("N");
        var order = await client.Api.Orders.PostAsync(new CreateOrderRequest { ShippingAddress = "1 Client Street" },
            c => c.Headers.Add("Idempotency-Key", key)) ?? throw new Exception("checkout returned nothing");
        var retry = await client.Api.Orders.PostAsync(new CreateOrderRequest { ShippingAddress = "1 Client Street" },
            c => c.Headers.Add("Idempotency-Key", key)) ?? throw new Exception("the retry returned nothing");
        if (retry.Id != order.Id) throw new Exception($"the retry made a second order: {order.Id} then {retry.Id}");

        var read = await client.Api.Orders[order.Id!].GetAsync() ?? throw new Exception("reading the order returned nothing");
        if (read.Id != order.Id || read.Items?.Single().ProductId != productId || read.Items.Single().Quantity != 2)
            throw new Exception("the order read back is not the one placed");

        Console.WriteLine($"CHECKED OUT AND READ {read.Id} total {read.Total}");
        """;
}
