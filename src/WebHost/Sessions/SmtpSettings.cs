namespace OmniBiz.WebHost.Sessions;

/// <summary>The <c>OmniBiz:Smtp</c> settings. With no <see cref="Host"/>, invitations are stored and marked <c>not_sent</c>.</summary>
public sealed class SmtpSettings
{
    public const string Section = "OmniBiz:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>None</c>, <c>StartTls</c>, <c>SslOnConnect</c> or <c>Auto</c> (MailKit's socket options).</summary>
    public string Security { get; set; } = "Auto";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "OmniBiz <no-reply@omnibiz.local>";

    /// <summary>How often the outbox looks for due mail.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The wait after the first failed attempt; it doubles with each further failure, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Attempts before an invitation's mail is marked <c>failed</c>.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>How long a node may hold a claimed mail before another node may try it.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
