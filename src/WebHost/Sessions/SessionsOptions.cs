namespace OmniBiz.WebHost.Sessions;

/// <summary>The web node's <c>OmniBiz:Sessions</c> settings (the grains read the same section for grace and timeouts).</summary>
public sealed class SessionsOptions
{
    public const string Section = "OmniBiz:Sessions";

    /// <summary>How long a guest token from a join link lasts; the guest opens the link again for a new one.</summary>
    public int GuestTokenMinutes { get; set; } = 60;

    /// <summary>The largest signal the relay carries, in bytes of JSON.</summary>
    public int MaxSignalBytes { get; set; } = 64 * 1024;

    /// <summary>STUN/TURN servers for the hub's <c>JoinSession</c> answer and <c>GET /api/sessions/{id}/ice-servers</c>.</summary>
    public IceOptions Ice { get; set; } = new();

    public sealed class IceOptions
    {
        /// <summary><c>stun:</c>, <c>turn:</c> and <c>turns:</c> URLs.</summary>
        public string[] Urls { get; set; } = [];

        /// <summary>coturn's <c>static-auth-secret</c>: when set, TURN URLs come with time-limited credentials.</summary>
        public string? TurnSecret { get; set; }

        /// <summary>How long TURN credentials last.</summary>
        public TimeSpan TurnCredentialLifetime { get; set; } = TimeSpan.FromHours(6);
    }
}
