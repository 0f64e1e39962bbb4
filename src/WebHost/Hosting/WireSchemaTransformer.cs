using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OmniBiz.WebHost.Hosting;

/// <summary>
/// Makes schemas say what the wire carries, where the JSON settings hide it from the schema generator:
/// <list type="bullet">
/// <item>strings: <see cref="Common.TextJsonConverter"/> reads every string, and a custom converter leaves the generated
/// schema empty (<c>{}</c>); they are declared <c>string</c> again (with <c>null</c> when the property is nullable), and
/// lists of strings get their items;</item>
/// <item>numbers: the node reads numbers sent as strings (devices do), which the generator declares as
/// <c>["integer", "string"]</c> with a pattern, and doubles as an <c>anyOf</c> with <c>NaN</c> under a wrong
/// <c>type: object</c>; the node always writes plain numbers, so the document declares plain numbers.</item>
/// </list>
/// </summary>
public sealed class WireSchemaTransformer : IOpenApiSchemaTransformer
{
    private const JsonSchemaType Numeric = JsonSchemaType.Integer | JsonSchemaType.Number;

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(string) && schema.Type is null && schema.AnyOf is null && schema.OneOf is null)
        {
            schema.Type = context.JsonPropertyInfo is { IsGetNullable: true } || context.ParameterDescription is { IsRequired: false }
                ? JsonSchemaType.String | JsonSchemaType.Null
                : JsonSchemaType.String;
        }

        if (schema.Type is { } arrayType && arrayType.HasFlag(JsonSchemaType.Array) && schema.Items is null
            && context.JsonTypeInfo.ElementType == typeof(string))
        {
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
        }

        if (schema.AdditionalProperties is OpenApiSchema { Type: { } valuesType, Items: null } values
            && valuesType.HasFlag(JsonSchemaType.Array) && context.JsonTypeInfo.Kind == JsonTypeInfoKind.Dictionary
            && context.JsonTypeInfo.ElementType is { } element && (element == typeof(string[]) || typeof(IEnumerable<string>).IsAssignableFrom(element)))
        {
            values.Items = new OpenApiSchema { Type = JsonSchemaType.String };
        }

        if (schema.Type is { } numberType && (numberType & Numeric) != 0 && numberType.HasFlag(JsonSchemaType.String))
        {
            schema.Type = numberType & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        if (schema.AnyOf is { Count: > 0 } options && options.Any(o => o.Type is { } t && (t & Numeric) != 0)
            && options.All(o => o.Type is { } t ? (t & (Numeric | JsonSchemaType.String | JsonSchemaType.Null)) != 0 : o.Enum is not null))
        {
            var numeric = options.Select(o => o.Type ?? 0).Aggregate((a, b) => a | b) & (Numeric | JsonSchemaType.Null);
            schema.AnyOf = null;
            schema.Type = Nullable.GetUnderlyingType(type) is null ? numeric : numeric | JsonSchemaType.Null;
            schema.Pattern = null;
        }

        return Task.CompletedTask;
    }
}
