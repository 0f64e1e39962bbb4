using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.WebHost.Identity;

namespace OmniBiz.WebHost.Auth;

public static class AuthExtensions
{
    public static WebApplicationBuilder AddOmniBizAuth(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JwtSettings>(builder.Configuration.GetSection(JwtSettings.Section));
        builder.Services.Configure<LockoutSettings>(builder.Configuration.GetSection(LockoutSettings.Section));
        builder.Services.AddOptions<AuthSettings>().BindConfiguration(AuthSettings.Section)
            .Validate(s => s.ResetTokenLifetime > TimeSpan.Zero, $"{AuthSettings.Section}:ResetTokenLifetime must be a positive time span, e.g. 00:30:00.")
            .ValidateOnStart();
        builder.Services.AddSingleton<UserQueries>();
        builder.Services.AddSingleton<PasswordResetMailer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PasswordResetMailer>());
        builder.Services.AddSingleton<SigningKeyProvider>();
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddSingleton<CachingTokenHandler>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyProvider, IOptions<JwtSettings>, CachingTokenHandler>((options, keys, settings, handler) =>
            {
                options.MapInboundClaims = false;
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(handler);
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Value.Issuer,
                    ValidAudience = settings.Value.Audience,
                    IssuerSigningKey = keys.Key,
                    NameClaimType = OmniBizClaims.Name,
                    RoleClaimType = OmniBizClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                options.Events = new JwtBearerEvents
                {
                    // Browsers cannot set headers on WebSocket or SSE requests: SignalR sends the token as access_token.
                    OnMessageReceived = context =>
                    {
                        if (context.HttpContext.Request.Path.StartsWithSegments(Realtime.RealtimeExtensions.HubPath)
                            && context.Request.Query["access_token"] is { Count: > 0 } token)
                        {
                            context.Token = token;
                        }
                        else if (Hosting.ObservabilityHosting.DashboardCookieToken(context.Request) is { } cookie)
                        {
                            context.Token = cookie;
                        }

                        return Task.CompletedTask;
                    },
                    OnTokenValidated = ValidateSecurityStampAsync,
                };
            });
        builder.Services.AddAuthorization(Policies.Add);
        return builder;
    }

    /// <summary>
    /// A user's token is good only while its security stamp is the account's current one: the user grain is asked on
    /// every request, so a role change, password change or disabling applies at the next request on every node.
    /// Device tokens carry no stamp; they are refused by every policy but the device one, and the vehicle grain
    /// checks their token id on every ping batch. Guest tokens carry no stamp either: only the hub accepts them, for
    /// their one session's methods, and the session grain checks their invitation on every join.
    /// </summary>
    private static async Task ValidateSecurityStampAsync(TokenValidatedContext context)
    {
        var principal = context.Principal = Lean(context.Principal!);
        if (principal.IsInRole(OmniBizClaims.DeviceRole) || principal.IsInRole(OmniBizClaims.GuestRole))
        {
            return;
        }

        var stamp = principal.FindFirst(OmniBizClaims.SecurityStamp)?.Value;
        var userId = principal.FindFirst(OmniBizClaims.UserId)?.Value;
        if (string.IsNullOrEmpty(stamp) || string.IsNullOrEmpty(userId))
        {
            context.Fail("The token carries no user or security stamp.");
            return;
        }

        var grains = context.HttpContext.RequestServices.GetRequiredService<IGrainFactory>();
        if (await grains.GetGrain<IUserGrain>(userId).GetSecurityStampAsync() != stamp)
        {
            context.Fail("This sign-in has ended (the account changed or was disabled); sign in again.");
        }
    }

    private static readonly HashSet<string> ValidationOnlyClaims = ["exp", "iat", "nbf", "iss", "aud"];

    /// <summary>
    /// The caller as the product reads it: its own claims only, without the parsed token the handler attaches to the
    /// identity (with its own copy of every claim) and without the claims that only served validation. A hub
    /// connection holds its caller for its whole life, so this is most of what a signed-in connection costs in memory.
    /// </summary>
    private static ClaimsPrincipal Lean(ClaimsPrincipal principal)
    {
        var identity = (ClaimsIdentity)principal.Identity!;
        var claims = principal.Claims.Where(c => !ValidationOnlyClaims.Contains(c.Type)).Select(c => new Claim(c.Type, c.Value));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType));
    }
}
