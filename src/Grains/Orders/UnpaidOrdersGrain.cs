using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Options;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Orders;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Orders;

/// <summary>
/// Counts one customer's open unpaid orders. Order grains write ahead that they hold a place here before asking, and
/// tell this grain (idempotently, retried by their reminders) when they leave pending_payment, so the count never
/// keeps a place for an order that is gone.
/// </summary>
public sealed class UnpaidOrdersGrain(
    [PersistentState(StorageNames.UnpaidOrders, StorageNames.Main)] IPersistentState<UnpaidOrdersState> state,
    IOptions<OrdersSettings> settings) : Grain, IUnpaidOrdersGrain
{
    public async Task OpenAsync(string orderId)
    {
        if (state.State.OrderIds.Contains(orderId))
        {
            return;
        }

        var cap = settings.Value.MaxUnpaidPerCustomer;
        if (cap > 0 && state.State.OrderIds.Count >= cap)
        {
            throw DomainException.Conflict(string.Create(CultureInfo.InvariantCulture,
                $"You have {state.State.OrderIds.Count} unpaid orders, the most one customer may hold. Pay or cancel one of them before placing another (unpaid orders expire after {settings.Value.PaymentTimeout.TotalMinutes:0.#} minutes)."));
        }

        state.State.OrderIds.Add(orderId);
        await state.WriteStateAsync();
    }

    public async Task CloseAsync(string orderId)
    {
        if (state.State.OrderIds.Remove(orderId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<string>> GetOpenAsync() => Task.FromResult(state.State.OrderIds.ToImmutableArray());
}
