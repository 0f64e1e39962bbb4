using Microsoft.Extensions.Options;
using Npgsql;
using OmniBiz.GrainInterfaces.Sessions;

namespace OmniBiz.WebHost.Sessions;

/// <summary>
/// Sends invitation mail from the <c>session_mail</c> outbox. Every node with SMTP configured polls it; a row is
/// claimed for <see cref="SmtpSettings.ClaimTimeout"/> with <c>FOR UPDATE SKIP LOCKED</c>, so two nodes never send the
/// same mail at once. A failure waits <see cref="SmtpSettings.RetryDelay"/>, doubling each time; after
/// <see cref="SmtpSettings.MaxAttempts"/> the invitation is marked failed with the last reason. The session grain is
/// told each outcome, so invitations show their mail status.
/// </summary>
public sealed partial class MailOutbox(
    NpgsqlDataSource db,
    IGrainFactory grains,
    InvitationMailer mailer,
    JoinLinks links,
    IOptions<SmtpSettings> settings,
    ILogger<MailOutbox> logger) : BackgroundService
{
    private const int BatchSize = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!mailer.Enabled)
        {
            LogMailOff();
            return;
        }

        using var timer = new PeriodicTimer(settings.Value.PollInterval);
        try
        {
            do
            {
                try
                {
                    while (await SendDueAsync(stoppingToken) == BatchSize)
                    {
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogOutboxFailed(e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Claims and sends one batch of due mail; answers how many were claimed.</summary>
    private async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var claimed = await ClaimAsync(cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }

        MailKit.Net.Smtp.SmtpClient? client = null;
        try
        {
            foreach (var mail in claimed)
            {
                try
                {
                    var session = await grains.GetGrain<ISessionGrain>(mail.SessionId).GetAsync();
                    if (session is null || session.Status is SessionStatuses.Ended or SessionStatuses.Cancelled)
                    {
                        await FinishAsync(mail, "skipped", "The session is over.", cancellationToken);
                        continue;
                    }

                    client ??= await mailer.ConnectAsync(cancellationToken);
                    var joinUrl = links.Url(links.Token(mail.SessionId, mail.InvitationId));
                    await client.SendAsync(mailer.Compose(session, mail.Email, joinUrl, mail.InvitationId), cancellationToken);
                    await FinishAsync(mail, MailStatuses.Sent, null, cancellationToken);
                    await grains.GetGrain<ISessionGrain>(mail.SessionId).MailResultAsync(mail.InvitationId, MailStatuses.Sent, null);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    client?.Dispose();
                    client = null;
                    await RetryOrFailAsync(mail, e.Message, cancellationToken);
                }
            }
        }
        finally
        {
            if (client is not null)
            {
                try
                {
                    await client.DisconnectAsync(quit: true, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogDisconnectFailed(e);
                }

                client.Dispose();
            }
        }

        return claimed.Count;
    }

    private async Task<List<OutboxMail>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("""
            UPDATE session_mail SET locked_until = now() + $1, attempts = attempts + 1
             WHERE invitation_id IN (
                SELECT invitation_id FROM session_mail
                 WHERE status = 'pending' AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())
                 ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING invitation_id, session_id, email, attempts
            """);
        command.Parameters.Add(new() { Value = settings.Value.ClaimTimeout });
        command.Parameters.Add(new() { Value = BatchSize });
        var claimed = new List<OutboxMail>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new OutboxMail(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        }

        return claimed;
    }

    private async Task FinishAsync(OutboxMail mail, string status, string? error, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(
            "UPDATE session_mail SET status = $2, last_error = $3, sent_at = CASE WHEN $2 = 'sent' THEN now() END, locked_until = NULL WHERE invitation_id = $1");
        command.Parameters.Add(new() { Value = mail.InvitationId });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = (object?)error ?? DBNull.Value, DataTypeName = "text" });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task RetryOrFailAsync(OutboxMail mail, string reason, CancellationToken cancellationToken)
    {
        var smtp = settings.Value;
        if (mail.Attempts >= smtp.MaxAttempts)
        {
            LogMailFailed(mail.InvitationId, mail.Attempts, reason);
            await FinishAsync(mail, MailStatuses.Failed, reason, cancellationToken);
            await grains.GetGrain<ISessionGrain>(mail.SessionId).MailResultAsync(mail.InvitationId, MailStatuses.Failed, reason);
            return;
        }

        var delay = TimeSpan.FromTicks(Math.Min(smtp.MaxRetryDelay.Ticks, smtp.RetryDelay.Ticks * (1L << Math.Min(20, mail.Attempts - 1))));
        LogMailRetry(mail.InvitationId, mail.Attempts, delay.TotalSeconds, reason);
        await using var command = db.CreateCommand(
            "UPDATE session_mail SET next_attempt_at = now() + $2, last_error = $3, locked_until = NULL WHERE invitation_id = $1");
        command.Parameters.Add(new() { Value = mail.InvitationId });
        command.Parameters.Add(new() { Value = delay });
        command.Parameters.Add(new() { Value = reason });
        await command.ExecuteNonQueryAsync(cancellationToken);
        await grains.GetGrain<ISessionGrain>(mail.SessionId).MailResultAsync(mail.InvitationId, MailStatuses.Pending, $"Attempt {mail.Attempts} failed, retrying: {reason}");
    }

    private sealed record OutboxMail(string InvitationId, string SessionId, string Email, int Attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No SMTP server configured: session invitations are stored and their links work, but no mail is sent (status not_sent). Set OmniBiz:Smtp:Host (and Port, Security, UserName, Password, From) to send them.")]
    private partial void LogMailOff();

    [LoggerMessage(Level = LogLevel.Error, Message = "The invitation mail outbox failed; it tries again at the next poll")]
    private partial void LogOutboxFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Invitation {InvitationId}: attempt {Attempt} failed, retrying in {DelaySeconds} s: {Reason}")]
    private partial void LogMailRetry(string invitationId, int attempt, double delaySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invitation {InvitationId}: giving up after {Attempts} attempts: {Reason}")]
    private partial void LogMailFailed(string invitationId, int attempts, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not close the SMTP connection cleanly")]
    private partial void LogDisconnectFailed(Exception e);
}
