namespace OmniBiz.WebHost.Limits;

/// <summary>Names of the rate-limiter policies endpoints opt into with <c>RequireRateLimiting</c>.</summary>
public static class RateLimitPolicies
{
    /// <summary>Sign-in and password endpoints, per client IP address.</summary>
    public const string Login = "login";

    /// <summary>Token refresh and sign-out, per client IP address.</summary>
    public const string Refresh = "refresh";

    /// <summary>Account registration, per client IP address.</summary>
    public const string Register = "register";

    /// <summary>Attachment uploads, per user.</summary>
    public const string Upload = "upload";

    /// <summary>Ping batches, per device (vehicle).</summary>
    public const string Pings = "pings";
}
