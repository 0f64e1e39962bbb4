namespace OmniBiz.Grains.Sessions;

[GenerateSerializer, Alias("omnibiz.SessionState")]
public sealed class SessionState
{
    [Id(0)] public string HostId { get; set; } = "";
    [Id(1)] public List<string> CoHostIds { get; set; } = [];
    [Id(2)] public string Title { get; set; } = "";
    [Id(3)] public string? Description { get; set; }
    [Id(4)] public string Kind { get; set; } = "";
    [Id(5)] public DateTimeOffset ScheduledAt { get; set; }
    [Id(6)] public int DurationMinutes { get; set; }
    [Id(7)] public int Capacity { get; set; }
    [Id(8)] public string Status { get; set; } = "";
    [Id(9)] public DateTimeOffset CreatedAt { get; set; }
    [Id(10)] public DateTimeOffset? StartedAt { get; set; }
    [Id(11)] public DateTimeOffset? EndedAt { get; set; }
    [Id(12)] public long Version { get; set; }
    [Id(13)] public List<InvitationState> Invitations { get; set; } = [];

    /// <summary>Seats by identity (a user id, or <c>guest:{invitationId}</c>).</summary>
    [Id(14)] public Dictionary<string, SeatState> Seats { get; set; } = [];

    /// <summary>Grows with every seat taken or freed; participant events carry it so clients drop stale ones.</summary>
    [Id(15)] public long ParticipantVersion { get; set; }

    /// <summary>When the last seat of a live session was freed (for the empty timeout).</summary>
    [Id(16)] public DateTimeOffset? EmptySince { get; set; }
}

[GenerateSerializer, Alias("omnibiz.InvitationState")]
public sealed class InvitationState
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string Email { get; set; } = "";
    [Id(2)] public string Role { get; set; } = "";
    [Id(3)] public string MailStatus { get; set; } = "";
    [Id(4)] public string? MailError { get; set; }
    [Id(5)] public bool Revoked { get; set; }
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }
}

[GenerateSerializer, Alias("omnibiz.SeatState")]
public sealed class SeatState
{
    [Id(0)] public string ParticipantId { get; set; } = "";
    [Id(1)] public string UserId { get; set; } = "";
    [Id(2)] public string DisplayName { get; set; } = "";
    [Id(3)] public string Role { get; set; } = "";
    [Id(4)] public string ConnectionId { get; set; } = "";

    /// <summary>Set while the departure grace runs: the seat is freed at this time unless its owner rejoins.</summary>
    [Id(5)] public DateTimeOffset? AwayUntil { get; set; }

    /// <summary>The silo of the web node holding the connection (parsable form), when that node co-hosts one.</summary>
    [Id(6)] public string? NodeSilo { get; set; }
}
