using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.Tests.Shared;

namespace OmniBiz.Grains.Tests.Identity;

[Collection(ClusterCollection.Name)]
public sealed class SessionTests(ClusterFixture fixture)
{
    private static readonly SessionPolicy Policy = new(TimeSpan.FromDays(30), 5, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15));

    private async Task<IUserGrain> NewUserAsync(string password = "password-123")
    {
        var email = $"session-{Guid.NewGuid():N}@example.com";
        var profile = await fixture.Grains.GetGrain<IEmailIndexGrain>(email).RegisterAsync(new RegisterUser(email, password, "Sam"), [Roles.Customer]);
        return fixture.Grains.GetGrain<IUserGrain>(profile.Id);
    }

    [Fact]
    public async Task Each_lockout_lasts_twice_the_one_before_up_to_the_cap_and_a_success_starts_over()
    {
        var user = await NewUserAsync();
        // Levels a second or more apart, so the time that passes between locking and reading the answer (milliseconds, more on a
        // loaded machine) cannot move a lockout into the next level's range.
        var policy = new SessionPolicy(TimeSpan.FromDays(1), 2, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));

        async Task<TimeSpan> LockAsync()
        {
            // Wrong passwords while locked are not counted; the first one after the lockout is.
            await Eventually.UntilAsync(() => user.SignInAsync("wrong-password", policy), r => r.Status == SignInStatus.WrongPassword, TimeSpan.FromSeconds(10), "the lockout to end");
            Assert.Equal(SignInStatus.WrongPassword, (await user.SignInAsync("wrong-password", policy)).Status);
            var locked = await user.SignInAsync("password-123", policy);
            Assert.Equal(SignInStatus.LockedOut, locked.Status);
            Assert.Null(locked.Session);
            return locked.RetryAfter;
        }

        Assert.InRange(await LockAsync(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.InRange(await LockAsync(), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4));
        Assert.InRange(await LockAsync(), TimeSpan.FromSeconds(4.05), TimeSpan.FromSeconds(5));

        var signedIn = await Eventually.UntilAsync(() => user.SignInAsync("password-123", policy), r => r.Status != SignInStatus.LockedOut, TimeSpan.FromSeconds(10), "the lockout to end");
        Assert.Equal(SignInStatus.SignedIn, signedIn.Status);
        Assert.InRange(await LockAsync(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Changing_roles_or_password_changes_the_stamp_and_ends_every_session()
    {
        var user = await NewUserAsync();
        var session = await user.OpenSessionAsync(Policy);
        Assert.Equal(session.SecurityStamp, await user.GetSecurityStampAsync());

        await user.SetRolesAsync([Roles.Customer]);
        Assert.Equal(session.SecurityStamp, await user.GetSecurityStampAsync()); // no change, no sign-out

        await user.SetRolesAsync([Roles.Staff]);
        var afterRoles = await user.GetSecurityStampAsync();
        Assert.NotEqual(session.SecurityStamp, afterRoles);
        Assert.Null(await user.RefreshAsync(session.RefreshToken, Policy));

        var second = await user.OpenSessionAsync(Policy);
        Assert.Equal(afterRoles, second.SecurityStamp);
        await user.SetPasswordAsync("another-password");
        Assert.NotEqual(afterRoles, await user.GetSecurityStampAsync());
        Assert.Null(await user.RefreshAsync(second.RefreshToken, Policy));
        Assert.Equal(SignInStatus.WrongPassword, (await user.SignInAsync("password-123", Policy)).Status);
        Assert.Equal(SignInStatus.SignedIn, (await user.SignInAsync("another-password", Policy)).Status);
    }

    [Fact]
    public async Task A_disabled_account_has_no_stamp_cannot_sign_in_or_refresh_until_enabled()
    {
        var user = await NewUserAsync();
        var session = await user.OpenSessionAsync(Policy);

        await user.DisableAsync();
        Assert.Null(await user.GetSecurityStampAsync());
        Assert.Equal(SignInStatus.Disabled, (await user.SignInAsync("password-123", Policy)).Status);
        Assert.Null(await user.RefreshAsync(session.RefreshToken, Policy));
        Assert.Equal(DomainErrorKind.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => user.OpenSessionAsync(Policy))).Kind);

        await user.EnableAsync();
        var stamp = await user.GetSecurityStampAsync();
        Assert.NotNull(stamp);
        Assert.NotEqual(session.SecurityStamp, stamp);
        var signedIn = await user.SignInAsync("password-123", Policy);
        Assert.Equal(SignInStatus.SignedIn, signedIn.Status);
        Assert.Equal(stamp, signedIn.Session!.SecurityStamp);
    }

    [Fact]
    public async Task Refresh_tokens_rotate_survive_a_new_activation_and_a_spent_one_ends_the_session()
    {
        var user = await NewUserAsync();
        var first = await user.OpenSessionAsync(Policy);
        var second = await user.RefreshAsync(first.RefreshToken, Policy);
        Assert.NotNull(second);

        // Only hashes are stored, and they are read back from PostgreSQL.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var third = await user.RefreshAsync(second.RefreshToken, Policy);
        Assert.NotNull(third);

        Assert.Null(await user.RefreshAsync(first.RefreshToken, Policy));
        Assert.Null(await user.RefreshAsync(third.RefreshToken, Policy));
        Assert.Null(await fixture.Grains.GetGrain<IUserGrain>(Guid.NewGuid().ToString("N")).RefreshAsync(third.RefreshToken, Policy));
    }
}
