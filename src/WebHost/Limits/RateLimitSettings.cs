namespace OmniBiz.WebHost.Limits;

/// <summary>
/// The <c>OmniBiz:RateLimits</c> settings. Each window limit allows <see cref="WindowLimit.PermitLimit"/> requests per
/// <see cref="WindowLimit.Window"/> and partition (an IP address, a user or a device); a permit limit of 0 turns that
/// limit off (load tests).
/// </summary>
public sealed class RateLimitSettings
{
    public const string Section = "OmniBiz:RateLimits";

    /// <summary>Sign-in and password attempts per client IP address.</summary>
    public WindowLimit Login { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Token refreshes and sign-outs per client IP address (each client refreshes every few minutes).</summary>
    public WindowLimit Refresh { get; set; } = new() { PermitLimit = 300, Window = TimeSpan.FromMinutes(1) };

    /// <summary>New accounts per client IP address.</summary>
    public WindowLimit Register { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromHours(1) };

    /// <summary>Messages per user, over REST and the hub together.</summary>
    public WindowLimit MessageSend { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromSeconds(10) };

    /// <summary>Attachment uploads per user.</summary>
    public WindowLimit Upload { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Bytes a user may upload in any 24 hours (counted in PostgreSQL, so across nodes); 0 turns it off.</summary>
    public long UploadBytesPerDay { get; set; } = 200L * 1024 * 1024;

    /// <summary>Ping batches per device (vehicle).</summary>
    public WindowLimit Pings { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Open hub connections per user on one node; 0 turns it off.</summary>
    public int HubConnectionsPerUser { get; set; } = 20;

    /// <summary>A fixed-window limit.</summary>
    public sealed class WindowLimit
    {
        public int PermitLimit { get; set; }

        public TimeSpan Window { get; set; }
    }
}
