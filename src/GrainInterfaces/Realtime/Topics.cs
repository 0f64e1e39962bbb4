namespace OmniBiz.GrainInterfaces.Realtime;

/// <summary>Topic names, in one place, as CONTRACT.md and docs/realtime.md name them.</summary>
public static class Topics
{
    /// <summary>Fleet map viewers (staff).</summary>
    public const string Maps = "maps";

    /// <summary>Purchasing dashboards (staff).</summary>
    public const string Purchasing = "purchasing";

    /// <summary>Admin and staff order dashboards.</summary>
    public const string Admins = "admins";

    /// <summary>Support staff.</summary>
    public const string Support = "support";

    /// <summary>Watchers of one order (its customer and staff, through <c>JoinOrder</c>).</summary>
    public static string Order(string orderId) => $"order:{orderId}";

    /// <summary>Watchers of one conversation (typing and read receipts).</summary>
    public static string Conversation(string conversationId) => $"conversation:{conversationId}";

    /// <summary>Every connection of one user.</summary>
    public static string User(string userId) => $"user:{userId}";
}
