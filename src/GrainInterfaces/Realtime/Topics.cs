namespace OmniBiz.GrainInterfaces.Realtime;

/// <summary>Topic names, in one place, as CONTRACT.md and docs/realtime.md name them.</summary>
public static class Topics
{
    /// <summary>Fleet map viewers (staff).</summary>
    public const string Maps = "maps";

    /// <summary>Purchasing dashboards (staff).</summary>
    public const string Purchasing = "purchasing";

    /// <summary>Shoppers and dashboards watching the catalog (<c>JoinCatalog</c>): price and stock changes of products for sale.</summary>
    public const string Catalog = "catalog";

    /// <summary>Admin and staff order dashboards.</summary>
    public const string Admins = "admins";

    /// <summary>Support staff.</summary>
    public const string Support = "support";

    /// <summary>Watchers of one order (its customer and staff, through <c>JoinOrder</c>).</summary>
    public static string Order(string orderId) => $"order:{orderId}";

    /// <summary>
    /// Every member connection of one conversation: nodes join a member's connections on connect and when the member
    /// is added, so a message is published once per conversation, not once per member.
    /// </summary>
    public static string Conversation(string conversationId) => $"conversation:{conversationId}";

    /// <summary>Connections watching one conversation's typing indicators (<c>JoinConversation</c>).</summary>
    public static string Typing(string conversationId) => $"typing:{conversationId}";

    /// <summary>Every connection of one user.</summary>
    public static string User(string userId) => $"user:{userId}";

    /// <summary>Every participant connection of one live session (participant and session events).</summary>
    public static string Session(string sessionId) => $"session:{sessionId}";

    /// <summary>
    /// The connection of one participant of one session: signals go here, so a relay is one topic call and one node
    /// call, whichever node the target's connection lives on.
    /// </summary>
    public static string Participant(string sessionId, string participantId) => $"participant:{sessionId}:{participantId}";
}
