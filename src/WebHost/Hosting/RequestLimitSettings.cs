namespace OmniBiz.WebHost.Hosting;

/// <summary>The <c>OmniBiz:Limits</c> settings.</summary>
public sealed class RequestLimitSettings
{
    public const string Section = "OmniBiz:Limits";

    /// <summary>Larger request bodies are refused with 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = NodeExtensions.DefaultMaxRequestBodyBytes;
}
