using System.Globalization;

namespace OmniBiz.Grains.Orders;

/// <summary>
/// Payments taken outside the system (cash, card on delivery, bank transfer) are recorded as given. <c>test_card</c>
/// stands in for a card gateway: it declines any amount whose cents are .13, so failure paths can be exercised.
/// </summary>
public sealed class OfflinePaymentGateway : IPaymentGateway
{
    public Task<PaymentResult> ChargeAsync(PaymentCharge charge, CancellationToken cancellationToken = default)
    {
        if (charge.Method == "test_card" && decimal.Remainder(charge.Amount * 100, 100) == 13)
        {
            return Task.FromResult(new PaymentResult(false, null, "The card was declined (test cards decline amounts ending in .13)."));
        }

        var reference = charge.Reference ?? string.Create(CultureInfo.InvariantCulture, $"{charge.Method}-{charge.IdempotencyKey}");
        return Task.FromResult(new PaymentResult(true, reference, null));
    }
}
