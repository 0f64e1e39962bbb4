namespace OmniBiz.Grains.Identity;

[GenerateSerializer, Alias("omnibiz.UserState")]
public sealed class UserState
{
    [Id(0)] public string Email { get; set; } = "";
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public string PasswordHash { get; set; } = "";
    [Id(3)] public List<string> Roles { get; set; } = [];
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
}
