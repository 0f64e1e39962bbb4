using System.Buffers.Text;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OmniBiz.WebHost.Tests.Common;

/// <summary>
/// Reads the node's own OpenAPI document and makes, for every operation, a plausible request and a set of broken
/// variants of it: one bad value at a time in each path parameter, query parameter and body field (at any depth).
/// New endpoints and fields are covered as soon as the document describes them.
/// </summary>
public sealed class OpenApiProbe(JsonElement document)
{
    /// <summary>One operation of the document.</summary>
    public sealed record Operation(string Method, string PathTemplate, JsonElement Definition)
    {
        public override string ToString() => $"{Method} {PathTemplate}";
    }

    /// <summary>One request to send: what was broken, and how to build it.</summary>
    public sealed record Probe(Operation Operation, string What, string Path, HttpContent? Body)
    {
        public HttpRequestMessage ToRequest(string? token)
        {
            var request = new HttpRequestMessage(new HttpMethod(Operation.Method), Path) { Content = Body };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            // A fresh key on every write, so operations that require one (receipts, supplier payments) reach their grain.
            if (Operation.Method is "POST" or "PUT" or "PATCH")
            {
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            }

            return request;
        }
    }

    /// <summary>Bad strings: control characters (PostgreSQL refuses NUL), blanks, and far too much text.</summary>
    public static readonly IReadOnlyList<(string Name, string Value)> BadStrings =
    [
        ("NUL", "a\u0000b"),
        ("control character", "a\u0007b"),
        ("escape character", "\u001b[31m"),
        ("only whitespace", "   "),
        ("empty", ""),
        ("100,000 characters", new string('x', 100_000)),
        ("lone surrogate", "a\ud800b"),
    ];

    private static readonly IReadOnlyList<(string Name, string Value)> BadQueryValues =
    [
        ("NUL", "a%00b"),
        ("control character", "%07"),
        ("only whitespace", "%20%20"),
        ("empty", ""),
        ("4,000 characters", new string('q', 4000)),
        ("not a number", "abc"),
        ("huge number", "99999999999999999999999"),
        ("long max", "9223372036854775807"),
        ("negative", "-1"),
        ("zero", "0"),
        ("min date", "0001-01-01T00:00:00Z"),
        ("max date", "9999-12-31T23:59:59Z"),
        ("not a date", "yesterday"),
        ("cursor with huge ticks", Base64Url.EncodeToString(Encoding.UTF8.GetBytes("9223372036854775807:x"))),
        ("cursor with negative ticks", Base64Url.EncodeToString(Encoding.UTF8.GetBytes("-5:x"))),
        ("cursor with NUL id", Base64Url.EncodeToString(Encoding.UTF8.GetBytes("638000000000000000:a\u0000b"))),
        ("cursor with empty id", Base64Url.EncodeToString(Encoding.UTF8.GetBytes("638000000000000000:"))),
        ("garbage cursor", "!!!%%%"),
        ("two values", "a&{0}=b"),
    ];

    private static readonly IReadOnlyList<(string Name, string Value)> BadPathValues =
    [
        ("NUL", "a%00b"),
        ("control character", "a%07b"),
        ("only whitespace", "%20"),
        ("tab", "%09"),
        ("3,000 characters", new string('p', 3000)),
        ("encoded slash", "a%2Fb"),
        ("dot dot", ".."),
        ("unicode", "%F0%9F%98%80"),
        ("lone surrogate bytes", "%ED%A0%80"),
    ];

    private static readonly IReadOnlyList<(string Name, JsonNode? Value)> BadNumbers =
    [
        ("a string", JsonValue.Create("abc")),
        ("NaN", JsonValue.Create("NaN")),
        ("Infinity", JsonValue.Create("Infinity")),
        ("1e308", JsonNode.Parse("1e308")),
        ("-1e308", JsonNode.Parse("-1e308")),
        ("long max", JsonNode.Parse("9223372036854775807")),
        ("long min", JsonNode.Parse("-9223372036854775808")),
        ("decimal beyond range", JsonNode.Parse("79228162514264337593543950336")),
        ("fraction", JsonNode.Parse("0.000000001")),
        ("negative", JsonNode.Parse("-1")),
        ("null", null),
        ("an object", new JsonObject()),
    ];

    public IEnumerable<Operation> Operations()
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                if (method.Name is "get" or "post" or "put" or "patch" or "delete")
                {
                    yield return new Operation(method.Name.ToUpperInvariant(), path.Name, method.Value);
                }
            }
        }
    }

    /// <summary>A request the document says is well formed, with <paramref name="pathValue"/> for every path parameter.</summary>
    public Probe Valid(Operation operation, string pathValue) =>
        new(operation, "valid", FillPath(operation, _ => pathValue), BodyOf(operation, ExampleBody(operation)));

    /// <summary>Every broken variant of the operation's request.</summary>
    public IEnumerable<Probe> Broken(Operation operation, string pathValue)
    {
        var body = ExampleBody(operation);
        foreach (var parameter in Parameters(operation))
        {
            var name = parameter.GetProperty("name").GetString()!;
            switch (parameter.GetProperty("in").GetString())
            {
                case "path":
                    foreach (var (what, value) in BadPathValues)
                    {
                        yield return new Probe(operation, $"path {name}: {what}", FillPath(operation, p => p == name ? value : pathValue), BodyOf(operation, body));
                    }

                    break;
                case "query":
                    foreach (var (what, value) in BadQueryValues)
                    {
                        var query = $"?{name}={string.Format(CultureInfo.InvariantCulture, value, name)}";
                        yield return new Probe(operation, $"query {name}: {what}", FillPath(operation, _ => pathValue) + query, BodyOf(operation, body));
                    }

                    break;
            }
        }

        if (body is null)
        {
            yield break;
        }

        if (!IsMultipart(operation) && body is JsonNode json)
        {
            foreach (var (pointer, schema) in Fields(RequestSchema(operation)!.Value, ""))
            {
                foreach (var (what, replacement) in BadValuesFor(schema))
                {
                    var broken = json.DeepClone();
                    Replace(broken, pointer, replacement?.DeepClone());
                    yield return new Probe(operation, $"body {pointer}: {what}", FillPath(operation, _ => pathValue), BodyOf(operation, broken));
                }
            }

            foreach (var (what, text) in new[] { ("malformed JSON", "{\"a\": "), ("a JSON array", "[1,2]"), ("a JSON string", "\"x\""), ("no body", ""), ("NUL in a key", "{\"a\u0000\": 1}") })
            {
                yield return new Probe(operation, $"body: {what}", FillPath(operation, _ => pathValue), new StringContent(text, Encoding.UTF8, "application/json"));
            }
        }
        else
        {
            // multipart upload: bad file names and contents.
            foreach (var (what, fileName) in BadStrings.Where(s => s.Value.Length > 0))
            {
                yield return new Probe(operation, $"file name: {what}", FillPath(operation, _ => pathValue), Multipart(fileName, "text/plain"));
            }

            yield return new Probe(operation, "content type: NUL", FillPath(operation, _ => pathValue), Multipart("a.txt", "text/pl\u0000ain"));
            yield return new Probe(operation, "no file", FillPath(operation, _ => pathValue), new MultipartFormDataContent());
        }
    }

    private IEnumerable<(string Name, JsonNode? Value)> BadValuesFor(JsonElement schema)
    {
        var type = TypeOf(schema);
        var values = new List<(string, JsonNode?)>();
        switch (type)
        {
            case "string":
                values.AddRange(BadStrings.Select(s => (s.Name, (JsonNode?)JsonValue.Create(s.Value))));
                values.Add(("a number", JsonValue.Create(12345)));
                values.Add(("an object", new JsonObject()));
                if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time")
                {
                    values.Add(("min date", JsonValue.Create("0001-01-01T00:00:00Z")));
                    values.Add(("max date", JsonValue.Create("9999-12-31T23:59:59Z")));
                    values.Add(("not a date", JsonValue.Create("yesterday")));
                }

                break;
            case "integer" or "number":
                values.AddRange(BadNumbers);
                break;
            case "boolean":
                values.Add(("a string", JsonValue.Create("maybe")));
                values.Add(("a number", JsonValue.Create(2)));
                break;
            case "array":
                values.Add(("a string", JsonValue.Create("not a list")));
                values.Add(("a null element", new JsonArray((JsonNode?)null)));
                values.Add(("2,000 elements", new JsonArray([.. Enumerable.Range(0, 2000).Select(_ => Example(ItemsOf(schema)))])));
                break;
            case "object":
                values.Add(("a string", JsonValue.Create("not an object")));
                values.Add(("an array", new JsonArray()));
                break;
        }

        values.Add(("null", null));
        return values;
    }

    /// <summary>Each field reachable in the body, as a JSON pointer, with its schema (array items as element 0).</summary>
    private IEnumerable<(string Pointer, JsonElement Schema)> Fields(JsonElement schema, string pointer)
    {
        schema = Resolve(schema);
        switch (TypeOf(schema))
        {
            case "object" when schema.TryGetProperty("properties", out var properties):
                foreach (var property in properties.EnumerateObject())
                {
                    var child = $"{pointer}/{property.Name}";
                    yield return (child, Resolve(property.Value));
                    foreach (var nested in Fields(property.Value, child))
                    {
                        yield return nested;
                    }
                }

                break;
            case "array":
                foreach (var nested in Fields(ItemsOf(schema), $"{pointer}/0"))
                {
                    yield return nested;
                }

                break;
        }
    }

    private JsonNode? ExampleBody(Operation operation) =>
        RequestSchema(operation) is { } schema ? Example(schema) : IsMultipart(operation) ? new JsonObject() : null;

    private JsonNode? Example(JsonElement schema)
    {
        schema = Resolve(schema);
        return TypeOf(schema) switch
        {
            "object" when schema.TryGetProperty("properties", out var properties) =>
                new JsonObject(properties.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, ExampleFor(p.Name, p.Value)))),
            "object" => new JsonObject(),
            "array" => new JsonArray(Example(ItemsOf(schema))),
            "integer" or "number" => JsonValue.Create(1),
            "boolean" => JsonValue.Create(true),
            "string" when schema.TryGetProperty("enum", out var values) => JsonValue.Create(values[0].GetString()),
            "string" when schema.TryGetProperty("format", out var format) && format.GetString() == "date-time" =>
                JsonValue.Create(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture)),
            "string" => JsonValue.Create("probe"),
            _ => null,
        };
    }

    private JsonNode? ExampleFor(string name, JsonElement schema) =>
        name.Contains("email", StringComparison.OrdinalIgnoreCase) && TypeOf(Resolve(schema)) == "string"
            ? JsonValue.Create($"probe-{Guid.NewGuid():N}@example.com")
            : Example(schema);

    private JsonElement ItemsOf(JsonElement schema) => schema.TryGetProperty("items", out var items) ? Resolve(items) : default;

    private JsonElement? RequestSchema(Operation operation) =>
        operation.Definition.TryGetProperty("requestBody", out var body)
        && body.GetProperty("content").TryGetProperty("application/json", out var json)
        && json.TryGetProperty("schema", out var schema)
            ? Resolve(schema)
            : null;

    private static bool IsMultipart(Operation operation) =>
        operation.Definition.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("multipart/form-data", out _);

    private static IEnumerable<JsonElement> Parameters(Operation operation) =>
        operation.Definition.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateArray() : [];

    private JsonElement Resolve(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return schema;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return Resolve(document.GetProperty("components").GetProperty("schemas").GetProperty(name));
        }

        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var options))
            {
                var chosen = options.EnumerateArray().Select(Resolve).FirstOrDefault(o => TypeOf(o) is not (null or "null"));
                if (chosen.ValueKind == JsonValueKind.Object)
                {
                    return chosen;
                }
            }
        }

        return schema;
    }

    /// <summary>The schema's main type; OpenAPI 3.1 lists several (e.g. <c>["integer", "string"]</c> for numbers read from strings).</summary>
    private static string? TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out _) ? "object" : null;
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString();
        }

        var types = type.EnumerateArray().Select(t => t.GetString()).Where(t => t != "null").ToList();
        return types.FirstOrDefault(t => t is "integer" or "number") ?? types.FirstOrDefault();
    }

    private static string FillPath(Operation operation, Func<string, string> valueOf)
    {
        var path = new StringBuilder();
        foreach (var segment in operation.PathTemplate.Split('/'))
        {
            if (path.Length > 0 || segment.Length > 0)
            {
                path.Append('/');
            }

            path.Append(segment.StartsWith('{') ? valueOf(segment.Trim('{', '}')) : segment);
        }

        return path.ToString();
    }

    private static void Replace(JsonNode root, string pointer, JsonNode? value)
    {
        var parts = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var parent = root;
        foreach (var part in parts[..^1])
        {
            parent = parent is JsonArray array ? array[int.Parse(part, CultureInfo.InvariantCulture)]! : parent[part]!;
        }

        if (parent is JsonArray list)
        {
            list[int.Parse(parts[^1], CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent[parts[^1]] = value;
        }
    }

    private static HttpContent? BodyOf(Operation operation, JsonNode? body) =>
        IsMultipart(operation) ? Multipart("probe.txt", "text/plain")
        : body is null ? null
        : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static MultipartFormDataContent Multipart(string fileName, string contentType)
    {
        var file = new ByteArrayContent("probe"u8.ToArray());
        file.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var form = new MultipartFormDataContent();
        // RFC 5987 encoding carries any character, NUL included, past the client's own header checks.
        file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename*=UTF-8''{Escape(fileName)}");
        form.Add(file);
        return form;
    }

    private static string Escape(string text)
    {
        var escaped = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            escaped.Append(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'.' or (byte)'-' ? ((char)b).ToString() : $"%{b:X2}");
        }

        return escaped.ToString();
    }
}
