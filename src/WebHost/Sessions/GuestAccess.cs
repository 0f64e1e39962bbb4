namespace OmniBiz.WebHost.Sessions;

/// <summary>A guest's token: valid for <see cref="SessionId"/>'s hub methods only, until <see cref="ExpiresAt"/>.</summary>
public sealed record GuestAccess(string AccessToken, DateTimeOffset ExpiresAt, string SessionId, string UserId, string DisplayName);
