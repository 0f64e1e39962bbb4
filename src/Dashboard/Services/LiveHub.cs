using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace OmniBiz.Dashboard.Services;

/// <summary>
/// The tab's one connection to <c>/hubs/omnibiz</c>. It reconnects by itself, forever; after every (re)connect it runs
/// the pages' join callbacks again (topic membership belongs to a connection) and raises <see cref="Reconnected"/>
/// so pages read current state and apply only newer versions and sequence numbers.
/// </summary>
public sealed class LiveHub(NavigationManager navigation, AuthState auth, Toasts toasts) : IAsyncDisposable
{
    private readonly List<Func<HubConnection, Task>> _joins = [];
    private HubConnection? _connection;
    private CancellationTokenSource? _loop;
    private bool _everConnected;

    public ConnectionStatus Status { get; private set; } = ConnectionStatus.Offline;

    public event Action? StatusChanged;

    /// <summary>Raised after a connection came back: state may have moved while it was away.</summary>
    public event Func<Task>? Reconnected;

    public HubConnection? Connection => _connection;

    public async Task StartAsync()
    {
        await StopAsync();
        if (auth.AccessToken is null)
        {
            return;
        }

        _connection = new HubConnectionBuilder()
            .WithUrl(navigation.ToAbsoluteUri("hubs/omnibiz"), options => options.AccessTokenProvider = TokenAsync)
            .WithAutomaticReconnect(new Forever())
            .Build();
        _connection.Reconnecting += _ =>
        {
            SetStatus(ConnectionStatus.Reconnecting);
            return Task.CompletedTask;
        };
        _connection.Reconnected += async _ =>
        {
            try
            {
                await OnConnectedAsync(reconnect: true);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Stopped, the keep-connected loop starts it again from scratch.
                await (_connection?.StopAsync() ?? Task.CompletedTask);
            }
        };
        _connection.Closed += _ =>
        {
            SetStatus(ConnectionStatus.Offline);
            return Task.CompletedTask;
        };
        foreach (var name in _handlers.Keys)
        {
            Register(name);
        }

        // A topic's grain came back elsewhere after a silo died: events in between may be missing, so read again.
        _connection.On<JsonElement>("resync", _ => CatchUpAsync());

        _loop = new CancellationTokenSource();
        _ = KeepConnectedAsync(_connection, _loop.Token);
    }

    private readonly Dictionary<string, List<Func<JsonElement, Task>>> _handlers = [];

    /// <summary>Subscribes to a server event for as long as the returned handle lives.</summary>
    public IDisposable On<T>(string eventName, Func<T, Task> handler)
    {
        if (!_handlers.TryGetValue(eventName, out var list))
        {
            _handlers[eventName] = list = [];
            if (_connection is not null)
            {
                Register(eventName);
            }
        }

        Func<JsonElement, Task> wrapped = e => handler(e.Deserialize<T>(Api.Json)!);
        list.Add(wrapped);
        return new Subscription(() => list.Remove(wrapped));
    }

    /// <summary>Runs <paramref name="join"/> now when connected and after every reconnect, until disposed.</summary>
    public IDisposable Keep(Func<HubConnection, Task> join)
    {
        _joins.Add(join);
        if (_connection?.State == HubConnectionState.Connected)
        {
            _ = RunJoinAsync(_connection, join);
        }

        return new Subscription(() => _joins.Remove(join));
    }

    public async Task<T> InvokeAsync<T>(string method, params object?[] args)
    {
        while (true)
        {
            var connection = await ConnectedAsync();
            try
            {
                return await connection.InvokeCoreAsync<T>(method, args);
            }
            catch (HubException e)
            {
                throw new ApiException(System.Net.HttpStatusCode.Conflict, HubMessage(e));
            }
            catch (InvalidOperationException) when (connection.State != HubConnectionState.Connected)
            {
                // It dropped between the check and the call: wait for it again (bounded by ConnectedAsync).
            }
        }
    }

    public Task InvokeAsync(string method, params object?[] args) => InvokeAsync<object?>(method, args);

    /// <summary>
    /// The connection once it is up: a call made while it starts or reconnects (a WebRTC candidate found meanwhile, a
    /// click) waits for it, up to a bound, instead of failing at once; then it fails with a message for the page.
    /// </summary>
    private async Task<HubConnection> ConnectedAsync()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (_connection is { State: HubConnectionState.Connected } connection)
            {
                return connection;
            }

            if (waited.Elapsed > TimeSpan.FromSeconds(15))
            {
                throw new ApiException(System.Net.HttpStatusCode.ServiceUnavailable, "Not connected to the server; try again once the indicator shows connected.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The server's reason, without the client's "An unexpected error occurred invoking …" wrapper.</summary>
    private static string HubMessage(HubException e)
    {
        const string marker = "HubException: ";
        var at = e.Message.IndexOf(marker, StringComparison.Ordinal);
        return at >= 0 ? e.Message[(at + marker.Length)..] : e.Message;
    }

    public async Task StopAsync()
    {
        if (_loop is not null)
        {
            await _loop.CancelAsync();
            _loop.Dispose();
            _loop = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }

        _everConnected = false;
        SetStatus(ConnectionStatus.Offline);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Register(string eventName)
    {
        _connection!.On<JsonElement>(eventName, async payload =>
        {
            if (_handlers.TryGetValue(eventName, out var list))
            {
                foreach (var handler in list.ToArray())
                {
                    await handler(payload);
                }
            }
        });
    }

    /// <summary>Starts the connection, and starts it again whenever it closed (the server ended it, or retries gave up).</summary>
    private async Task KeepConnectedAsync(HubConnection connection, CancellationToken cancellation)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!cancellation.IsCancellationRequested)
        {
            if (connection.State == HubConnectionState.Disconnected)
            {
                SetStatus(_everConnected ? ConnectionStatus.Reconnecting : ConnectionStatus.Connecting);
                try
                {
                    await connection.StartAsync(cancellation);
                    await OnConnectedAsync(reconnect: _everConnected);
                    delay = TimeSpan.FromSeconds(1);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
                {
                    // Anything else (no transport could connect is an AggregateException) must not end this loop:
                    // it is the only thing that brings a closed connection back.
                    if (connection.State != HubConnectionState.Disconnected)
                    {
                        await connection.StopAsync(CancellationToken.None);
                    }

                    SetStatus(ConnectionStatus.Offline);
                    delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 10));
                }
            }

            try
            {
                await Task.Delay(delay, cancellation);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task OnConnectedAsync(bool reconnect)
    {
        var connection = _connection;
        if (connection is null)
        {
            return;
        }

        // The connection joins its own topics just after the handshake; Ready answers once it has.
        await connection.InvokeAsync<JsonElement>("Ready");
        _everConnected = true;
        SetStatus(ConnectionStatus.Connected);
        foreach (var join in _joins.ToArray())
        {
            await RunJoinAsync(connection, join);
        }

        if (reconnect)
        {
            await CatchUpAsync();
            toasts.Show("Reconnected: caught up with what changed meanwhile.", ToastKind.Info);
        }
    }

    private async Task CatchUpAsync()
    {
        if (Reconnected is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Func<Task>>())
            {
                try
                {
                    await handler();
                }
                catch (ApiException e)
                {
                    toasts.Show(e.Message, ToastKind.Error);
                }
            }
        }
    }

    private async Task RunJoinAsync(HubConnection connection, Func<HubConnection, Task> join)
    {
        try
        {
            await join(connection);
        }
        catch (HubException e)
        {
            toasts.Show(HubMessage(e), ToastKind.Error);
        }
    }

    private void SetStatus(ConnectionStatus status)
    {
        if (Status != status)
        {
            Status = status;
            StatusChanged?.Invoke();
        }
    }

    /// <summary>The current access token, refreshed first when it is about to expire (reconnects use it).</summary>
    private async Task<string?> TokenAsync()
    {
        if (auth.Guest is null && auth.AccessToken is { } token && ExpiresSoon(token))
        {
            await auth.RefreshAsync();
        }

        return auth.AccessToken;
    }

    private static bool ExpiresSoon(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length < 2)
        {
            return false;
        }

        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        try
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return doc.RootElement.TryGetProperty("exp", out var exp)
                && DateTimeOffset.FromUnixTimeSeconds(exp.GetInt64()) < DateTimeOffset.UtcNow.AddSeconds(30);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    private sealed class Forever : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            TimeSpan.FromSeconds(Math.Min(10, retryContext.PreviousRetryCount switch { 0 => 0, 1 => 1, 2 => 2, _ => 5 }));
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
