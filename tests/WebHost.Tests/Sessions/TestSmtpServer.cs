using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace OmniBiz.WebHost.Tests.Sessions;

/// <summary>A real SMTP server (the SmtpServer package) on a loopback port, which a test can start and stop.</summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly Store _store = new();
    private CancellationTokenSource? _stop;
    private Task? _running;

    public TestSmtpServer(int port) => Port = port;

    public int Port { get; }

    /// <summary>Every message received so far.</summary>
    public IReadOnlyList<MimeMessage> Messages => [.. _store.All];

    public bool IsRunning => _running is { IsCompleted: false };

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        var server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = server.StartAsync(_stop.Token);
    }

    public async Task StopAsync()
    {
        if (_stop is null || _running is null)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _stop = null;
        _running = null;
    }

    /// <summary>The next message to <paramref name="email"/>; fails when none arrives in time.</summary>
    public async Task<MimeMessage> NextToAsync(string email, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var message = await _store.Arrivals.Reader.ReadAsync(cancel.Token);
                if (message.To.Mailboxes.Any(m => string.Equals(m.Address, email, StringComparison.OrdinalIgnoreCase)))
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No mail to {email} arrived in time.");
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> All { get; } = new();

        public Channel<MimeMessage> Arrivals { get; } = Channel.CreateUnbounded<MimeMessage>();

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            All.Enqueue(message);
            Arrivals.Writer.TryWrite(message);
            return SmtpResponse.Ok;
        }
    }
}
