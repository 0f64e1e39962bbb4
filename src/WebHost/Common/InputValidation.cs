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

    private static void Check(HttpRequest request)
    {
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

                if (value.Length > InputRules.MaxQueryValueLength)
                {
                    throw DomainException.Invalid(name, $"{name} may be at most {InputRules.MaxQueryValueLength} characters.");
                }

                if (InputRules.HasControlCharacter(value, freeText: false))
                {
                    throw DomainException.Invalid(name, $"{name} may not contain control characters.");
                }
            }
        }
    }
}
