using Microsoft.Extensions.Options;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.Grains.Identity;

namespace OmniBiz.WebHost.Identity;

/// <summary>
/// Makes sure the administrator named in configuration exists, holds the admin role and has the configured
/// password. Runs after the silo or cluster client has started; idempotent across nodes and restarts.
/// </summary>
public sealed partial class AdminBootstrap(IGrainFactory grains, IOptions<AdminSettings> settings, ILogger<AdminBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var admin = settings.Value;
        if (string.IsNullOrWhiteSpace(admin.Email) || string.IsNullOrEmpty(admin.Password))
        {
            return;
        }

        var registration = new RegisterUser(admin.Email, admin.Password, admin.DisplayName);
        IdentityRules.Validate(registration);
        var index = grains.GetGrain<IEmailIndexGrain>(IdentityRules.NormalizeEmail(admin.Email));
        var userId = await index.GetUserIdAsync();
        if (userId is null)
        {
            try
            {
                var created = await index.RegisterAsync(registration, [Roles.Admin, Roles.Staff]);
                LogCreated(created.Email);
                return;
            }
            catch (DomainException e) when (e.Kind == DomainErrorKind.Conflict)
            {
                // Another node created it a moment ago.
                userId = await index.GetUserIdAsync();
            }
        }

        var user = grains.GetGrain<IUserGrain>(userId!);
        var profile = await user.GetAsync();
        if (profile is not null && !profile.Roles.Contains(Roles.Admin))
        {
            await user.SetRolesAsync([.. profile.Roles, Roles.Admin]);
        }

        if (await user.VerifyPasswordAsync(admin.Password) is null)
        {
            await user.SetPasswordAsync(admin.Password);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Created the administrator {Email} from configuration")]
    private partial void LogCreated(string email);
}
