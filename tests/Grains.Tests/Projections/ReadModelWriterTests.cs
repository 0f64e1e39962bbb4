using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OmniBiz.Grains.Projections;

namespace OmniBiz.Grains.Tests.Projections;

/// <summary>The silo's read-model writer against real PostgreSQL: shared transactions, and one bad row failing only its own caller.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReadModelWriterTests(ClusterFixture fixture) : IAsyncLifetime
{
    private readonly string _table = $"read_model_writer_{Guid.NewGuid():N}";
    private NpgsqlDataSource _db = null!;
    private ReadModelWriter _writer = null!;

    public async Task InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using (var create = _db.CreateCommand($"CREATE TABLE {_table} (id text PRIMARY KEY, note text NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }

        _writer = new ReadModelWriter(_db, NullLogger<ReadModelWriter>.Instance);
        await _writer.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _writer.StopAsync(CancellationToken.None);
        _writer.Dispose();
        await using (var drop = _db.CreateCommand($"DROP TABLE {_table}"))
        {
            await drop.ExecuteNonQueryAsync();
        }

        await _db.DisposeAsync();
    }

    private NpgsqlBatchCommand Upsert(string id, string note)
    {
        var command = new NpgsqlBatchCommand($"INSERT INTO {_table} (id, note) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = note });
        return command;
    }

    private NpgsqlBatchCommand Insert(string id) => new($"INSERT INTO {_table} (id, note) VALUES ('{id}', 'plain')");

    /// <summary>Queues a write that holds the writer for a moment, so what is queued next shares the following write.</summary>
    private Task HoldWriterAsync() => _writer.WriteAsync(() => [new NpgsqlBatchCommand("SELECT pg_sleep(0.4)")]);

    private async Task<List<(string Id, string Transaction)>> RowsAsync()
    {
        await using var command = _db.CreateCommand($"SELECT id, xmin::text FROM {_table} ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    [Fact]
    public async Task Projections_queued_while_a_write_runs_are_committed_together_in_the_next_one()
    {
        var holding = HoldWriterAsync();
        await Task.Delay(100);
        var writes = Enumerable.Range(0, 20).Select(i => _writer.WriteAsync(() => [Upsert($"row-{i:D2}", "first"), Upsert($"row-{i:D2}", "second")])).ToList();

        await Task.WhenAll([holding, .. writes]);

        var rows = await RowsAsync();
        Assert.Equal(20, rows.Count);
        Assert.Single(rows.Select(r => r.Transaction).Distinct());
        await using var notes = _db.CreateCommand($"SELECT count(*) FROM {_table} WHERE note = 'second'");
        Assert.Equal(20L, await notes.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_row_PostgreSQL_refuses_fails_only_its_own_caller_and_the_others_are_stored()
    {
        await _writer.WriteAsync(() => [Insert("taken")]);
        var holding = HoldWriterAsync();
        await Task.Delay(100);
        var good = Enumerable.Range(0, 10).Select(i => _writer.WriteAsync(() => [Upsert($"good-{i}", "ok")])).ToList();
        var refused = _writer.WriteAsync(() => [Insert("taken")]);
        var unbuildable = _writer.WriteAsync(() => throw new InvalidOperationException("cannot make the row"));

        await Task.WhenAll([holding, .. good]);
        var error = await Assert.ThrowsAsync<PostgresException>(() => refused);
        await Assert.ThrowsAsync<InvalidOperationException>(() => unbuildable);

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        var rows = await RowsAsync();
        Assert.Equal(11, rows.Count);
        Assert.Equal(10, rows.Count(r => r.Id.StartsWith("good-", StringComparison.Ordinal)));
    }
}
