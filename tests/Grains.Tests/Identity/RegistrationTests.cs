using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Identity;

namespace OmniBiz.Grains.Tests.Identity;

[Collection(ClusterCollection.Name)]
public sealed class RegistrationTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Twenty_concurrent_registrations_of_one_address_create_exactly_one_account()
    {
        var email = $"race-{Guid.NewGuid():N}@example.com";
        var index = fixture.Grains.GetGrain<IEmailIndexGrain>(email);
        var attempts = Enumerable.Range(0, 20)
            .Select(i => Attempt(() => index.RegisterAsync(new RegisterUser(email, "password-123", $"Racer {i}"), [Roles.Customer])))
            .ToList();
        var results = await Task.WhenAll(attempts);

        var winners = results.Where(r => r.Profile is not null).ToList();
        Assert.Single(winners);
        Assert.All(results.Where(r => r.Profile is null), r => Assert.Equal(DomainErrorKind.Conflict, r.Error!.Kind));
        Assert.Equal(winners[0].Profile!.Id, await index.GetUserIdAsync());
    }

    [Fact]
    public async Task A_password_verifies_only_when_it_matches_and_survives_a_new_activation()
    {
        var email = $"pw-{Guid.NewGuid():N}@example.com";
        var profile = await fixture.Grains.GetGrain<IEmailIndexGrain>(email)
            .RegisterAsync(new RegisterUser(email, "correct-horse", "Pat"), [Roles.Customer]);
        var user = fixture.Grains.GetGrain<IUserGrain>(profile.Id);

        Assert.Null(await user.VerifyPasswordAsync("wrong-horse"));
        Assert.Equal(profile.Id, (await user.VerifyPasswordAsync("correct-horse"))?.Id);

        // A fresh activation reads the hash back from PostgreSQL.
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(profile.Id, (await user.VerifyPasswordAsync("correct-horse"))?.Id);
    }

    [Theory]
    [InlineData("not-an-email", "password-123", "Pat", "email")]
    [InlineData("ok@example.com", "short", "Pat", "password")]
    [InlineData("ok@example.com", "password-123", "  ", "displayName")]
    public async Task Invalid_registrations_name_the_field(string email, string password, string displayName, string field)
    {
        var index = fixture.Grains.GetGrain<IEmailIndexGrain>($"{Guid.NewGuid():N}{email}");
        var error = await Assert.ThrowsAsync<DomainException>(() => index.RegisterAsync(new RegisterUser(email, password, displayName), [Roles.Customer]));
        Assert.Equal(DomainErrorKind.Invalid, error.Kind);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public async Task Unknown_roles_are_refused()
    {
        var email = $"roles-{Guid.NewGuid():N}@example.com";
        var profile = await fixture.Grains.GetGrain<IEmailIndexGrain>(email)
            .RegisterAsync(new RegisterUser(email, "password-123", "Pat"), [Roles.Customer]);
        var user = fixture.Grains.GetGrain<IUserGrain>(profile.Id);

        var error = await Assert.ThrowsAsync<DomainException>(() => user.SetRolesAsync(["customer", "wizard"]));
        Assert.Equal("roles", error.Field);
        Assert.Equal(Roles.Staff, Assert.Single((await user.SetRolesAsync([" Staff "])).Roles));
    }

    private static async Task<(UserProfile? Profile, DomainException? Error)> Attempt(Func<Task<UserProfile>> register)
    {
        try
        {
            return (await register(), null);
        }
        catch (DomainException e)
        {
            return (null, e);
        }
    }
}
