using System.Collections.Immutable;
using Microsoft.AspNetCore.Identity;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Identity;

public sealed class UserGrain(
    [PersistentState(StorageNames.User, StorageNames.Main)] IPersistentState<UserState> state,
    TimeProvider clock) : Grain, IUserGrain
{
    // The hasher ignores the user instance; one shared instance is enough.
    private static readonly PasswordHasher<UserState> Hasher = new();

    public async Task<UserProfile> CreateAsync(RegisterUser registration, ImmutableArray<string> roles)
    {
        if (state.RecordExists)
        {
            throw DomainException.Conflict("An account already exists under this id.");
        }

        IdentityRules.Validate(registration);
        var validRoles = IdentityRules.ValidateRoles(roles);
        state.State = new UserState
        {
            Email = IdentityRules.NormalizeEmail(registration.Email),
            DisplayName = registration.DisplayName.Trim(),
            PasswordHash = Hasher.HashPassword(state.State, registration.Password),
            Roles = [.. validRoles],
            CreatedAt = clock.GetUtcNow(),
        };
        await state.WriteStateAsync();
        return ToProfile();
    }

    public Task<UserProfile?> GetAsync() => Task.FromResult(state.RecordExists ? ToProfile() : null);

    public async Task<UserProfile?> VerifyPasswordAsync(string password)
    {
        if (!state.RecordExists || string.IsNullOrEmpty(password))
        {
            return null;
        }

        var result = Hasher.VerifyHashedPassword(state.State, state.State.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            state.State.PasswordHash = Hasher.HashPassword(state.State, password);
            await state.WriteStateAsync();
        }

        return ToProfile();
    }

    public async Task<UserProfile> SetRolesAsync(ImmutableArray<string> roles)
    {
        EnsureExists();
        state.State.Roles = [.. IdentityRules.ValidateRoles(roles)];
        await state.WriteStateAsync();
        return ToProfile();
    }

    public async Task SetPasswordAsync(string password)
    {
        EnsureExists();
        IdentityRules.ValidatePassword(password);
        state.State.PasswordHash = Hasher.HashPassword(state.State, password);
        await state.WriteStateAsync();
    }

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw DomainException.NotFound($"No user with id '{this.GetPrimaryKeyString()}'.");
        }
    }

    private UserProfile ToProfile() => new(
        this.GetPrimaryKeyString(),
        state.State.Email,
        state.State.DisplayName,
        [.. state.State.Roles],
        state.State.CreatedAt);
}
