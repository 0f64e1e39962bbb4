using Npgsql;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Sessions;
using OmniBiz.Grains.Sessions;
using OmniBiz.Tests.Shared;

namespace OmniBiz.Grains.Tests.Sessions;

[Collection(ClusterCollection.Name)]
public sealed class SessionGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static string NewId() => Guid.NewGuid().ToString("N");

    private async Task<ISessionGrain> CreateAsync(string hostId, int capacity, DateTimeOffset? scheduledAt = null, int durationMinutes = 30)
    {
        var session = fixture.Grains.GetGrain<ISessionGrain>(NewId());
        await session.CreateAsync(new CreateSession(hostId, "Grain test", null, SessionKinds.Meeting, scheduledAt ?? DateTimeOffset.UtcNow.AddHours(1), durationMinutes, capacity, []));
        return session;
    }

    [Fact]
    public async Task Concurrent_joiners_through_both_silos_never_exceed_capacity()
    {
        var hostId = NewId();
        var session = await CreateAsync(hostId, capacity: 10);
        var emails = Enumerable.Range(0, 25).Select(i => $"seat{i}-{NewId()}@example.com").ToList();
        var invitations = await session.InviteAsync(hostId, [.. emails], SessionRoles.Attendee, mail: false);
        Assert.All(invitations, i => Assert.Equal(MailStatuses.NotSent, i.MailStatus));

        var outcomes = await Task.WhenAll(invitations.Select(async i =>
        {
            try
            {
                await fixture.Grains.GetGrain<ISessionGrain>(i.SessionId)
                    .JoinAsync(new JoinSession($"guest:{i.InvitationId}", "Guest", null, i.InvitationId, NewId(), NewId()));
                return true;
            }
            catch (DomainException e) when (e.Kind == DomainErrorKind.Conflict && e.Message.Contains("full", StringComparison.Ordinal))
            {
                return false;
            }
        }));
        Assert.Equal(10, outcomes.Count(o => o));
        Assert.Equal(10, (await session.GetAsync())!.ParticipantCount);
    }

    [Fact]
    public async Task A_join_storm_reaches_the_sessions_list_in_a_few_row_writes_and_so_do_departures()
    {
        var hostId = NewId();
        var session = await CreateAsync(hostId, capacity: SessionGrain.MaxCapacity);
        var id = session.GetPrimaryKeyString();
        var emails = Enumerable.Range(0, SessionGrain.MaxCapacity).Select(i => $"storm{i}-{NewId()}@example.com").ToList();
        var invitations = await session.InviteAsync(hostId, [.. emails], SessionRoles.Attendee, mail: false);
        await Eventually.UntilAsync(() => ListedCountAsync(id), c => c == 0, Patience, "the session's list row");
        var before = ProjectionFailures.Instance.Attempts("sessions", id);

        var seats = await Task.WhenAll(invitations.Select(i => session.JoinAsync(
            new JoinSession($"guest:{i.InvitationId}", "Guest", null, i.InvitationId, $"conn-{i.InvitationId}", NewId()))));
        await Eventually.UntilAsync(() => ListedCountAsync(id), c => c == SessionGrain.MaxCapacity, Patience, "the list to count every seat");
        var stormWrites = ProjectionFailures.Instance.Attempts("sessions", id) - before;
        Assert.InRange(stormWrites, 1, 10);

        foreach (var seat in seats.Take(30))
        {
            await session.LeaveAsync(seat.ParticipantId, $"conn-{seat.UserId["guest:".Length..]}");
        }

        await Eventually.UntilAsync(() => ListedCountAsync(id), c => c == SessionGrain.MaxCapacity - 30, Patience, "the list to drop the departed seats");
    }

    /// <summary>The <c>participantCount</c> of the session's row in the <c>sessions</c> list table, or null without a row.</summary>
    private async Task<int?> ListedCountAsync(string id)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT (document->>'participantCount')::int FROM sessions WHERE id = $1", connection);
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteScalarAsync() is int count ? count : null;
    }

    [Fact]
    public async Task A_revoked_invitation_admits_no_one_and_the_same_identity_rejoining_keeps_its_participant()
    {
        var hostId = NewId();
        var session = await CreateAsync(hostId, capacity: 5);
        var invitations = await session.InviteAsync(hostId, ["a@example.com", "b@example.com"], SessionRoles.Presenter, mail: false);
        await session.RevokeInvitationAsync(hostId, invitations[1].InvitationId);
        var revoked = await Assert.ThrowsAsync<DomainException>(() =>
            session.JoinAsync(new JoinSession("guest:b", "B", null, invitations[1].InvitationId, NewId(), NewId())));
        Assert.Equal(DomainErrorKind.Forbidden, revoked.Kind);

        var first = await session.JoinAsync(new JoinSession("guest:a", "A", null, invitations[0].InvitationId, "conn-1", NewId()));
        Assert.Equal(SessionRoles.Presenter, first.Role);
        await session.DisconnectedAsync(first.ParticipantId, "conn-1");
        var again = await session.JoinAsync(new JoinSession("guest:a", "A", null, invitations[0].InvitationId, "conn-2", NewId()));
        Assert.Equal(first.ParticipantId, again.ParticipantId);
        Assert.True(again.Rejoined);
        Assert.Equal(first.Version, again.Version);

        // A late disconnect of the replaced connection does not start the grace for the new one.
        await session.DisconnectedAsync(first.ParticipantId, "conn-1");
        Assert.False((await session.JoinAsync(new JoinSession("guest:a", "A", null, invitations[0].InvitationId, "conn-2", NewId()))).Participants.Single().Away);
    }

    [Fact]
    public async Task A_dropped_seat_is_freed_after_the_departure_grace()
    {
        var hostId = NewId();
        var session = await CreateAsync(hostId, capacity: 1);
        var invitations = await session.InviteAsync(hostId, ["x@example.com", "y@example.com"], SessionRoles.Attendee, mail: false);
        var seat = await session.JoinAsync(new JoinSession("guest:x", "X", null, invitations[0].InvitationId, "conn-x", NewId()));
        await Assert.ThrowsAsync<DomainException>(() => session.JoinAsync(new JoinSession("guest:y", "Y", null, invitations[1].InvitationId, "conn-y", NewId())));
        await session.DisconnectedAsync(seat.ParticipantId, "conn-x");
        await Eventually.UntilAsync(async () => (await session.GetAsync())!.ParticipantCount, c => c == 0, TimeSpan.FromSeconds(20), "the grace to free the seat");
        var y = await session.JoinAsync(new JoinSession("guest:y", "Y", null, invitations[1].InvitationId, "conn-y", NewId()));
        Assert.True(y.Version > seat.Version);
    }

    [Fact]
    public async Task A_live_session_ends_by_itself_after_its_scheduled_end_and_the_grace()
    {
        var hostId = NewId();
        var session = await CreateAsync(hostId, capacity: 5, scheduledAt: DateTimeOffset.UtcNow.AddSeconds(-50), durationMinutes: 1);
        await session.JoinAsync(new JoinSession(hostId, "Host", null, null, "conn-host", NewId()));
        Assert.Equal(SessionStatuses.Live, (await session.StartAsync(hostId)).Status);
        var ended = await Eventually.UntilAsync(async () => (await session.GetAsync())!, s => s.Status == SessionStatuses.Ended, TimeSpan.FromSeconds(90), "the auto-end reminder");
        Assert.NotNull(ended.EndedAt);
        Assert.Equal(0, ended.ParticipantCount);
    }

    [Fact]
    public async Task Capacity_outside_1_to_100_and_a_past_start_are_refused()
    {
        foreach (var capacity in new[] { 0, 101 })
        {
            var e = await Assert.ThrowsAsync<DomainException>(() => CreateAsync(NewId(), capacity));
            Assert.Equal("capacity", e.Field);
        }

        var past = await Assert.ThrowsAsync<DomainException>(() => CreateAsync(NewId(), 10, DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.Equal("scheduledAt", past.Field);
    }
}
