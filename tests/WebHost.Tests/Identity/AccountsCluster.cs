using System.Globalization;
using OmniBiz.WebHost.Tests.Common;
using OmniBiz.WebHost.Tests.Sessions;

namespace OmniBiz.WebHost.Tests.Identity;

/// <summary>
/// A two-node cluster that mails through a real in-process SMTP server. Node B hands out password reset links that
/// expire a millisecond after they are made (<c>OmniBiz:Auth:ResetTokenLifetime</c>), so an expired link is
/// tested without waiting; node A keeps the default half hour.
/// </summary>
public sealed class AccountsCluster : IAsyncLifetime
{
    public NodeProcess A { get; private set; } = null!;

    public NodeProcess B { get; private set; } = null!;

    public TestSmtpServer Smtp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = new TestSmtpServer(TestNode.FreePort());
        Smtp.Start();
        (A, B) = await TwoNodeCluster.StartAsync(
            "accounts",
            settings =>
            {
                settings["OmniBiz:PublicBaseUrl"] = "https://app.omnibiz.example";
                settings["OmniBiz:Smtp:Host"] = "127.0.0.1";
                settings["OmniBiz:Smtp:Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture);
                settings["OmniBiz:Smtp:Security"] = "None";
                settings["OmniBiz:Smtp:From"] = "OmniBiz <accounts@omnibiz.test>";
            },
            b => b["OmniBiz:Auth:ResetTokenLifetime"] = "00:00:00.001");
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
