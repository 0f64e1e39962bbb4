using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using OmniBiz.LoadTest.Common;

namespace OmniBiz.LoadTest.Scenarios;

/// <summary>
/// Devices post GPS pings (one per request, or in batches) while map viewers watch <c>vehicles_moved</c>. Measures
/// ping acknowledgement latency, pings per second, and map staleness: the time from a ping being taken (its
/// recordedAt, set when sent) to a viewer seeing that position.
/// </summary>
public sealed class FleetScenario(int devices, double ratePerDevice, int batchSize, int viewers) : IScenario
{
    private readonly List<(string VehicleId, ApiSession Device)> _devices = [];
    private readonly List<HubConnection> _viewers = [];
    private readonly HashSet<string> _vehicleIds = new(StringComparer.Ordinal);

    public string Name => "fleet";

    public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>
    {
        ["devices"] = devices.ToString(CultureInfo.InvariantCulture),
        ["ratePerDevice"] = ratePerDevice == 0 ? "max" : ratePerDevice.ToString(CultureInfo.InvariantCulture),
        ["batch"] = batchSize.ToString(CultureInfo.InvariantCulture),
        ["viewers"] = viewers.ToString(CultureInfo.InvariantCulture),
    };

    public async Task SetupAsync(HarnessContext context)
    {
        var created = new (string, ApiSession)[devices];
        await Parallel.ForEachAsync(Enumerable.Range(0, devices), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var (status, vehicle) = await context.Admin.SendAsync("setup_vehicle", HttpMethod.Post, "/api/fleet/vehicles", new { name = $"Load van {i}", plate = $"LD-{i}" });
            if (status != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"Creating a vehicle answered {(int)status}.");
            }

            var vehicleId = vehicle.GetProperty("id").GetString()!;
            var (_, token) = await context.Admin.SendAsync("setup_token", HttpMethod.Post, $"/api/fleet/vehicles/{vehicleId}/device-token", new { });
            var device = context.Session(i);
            device.Adopt(token.GetProperty("token").GetString()!, $"device:{vehicleId}");
            created[i] = (vehicleId, device);
        });
        _devices.AddRange(created);
        foreach (var (vehicleId, _) in _devices)
        {
            _vehicleIds.Add(vehicleId);
        }

        for (var i = 0; i < viewers; i++)
        {
            var viewer = HarnessContext.Hub(context.Options.TargetFor(i), context.Admin);
            viewer.On<JsonElement>("vehicles_moved", batch => Observe(context, batch));
            await viewer.StartAsync();
            await viewer.InvokeAsync<JsonElement>("Ready");
            await viewer.InvokeAsync("JoinMaps");
            _viewers.Add(viewer);
        }
    }

    private void Observe(HarnessContext context, JsonElement batch)
    {
        var now = DateTimeOffset.UtcNow;
        context.Metrics.Count("map_batches");
        foreach (var moved in batch.EnumerateArray())
        {
            if (_vehicleIds.Contains(moved.GetProperty("vehicleId").GetString()!))
            {
                context.Metrics.Record("map_staleness", now - moved.GetProperty("recordedAt").GetDateTimeOffset());
                context.Metrics.Count("map_positions");
            }
        }
    }

    public Task RunAsync(HarnessContext context, CancellationToken stop) =>
        Task.WhenAll(_devices.Select((d, i) => DriveAsync(context, d.Device, new Random(i), stop)));

    private async Task DriveAsync(HarnessContext context, ApiSession device, Random random, CancellationToken stop)
    {
        var interval = ratePerDevice > 0 ? TimeSpan.FromSeconds(batchSize / ratePerDevice) : TimeSpan.Zero;
        var (lat, lng) = (52.0 + random.NextDouble(), 4.0 + random.NextDouble());
        var lastTicks = 0L;
        var operation = batchSize == 1 ? "ping" : "ping_batch";
        if (interval > TimeSpan.Zero)
        {
            // Spread devices over the interval so requests do not arrive in waves.
            await Delay(TimeSpan.FromTicks((long)(interval.Ticks * random.NextDouble())), stop);
        }

        var next = Stopwatch.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            var pings = new object[batchSize];
            var now = DateTimeOffset.UtcNow.UtcTicks;
            for (var i = 0; i < batchSize; i++)
            {
                // Strictly increasing, whole microseconds, never in the future: every ping is a new fix.
                lastTicks = Math.Max(lastTicks + 10, now - ((batchSize - 1 - i) * 10));
                lastTicks -= lastTicks % 10;
                (lat, lng) = (lat + ((random.NextDouble() - 0.5) * 0.0005), lng + ((random.NextDouble() - 0.5) * 0.0005));
                pings[i] = new { lat, lng, speedKph = 30, heading = 90, recordedAt = new DateTimeOffset(lastTicks, TimeSpan.Zero) };
            }

            var (status, result) = await device.SendAsync(operation, HttpMethod.Post, "/api/fleet/pings", new { pings });
            if (status == HttpStatusCode.Accepted && context.Metrics.Recording)
            {
                context.Metrics.Count("pings_accepted", result.GetProperty("accepted").GetInt32());
                context.Metrics.Count("pings_rejected", result.GetProperty("rejected").GetArrayLength());
            }

            if (interval > TimeSpan.Zero)
            {
                next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                if (wait > TimeSpan.Zero)
                {
                    await Delay(wait, stop);
                }
            }
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task VerifyAsync(HarnessContext context)
    {
        foreach (var viewer in _viewers)
        {
            await viewer.DisposeAsync();
        }

        if (context.Metrics.Counter("pings_rejected") > 0)
        {
            context.Metrics.Violation($"{context.Metrics.Counter("pings_rejected")} well-formed pings were rejected");
        }

        if (viewers > 0 && context.Metrics.Counter("pings_accepted") > 0 && context.Metrics.Counter("map_positions") == 0)
        {
            context.Metrics.Violation("map viewers saw no positions");
        }
    }
}
