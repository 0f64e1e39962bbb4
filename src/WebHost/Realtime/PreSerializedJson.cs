using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmniBiz.WebHost.Realtime;

/// <summary>
/// An event payload that is already JSON (serialized once by the grain that published it). SignalR's JSON protocol
/// writes its bytes into the invocation frame as they are, so a node never parses and re-serializes what it forwards.
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed class PreSerializedJson(byte[] utf8)
{
    public byte[] Utf8 { get; } = utf8;

    private sealed class Converter : JsonConverter<PreSerializedJson>
    {
        public override PreSerializedJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Pre-serialized payloads are only written.");

        // The bytes come from our own serializer: checking them again would cost what this type exists to save.
        public override void Write(Utf8JsonWriter writer, PreSerializedJson value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Utf8, skipInputValidation: true);
    }
}
