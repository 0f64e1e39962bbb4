namespace OmniBiz.WebHost.Identity;

public sealed record LoginRequest(string Email, string Password);
