using System.Text.Json;

namespace OmniBiz.Grains.Realtime;

/// <summary>The one JSON shape of event payloads: the web defaults (camelCase), as the REST API uses.</summary>
public static class RealtimeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
