namespace OmniBiz.WebHost.Identity;

public sealed record RegisterUserRequest(string Email, string Password, string DisplayName);
