using System.Collections.Immutable;
using Orleans.Concurrency;

namespace OmniBiz.GrainInterfaces.Messaging;

/// <summary>
/// One conversation, keyed by id. Assigns each message the next gapless sequence number, stores it before answering,
/// and delivers it to every member in sequence order. Owns members and read pointers.
/// </summary>
[Alias("omnibiz.IConversationGrain")]
public interface IConversationGrain : IGrainWithStringKey
{
    /// <summary>Creates the conversation (idempotent for the same creator and type).</summary>
    [Alias("Create")]
    Task<Conversation> CreateAsync(CreateConversation command);

    /// <summary>The conversation, or null.</summary>
    [Alias("Get")]
    Task<Conversation?> GetAsync();

    /// <summary>Whether the user may read and write here (members; staff in support conversations).</summary>
    [Alias("CanAccess")]
    Task<bool> CanAccessAsync(string userId, bool isStaff);

    /// <summary>
    /// Stores and delivers a message; a repeated client message id answers the first message. Sends interleave with
    /// each other and with the other calls, so one conversation can have many sends waiting for one commit.
    /// </summary>
    [Alias("Send"), AlwaysInterleave]
    Task<Message> SendAsync(SendMessage command, bool senderIsStaff);

    /// <summary>Moves the user's read pointer forward to <paramref name="seq"/> (never back); answers the pointer.</summary>
    [Alias("MarkRead")]
    Task<long> MarkReadAsync(string userId, long seq);

    /// <summary>Adds members (group admins; staff joining a support chat add themselves).</summary>
    [Alias("AddMembers")]
    Task<Conversation> AddMembersAsync(string actorId, bool actorIsStaff, ImmutableArray<string> userIds);

    /// <summary>Removes a member (group admins, or a member leaving).</summary>
    [Alias("RemoveMember")]
    Task<Conversation> RemoveMemberAsync(string actorId, string userId);
}
