namespace OmniBiz.Grains.Identity;

[GenerateSerializer, Alias("omnibiz.AdminRosterState")]
public sealed class AdminRosterState
{
    /// <summary>Ids of the enabled admins.</summary>
    [Id(0)] public HashSet<string> UserIds { get; set; } = [];
}
