using System.Collections.Immutable;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Identity;

public sealed class EmailIndexGrain(
    [PersistentState(StorageNames.EmailIndex, StorageNames.Main)] IPersistentState<EmailIndexState> state)
    : Grain, IEmailIndexGrain
{
    public async Task<UserProfile> RegisterAsync(RegisterUser registration, ImmutableArray<string> roles)
    {
        if (state.State.UserId is not null)
        {
            throw DomainException.Conflict("An account with this e-mail address already exists.");
        }

        IdentityRules.Validate(registration);
        if (IdentityRules.NormalizeEmail(registration.Email) != this.GetPrimaryKeyString())
        {
            throw DomainException.Invalid("email", "The e-mail address does not match this index entry.");
        }

        // The account is written before the index: a crash in between leaves an unreachable account,
        // never an address that points at nothing.
        var userId = Guid.NewGuid().ToString("N");
        var profile = await GrainFactory.GetGrain<IUserGrain>(userId).CreateAsync(registration, roles);
        state.State.UserId = userId;
        await state.WriteStateAsync();
        return profile;
    }

    public Task<string?> GetUserIdAsync() => Task.FromResult(state.State.UserId);
}
