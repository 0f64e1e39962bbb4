using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Identity;

/// <summary>
/// Counts enabled admins. User grains release an admin here before they write the change and add one after: a failure
/// in between leaves the roster counting fewer admins than there are, which refuses too much, never too little.
/// Admins made before the roster existed are added when their grain next activates.
/// </summary>
public sealed class AdminRosterGrain(
    [PersistentState(StorageNames.AdminRoster, StorageNames.Main)] IPersistentState<AdminRosterState> state)
    : Grain, IAdminRosterGrain
{
    public async Task AddAsync(string userId)
    {
        if (state.State.UserIds.Add(userId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task ReleaseAsync(string userId)
    {
        var others = state.State.UserIds.Count(id => id != userId);
        if (others == 0)
        {
            throw DomainException.Conflict("This is the last enabled admin: make another user an admin before disabling or demoting this one.");
        }

        if (state.State.UserIds.Remove(userId))
        {
            await state.WriteStateAsync();
        }
    }
}
