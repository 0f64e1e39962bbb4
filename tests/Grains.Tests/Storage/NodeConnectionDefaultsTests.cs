using Npgsql;
using OmniBiz.Silo.Database;

namespace OmniBiz.Grains.Tests.Storage;

/// <summary>Pure logic: the node's Npgsql defaults, and a configured connection string's own values kept.</summary>
public sealed class NodeConnectionDefaultsTests
{
    [Fact]
    public void The_node_prepares_its_statements_and_does_not_reset_pooled_connections()
    {
        var built = new NpgsqlConnectionStringBuilder(OmniBizDatabase.WithNodeDefaults("Host=db;Database=omnibiz"));

        Assert.Equal(64, built.MaxAutoPrepare);
        Assert.True(built.NoResetOnClose);
    }

    [Fact]
    public void Values_a_configured_connection_string_sets_are_kept()
    {
        var built = new NpgsqlConnectionStringBuilder(OmniBizDatabase.WithNodeDefaults("Host=db;Max Auto Prepare=5;No Reset On Close=false"));

        Assert.Equal(5, built.MaxAutoPrepare);
        Assert.False(built.NoResetOnClose);
    }
}
