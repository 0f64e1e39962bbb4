namespace OmniBiz.GrainInterfaces.Realtime;

/// <summary>Server-to-client event names, fixed by CONTRACT.md.</summary>
public static class EventNames
{
    /// <summary>The user's cart changed; payload is the cart.</summary>
    public const string CartUpdated = "cart_updated";
}
