namespace OmniBiz.Grains.Identity;

[GenerateSerializer, Alias("omnibiz.EmailIndexState")]
public sealed class EmailIndexState
{
    [Id(0)] public string? UserId { get; set; }
}
