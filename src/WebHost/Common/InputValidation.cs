using OmniBiz.GrainInterfaces.Common;

namespace OmniBiz.WebHost.Common;

/// <summary>
/// Checks the parts of every request that no endpoint declares field by field: each route value is an id
/// (<see cref="InputRules.Id"/>) and each query-string key and value is short text without control characters.
/// Runs after routing, before any endpoint; a refusal is a 400 problem naming the parameter.
/// </summary>
public static class InputValidation
{
    public static IApplicationBuilder UseInputValidation(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        Check(context.Request);
        return next(context);
    });

    /// <summary>
    /// The longest request target (path and query) answered; Kestrel's own limit is set higher
    /// (<see cref="KestrelRequestLineBytes"/>) so that longer ones get a 414 with problem details from here.
    /// </summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>Kestrel's request-line limit: beyond it Kestrel answers 414 itself, with no body.</summary>
    public const int KestrelRequestLineBytes = 64 * 1024;

    private const string AccessTokenParameter = "access_token";
    private const int MaxTokenLength = 4096;

    private static void Check(HttpRequest request)
    {
        if (request.Path.Value?.Length + request.QueryString.Value?.Length > MaxTargetLength)
        {
            throw new BadHttpRequestException($"The address may be at most {MaxTargetLength} characters.", StatusCodes.Status414UriTooLong);
        }

        foreach (var (name, value) in request.RouteValues)
        {
            if (value is string text && name is not ("controller" or "action"))
            {
                InputRules.Id(name, text);
            }
        }

        if (!request.QueryString.HasValue)
        {
            return;
        }

        foreach (var (name, values) in request.Query)
        {
            if (name.Length > 100 || InputRules.HasControlCharacter(name, freeText: false))
            {
                throw DomainException.Invalid("query", "Query parameter names must be short and free of control characters.");
            }

            foreach (var value in values)
            {
                if (value is null)
                {
                    continue;
                }

                // Browsers pass the hub's access token in the query string; it is as long as its claims make it.
                var limit = name == AccessTokenParameter ? MaxTokenLength : InputRules.MaxQueryValueLength;
                if (value.Length > limit)
                {
                    throw DomainException.Invalid(name, $"{name} may be at most {limit} characters.");
                }

                if (InputRules.HasControlCharacter(value, freeText: false))
                {
                    throw DomainException.Invalid(name, $"{name} may not contain control characters.");
                }
            }
        }
    }
}
