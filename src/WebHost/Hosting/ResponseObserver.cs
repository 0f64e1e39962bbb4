using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Hosting;

/// <summary>One answer an API endpoint gave, as the OpenAPI document should describe it.</summary>
public sealed record ObservedResponse(
    string Method, string RouteTemplate, int Status, string? ContentType, byte[] Body, bool BodyTruncated, bool ReadIdempotencyKey);

/// <summary>
/// With <c>OmniBiz:Testing:ObserveResponses</c> set (tests set it; production never does), tells <see cref="Observed"/>
/// about every answer from an endpoint the OpenAPI document describes: method, route template, status, content type
/// and body. Tests compare these with <c>/openapi/v1.json</c>, so the document cannot drift from what the server does.
/// </summary>
public static class ResponseObserver
{
    public const string Setting = "OmniBiz:Testing:ObserveResponses";
    private const int MaxBodyBytes = 256 * 1024;

    /// <summary>Raised once per answered request, after the response is complete.</summary>
    public static event Action<ObservedResponse>? Observed;

    public static IApplicationBuilder UseResponseObserver(this IApplicationBuilder app, IConfiguration configuration)
    {
        if (!configuration.GetValue<bool>(Setting))
        {
            return app;
        }

        return app.Use(static async (context, next) =>
        {
            if (context.GetEndpoint() is not RouteEndpoint endpoint || !Described(endpoint))
            {
                await next(context);
                return;
            }

            var original = context.Response.Body;
            await using var tee = new TeeStream(original, MaxBodyBytes);
            context.Response.Body = tee;
            try
            {
                await next(context);
            }
            catch
            {
                Report(context, endpoint, StatusCodes.Status500InternalServerError, tee);
                throw;
            }
            finally
            {
                context.Response.Body = original;
            }

            Report(context, endpoint, context.Response.StatusCode, tee);
        });
    }

    private static void Report(HttpContext context, RouteEndpoint endpoint, int status, TeeStream tee) =>
        Observed?.Invoke(new ObservedResponse(
            context.Request.Method,
            endpoint.RoutePattern.RawText ?? context.Request.Path,
            status,
            context.Response.ContentType,
            tee.Captured,
            tee.Truncated,
            context.Items.ContainsKey(IdempotencyKeys.ReadMarker)));

    /// <summary>Endpoints mapped from handlers (as the API explorer sees them) and not excluded from the document.</summary>
    private static bool Described(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<System.Reflection.MethodInfo>() is not null
        && endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true };

    /// <summary>Passes writes through and keeps a copy of the first bytes.</summary>
    private sealed class TeeStream(Stream inner, int limit) : Stream
    {
        private readonly MemoryStream _copy = new();

        public byte[] Captured => _copy.ToArray();

        public bool Truncated { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            var room = limit - (int)_copy.Length;
            if (bytes.Length > room)
            {
                Truncated = true;
                bytes = bytes[..Math.Max(room, 0)];
            }

            _copy.Write(bytes);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _copy.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
