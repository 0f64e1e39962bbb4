using System.Text;
using System.Text.Json;
using OmniBiz.WebHost.Hosting;

namespace OmniBiz.WebHost.Tests.OpenApi;

/// <summary>The checker behind <see cref="DocumentConformanceTests"/> does catch answers the document does not declare.</summary>
public sealed class ApiConformanceTests
{
    private static readonly JsonElement Document = JsonDocument.Parse("""
        {
          "paths": {
            "/api/things/{id}": {
              "get": {
                "responses": {
                  "200": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
                  "404": { "content": { "application/problem+json": { "schema": { "type": "object", "additionalProperties": true } } } }
                }
              },
              "post": {
                "parameters": [ { "name": "Idempotency-Key", "in": "header" } ],
                "responses": { "204": { "description": "done" } }
              },
              "put": { "responses": { "204": { "description": "done" } } }
            }
          },
          "components": {
            "schemas": {
              "Thing": {
                "type": "object",
                "required": [ "id", "count" ],
                "properties": {
                  "id": { "type": "string" },
                  "count": { "type": "integer" },
                  "kind": { "enum": [ "a", "b" ] },
                  "tags": { "type": "array", "items": { "type": "string" } },
                  "note": { "type": [ "null", "string" ] }
                }
              }
            }
          }
        }
        """).RootElement;

    private static ObservedResponse Answer(string method, string route, int status, string? contentType, string body, bool readKey = false) =>
        new(method, route, status, contentType, Encoding.UTF8.GetBytes(body), false, readKey);

    [Fact]
    public void Declared_answers_pass()
    {
        var checker = new ApiConformance(Document);
        Assert.Empty(checker.Check([
            Answer("GET", "/api/things/{id:minlength(1)}/", 200, "application/json; charset=utf-8",
                """{"id":"x","count":2,"kind":"a","tags":["t"],"note":null}"""),
            Answer("GET", "/api/things/{id}", 404, "application/problem+json", """{"status":404,"traceId":"t"}"""),
            Answer("POST", "/api/things/{id}", 204, null, "", readKey: true),
        ]));
    }

    [Theory]
    [InlineData("DELETE", 204, null, "", false, "not in the document")]
    [InlineData("GET", 409, "application/problem+json", "{}", false, "status 409 is not declared")]
    [InlineData("GET", 200, "text/plain", "hello", false, "content type text/plain is not declared")]
    [InlineData("GET", 404, "application/json", "{}", false, "content type application/json is not declared")]
    [InlineData("GET", 200, "application/json", """{"id":"x"}""", false, "lacks the required property 'count'")]
    [InlineData("GET", 200, "application/json", """{"id":"x","count":"2"}""", false, "$.count: is string")]
    [InlineData("GET", 200, "application/json", """{"id":"x","count":2.5}""", false, "$.count: is number")]
    [InlineData("GET", 200, "application/json", """{"id":"x","count":2,"extra":1}""", false, "'extra', which the document does not declare")]
    [InlineData("GET", 200, "application/json", """{"id":"x","count":2,"kind":"c"}""", false, "is not one of")]
    [InlineData("GET", 200, "application/json", """{"id":"x","count":2,"tags":[1]}""", false, "$.tags[0]: is number")]
    [InlineData("GET", 200, "application/json", """[{"id":"x","count":2}]""", false, "$: is array")]
    [InlineData("PUT", 204, null, "", true, "reads Idempotency-Key but the operation does not declare")]
    public void An_undeclared_answer_is_reported(string method, int status, string? contentType, string body, bool readKey, string expected)
    {
        var problems = new ApiConformance(Document).Check([Answer(method, "/api/things/{id}", status, contentType, body, readKey)]);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }
}
