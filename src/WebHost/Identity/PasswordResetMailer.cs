using System.Threading.Channels;
using Microsoft.Extensions.Options;
using MimeKit;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.Grains.Identity;
using OmniBiz.WebHost.Sessions;

namespace OmniBiz.WebHost.Identity;

/// <summary>
/// Sends password reset mail after the request has been answered, so every address, with an account or without,
/// gets the same 202 in the same time: the request only queues the address. Here the account is looked up, the user
/// grain makes the token, and the mail goes out through the product's SMTP sender (MailKit). The mail is not written
/// to the durable outbox, since the outbox would then hold a working token in clear; a mail lost to a crash or a
/// failing SMTP server is asked for again by the person waiting for it.
/// </summary>
public sealed partial class PasswordResetMailer(
    IGrainFactory grains,
    InvitationMailer smtp,
    IOptions<SmtpSettings> smtpSettings,
    IOptions<AuthSettings> settings,
    ILogger<PasswordResetMailer> logger) : BackgroundService
{
    private const int Attempts = 3;

    // Bounded: a flood of requests past the rate limit drops requests, never the node's memory.
    private readonly Channel<ResetRequest> _queue = Channel.CreateBounded<ResetRequest>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>Queues a reset for the address; <paramref name="baseUrl"/> is where the dashboard's reset page lives.</summary>
    public void Enqueue(string email, string baseUrl) => _queue.Writer.TryWrite(new ResetRequest(email, baseUrl));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await SendAsync(request, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(ResetRequest request, CancellationToken cancellationToken)
    {
        var email = IdentityRules.NormalizeEmail(request.Email);
        if (email.Length is 0 or > IdentityRules.MaxEmailLength || !System.Net.Mail.MailAddress.TryCreate(email, out _))
        {
            return;
        }

        var userId = await grains.GetGrain<IEmailIndexGrain>(email).GetUserIdAsync();
        if (userId is null)
        {
            return;
        }

        if (!smtp.Enabled)
        {
            LogMailOff();
            return;
        }

        var token = await grains.GetGrain<IUserGrain>(userId).IssuePasswordResetAsync(settings.Value.ResetTokenLifetime);
        if (token is null)
        {
            return;
        }

        var message = Compose(email, $"{request.BaseUrl}/reset-password?token={Uri.EscapeDataString(token)}");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var client = await smtp.ConnectAsync(cancellationToken);
                await client.SendAsync(message, cancellationToken);
                await client.DisconnectAsync(quit: true, cancellationToken);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && attempt < Attempts)
            {
                LogRetry(e, attempt);
                await Task.Delay(TimeSpan.FromSeconds(attempt * 2), cancellationToken);
            }
        }
    }

    private MimeMessage Compose(string email, string link)
    {
        var lifetime = settings.Value.ResetTokenLifetime;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtpSettings.Value.From));
        message.To.Add(MailboxAddress.Parse(email));
        message.Subject = "Reset your OmniBiz password";
        message.Body = new TextPart("plain")
        {
            Text = $"""
                Someone (we hope you) asked to reset the password of the OmniBiz account for this address.

                Choose a new password here: {link}

                The link works once, for {Math.Max(1, (int)Math.Round(lifetime.TotalMinutes))} minutes. If you did not ask, ignore this mail:
                your password stays as it is.
                """,
        };
        return message;
    }

    private sealed record ResetRequest(string Email, string BaseUrl);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A password reset was asked for an account, but no SMTP server is configured (OmniBiz:Smtp:Host): no mail was sent")]
    private partial void LogMailOff();

    [LoggerMessage(Level = LogLevel.Information, Message = "Sending a password reset mail failed (attempt {Attempt}); retrying")]
    private partial void LogRetry(Exception e, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A password reset mail could not be sent; the person can ask again")]
    private partial void LogFailed(Exception e);
}
