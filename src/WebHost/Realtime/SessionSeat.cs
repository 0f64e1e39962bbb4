namespace OmniBiz.WebHost.Realtime;

/// <summary>A connection's seat in a session, kept by the node so signals need no grain call to check the sender.</summary>
public sealed record SessionSeat(string ParticipantId, string Role, string Kind);
