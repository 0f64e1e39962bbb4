using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OmniBiz.GrainInterfaces.Catalog;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Purchasing;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.Grains.Projections;
using OmniBiz.Grains.Realtime;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Purchasing;

/// <summary>
/// One purchase order. Its received statuses are derived from line quantities, never set. A receipt is written here
/// first (quantities, status) with a reminder armed, and only then raises stock through the product grains, each of
/// which counts a receipt key once: a retry or a crash between the two steps raises stock exactly once.
/// </summary>
public sealed partial class PurchaseOrderGrain(
    [PersistentState(StorageNames.PurchaseOrder, StorageNames.Main)] IPersistentState<PurchaseOrderState> state,
    PurchaseOrderReadModel readModel,
    PurchaseOrderNumbers numbers,
    Projector projector,
    IReceiptFaults faults,
    IOptions<PurchasingSettings> settings,
    IOptions<ReminderOptions> reminderOptions,
    TimeProvider clock,
    ILogger<PurchaseOrderGrain> logger) : Grain, IPurchaseOrderGrain, IRemindable
{
    private const string StockReminder = "stock";

    private Projection? _projection;

    private string Id => this.GetPrimaryKeyString();

    private bool Exists => state.State.Number.Length > 0;

    private Projection Projection => _projection ??= projector.For(this, "purchase_orders", WriteReadModelAsync);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Repairs the row and lands feed entries left behind by a crash between the state write and the projection.
        if (Exists)
        {
            await Projection.ProjectAsync();
        }
    }

    public async Task<PurchaseOrder> DraftAsync(DraftPurchaseOrder command)
    {
        if (Exists)
        {
            return state.State.CreatedBy == command.ActorId ? ToOrder() : throw DomainException.Conflict("A purchase order already exists under this id.");
        }

        if (string.IsNullOrWhiteSpace(command.SupplierId))
        {
            throw DomainException.Invalid("supplierId", "Name the supplier to order from.");
        }

        var supplier = await GrainFactory.GetGrain<ISupplierGrain>(command.SupplierId).GetAsync()
            ?? throw DomainException.NotFound($"No supplier with id '{command.SupplierId}'.");
        if (!supplier.Active)
        {
            throw DomainException.Conflict($"Supplier '{supplier.Name}' is inactive: activate it before ordering from it.");
        }

        var notes = PurchaseOrderRules.Text(command.Notes, "notes", PurchaseOrderRules.MaxNotesLength);
        var lines = await LinesAsync(command.Lines, supplier);
        var now = clock.GetUtcNow();
        state.State = new PurchaseOrderState
        {
            Number = await numbers.NextAsync(),
            SupplierId = supplier.Id,
            SupplierName = supplier.Name,
            PaymentTermsDays = supplier.PaymentTermsDays,
            Currency = settings.Value.Currency,
            Status = PurchaseOrderStatuses.Draft,
            Lines = lines,
            ExpectedAt = command.ExpectedAt,
            Notes = notes,
            Delivery = new InboundDelivery(InboundDeliveryStatuses.Pending, null, null, command.ExpectedAt),
            CreatedAt = now,
            CreatedBy = command.ActorId,
        };
        var order = await SaveAsync(PurchasingActivityKinds.Created, command.ActorId,
            $"{state.State.Number} drafted for {supplier.Name}: {lines.Count} line(s), {Total():0.00} {state.State.Currency}",
            new { number = state.State.Number, total = Total() });
        return order;
    }

    public async Task<PurchaseOrder> EditDraftAsync(ImmutableArray<PurchaseOrderLineRequest> lines, DateTimeOffset? expectedAt, string? notes, string actorId)
    {
        EnsureExists();
        if (state.State.Status != PurchaseOrderStatuses.Draft)
        {
            throw DomainException.Conflict($"{state.State.Number} is {state.State.Status}: lines can be edited only while it is a draft.");
        }

        var validNotes = PurchaseOrderRules.Text(notes, "notes", PurchaseOrderRules.MaxNotesLength);
        var supplier = await GrainFactory.GetGrain<ISupplierGrain>(state.State.SupplierId).GetAsync()
            ?? throw DomainException.NotFound($"No supplier with id '{state.State.SupplierId}'.");
        state.State.Lines = await LinesAsync(lines, supplier);
        state.State.ExpectedAt = expectedAt;
        state.State.Notes = validNotes;
        state.State.Delivery = state.State.Delivery with { ExpectedAt = expectedAt };
        return await SaveAsync(PurchasingActivityKinds.Edited, actorId,
            $"{state.State.Number} edited: {state.State.Lines.Count} line(s), {Total():0.00} {state.State.Currency}", new { total = Total() });
    }

    public Task<PurchaseOrder?> GetAsync() => Task.FromResult(Exists ? ToOrder() : null);

    public async Task<PurchaseOrder> ChangeStatusAsync(string status, string actorId)
    {
        EnsureExists();
        if (!PurchaseOrderStatuses.All.Contains(status))
        {
            throw DomainException.Invalid("status", $"Unknown status '{status}'. Statuses are {string.Join(", ", PurchaseOrderStatuses.All)}.");
        }

        var from = state.State.Status;
        var allowed = PurchaseOrderStatuses.ManualNext[from];
        var next = allowed.IsEmpty ? "none, it is final" : string.Join(", ", allowed);
        if (status is PurchaseOrderStatuses.PartiallyReceived or PurchaseOrderStatuses.Received)
        {
            throw DomainException.Conflict(
                $"{status} follows from the quantities received and is never set by hand: record a receipt instead. Allowed next for {state.State.Number} ({from}): {next}.");
        }

        if (!allowed.Contains(status))
        {
            throw DomainException.Conflict($"{state.State.Number} cannot go from {from} to {status}. Allowed next: {next}.");
        }

        state.State.Status = status;
        return await SaveAsync(PurchasingActivityKinds.StatusChanged, actorId, $"{state.State.Number} {from} → {status}", new { from, to = status });
    }

    public async Task<PurchaseOrder> ReceiveGoodsAsync(ReceiveGoods command)
    {
        EnsureExists();
        if (state.State.Receipts.Find(r => r.Id == command.ReceiptId) is not null)
        {
            // A retry: the receipt is recorded; make sure its stock is raised before answering.
            await FinishStockAsync();
            return ToOrder();
        }

        var lines = PurchaseOrderRules.ValidateReceipt(command);
        if (!PurchaseOrderStatuses.Receivable.Contains(state.State.Status))
        {
            throw DomainException.Conflict(state.State.Status == PurchaseOrderStatuses.Draft
                ? $"{state.State.Number} is a draft: send or confirm it before receiving goods."
                : $"{state.State.Number} is {state.State.Status}: it takes no more receipts.");
        }

        var tolerance = settings.Value.ReceiptTolerancePercent;
        var updated = state.State.Lines.ToList();
        for (var i = 0; i < lines.Length; i++)
        {
            var index = updated.FindIndex(l => l.ProductId == lines[i].ProductId);
            if (index < 0)
            {
                throw DomainException.Invalid($"lines[{i}].productId", $"Product '{lines[i].ProductId}' is not on {state.State.Number}.");
            }

            var line = updated[index];
            var limit = line.Quantity + (int)Math.Floor(line.Quantity * tolerance / 100m);
            if (line.Received + lines[i].Quantity > limit)
            {
                throw DomainException.Conflict(
                    $"{state.State.Number} ordered {line.Quantity} of '{line.ProductName}' and {line.Received} arrived: at most {Math.Max(0, limit - line.Received)} more can be received, not {lines[i].Quantity}.");
            }

            updated[index] = line with { Received = line.Received + lines[i].Quantity };
        }

        var now = clock.GetUtcNow();
        var receipt = new Receipt(command.ReceiptId, lines, PurchaseOrderRules.Text(command.Note, "note", PurchaseOrderRules.MaxNotesLength), now, command.ActorId, StockApplied: false);
        var from = state.State.Status;
        state.State.Lines = updated;
        state.State.Receipts.Add(receipt);
        state.State.Status = updated.All(l => l.Received >= l.Quantity) ? PurchaseOrderStatuses.Received : PurchaseOrderStatuses.PartiallyReceived;

        // Armed before the write: a crash after the write always leaves a reminder to raise the stock.
        await ArmReminderAsync();
        var units = lines.Sum(l => l.Quantity);
        await SaveAsync(PurchasingActivityKinds.Received, command.ActorId,
            $"{state.State.Number}: {units} unit(s) received" + (from == state.State.Status ? "" : $", now {state.State.Status}"),
            new { receiptId = receipt.Id, lines = lines.Select(l => new { productId = l.ProductId, quantity = l.Quantity }), from, to = state.State.Status });

        try
        {
            await faults.AfterReceiptWrittenAsync(Id, receipt.Id);
            await FinishStockAsync();
        }
        catch (Exception e) when (e is not DomainException)
        {
            // We cannot know which products counted the receipt; the reminder finishes it (each product counts a key once).
            LogReceiptInterrupted(e, Id, receipt.Id);
            DeactivateOnIdle();
            throw;
        }

        return ToOrder();
    }

    public async Task<PurchaseOrder> UpdateDeliveryAsync(UpdateInboundDelivery command)
    {
        EnsureExists();
        PurchaseOrderRules.ValidateDelivery(command);
        if (state.State.Status is PurchaseOrderStatuses.Cancelled or PurchaseOrderStatuses.Closed)
        {
            throw DomainException.Conflict($"{state.State.Number} is {state.State.Status}: its delivery can no longer change.");
        }

        var previous = state.State.Delivery;
        state.State.Delivery = new InboundDelivery(
            command.Status,
            PurchaseOrderRules.Text(command.Carrier, "carrier", PurchaseOrderRules.MaxCarrierLength) ?? previous.Carrier,
            PurchaseOrderRules.Text(command.TrackingNumber, "trackingNumber", PurchaseOrderRules.MaxTrackingNumberLength) ?? previous.TrackingNumber,
            command.ExpectedAt ?? previous.ExpectedAt);
        var delivery = state.State.Delivery;
        var order = await SaveAsync(PurchasingActivityKinds.Delivery, command.ActorId,
            $"{state.State.Number} delivery {previous.Status} → {delivery.Status}" + (delivery.Carrier is null ? "" : $" ({delivery.Carrier})"),
            new { from = previous.Status, to = delivery.Status, carrier = delivery.Carrier, trackingNumber = delivery.TrackingNumber, expectedAt = delivery.ExpectedAt });
        await GrainFactory.PublishAsync(Topics.Purchasing, EventNames.DeliveryStatusUpdated,
            new DeliveryStatusNotice(order.Id, order.Number, delivery.Status, delivery.Carrier, delivery.TrackingNumber, delivery.ExpectedAt, order.Version));
        return order;
    }

    public async Task<PurchaseOrder> PayAsync(PaySupplier command)
    {
        EnsureExists();
        if (state.State.Payments.Exists(p => p.Id == command.PaymentId))
        {
            return ToOrder();
        }

        PurchaseOrderRules.ValidatePayment(command);
        if (state.State.Status is PurchaseOrderStatuses.Draft or PurchaseOrderStatuses.Cancelled)
        {
            throw DomainException.Conflict($"{state.State.Number} is {state.State.Status}: payments are taken once it is sent or confirmed.");
        }

        var due = Due();
        if (command.Amount > due)
        {
            throw DomainException.Conflict($"Only {due:0.00} {state.State.Currency} is due on {state.State.Number}; {command.Amount:0.00} would overpay it.");
        }

        var payment = new SupplierPayment(command.PaymentId, command.Amount, PurchaseOrderRules.Text(command.Reference, "reference", PurchaseOrderRules.MaxReferenceLength),
            clock.GetUtcNow(), command.ActorId);
        state.State.Payments.Add(payment);
        var order = await SaveAsync(PurchasingActivityKinds.Payment, command.ActorId,
            $"{state.State.Number}: paid {payment.Amount:0.00} {state.State.Currency}, {Due():0.00} due",
            new { paymentId = payment.Id, amount = payment.Amount, reference = payment.Reference, paid = Paid(), due = Due() });
        await GrainFactory.PublishAsync(Topics.Purchasing, EventNames.PaymentProcessed,
            new SupplierPaymentNotice(order.Id, order.Number, payment.Id, payment.Amount, order.Payment.Status, order.Payment.Paid, order.Payment.Due, order.Version));
        return order;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == StockReminder)
        {
            await FinishStockAsync();
        }
    }

    /// <summary>Raises the stock of every receipt whose stock is not yet raised, then stops the reminder.</summary>
    private async Task FinishStockAsync()
    {
        var pending = state.State.Receipts.Where(r => !r.StockApplied).ToList();
        foreach (var receipt in pending)
        {
            var reason = $"received on {state.State.Number}";
            await Task.WhenAll(receipt.Lines.Select(l => GrainFactory.GetGrain<IProductGrain>(l.ProductId)
                .ReceiveStockAsync(new StockReceipt($"{Id}:{receipt.Id}", l.Quantity, reason, receipt.ActorId, Id))));
            state.State.Receipts[state.State.Receipts.IndexOf(receipt)] = receipt with { StockApplied = true };
            LogStockRaised(Id, receipt.Id);
        }

        if (pending.Count > 0)
        {
            // Not a new version: the order's visible state did not change.
            await state.WriteStateAsync();
        }

        if ((await this.GetReminder(StockReminder)) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private async Task<List<PurchaseOrderLine>> LinesAsync(ImmutableArray<PurchaseOrderLineRequest> requested, Supplier supplier)
    {
        PurchaseOrderRules.ValidateLines(requested);
        var lines = await Task.WhenAll(requested.Select(async (line, i) =>
        {
            var product = await GrainFactory.GetGrain<IProductGrain>(line.ProductId).GetAsync()
                ?? throw DomainException.NotFound($"No product with id '{line.ProductId}'.");
            var cost = line.UnitCost ?? supplier.Products.FirstOrDefault(p => p.ProductId == line.ProductId)?.UnitCost
                ?? throw DomainException.Invalid($"lines[{i}].unitCost", $"'{supplier.Name}' lists no cost for '{product.Name}': give a unit cost.");
            return new PurchaseOrderLine(product.Id, product.Name, line.Quantity, cost, 0, cost * line.Quantity);
        }));
        return [.. lines];
    }

    /// <summary>
    /// Writes the order's row and the feed entries not yet in the feed; the entries stay in state until written, so
    /// the projection's retries (and the next activation) land them. Both writes are idempotent.
    /// </summary>
    private async Task WriteReadModelAsync()
    {
        var entries = state.State.Unprojected.ToList();
        await readModel.SaveAsync(ToOrder(), entries);
        state.State.Unprojected.RemoveAll(entries.Contains);
    }

    /// <summary>
    /// Writes the new version with its activity entry, projects it (read model and feed; a failure there is retried,
    /// never the write's failure), then tells purchasing dashboards.
    /// </summary>
    private async Task<PurchaseOrder> SaveAsync(string kind, string actorId, string summary, object data)
    {
        var now = clock.GetUtcNow();
        state.State.Version++;
        state.State.UpdatedAt = now;
        var entry = new PurchasingActivity(
            string.Create(CultureInfo.InvariantCulture, $"{Id}-{state.State.Version}"), now, kind, Id, state.State.SupplierId, actorId, summary,
            JsonSerializer.Serialize(data, RealtimeJson.Options));
        state.State.Unprojected.Add(entry);
        await state.WriteStateAsync();
        await Projection.ProjectAsync();
        var order = ToOrder();
        await Task.WhenAll(
            GrainFactory.PublishAsync(Topics.Purchasing, EventNames.PurchaseOrderUpdated, order),
            GrainFactory.PublishAsync(Topics.Purchasing, EventNames.PurchasingActivity, PurchasingActivityView.From(entry)));
        return order;
    }

    private async Task ArmReminderAsync()
    {
        var delay = settings.Value.RecoveryDelay;
        await this.RegisterOrUpdateReminder(StockReminder, delay, ReminderPeriods.For(delay, reminderOptions.Value));
    }

    private void EnsureExists()
    {
        if (!Exists)
        {
            throw DomainException.NotFound($"No purchase order with id '{Id}'.");
        }
    }

    private decimal Total() => state.State.Lines.Sum(l => l.LineTotal);

    private decimal Paid() => state.State.Payments.Sum(p => p.Amount);

    private decimal Due() => Math.Max(0, Total() - Paid());

    private PurchaseOrder ToOrder()
    {
        var paid = Paid();
        var total = Total();
        var paymentStatus = paid == 0 ? SupplierPaymentStatuses.Unpaid : paid < total ? SupplierPaymentStatuses.PartiallyPaid : SupplierPaymentStatuses.Paid;
        // Terms run from the first goods received (a supplier bills on delivery); before that, from the expected date.
        var termsFrom = state.State.Receipts.Count > 0 ? state.State.Receipts[0].At : state.State.Delivery.ExpectedAt ?? state.State.CreatedAt;
        var expected = state.State.Delivery.ExpectedAt;
        var overdue = expected is { } at && at < clock.GetUtcNow() && PurchaseOrderStatuses.Open.Contains(state.State.Status);
        return new PurchaseOrder(
            Id,
            state.State.Number,
            state.State.SupplierId,
            state.State.SupplierName,
            state.State.Status,
            [.. state.State.Lines],
            total,
            state.State.Currency,
            state.State.ExpectedAt,
            state.State.Notes,
            state.State.Delivery,
            new SupplierPaymentSummary(paymentStatus, paid, Due(), termsFrom.AddDays(state.State.PaymentTermsDays)),
            [.. state.State.Receipts],
            [.. state.State.Payments],
            state.State.CreatedAt,
            state.State.UpdatedAt,
            state.State.CreatedBy,
            state.State.Version,
            overdue);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receipt {ReceiptId} of purchase order {PurchaseOrderId} was interrupted after it was recorded; the reminder will raise its stock")]
    private partial void LogReceiptInterrupted(Exception e, string purchaseOrderId, string receiptId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stock of receipt {ReceiptId} of purchase order {PurchaseOrderId} raised")]
    private partial void LogStockRaised(string purchaseOrderId, string receiptId);
}
