namespace OmniBiz.WebHost.Identity;

public sealed record RefreshTokenRequest(string RefreshToken);
