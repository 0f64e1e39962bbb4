using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace OmniBiz.WebHost.Auth;

public static class AuthExtensions
{
    public static WebApplicationBuilder AddOmniBizAuth(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JwtSettings>(builder.Configuration.GetSection(JwtSettings.Section));
        builder.Services.AddSingleton<SigningKeyProvider>();
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyProvider, IOptions<JwtSettings>>((options, keys, settings) =>
            {
                options.MapInboundClaims = false;
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

                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddAuthorization(Policies.Add);
        return builder;
    }
}
