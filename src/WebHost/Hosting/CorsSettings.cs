namespace OmniBiz.WebHost.Hosting;

/// <summary>The <c>OmniBiz:Cors</c> settings: browser origins other than the node's own that may call it.</summary>
public sealed class CorsSettings
{
    public const string Section = "OmniBiz:Cors";

    /// <summary>Exact origins (<c>https://app.example.com</c>); none by default, so only same-origin pages call in.</summary>
    public string[] Origins { get; set; } = [];
}
