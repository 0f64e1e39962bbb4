namespace OmniBiz.GrainInterfaces.Messaging;

/// <summary>Conversation types on the wire.</summary>
public static class ConversationTypes
{
    public const string Direct = "direct";
    public const string Group = "group";

    /// <summary>A support ticket's chat: the customer and the staff who join it.</summary>
    public const string Support = "support";
}
