using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.Grains.Storage;
using OmniBiz.WebHost.Limits;

namespace OmniBiz.WebHost.Common;

/// <summary>
/// Turns the two expected failures into problem details: a grain's <see cref="DomainException"/> (400/403/404/409)
/// and a request the framework could not read (malformed JSON, wrong types, body too large), a limit reached (429), a silo that is gone or PostgreSQL unreachable (503). Anything else is a
/// bug and is left to the default handler (500, logged).
/// </summary>
public sealed partial class ProblemMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            DomainException domain => FromDomain(domain),
            BadHttpRequestException bad => FromBadRequest(bad),
            RateLimitedException limited => LimitsExtensions.Problem(limited.RetryAfter, limited.Message),
            SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException => Unavailable(),
            _ when DatabaseOutage.Caused(exception) => DatabaseUnavailable(),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "2";
        }
        else if (exception is RateLimitedException limited)
        {
            httpContext.Response.Headers.RetryAfter = RateLimitedException.Seconds(limited.RetryAfter).ToString(CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    public static ProblemDetails FromDomain(DomainException exception) => exception.Kind switch
    {
        DomainErrorKind.Invalid => new HttpValidationProblemDetails(new Dictionary<string, string[]>
        {
            [exception.Field ?? "request"] = [exception.Message],
        })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid.",
            Detail = exception.Message,
        },
        DomainErrorKind.NotFound => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found.", Detail = exception.Message },
        DomainErrorKind.Forbidden => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Not allowed.", Detail = exception.Message },
        DomainErrorKind.Unavailable => new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "Temporarily unavailable.", Detail = exception.Message },
        _ => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict.", Detail = exception.Message },
    };

    // A silo went away and the cluster has not yet moved its grains: nothing was changed, and a retry will work.
    private static ProblemDetails Unavailable() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "Temporarily unavailable.",
        Detail = "Part of the cluster is restarting. Nothing was changed; retry in a few seconds.",
    };

    // PostgreSQL is down or restarting: the change was not stored (a grain keeps its stored state), and a retry will work.
    private static ProblemDetails DatabaseUnavailable() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "Temporarily unavailable.",
        Detail = DatabaseOutage.Message,
    };

    private static ProblemDetails FromBadRequest(BadHttpRequestException exception)
    {
        if (exception.StatusCode is StatusCodes.Status413PayloadTooLarge or StatusCodes.Status414UriTooLong)
        {
            return new ProblemDetails
            {
                Status = exception.StatusCode,
                Title = exception.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The address is too long.",
                Detail = exception.Message,
            };
        }

        // The JSON reader's message names the path and position of the first bad token.
        var json = exception.InnerException as JsonException;
        var field = json?.Path is { Length: > 2 } path ? path.TrimStart('$', '.')
            : ParameterName().Match(exception.Message) is { Success: true } parameter ? parameter.Groups["name"].Value
            : "body";
        var detail = json?.Message ?? exception.Message;
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] })
        {
            Status = exception.StatusCode,
            Title = "The request could not be read.",
            Detail = detail,
        };
    }

    /// <summary>Field validation names C# properties (<c>Email</c>); the wire names them as JSON does (<c>email</c>).</summary>
    public static void CamelCaseFields(ProblemDetails problem)
    {
        if (problem is not HttpValidationProblemDetails validation || validation.Errors.Keys.All(k => k.Length == 0 || !char.IsUpper(k[0])))
        {
            return;
        }

        var renamed = validation.Errors.ToDictionary(e => string.Join('.', e.Key.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName)), e => e.Value);
        validation.Errors.Clear();
        foreach (var (field, messages) in renamed)
        {
            validation.Errors[field] = messages;
        }
    }

    // Route and query binding failures name the parameter as "<type> <name>", e.g. Failed to bind parameter "int? limit".
    [GeneratedRegex("parameter \"(?:[^\"]* )?(?<name>[A-Za-z0-9_]+)\"")]
    private static partial Regex ParameterName();
}
