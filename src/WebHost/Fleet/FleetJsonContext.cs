using System.Text.Json;
using System.Text.Json.Serialization;
using OmniBiz.GrainInterfaces.Fleet;

namespace OmniBiz.WebHost.Fleet;

/// <summary>
/// Compile-time JSON for the ping contracts, the busiest request and answer the node parses: no reflection-built
/// metadata on first use, and leaner reading and writing per request. The node's JSON options (number handling,
/// the text converter) still apply; other types keep the reflection-based metadata.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PostPingsRequest))]
[JsonSerializable(typeof(PingBatchResult))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;
