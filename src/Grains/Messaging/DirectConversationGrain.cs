using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Messaging;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Messaging;

public sealed class DirectConversationGrain(
    [PersistentState(StorageNames.DirectConversation, StorageNames.Main)] IPersistentState<DirectConversationState> state)
    : Grain, IDirectConversationGrain
{
    /// <summary>The key for a pair: both ids in ordinal order, so either side finds the same grain.</summary>
    public static string KeyOf(string a, string b) => string.CompareOrdinal(a, b) < 0 ? $"{a}|{b}" : $"{b}|{a}";

    public async Task<Conversation> GetOrCreateAsync(string creatorId, string otherId)
    {
        if (KeyOf(creatorId, otherId) != this.GetPrimaryKeyString() || creatorId == otherId)
        {
            throw DomainException.Invalid("memberIds", "A direct conversation is between you and one other user.");
        }

        if (state.State.ConversationId is { } existing)
        {
            return (await GrainFactory.GetGrain<IConversationGrain>(existing).GetAsync())!;
        }

        var id = Guid.NewGuid().ToString("N");
        var conversation = await GrainFactory.GetGrain<IConversationGrain>(id)
            .CreateAsync(new CreateConversation(ConversationTypes.Direct, creatorId, [otherId], null, null));
        state.State.ConversationId = id;
        await state.WriteStateAsync();
        return conversation;
    }
}
