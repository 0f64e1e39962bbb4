using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OmniBiz.WebHost.Hosting;

namespace OmniBiz.WebHost.Tests.OpenApi;

/// <summary>
/// Compares answers the server gave with what its OpenAPI document declares: the operation exists, the status is
/// declared, the content type is one the status declares, a JSON body matches the declared schema (types, required
/// and undeclared properties, array items, enums), and an endpoint that reads <c>Idempotency-Key</c> declares it.
/// </summary>
public sealed partial class ApiConformance(JsonElement document)
{
    private const int MaxErrorsPerResponse = 5;

    /// <summary>One line per mismatch, each naming the answer; identical lines once.</summary>
    public IReadOnlyList<string> Check(IEnumerable<ObservedResponse> responses) =>
        [.. responses.SelectMany(Check).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    public IEnumerable<string> Check(ObservedResponse response)
    {
        var what = $"{response.Method} {response.RouteTemplate} → {response.Status} ({response.ContentType ?? "no content type"})";
        if (FindOperation(response.Method, response.RouteTemplate) is not { } operation)
        {
            return [$"{what}: the operation is not in the document"];
        }

        var problems = new List<string>();
        if (response.ReadIdempotencyKey && !DeclaresHeader(operation, "Idempotency-Key"))
        {
            problems.Add($"{what}: the handler reads Idempotency-Key but the operation does not declare the header (add .AcceptsIdempotencyKey())");
        }

        if (!operation.TryGetProperty("responses", out var declaredResponses) || !TryGetResponse(declaredResponses, response.Status, out var declared))
        {
            problems.Add($"{what}: status {response.Status} is not declared");
            return problems;
        }

        declared = Resolve(declared, "responses");
        if (response.Body.Length == 0)
        {
            return problems;
        }

        var mediaType = response.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is null || !declared.TryGetProperty("content", out var content) || !TryGetMedia(content, mediaType, out var media))
        {
            var allowed = declared.TryGetProperty("content", out var c) ? string.Join(", ", c.EnumerateObject().Select(p => p.Name)) : "no content";
            problems.Add($"{what}: content type {mediaType ?? "(none)"} is not declared for {response.Status} (declared: {allowed})");
            return problems;
        }

        if (!mediaType.EndsWith("json", StringComparison.Ordinal) || response.BodyTruncated || !media.TryGetProperty("schema", out var schema))
        {
            return problems;
        }

        JsonElement body;
        try
        {
            body = JsonDocument.Parse(response.Body).RootElement;
        }
        catch (JsonException e)
        {
            problems.Add($"{what}: the body is not JSON ({e.Message})");
            return problems;
        }

        var errors = new List<string>();
        Validate(body, schema, "$", errors, 0);
        problems.AddRange(errors.Take(MaxErrorsPerResponse).Select(e => $"{what}: body {e}"));
        return problems;
    }

    private JsonElement? FindOperation(string method, string routeTemplate)
    {
        var wanted = NormalizePath(routeTemplate);
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            if (NormalizePath(path.Name) == wanted && path.Value.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                return operation;
            }
        }

        return null;
    }

    /// <summary>Route templates and document paths agree once constraints, catch-alls and trailing slashes are dropped.</summary>
    public static string NormalizePath(string template)
    {
        var path = RouteParameter().Replace(template, m => "{" + m.Groups["name"].Value + "}");
        path = path.Length > 1 ? path.TrimEnd('/') : path;
        return path.StartsWith('/') ? path : "/" + path;
    }

    private bool DeclaresHeader(JsonElement operation, string name) =>
        operation.TryGetProperty("parameters", out var parameters)
        && parameters.EnumerateArray().Select(p => Resolve(p, "parameters"))
            .Any(p => p.GetProperty("in").GetString() == "header" && string.Equals(p.GetProperty("name").GetString(), name, StringComparison.OrdinalIgnoreCase));

    private static bool TryGetResponse(JsonElement responses, int status, out JsonElement declared) =>
        responses.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out declared)
        || responses.TryGetProperty($"{status / 100}XX", out declared)
        || responses.TryGetProperty("default", out declared);

    private static bool TryGetMedia(JsonElement content, string mediaType, out JsonElement media)
    {
        foreach (var candidate in content.EnumerateObject())
        {
            var name = candidate.Name.ToLowerInvariant();
            if (name == mediaType || name == "*/*" || (name.EndsWith("/*", StringComparison.Ordinal) && mediaType.StartsWith(name[..^1], StringComparison.Ordinal)))
            {
                media = candidate.Value;
                return true;
            }
        }

        media = default;
        return false;
    }

    private JsonElement Resolve(JsonElement element, string kind)
    {
        for (var i = 0; i < 20 && element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference); i++)
        {
            var parts = reference.GetString()!.TrimStart('#', '/').Split('/');
            var target = document;
            foreach (var part in parts)
            {
                target = target.GetProperty(part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }

            element = target;
        }

        _ = kind;
        return element;
    }

    private void Validate(JsonElement value, JsonElement schema, string at, List<string> errors, int depth)
    {
        if (depth > 64 || errors.Count >= MaxErrorsPerResponse || schema.ValueKind is JsonValueKind.True)
        {
            return;
        }

        if (schema.ValueKind is JsonValueKind.False)
        {
            errors.Add($"{at}: no value is allowed here");
            return;
        }

        schema = Resolve(schema, "schemas");
        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var part in allOf.EnumerateArray())
            {
                Validate(value, part, at, errors, depth + 1);
            }
        }

        foreach (var combinator in new[] { "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(combinator, out var options))
            {
                var failures = new List<string>();
                var matched = false;
                foreach (var option in options.EnumerateArray())
                {
                    var attempt = new List<string>();
                    Validate(value, option, at, attempt, depth + 1);
                    if (attempt.Count == 0)
                    {
                        matched = true;
                        break;
                    }

                    failures.AddRange(attempt);
                }

                if (!matched)
                {
                    errors.Add($"{at}: matches none of the {combinator} schemas ({string.Join("; ", failures.Take(3))})");
                    return;
                }
            }
        }

        if (schema.TryGetProperty("type", out var type) && !TypeMatches(value, type))
        {
            errors.Add($"{at}: is {Describe(value)}, the document says {type.GetRawText()}");
            return;
        }

        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => JsonElement.DeepEquals(v, value)))
        {
            errors.Add($"{at}: {value.GetRawText()} is not one of {values.GetRawText()}");
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                ValidateObject(value, schema, at, errors, depth);
                break;
            case JsonValueKind.Array when schema.TryGetProperty("items", out var items):
                var index = 0;
                foreach (var item in value.EnumerateArray().Take(50))
                {
                    Validate(item, items, $"{at}[{index++}]", errors, depth + 1);
                }

                break;
        }
    }

    private void ValidateObject(JsonElement value, JsonElement schema, string at, List<string> errors, int depth)
    {
        var properties = schema.TryGetProperty("properties", out var p) ? p : default;
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    errors.Add($"{at}: lacks the required property '{name}'");
                }
            }
        }

        var additional = schema.TryGetProperty("additionalProperties", out var a) ? a : (JsonElement?)null;
        foreach (var property in value.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Validate(property.Value, propertySchema, $"{at}.{property.Name}", errors, depth + 1);
            }
            else if (additional is { } extra)
            {
                Validate(property.Value, extra, $"{at}.{property.Name}", errors, depth + 1);
            }
            else if (properties.ValueKind == JsonValueKind.Object)
            {
                errors.Add($"{at}: has the property '{property.Name}', which the document does not declare");
            }
        }
    }

    private static bool TypeMatches(JsonElement value, JsonElement type) => type.ValueKind == JsonValueKind.Array
        ? type.EnumerateArray().Any(t => TypeMatches(value, t.GetString()!))
        : TypeMatches(value, type.GetString()!);

    private static bool TypeMatches(JsonElement value, string type) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "string" => value.ValueKind == JsonValueKind.String,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && decimal.Truncate(d) == d,
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "array" => value.ValueKind == JsonValueKind.Array,
        "object" => value.ValueKind == JsonValueKind.Object,
        _ => true,
    };

    private static string Describe(JsonElement value)
    {
        var text = value.GetRawText();
        var shown = text.Length > 60 ? text[..60] + "…" : text;
        return $"{value.ValueKind.ToString().ToLowerInvariant()} {shown}";
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    /// <summary>For failure messages: the answer's body as text, shortened.</summary>
    public static string BodyText(ObservedResponse response)
    {
        var text = Encoding.UTF8.GetString(response.Body);
        return text.Length > 300 ? text[..300] + "…" : text;
    }
}
