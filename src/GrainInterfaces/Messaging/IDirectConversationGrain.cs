namespace OmniBiz.GrainInterfaces.Messaging;

/// <summary>The one direct conversation of a pair of users, keyed by the two ids in order; racing creations meet here.</summary>
[Alias("omnibiz.IDirectConversationGrain")]
public interface IDirectConversationGrain : IGrainWithStringKey
{
    /// <summary>The pair's conversation, created on first use.</summary>
    [Alias("GetOrCreate")]
    Task<Conversation> GetOrCreateAsync(string creatorId, string otherId);
}
