namespace OmniBiz.GrainInterfaces.Sessions;

/// <summary>Where an invitation's e-mail is.</summary>
public static class MailStatuses
{
    /// <summary>In the outbox, not yet delivered to the SMTP server.</summary>
    public const string Pending = "pending";

    /// <summary>Accepted by the SMTP server.</summary>
    public const string Sent = "sent";

    /// <summary>Given up after the retries; the invitation says why.</summary>
    public const string Failed = "failed";

    /// <summary>No SMTP server is configured: the invitation exists, its link works, no mail went out.</summary>
    public const string NotSent = "not_sent";
}
