using System.Globalization;
using Npgsql;

namespace OmniBiz.Grains.Orders;

/// <summary>
/// Human-friendly order numbers from a PostgreSQL sequence: unique across the cluster, never reused. Each silo takes
/// them in blocks of <see cref="Block"/> (one round trip per block, not per order), so numbers rise within a silo and
/// interleave across silos; the ones a stopped silo had not handed out are skipped, as a sequence skips numbers anyway.
/// </summary>
public sealed class OrderNumbers(NpgsqlDataSource db) : IDisposable
{
    public const int Block = 64;

    private readonly Queue<long> _taken = new();
    private readonly SemaphoreSlim _refill = new(1, 1);

    public async Task<string> NextAsync()
    {
        while (true)
        {
            lock (_taken)
            {
                if (_taken.TryDequeue(out var next))
                {
                    return string.Create(CultureInfo.InvariantCulture, $"OB-{next}");
                }
            }

            await _refill.WaitAsync();
            try
            {
                if (_taken.Count == 0)
                {
                    await TakeBlockAsync();
                }
            }
            finally
            {
                _refill.Release();
            }
        }
    }

    private async Task TakeBlockAsync()
    {
        await using var command = db.CreateCommand($"SELECT nextval('order_numbers') FROM generate_series(1, {Block})");
        await using var reader = await command.ExecuteReaderAsync();
        var numbers = new List<long>(Block);
        while (await reader.ReadAsync())
        {
            numbers.Add(reader.GetInt64(0));
        }

        numbers.Sort();
        lock (_taken)
        {
            numbers.ForEach(_taken.Enqueue);
        }
    }

    public void Dispose() => _refill.Dispose();
}
