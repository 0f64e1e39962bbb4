using OmniBiz.GrainInterfaces.Identity;

namespace OmniBiz.WebHost.Identity;

/// <summary>A signed-in user with a short-lived access token and the refresh token that renews it.</summary>
public sealed record AuthResponse(UserProfile User, string AccessToken, string RefreshToken);
