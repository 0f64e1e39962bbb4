using System.Text.Json;
using System.Text.Json.Serialization;

namespace OmniBiz.WebHost.Common;

/// <summary>
/// Reads every JSON string of a request body: control characters other than tabs and line breaks are refused, and so
/// is text longer than <see cref="InputRules.MaxTextLength"/>. The refusal is a <see cref="JsonException"/>, which the
/// framework reports as a 400 naming the field's path.
/// </summary>
public sealed class TextJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected text, found {reader.TokenType}.");
        }

        // Measured before decoding, so an oversized value costs no string of its own.
        var encoded = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (encoded > InputRules.MaxTextLength * 6L)
        {
            throw new JsonException($"Text may be at most {InputRules.MaxTextLength} characters.");
        }

        var text = reader.GetString()!;
        if (text.Length > InputRules.MaxTextLength)
        {
            throw new JsonException($"Text may be at most {InputRules.MaxTextLength} characters.");
        }

        return InputRules.HasControlCharacter(text, freeText: true)
            ? throw new JsonException("Text may not contain control characters such as NUL (tabs and line breaks are fine).")
            : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
