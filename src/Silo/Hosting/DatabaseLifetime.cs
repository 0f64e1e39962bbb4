using Microsoft.Extensions.Hosting;
using OmniBiz.Silo.Database;

namespace OmniBiz.Silo.Hosting;

/// <summary>
/// Stops a private PostgreSQL when the host stops. Registered before Orleans, so it is stopped after it:
/// the silo writes its last membership and grain state first.
/// </summary>
internal sealed class DatabaseLifetime(OmniBizDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await database.DisposeAsync();
}
