using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniBiz.GrainInterfaces.Cart;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Fleet;
using OmniBiz.GrainInterfaces.Orders;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.Grains.Projections;
using OmniBiz.Grains.Realtime;
using OmniBiz.Grains.Storage;
using OmniBiz.Grains.Telemetry;

namespace OmniBiz.Grains.Orders;

/// <summary>
/// One order. Work that spans grains (reserving stock, committing it, emptying the cart, returning stock) is written
/// ahead into this grain's state and backed by a reminder, so a crash at any point is finished or undone later:
/// stock is never left held by an order that does not exist. An unpaid order holds one of its customer's few places
/// for unpaid orders (<see cref="IUnpaidOrdersGrain"/>) and expires when it is not paid in time: the same reminder,
/// moved to the pay-by time once the order is placed, so placing an order costs one reminder write, not three.
/// </summary>
public sealed partial class OrderGrain(
    [PersistentState(StorageNames.Order, StorageNames.Main)] IPersistentState<OrderState> state,
    OrderReadModel readModel,
    Projector projector,
    OrderNumbers orderNumbers,
    IPaymentGateway payments,
    IOrderPlacementFaults faults,
    IOptions<OrdersSettings> settings,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider clock,
    ILogger<OrderGrain> logger) : Grain, IOrderGrain, IRemindable
{
    // The order's one reminder: recovery of unfinished work, then expiry while pending_payment.
    private const string FinishReminder = "finish";

    // Orders placed by earlier versions expire by a reminder of their own.
    private const string ExpireReminder = "expire";
    private const string System = "system";

    private IGrainReminder? _finishReminder;
    private Projection? _projection;

    private string OrderId => this.GetPrimaryKeyString();

    private Projection Projection => _projection ??= projector.For(this, "orders", () => readModel.SaveAsync(ToOrder()));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Phase != OrderPhase.Placed)
        {
            return;
        }

        if (state.State.Status == OrderStatuses.PendingPayment && state.State.PayBy is null)
        {
            // Placed before unpaid orders expired: it gets its pay-by time now, counted from when it was placed.
            state.State.PayBy = state.State.CreatedAt + settings.Value.PaymentTimeout;
            state.State.OneReminder = true;
            await state.WriteStateAsync();
            await ArmReminderAsync(state.State.PayBy.Value - clock.GetUtcNow());
        }

        await Projection.ProjectAsync();
    }

    public async Task<Order> PlaceAsync(PlaceOrder command)
    {
        switch (state.State.Phase)
        {
            case OrderPhase.Placed when state.State.CustomerId == command.CustomerId:
                return ToOrder();
            case OrderPhase.Placed:
                throw DomainException.Conflict("This order id belongs to another order.");
            case OrderPhase.Rejected when state.State.CustomerId == command.CustomerId && state.State.RejectionReason is { } reason:
                throw DomainException.Conflict(reason);
            case OrderPhase.Reserving:
                // An earlier attempt was interrupted: undo what it held, then try afresh.
                await FinishAsync();
                break;
        }

        var valid = OrderRules.Validate(command);
        var started = Stopwatch.GetTimestamp();
        var step = started;
        var now = clock.GetUtcNow();
        state.State = new OrderState
        {
            Phase = OrderPhase.Reserving,
            CustomerId = valid.CustomerId,
            OrderNumber = string.IsNullOrEmpty(state.State.OrderNumber) ? await orderNumbers.NextAsync() : state.State.OrderNumber,
            ShippingAddress = valid.ShippingAddress,
            Notes = valid.Notes,
            FromCart = valid.FromCart,
            Requested = [.. valid.Items],
            CreatedAt = now,
            UpdatedAt = now,
            Version = state.State.Version,
            HoldsUnpaidSlot = true,
            OneReminder = true,
        };
        step = OmniBizMetrics.CheckoutStepDone("order_number", step);

        // Written ahead side by side: the state saying what is being reserved, and the reminder that undoes it after
        // a crash. Either alone is harmless (nothing is reserved yet), so they need not wait for each other.
        await Task.WhenAll(state.WriteStateAsync(), ArmReminderAsync(settings.Value.RecoveryDelay));
        step = OmniBizMetrics.CheckoutStepDone("write_ahead", step);

        // The customer's unpaid-order place and every line's stock are asked for at once; whatever was granted is
        // given back when any of them refuses.
        var unpaid = Unpaid().OpenAsync(OrderId);
        var reserved = 0;
        var lines = valid.Items.Select(async item =>
        {
            var reservation = await GrainFactory.GetGrain<IProductGrain>(item.ProductId).ReserveAsync(OrderId, item.Quantity);
            await faults.AfterLineReservedAsync(OrderId, ++reserved);
            return reservation;
        }).ToList();
        StockReservation[] reservations;
        try
        {
            await Task.WhenAll([unpaid, .. lines]);
            reservations = [.. lines.Select(l => l.Result)];
        }
        catch (Exception) when (Failures(unpaid, lines).All(e => e is DomainException))
        {
            await ReleaseAllAsync();
            state.State.HoldsUnpaidSlot = false;
            state.State.Phase = OrderPhase.Rejected;
            if (unpaid.Exception?.InnerException is DomainException atCap)
            {
                // At the cap now, perhaps not later: nothing is held and a retry with the same key asks again.
                state.State.RejectionReason = null;
                await state.WriteStateAsync();
                await DisarmReminderAsync();
                throw atCap;
            }

            var refusal = lines.Select(l => l.Exception?.InnerException).OfType<DomainException>().First();
            await Unpaid().CloseAsync(OrderId);
            state.State.RejectionReason = refusal.Kind == DomainErrorKind.NotFound ? refusal.Message : $"Nothing was ordered: {refusal.Message}";
            await state.WriteStateAsync();
            await DisarmReminderAsync();
            throw refusal.Kind == DomainErrorKind.NotFound ? refusal : DomainException.Conflict(state.State.RejectionReason);
        }
        catch (Exception)
        {
            // We cannot know what the failed call did; the reminder releases whatever is held, once this activation is gone.
            LogPlacementInterrupted(Failures(unpaid, lines).First(e => e is not DomainException), OrderId);
            DeactivateOnIdle();
            throw;
        }

        step = OmniBizMetrics.CheckoutStepDone("reserve", step);
        state.State.Lines = [.. reservations.Select(r => new OrderLine(r.ProductId, r.Name, r.UnitPrice, r.Quantity, r.UnitPrice * r.Quantity))];
        state.State.Total = state.State.Lines.Sum(l => l.LineTotal);
        state.State.Phase = OrderPhase.Placed;
        state.State.Status = OrderStatuses.PendingPayment;
        state.State.History.Add(new OrderHistoryEntry(now, valid.CustomerId, null, OrderStatuses.PendingPayment, "order placed"));
        state.State.ReservationsToCommit = true;
        state.State.CartToClear = valid.FromCart;
        state.State.PayBy = now + settings.Value.PaymentTimeout;
        var order = await SaveAsync();
        step = OmniBizMetrics.CheckoutStepDone("order_saved", step);
        OmniBizMetrics.OrdersPlaced.Add(1);
        await Task.WhenAll(
            FinishAsync(),
            GrainFactory.PublishAsync(Topics.User(order.CustomerId), EventNames.OrderCreated, order),
            GrainFactory.PublishAsync(Topics.Admins, EventNames.NewOrder, new NewOrderNotice(order.Id, order.OrderNumber, order.CustomerId, order.Total)));
        OmniBizMetrics.CheckoutStepDone("follow_ups", step);
        OmniBizMetrics.CheckoutStepDone("total", started);
        return order;
    }

    public Task<Order?> GetAsync() => Task.FromResult(state.State.Phase == OrderPhase.Placed ? ToOrder() : null);

    public async Task<Order> ChangeStatusAsync(string status, Actor actor)
    {
        EnsurePlaced();
        if (!actor.IsStaff)
        {
            throw DomainException.Forbidden("Only staff may change an order's status.");
        }

        if (!OrderStatuses.All.Contains(status))
        {
            throw DomainException.Invalid("status", $"Unknown status '{status}'. Statuses are {string.Join(", ", OrderStatuses.All)}.");
        }

        return await MoveAsync(status, actor.UserId, null);
    }

    public async Task<Order> CancelAsync(Actor actor)
    {
        EnsurePlaced();
        if (!actor.IsStaff && actor.UserId != state.State.CustomerId)
        {
            throw DomainException.Forbidden("You can only cancel your own orders.");
        }

        if (!OrderStatuses.BeforeShipping.Contains(state.State.Status))
        {
            throw DomainException.Conflict($"Order {state.State.OrderNumber} is {state.State.Status}: it can no longer be cancelled.");
        }

        return await MoveAsync(OrderStatuses.Cancelled, actor.UserId, actor.IsStaff ? "cancelled by staff" : "cancelled by the customer");
    }

    public async Task<Order> DispatchAsync(DeliveryRef delivery, string actorId)
    {
        EnsurePlaced();
        if (state.State.Delivery?.DeliveryId == delivery.DeliveryId)
        {
            return ToOrder();
        }

        if (state.State.Status is not (OrderStatuses.Paid or OrderStatuses.Processing))
        {
            throw DomainException.Conflict($"Order {state.State.OrderNumber} is {state.State.Status}: only paid or processing orders can go out for delivery.");
        }

        var now = clock.GetUtcNow();
        if (state.State.Status == OrderStatuses.Paid)
        {
            Transition(OrderStatuses.Processing, actorId, "prepared for delivery", now);
        }

        Transition(OrderStatuses.InTransit, actorId, $"out with vehicle {delivery.VehicleId}", now);
        state.State.Delivery = delivery;
        var order = await SaveAsync();
        await GrainFactory.PublishAsync(Audience(order), EventNames.OrderStatusUpdated, new OrderStatusNotice(order.Id, order.OrderNumber, order.Status, order.Version));
        return order;
    }

    public async Task NoteDeliveryAsync(DeliveryRef delivery)
    {
        EnsurePlaced();
        if (state.State.Delivery?.DeliveryId == delivery.DeliveryId && state.State.Delivery != delivery)
        {
            state.State.Delivery = delivery;
            await SaveAsync();
        }
    }

    public async Task<Order> MarkDeliveredAsync(DeliveryRef delivery, string actorId)
    {
        EnsurePlaced();
        if (state.State.Delivery?.DeliveryId != delivery.DeliveryId)
        {
            throw DomainException.Conflict($"Order {state.State.OrderNumber} is not out with delivery {delivery.DeliveryId}.");
        }

        if (state.State.Status == OrderStatuses.Delivered)
        {
            return ToOrder();
        }

        state.State.Delivery = delivery;
        return await MoveAsync(OrderStatuses.Delivered, actorId, "handed over");
    }

    public async Task<PaymentOutcome> PayAsync(PaymentRequest request, Actor actor)
    {
        EnsurePlaced();
        if (!actor.IsStaff && actor.UserId != state.State.CustomerId)
        {
            throw DomainException.Forbidden("You can only pay for your own orders.");
        }

        if (state.State.Payments.Find(p => p.Id == request.IdempotencyKey) is { } earlier)
        {
            return earlier.Status == PaymentStatuses.Failed
                ? throw DomainException.Conflict(earlier.FailureReason ?? "The payment failed.")
                : new PaymentOutcome(earlier, ToOrder());
        }

        OrderRules.Validate(request);
        if (!actor.IsStaff && !OrderRules.ProviderPaymentMethods.Contains(request.Method))
        {
            throw DomainException.Forbidden(
                $"Customers pay through the payment provider ({string.Join(", ", OrderRules.ProviderPaymentMethods)}); " +
                $"{request.Method} payments are recorded by staff when the money is received.");
        }

        if (state.State.Status != OrderStatuses.PendingPayment)
        {
            throw DomainException.Conflict($"Order {state.State.OrderNumber} is {state.State.Status}; payments are taken only while it is pending_payment.");
        }

        var due = Due();
        if (request.Amount > due)
        {
            throw DomainException.Conflict($"Only {due:0.00} is due on order {state.State.OrderNumber}; {request.Amount:0.00} would overpay it.");
        }

        var result = await payments.ChargeAsync(new PaymentCharge(OrderId, request.Amount, request.Method, request.Reference, request.IdempotencyKey));
        var now = clock.GetUtcNow();
        var payment = new Payment(
            request.IdempotencyKey, request.Amount, request.Method, result.ProviderReference ?? request.Reference,
            result.Succeeded ? PaymentStatuses.Succeeded : PaymentStatuses.Failed, result.FailureReason, now, actor.UserId);
        state.State.Payments.Add(payment);

        var statusChanged = false;
        if (result.Succeeded && Due() == 0)
        {
            Transition(OrderStatuses.Paid, actor.UserId, "paid in full", now);
            statusChanged = true;
        }

        var order = await SaveAsync();
        var audience = Audience(order);
        await Task.WhenAll(
            statusChanged ? LeftPendingAsync() : Task.CompletedTask,
            GrainFactory.PublishAsync(audience, EventNames.PaymentProcessed,
                new PaymentNotice(order.Id, order.OrderNumber, payment.Id, payment.Amount, payment.Method, payment.Status, order.Payment.Paid, order.Payment.Due)),
            statusChanged
                ? GrainFactory.PublishAsync(audience, EventNames.OrderStatusUpdated, new OrderStatusNotice(order.Id, order.OrderNumber, order.Status, order.Version))
                : Task.CompletedTask);

        return result.Succeeded ? new PaymentOutcome(payment, order) : throw DomainException.Conflict(result.FailureReason ?? "The payment failed.");
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ExpireReminder || IsDueToExpire())
        {
            await ExpireIfUnpaidAsync();
        }
        else if (reminderName == FinishReminder)
        {
            // Unfinished work is finished; a pending order's reminder then waits for its pay-by time, any other's stops.
            await FinishAsync();
        }
    }

    /// <summary>
    /// The expiry reminder: a pending order past its pay-by time expires (stock back, slot freed); one that left
    /// pending_payment meanwhile makes sure its customer's count was told, and the reminder stops.
    /// </summary>
    private async Task ExpireIfUnpaidAsync()
    {
        if (IsPending())
        {
            if (!IsDueToExpire())
            {
                return; // not due yet: the reminder comes again
            }

            LogExpired(OrderId, state.State.PayBy!.Value);
            await MoveAsync(OrderStatuses.Expired, System, "not paid in time");
            return;
        }

        await SettleUnpaidAsync();
        await DisarmExpiryAsync();
    }

    private bool IsPending() => state.State.Phase == OrderPhase.Placed && state.State.Status == OrderStatuses.PendingPayment;

    private bool IsDueToExpire() => IsPending() && state.State.PayBy is { } payBy && clock.GetUtcNow() >= payBy;

    private async Task<Order> MoveAsync(string to, string actorId, string? note)
    {
        var from = state.State.Status;
        if (!OrderStatuses.Next[from].Contains(to))
        {
            var allowed = OrderStatuses.Next[from];
            throw DomainException.Conflict(allowed.IsEmpty
                ? $"Order {state.State.OrderNumber} is {from}, a final status: it cannot become {to}."
                : $"Order {state.State.OrderNumber} cannot go from {from} to {to}. Allowed next: {string.Join(", ", allowed)}.");
        }

        Transition(to, actorId, note, clock.GetUtcNow());
        // Goods that never left go back on the shelf when the order is cancelled, refunded or expires before shipping.
        var returnsStock = to is OrderStatuses.Cancelled or OrderStatuses.Refunded or OrderStatuses.Expired
            && OrderStatuses.BeforeShipping.Contains(from);
        state.State.StockToReturn = returnsStock;
        if (returnsStock)
        {
            await ArmReminderAsync(settings.Value.RecoveryDelay);
        }

        var order = await SaveAsync();
        if (returnsStock)
        {
            await FinishAsync(); // stops the reminder once the stock is back
        }

        if (from == OrderStatuses.PendingPayment)
        {
            await (returnsStock ? SettleUnpaidAsync() : LeftPendingAsync());
        }

        await GrainFactory.PublishAsync(Audience(order), EventNames.OrderStatusUpdated, new OrderStatusNotice(order.Id, order.OrderNumber, order.Status, order.Version));
        return order;
    }

    private void Transition(string to, string actorId, string? note, DateTimeOffset at)
    {
        state.State.History.Add(new OrderHistoryEntry(at, actorId, state.State.Status, to, note));
        state.State.Status = to;
    }

    /// <summary>
    /// Completes (or undoes) whatever cross-grain work the state says is outstanding; then the reminder waits for the
    /// pay-by time of a pending order, or stops.
    /// </summary>
    private async Task FinishAsync()
    {
        var changed = false;
        if (state.State.Phase == OrderPhase.Reserving)
        {
            await ReleaseAllAsync();
            state.State.Phase = OrderPhase.Rejected;
            state.State.RejectionReason = null; // a retry with the same key may try again
            changed = true;
            LogPlacementUndone(OrderId);
        }

        // Committing reservations and emptying the cart are idempotent and independent: they run side by side, and
        // their flags are cleared without a write of their own (the next state write stores them; a stale flag only
        // repeats harmless work).
        var followUps = new List<Task>();
        if (state.State.ReservationsToCommit)
        {
            followUps.AddRange(state.State.Lines.Select(l => GrainFactory.GetGrain<IProductGrain>(l.ProductId).CommitReservationAsync(OrderId)));
        }

        if (state.State.CartToClear)
        {
            followUps.Add(GrainFactory.GetGrain<ICartGrain>(state.State.CustomerId)
                .RemoveOrderedAsync(OrderId, [.. state.State.Lines.Select(l => new OrderItemRequest(l.ProductId, l.Quantity))]));
        }

        // Settling the unpaid place (the expiry reminder of a pending order) depends on neither.
        followUps.Add(SettleUnpaidAsync());
        await Task.WhenAll(followUps);
        state.State.ReservationsToCommit = false;
        state.State.CartToClear = false;

        if (state.State.StockToReturn)
        {
            await Task.WhenAll(state.State.Lines.Select(l => GrainFactory.GetGrain<IProductGrain>(l.ProductId).RestockCancelledOrderAsync(OrderId, l.Quantity)));
            state.State.StockToReturn = false;
            changed = true;
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }

        if (IsPending() && state.State.OneReminder && state.State.PayBy is { } payBy)
        {
            await ArmReminderAsync(payBy - clock.GetUtcNow()); // from now on it is the expiry reminder
        }
        else
        {
            await DisarmReminderAsync();
        }
    }

    /// <summary>
    /// Keeps the customer's unpaid-order count true: an order that left pending_payment (or was never placed) gives
    /// its place back (and an earlier version's order stops its expiry reminder). Idempotent.
    /// </summary>
    private async Task SettleUnpaidAsync()
    {
        if (IsPending() || state.State.Phase == OrderPhase.Reserving || !state.State.HoldsUnpaidSlot)
        {
            return;
        }

        await Unpaid().CloseAsync(OrderId);
        // Cleared without a write of its own: the next state write stores it, and a stale flag only repeats a harmless close.
        state.State.HoldsUnpaidSlot = false;
        await DisarmExpiryAsync();
    }

    /// <summary>
    /// The order left pending_payment without stock to return: its place is given back, then its reminder (waiting for
    /// the pay-by time) stops. In that order: a crash in between leaves the reminder, which gives the place back.
    /// </summary>
    private async Task LeftPendingAsync()
    {
        await SettleUnpaidAsync();
        await DisarmReminderAsync();
    }

    /// <summary>Stops the separate expiry reminder of an order placed by an earlier version (orders since have none).</summary>
    private async Task DisarmExpiryAsync()
    {
        if (!state.State.OneReminder && await this.GetReminder(ExpireReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private static IEnumerable<Exception> Failures(Task unpaid, List<Task<StockReservation>> lines) =>
        lines.Prepend(unpaid).Select(t => t.Exception?.InnerException).OfType<Exception>();

    private IUnpaidOrdersGrain Unpaid() => GrainFactory.GetGrain<IUnpaidOrdersGrain>(state.State.CustomerId);

    private Task ReleaseAllAsync() =>
        Task.WhenAll(state.State.Requested.Select(i => GrainFactory.GetGrain<IProductGrain>(i.ProductId).ReleaseReservationAsync(OrderId)));

    /// <summary>Arms the order's reminder (or moves it) to fire <paramref name="due"/> from now, then every recovery period.</summary>
    private async Task ArmReminderAsync(TimeSpan due)
    {
        var period = ReminderPeriods.For(settings.Value.RecoveryDelay, reminderOptions.Value);
        _finishReminder = await this.RegisterOrUpdateReminder(FinishReminder, due > TimeSpan.Zero ? due : TimeSpan.Zero, period);
    }

    private async Task DisarmReminderAsync()
    {
        // A fresh activation (woken by the reminder itself) has no handle yet and looks it up.
        if ((_finishReminder ?? await this.GetReminder(FinishReminder)) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
            _finishReminder = null;
        }
    }

    private async Task<Order> SaveAsync()
    {
        state.State.Version++;
        state.State.UpdatedAt = clock.GetUtcNow();
        await state.WriteStateAsync();
        await Projection.ProjectAsync();
        return ToOrder();
    }

    private void EnsurePlaced()
    {
        if (state.State.Phase != OrderPhase.Placed)
        {
            throw DomainException.NotFound($"No order with id '{OrderId}'.");
        }
    }

    private decimal Paid() => state.State.Payments.Where(p => p.Status == PaymentStatuses.Succeeded).Sum(p => p.Amount);

    private decimal Due() => Math.Max(0, state.State.Total - Paid());

    private static string[] Audience(Order order) => [Topics.User(order.CustomerId), Topics.Order(order.Id), Topics.Admins];

    private Order ToOrder()
    {
        var paid = Paid();
        var paymentStatus = state.State.Status == OrderStatuses.Refunded ? PaymentStatuses.Refunded
            : paid == 0 ? PaymentStatuses.Unpaid
            : paid < state.State.Total ? PaymentStatuses.PartiallyPaid
            : PaymentStatuses.Paid;
        return new Order(
            OrderId,
            state.State.OrderNumber,
            state.State.CustomerId,
            state.State.Status,
            [.. state.State.Lines],
            state.State.Total,
            state.State.ShippingAddress,
            state.State.Notes,
            state.State.CreatedAt,
            state.State.UpdatedAt,
            new PaymentSummary(paymentStatus, paid, Due()),
            [.. state.State.Payments],
            [.. state.State.History],
            state.State.Version,
            state.State.Delivery,
            state.State.Phase == OrderPhase.Placed && state.State.Status == OrderStatuses.PendingPayment ? state.State.PayBy : null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Placing order {OrderId} was interrupted; the recovery reminder will release held stock")]
    private partial void LogPlacementInterrupted(Exception e, string orderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} was not paid by {PayBy} and expires: its stock goes back")]
    private partial void LogExpired(string orderId, DateTimeOffset payBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Interrupted placement of order {OrderId} undone: held stock released")]
    private partial void LogPlacementUndone(string orderId);
}
