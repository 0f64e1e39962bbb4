using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.WebHost.Realtime;

namespace OmniBiz.WebHost.Tests.Realtime;

/// <summary>Pure logic: how a node puts a topic's events back in publishing order.</summary>
public sealed class TopicOrderTests
{
    private static RealtimeEvent Event(long sequence, string epoch = "e1") => new("t", "n", "{}"u8.ToArray(), sequence, epoch);

    [Fact]
    public void Events_arriving_out_of_order_are_released_in_order_from_the_registered_position()
    {
        var order = new TopicOrder();
        var released = new List<long>();
        order.Accept(Event(2), 0, e => released.Add(e.Sequence)); // before the registration answer came back
        order.Start("e1", 0, e => released.Add(e.Sequence));
        foreach (var sequence in new long[] { 1, 5, 3, 4, 6 })
        {
            order.Accept(Event(sequence), 0, e => released.Add(e.Sequence));
        }

        Assert.Equal([1, 2, 3, 4, 5, 6], released);
        Assert.False(order.HasPending);
    }

    [Fact]
    public void A_gap_is_skipped_after_the_wait_so_the_topic_never_stalls()
    {
        var order = new TopicOrder();
        var released = new List<long>();
        order.Start("e1", 0, e => released.Add(e.Sequence));
        order.Accept(Event(1), 0, e => released.Add(e.Sequence));
        order.Accept(Event(3), 10, e => released.Add(e.Sequence));
        order.Accept(Event(4), 20, e => released.Add(e.Sequence));
        order.Expire(50, 100, e => released.Add(e.Sequence));
        Assert.Equal([1], released);

        order.Expire(200, 100, e => released.Add(e.Sequence));
        Assert.Equal([1, 3, 4], released);
        order.Accept(Event(2), 300, e => released.Add(e.Sequence)); // the straggler still gets through
        Assert.Equal([1, 3, 4, 2], released);
    }

    [Fact]
    public void A_new_topic_activation_starts_a_new_numbering()
    {
        var order = new TopicOrder();
        var released = new List<(string?, long)>();
        order.Start("old", 6, e => released.Add((e.Epoch, e.Sequence)));
        order.Accept(Event(7, "old"), 0, e => released.Add((e.Epoch, e.Sequence)));
        order.Accept(Event(2, "new"), 0, e => released.Add((e.Epoch, e.Sequence)));
        order.Accept(Event(1, "new"), 0, e => released.Add((e.Epoch, e.Sequence)));
        Assert.Equal([("old", 7L)], released);
        order.Start("new", 0, e => released.Add((e.Epoch, e.Sequence))); // the renewal's answer
        Assert.Equal([("old", 7L), ("new", 1L), ("new", 2L)], released);
    }

    [Fact]
    public void Without_a_registration_answer_held_events_go_out_in_order_after_the_wait()
    {
        var order = new TopicOrder();
        var released = new List<long>();
        order.Accept(Event(4), 0, e => released.Add(e.Sequence));
        order.Accept(Event(3), 0, e => released.Add(e.Sequence));
        Assert.Empty(released);
        order.Expire(1000, 100, e => released.Add(e.Sequence));
        Assert.Equal([3, 4], released);
    }

    [Fact]
    public void A_new_activation_is_announced_once_before_its_events_and_the_first_registration_is_not()
    {
        var announced = 0;
        var released = new List<string>();
        var order = new TopicOrder(() =>
        {
            announced++;
            released.Add("resync");
        });

        order.Start("e1", 0, e => released.Add($"{e.Epoch}:{e.Sequence}"));
        order.Accept(Event(1), 0, e => released.Add($"{e.Epoch}:{e.Sequence}"));
        Assert.Equal(0, announced);

        // The topic's silo died: the node renews with the new activation, whose numbering starts again.
        order.Start("e2", 0, e => released.Add($"{e.Epoch}:{e.Sequence}"));
        order.Accept(Event(1, "e2"), 0, e => released.Add($"{e.Epoch}:{e.Sequence}"));
        order.Start("e2", 0, e => released.Add($"{e.Epoch}:{e.Sequence}")); // a later renewal of the same activation
        Assert.Equal(1, announced);

        // Or an event of a newer activation arrives before the node renewed there.
        order.Accept(Event(1, "e3"), 0, e => released.Add($"{e.Epoch}:{e.Sequence}"));
        Assert.Equal(2, announced);
        Assert.Equal(["e1:1", "resync", "e2:1", "resync"], released.Take(4));
    }
}
