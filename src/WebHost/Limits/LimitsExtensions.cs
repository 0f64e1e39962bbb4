using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OmniBiz.WebHost.Auth;

namespace OmniBiz.WebHost.Limits;

/// <summary>
/// Rate limits (ASP.NET Core's rate limiter for HTTP endpoints, <see cref="MessageSendLimiter"/> and
/// <see cref="HubConnectionLimiter"/> for what the hub shares with them), all from <c>OmniBiz:RateLimits</c>.
/// </summary>
public static class LimitsExtensions
{
    public static WebApplicationBuilder AddOmniBizLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitSettings>().Bind(builder.Configuration.GetSection(RateLimitSettings.Section))
            .Validate(s => new[] { s.Login, s.Refresh, s.Register, s.MessageSend, s.Upload, s.Pings }.All(l => l.PermitLimit <= 0 || l.Window > TimeSpan.Zero),
                $"Every {RateLimitSettings.Section} limit with a PermitLimit needs a positive Window (for example 00:01:00).")
            .ValidateOnStart();
        builder.Services.AddSingleton<MessageSendLimiter>();
        builder.Services.AddSingleton<HubConnectionLimiter>();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = OnRejectedAsync;
            // Behind a proxy, the client address is the proxy's unless forwarded headers are applied first.
            options.AddPolicy(RateLimitPolicies.Login, http => WindowLimits.Partition(ClientAddress(http), Settings(http).Login));
            options.AddPolicy(RateLimitPolicies.Refresh, http => WindowLimits.Partition(ClientAddress(http), Settings(http).Refresh));
            options.AddPolicy(RateLimitPolicies.Register, http => WindowLimits.Partition(ClientAddress(http), Settings(http).Register));
            options.AddPolicy(RateLimitPolicies.Upload, http => WindowLimits.Partition(http.User.FindFirstValue(OmniBizClaims.UserId) ?? "", Settings(http).Upload));
            // Per device token, not per vehicle: a revoked or leaked token that keeps calling spends only its own budget,
            // never that of the vehicle's current token.
            options.AddPolicy(RateLimitPolicies.Pings, http => WindowLimits.Partition(http.User.FindFirstValue(OmniBizClaims.TokenId) ?? "", Settings(http).Pings));
        });
        return builder;
    }

    /// <summary>Answers a refusal: 429 problem details, with <c>Retry-After</c> in whole seconds.</summary>
    public static Task WriteRateLimitedAsync(HttpContext http, TimeSpan retryAfter, string detail)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = RateLimitedException.Seconds(retryAfter).ToString(CultureInfo.InvariantCulture);
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = Problem(retryAfter, detail),
        }).AsTask();
    }

    /// <summary>The problem body of a 429.</summary>
    public static ProblemDetails Problem(TimeSpan retryAfter, string detail) => new()
    {
        Status = StatusCodes.Status429TooManyRequests,
        Title = "Too many requests.",
        Detail = detail,
        Extensions = { ["retryAfterSeconds"] = RateLimitedException.Seconds(retryAfter) },
    };

    private static RateLimitSettings Settings(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<RateLimitSettings>>().Value;

    private static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "";

    private static ValueTask OnRejectedAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(60);
        var seconds = RateLimitedException.Seconds(retryAfter);
        return new ValueTask(WriteRateLimitedAsync(context.HttpContext, retryAfter, $"Too many requests; retry in {seconds} s."));
    }
}
