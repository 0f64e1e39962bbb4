namespace OmniBiz.WebHost.Identity;

public sealed record LogoutRequest(string RefreshToken);
