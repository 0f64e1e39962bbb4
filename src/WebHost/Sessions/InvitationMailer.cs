using System.Globalization;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using OmniBiz.GrainInterfaces.Sessions;

namespace OmniBiz.WebHost.Sessions;

/// <summary>Composes an invitation mail (text, join link, an iCalendar <c>.ics</c>) and sends batches over SMTP with MailKit.</summary>
public sealed class InvitationMailer(IOptions<SmtpSettings> settings)
{
    /// <summary>Whether an SMTP server is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(settings.Value.Host);

    public MimeMessage Compose(Session session, string email, string joinUrl, string invitationId)
    {
        var start = session.ScheduledAt.ToUniversalTime();
        var when = start.ToString("dddd d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.Value.From));
        message.To.Add(MailboxAddress.Parse(email));
        message.Subject = $"Invitation: {session.Title} ({when})";
        var text = new TextPart("plain")
        {
            Text = $"""
                You are invited to the {session.Kind} "{session.Title}".

                When: {when} ({session.DurationMinutes} minutes)
                Join: {joinUrl}

                The link is yours alone; it works until the session ends.
                """,
        };
        var calendar = new MimePart("text", "calendar")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(Ics(session, email, joinUrl, invitationId)))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment),
            ContentTransferEncoding = ContentEncoding.Base64,
            FileName = "invite.ics",
        };
        calendar.ContentType.Parameters.Add("method", "REQUEST");
        calendar.ContentType.Charset = "utf-8";
        message.Body = new Multipart("mixed") { text, calendar };
        return message;
    }

    /// <summary>The few RFC 5545 lines a calendar needs for one event (CRLF line ends, text escaped, long lines folded).</summary>
    public static string Ics(Session session, string email, string joinUrl, string invitationId)
    {
        static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal).Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        var lines = new[]
        {
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//OmniBiz//Live sessions//EN",
            "METHOD:REQUEST",
            "BEGIN:VEVENT",
            $"UID:{invitationId}@omnibiz",
            $"DTSTAMP:{Stamp(DateTimeOffset.UtcNow)}",
            $"DTSTART:{Stamp(session.ScheduledAt)}",
            $"DTEND:{Stamp(session.ScheduledAt.AddMinutes(session.DurationMinutes))}",
            $"SUMMARY:{Escape(session.Title)}",
            $"DESCRIPTION:{Escape($"Join: {joinUrl}")}",
            $"URL:{joinUrl}",
            $"ATTENDEE;RSVP=TRUE:mailto:{email}",
            "END:VEVENT",
            "END:VCALENDAR",
        };
        var ics = new StringBuilder();
        foreach (var line in lines)
        {
            // Lines longer than 75 octets are folded: CRLF and one space (join links are long).
            for (var i = 0; i < line.Length; i += 73)
            {
                ics.Append(i == 0 ? "" : " ").Append(line.AsSpan(i, Math.Min(73, line.Length - i))).Append("\r\n");
            }
        }

        return ics.ToString();
    }

    /// <summary>A connected (and, when configured, authenticated) SMTP client; the caller disposes it.</summary>
    public async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var smtp = settings.Value;
        var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            var security = Enum.TryParse<SecureSocketOptions>(smtp.Security, ignoreCase: true, out var parsed) ? parsed : SecureSocketOptions.Auto;
            await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
