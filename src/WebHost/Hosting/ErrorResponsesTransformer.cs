using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Hosting;

/// <summary>
/// Gives every operation the error answers the pipeline can give it, as <c>application/problem+json</c>, worked out from
/// the endpoint's own metadata so that a new endpoint is described as soon as it is mapped:
/// <list type="bullet">
/// <item>400 (validation problem) and 414 always: <see cref="InputValidation"/> checks every route value and query string;</item>
/// <item>401 and 403 when the endpoint requires authorization (every policy, the default one included, refuses some tokens);</item>
/// <item>404 when the route addresses something by a route parameter;</item>
/// <item>409 on writes (POST, PUT, PATCH, DELETE): grains refuse changes the current state does not allow;</item>
/// <item>413 when the operation reads a body (Kestrel's limit, or the endpoint's own <see cref="IRequestSizeLimitMetadata"/>);</item>
/// <item>429 when a rate-limiter policy applies, or the handler takes one of the product's limiters;</item>
/// <item>503 always: a silo that went away answers so until the cluster moves its grains.</item>
/// </list>
/// Endpoints that read <c>Idempotency-Key</c> say so with <see cref="IdempotencyKeyMetadata"/>; the header is declared for them.
/// </summary>
public sealed class ErrorResponsesTransformer : IOpenApiOperationTransformer
{
    public const string ProblemJson = "application/problem+json";
    private const string ProblemSchema = "ProblemDetails";
    private const string ValidationProblemSchema = "HttpValidationProblemDetails";

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var method = description.HttpMethod?.ToUpperInvariant() ?? "GET";
        var authorized = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var hasRouteParameter = description.RelativePath?.Contains('{', StringComparison.Ordinal) == true;
        var bodyNamesEntity = description.ParameterDescriptions.Any(p => p.Source.Id == "Body" && NamesEntity(p.Type, 0));
        var readsBody = operation.RequestBody is not null
            || description.ParameterDescriptions.Any(p => p.Source.Id is "Body" or "Form" or "FormFile");
        var handler = metadata.OfType<MethodInfo>().FirstOrDefault();
        var rateLimited = metadata.OfType<EnableRateLimitingAttribute>().Any()
            || handler?.GetParameters().Any(p => p.ParameterType.Namespace == typeof(Limits.RateLimitSettings).Namespace
                && p.ParameterType.Name.EndsWith("Limiter", StringComparison.Ordinal)) == true;
        var writes = method is "POST" or "PUT" or "PATCH" or "DELETE";

        var errors = new List<(int Status, string Description, string Schema)>
        {
            (StatusCodes.Status400BadRequest, "The request is invalid: `errors` names each field and what is wrong with it.", ValidationProblemSchema),
        };
        if (authorized)
        {
            errors.Add((StatusCodes.Status401Unauthorized, "No valid access token (missing, expired, or its session has ended).", ProblemSchema));
            errors.Add((StatusCodes.Status403Forbidden, "The token is valid but does not allow this call (role, token kind, or ownership).", ProblemSchema));
        }

        if (hasRouteParameter || bodyNamesEntity)
        {
            errors.Add((StatusCodes.Status404NotFound, "Nothing with that id (in the path or the body), or nothing the caller may see.", ProblemSchema));
        }

        if (writes)
        {
            errors.Add((StatusCodes.Status409Conflict, "The current state does not allow this change.", ProblemSchema));
        }

        if (readsBody || metadata.OfType<IRequestSizeLimitMetadata>().Any())
        {
            errors.Add((StatusCodes.Status413PayloadTooLarge, "The request body is larger than this operation accepts.", ProblemSchema));
        }

        errors.Add((StatusCodes.Status414UriTooLong, "The address (path and query) is too long.", ProblemSchema));
        if (rateLimited)
        {
            errors.Add((StatusCodes.Status429TooManyRequests, "Too many requests: wait for the number of seconds in `Retry-After`.", ProblemSchema));
        }

        errors.Add((StatusCodes.Status503ServiceUnavailable, "Part of the cluster is restarting; nothing was changed. Retry after `Retry-After` seconds.", ProblemSchema));

        operation.Responses ??= new OpenApiResponses();
        foreach (var (status, text, schemaName) in errors)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var schema = await ProblemSchemaAsync(schemaName, context, cancellationToken);
            if (operation.Responses.TryGetValue(key, out var existing) && existing is OpenApiResponse declared)
            {
                declared.Content ??= new Dictionary<string, OpenApiMediaType>();
                declared.Content.Clear();
                declared.Content[ProblemJson] = new OpenApiMediaType { Schema = schema };
                declared.Description = string.IsNullOrEmpty(declared.Description) ? text : declared.Description;
                continue;
            }

            operation.Responses[key] = new OpenApiResponse
            {
                Description = text,
                Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new OpenApiMediaType { Schema = schema } },
            };
        }

        // Errors the endpoint declares itself (typed NotFound, ProducesProblem) are problem details too.
        foreach (var (key, response) in operation.Responses.Where(r => r.Key[0] is '4' or '5' && errors.All(e => e.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) != r.Key)))
        {
            if (response is OpenApiResponse declared)
            {
                declared.Content ??= new Dictionary<string, OpenApiMediaType>();
                declared.Content.Clear();
                declared.Content[ProblemJson] = new OpenApiMediaType { Schema = await ProblemSchemaAsync(key == "400" ? ValidationProblemSchema : ProblemSchema, context, cancellationToken) };
            }
        }

        // A handler that answers with a file: its bytes, of the type the file was stored with.
        var returns = handler?.ReturnType is { IsGenericType: true } task && task.GetGenericTypeDefinition() == typeof(Task<>) ? task.GetGenericArguments()[0] : handler?.ReturnType;
        if (returns is not null && typeof(IFileHttpResult).IsAssignableFrom(returns)
            && operation.Responses.TryGetValue("200", out var ok) && ok is OpenApiResponse file && file.Content is not { Count: > 0 })
        {
            file.Content = new Dictionary<string, OpenApiMediaType>
            {
                ["*/*"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
            };
        }

        if (metadata.OfType<IdempotencyKeyMetadata>().Any())
        {
            operation.Parameters ??= [];
            if (!operation.Parameters.Any(p => p.In == ParameterLocation.Header && p.Name == IdempotencyKeys.Header))
            {
                var required = metadata.OfType<IdempotencyKeyMetadata>().Any(m => m.Required);
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = IdempotencyKeys.Header,
                    In = ParameterLocation.Header,
                    Required = required,
                    Description = $"Any 1 to {IdempotencyKeys.MaxLength} printable characters the client chooses per intended change: " +
                        "a retry with the same key returns the first attempt's outcome instead of doing it twice.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKeys.MaxLength },
                });
            }
        }
    }

    /// <summary>Whether a body names other entities by id ([ValidId] fields, or text fields called ...Id), at any depth.</summary>
    private static bool NamesEntity(Type? type, int depth)
    {
        if (type is null || depth > 4 || type == typeof(string) || type.IsPrimitive)
        {
            return false;
        }

        var element = type.IsArray ? type.GetElementType()
            : type.IsGenericType && type.GetGenericArguments() is [var single] ? single
            : null;
        if (element is not null)
        {
            return NamesEntity(element, depth + 1);
        }

        return type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p =>
            p.GetCustomAttribute<ValidIdAttribute>() is not null
            || (p.PropertyType == typeof(string) && p.Name.EndsWith("Id", StringComparison.Ordinal))
            || (p.PropertyType.Namespace?.StartsWith("OmniBiz", StringComparison.Ordinal) == true && NamesEntity(p.PropertyType, depth + 1))
            || (p.PropertyType.IsGenericType && NamesEntity(p.PropertyType, depth + 1)));
    }

    /// <summary>The problem schema as a shared component, made once per document from the framework's own types.</summary>
    private static async Task<IOpenApiSchema> ProblemSchemaAsync(string name, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(name))
        {
            var type = name == ValidationProblemSchema ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
            var schema = await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken);
            if (schema is OpenApiSchema problem)
            {
                // Every problem carries the request's trace id; RFC 9457 allows further members.
                problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
                problem.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String };
                problem.AdditionalProperties = new OpenApiSchema();
            }

            document.Components.Schemas[name] = schema;
        }

        return new OpenApiSchemaReference(name, document);
    }
}

/// <summary>Marks an endpoint whose handler reads <c>Idempotency-Key</c> (optional unless <see cref="Required"/>).</summary>
public sealed record IdempotencyKeyMetadata(bool Required);

public static class IdempotencyKeyEndpointExtensions
{
    /// <summary>Declares that the endpoint honours <c>Idempotency-Key</c>; the OpenAPI document then lists the header.</summary>
    public static RouteHandlerBuilder AcceptsIdempotencyKey(this RouteHandlerBuilder builder, bool required = false) =>
        builder.WithMetadata(new IdempotencyKeyMetadata(required));
}
