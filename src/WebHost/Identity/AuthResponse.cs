using OmniBiz.GrainInterfaces.Identity;

namespace OmniBiz.WebHost.Identity;

public sealed record AuthResponse(UserProfile User, string AccessToken);
