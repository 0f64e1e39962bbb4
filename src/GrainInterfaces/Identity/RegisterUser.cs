namespace OmniBiz.GrainInterfaces.Identity;

/// <summary>What a new account is made from. The password travels only inside the cluster and is hashed by the user grain.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.RegisterUser")]
public sealed record RegisterUser(
    [property: Id(0)] string Email,
    [property: Id(1)] string Password,
    [property: Id(2)] string DisplayName);
