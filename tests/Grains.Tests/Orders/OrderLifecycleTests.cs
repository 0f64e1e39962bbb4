using Npgsql;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Orders;

namespace OmniBiz.Grains.Tests.Orders;

[Collection(ClusterCollection.Name)]
public sealed class OrderLifecycleTests(ClusterFixture fixture)
{
    private static readonly Actor Staff = new("staff-1", IsStaff: true);

    private async Task<(IOrderGrain Grain, Order Order, string ProductId, Actor Customer)> PlacedAsync(decimal price = 10m, int quantity = 2, int stock = 10)
    {
        var productId = Guid.NewGuid().ToString("N");
        await fixture.Grains.GetGrain<IProductGrain>(productId).CreateAsync(new ProductDetails("Chair", "", "home", price, null), stock, "test");
        var customer = new Actor($"customer-{Guid.NewGuid():N}", IsStaff: false);
        var grain = fixture.Grains.GetGrain<IOrderGrain>(Guid.NewGuid().ToString("N"));
        var order = await grain.PlaceAsync(new PlaceOrder(customer.UserId, "2 High Street", "leave at door", [new OrderItemRequest(productId, quantity)], false));
        return (grain, order, productId, customer);
    }

    private static PaymentRequest Pay(decimal amount, string method = "test_card", string? key = null) =>
        new(amount, method, null, key ?? Guid.NewGuid().ToString("N"), "payer");

    private async Task<int> StockAsync(string productId) => (await fixture.Grains.GetGrain<IProductGrain>(productId).GetAsync())!.Stock;

    private async Task<List<(string Name, DateTimeOffset Due)>> RemindersOfAsync(string orderId)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT reminder_name, start_time FROM orleans_reminders WHERE grain_id LIKE '%' || $1", connection);
        command.Parameters.AddWithValue(orderId);
        await using var reader = await command.ExecuteReaderAsync();
        var reminders = new List<(string, DateTimeOffset)>();
        while (await reader.ReadAsync())
        {
            reminders.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return reminders;
    }

    [Fact]
    public async Task A_placed_order_keeps_one_reminder_due_at_its_pay_by_time_and_none_once_paid()
    {
        var (grain, order, _, customer) = await PlacedAsync();

        // The recovery reminder armed before reserving was moved to the pay-by time, not replaced by a second one.
        var reminder = Assert.Single(await RemindersOfAsync(order.Id));
        Assert.Equal("finish", reminder.Name);
        Assert.InRange(reminder.Due, order.PayBy!.Value - TimeSpan.FromSeconds(5), order.PayBy.Value + TimeSpan.FromSeconds(5));

        await grain.PayAsync(Pay(20m), customer);
        Assert.Empty(await RemindersOfAsync(order.Id));
    }

    [Fact]
    public async Task Staff_move_an_order_through_its_statuses_and_each_step_is_in_the_history()
    {
        var (grain, _, _, customer) = await PlacedAsync();
        await grain.PayAsync(Pay(20m), customer);
        await grain.ChangeStatusAsync(OrderStatuses.Processing, Staff);
        await grain.ChangeStatusAsync(OrderStatuses.InTransit, Staff);
        var delivered = await grain.ChangeStatusAsync(OrderStatuses.Delivered, Staff);

        Assert.Equal(OrderStatuses.Delivered, delivered.Status);
        Assert.Equal(
            [OrderStatuses.PendingPayment, OrderStatuses.Paid, OrderStatuses.Processing, OrderStatuses.InTransit, OrderStatuses.Delivered],
            delivered.History.Select(h => h.To));
        Assert.Equal("staff-1", delivered.History[^1].ActorId);
        Assert.Equal(OrderStatuses.InTransit, delivered.History[^1].From);
    }

    [Fact]
    public async Task An_invalid_transition_is_a_conflict_that_names_the_allowed_statuses()
    {
        var (grain, _, _, customer) = await PlacedAsync();
        var error = await Assert.ThrowsAsync<DomainException>(() => grain.ChangeStatusAsync(OrderStatuses.Delivered, Staff));
        Assert.Equal(DomainErrorKind.Conflict, error.Kind);
        Assert.Contains("Allowed next: paid, cancelled", error.Message, StringComparison.Ordinal);

        Assert.Equal(DomainErrorKind.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => grain.ChangeStatusAsync(OrderStatuses.Paid, customer))).Kind);
        Assert.Equal(DomainErrorKind.Invalid, (await Assert.ThrowsAsync<DomainException>(() => grain.ChangeStatusAsync("teleported", Staff))).Kind);
    }

    [Fact]
    public async Task A_customer_cancels_their_own_order_before_shipping_and_the_stock_comes_back_once()
    {
        var (grain, _, productId, customer) = await PlacedAsync(quantity: 3, stock: 10);
        Assert.Equal(7, await StockAsync(productId));
        var stranger = new Actor("someone-else", IsStaff: false);
        Assert.Equal(DomainErrorKind.Forbidden, (await Assert.ThrowsAsync<DomainException>(() => grain.CancelAsync(stranger))).Kind);

        var cancelled = await grain.CancelAsync(customer);
        Assert.Equal(OrderStatuses.Cancelled, cancelled.Status);
        Assert.Equal(10, await StockAsync(productId));

        Assert.Equal(DomainErrorKind.Conflict, (await Assert.ThrowsAsync<DomainException>(() => grain.CancelAsync(customer))).Kind);
        Assert.Equal(10, await StockAsync(productId));
    }

    [Fact]
    public async Task A_shipped_order_cannot_be_cancelled()
    {
        var (grain, _, productId, customer) = await PlacedAsync();
        await grain.PayAsync(Pay(20m), customer);
        await grain.ChangeStatusAsync(OrderStatuses.Processing, Staff);
        await grain.ChangeStatusAsync(OrderStatuses.InTransit, Staff);

        var error = await Assert.ThrowsAsync<DomainException>(() => grain.CancelAsync(Staff));
        Assert.Contains("can no longer be cancelled", error.Message, StringComparison.Ordinal);
        Assert.Equal(8, await StockAsync(productId));
    }

    [Fact]
    public async Task Partial_payments_add_up_the_full_amount_marks_the_order_paid_and_overpaying_is_refused()
    {
        var (grain, _, _, customer) = await PlacedAsync(price: 12.50m, quantity: 2);
        var first = await grain.PayAsync(Pay(10m, "bank_transfer"), Staff);
        Assert.Equal(("partially_paid", 10m, 15m), (first.Order.Payment.Status, first.Order.Payment.Paid, first.Order.Payment.Due));
        Assert.Equal(OrderStatuses.PendingPayment, first.Order.Status);

        var over = await Assert.ThrowsAsync<DomainException>(() => grain.PayAsync(Pay(15.01m), customer));
        Assert.Contains("Only 15.00 is due", over.Message, StringComparison.Ordinal);

        var rest = await grain.PayAsync(Pay(15m, "card_on_delivery"), Staff);
        Assert.Equal(OrderStatuses.Paid, rest.Order.Status);
        Assert.Equal(("paid", 25m, 0m), (rest.Order.Payment.Status, rest.Order.Payment.Paid, rest.Order.Payment.Due));
        Assert.Equal(DomainErrorKind.Conflict, (await Assert.ThrowsAsync<DomainException>(() => grain.PayAsync(Pay(1m), customer))).Kind);
    }

    [Fact]
    public async Task A_test_card_amount_ending_in_13_is_declined_recorded_and_the_same_key_answers_the_same()
    {
        var (grain, _, _, customer) = await PlacedAsync(price: 50m, quantity: 1);
        var declined = await Assert.ThrowsAsync<DomainException>(() => grain.PayAsync(Pay(10.13m, "test_card", "key-1"), customer));
        Assert.Contains("declined", declined.Message, StringComparison.Ordinal);
        var again = await Assert.ThrowsAsync<DomainException>(() => grain.PayAsync(Pay(10.13m, "test_card", "key-1"), customer));
        Assert.Equal(declined.Message, again.Message);

        var order = (await grain.GetAsync())!;
        var failed = Assert.Single(order.Payments);
        Assert.Equal(("failed", 0m), (failed.Status, order.Payment.Paid));

        var ok = await grain.PayAsync(Pay(10.14m, "test_card", "key-2"), customer);
        var retried = await grain.PayAsync(Pay(10.14m, "test_card", "key-2"), customer);
        Assert.Equal(ok.Payment.Id, retried.Payment.Id);
        Assert.Equal(10.14m, retried.Order.Payment.Paid);
    }

    [Theory]
    [InlineData(0, "cash", "amount")]
    [InlineData(1.001, "cash", "amount")]
    [InlineData(1, "bitcoin", "method")]
    public async Task Invalid_payments_name_the_field(decimal amount, string method, string field)
    {
        var (grain, _, _, customer) = await PlacedAsync();
        var error = await Assert.ThrowsAsync<DomainException>(() => grain.PayAsync(Pay(amount, method), customer));
        Assert.Equal((DomainErrorKind.Invalid, field), (error.Kind, error.Field));
    }

    [Fact]
    public async Task Only_the_customer_or_staff_may_pay()
    {
        var (grain, _, _, _) = await PlacedAsync();
        var error = await Assert.ThrowsAsync<DomainException>(() => grain.PayAsync(Pay(1m), new Actor("stranger", false)));
        Assert.Equal(DomainErrorKind.Forbidden, error.Kind);
    }

    [Theory]
    [InlineData("cash")]
    [InlineData("bank_transfer")]
    [InlineData("card_on_delivery")]
    public async Task Customers_cannot_record_offline_payments_themselves_and_are_told_what_they_may_use(string method)
    {
        var (grain, _, _, customer) = await PlacedAsync();
        var error = await Assert.ThrowsAsync<DomainException>(() => grain.PayAsync(Pay(20m, method), customer));

        Assert.Equal(DomainErrorKind.Forbidden, error.Kind);
        Assert.Contains("test_card", error.Message, StringComparison.Ordinal);
        var order = (await grain.GetAsync())!;
        Assert.Equal((OrderStatuses.PendingPayment, 0m), (order.Status, order.Payment.Paid));
        Assert.Empty(order.Payments);

        var recorded = await grain.PayAsync(Pay(20m, method), Staff);
        Assert.Equal((OrderStatuses.Paid, method, "staff-1"), (recorded.Order.Status, recorded.Payment.Method, recorded.Payment.ActorId));
    }
}
