namespace OmniBiz.WebHost.Sessions;

public static class SessionsExtensions
{
    /// <summary>Join links, ICE servers, session lists and the invitation mail outbox.</summary>
    public static WebApplicationBuilder AddOmniBizSessions(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<SessionsOptions>(builder.Configuration.GetSection(SessionsOptions.Section));
        builder.Services.Configure<SmtpSettings>(builder.Configuration.GetSection(SmtpSettings.Section));
        builder.Services.AddSingleton<JoinLinks>();
        builder.Services.AddSingleton<IceServers>();
        builder.Services.AddSingleton<SessionQueries>();
        builder.Services.AddSingleton<InvitationMailer>();
        builder.Services.AddHostedService<MailOutbox>();
        return builder;
    }
}
