using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniBiz.Grains.Catalog;
using OmniBiz.Grains.Storage;
using Orleans.Serialization;
using Orleans.Storage;

namespace OmniBiz.Grains.Tests.Storage;

/// <summary>Grain state is stored in Orleans' binary format, and states stored as JSON by earlier versions still load.</summary>
public sealed class StateSerializerTests
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private static ProductState Sample() => new()
    {
        Name = "Chair",
        Price = 12.5m,
        Stock = 7,
        Version = 3,
        Reservations = { ["order-1"] = 2 },
        RestockedOrders = ["order-0"],
        ReorderPoint = 4,
    };

    [Fact]
    public void A_state_round_trips_in_binary_behind_its_marker()
    {
        var serializer = NewSerializer(out _);
        var stored = serializer.Serialize(Sample());

        Assert.Equal(StateSerializer.Marker, stored.ToMemory().Span[0]);
        var read = serializer.Deserialize<ProductState>(stored)!;
        Assert.Equal(("Chair", 12.5m, 7, 3, 4), (read.Name, read.Price, read.Stock, read.Version, read.ReorderPoint));
        Assert.Equal(2, read.Reservations["order-1"]);
        Assert.Equal(["order-0"], read.RestockedOrders);
    }

    [Fact]
    public void A_state_stored_as_json_by_an_earlier_version_still_loads()
    {
        var serializer = NewSerializer(out var json);
        var legacy = json.Serialize(Sample());
        Assert.Equal((byte)'{', legacy.ToMemory().Span[0]);

        var read = serializer.Deserialize<ProductState>(legacy)!;
        Assert.Equal(("Chair", 7, 2), (read.Name, read.Stock, read.Reservations["order-1"]));
    }

    [Fact]
    public void Binary_is_smaller_than_the_json_it_replaces()
    {
        var serializer = NewSerializer(out var json);
        Assert.True(serializer.Serialize(Sample()).ToMemory().Length < json.Serialize(Sample()).ToMemory().Length);
    }

    [Fact]
    public void During_a_rolling_upgrade_it_writes_json_and_reads_both()
    {
        var binary = NewSerializer(out _);
        var rolling = NewSerializer(out _, writeJson: true);

        var written = rolling.Serialize(Sample());
        Assert.Equal((byte)'{', written.ToMemory().Span[0]);
        Assert.Equal(7, rolling.Deserialize<ProductState>(written)!.Stock);
        Assert.Equal(7, rolling.Deserialize<ProductState>(binary.Serialize(Sample()))!.Stock);
    }

    private static StateSerializer NewSerializer(out IGrainStorageSerializer json, bool writeJson = false)
    {
        json = new JsonGrainStorageSerializer(new OrleansJsonSerializer(Options.Create(new OrleansJsonSerializerOptions())));
        return new StateSerializer(Services.GetRequiredService<Serializer>(), json, writeJson);
    }
}
