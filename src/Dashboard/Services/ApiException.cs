using System.Net;

namespace OmniBiz.Dashboard.Services;

/// <summary>A refusal from the server, carrying the problem details' message a person can act on.</summary>
public sealed class ApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
