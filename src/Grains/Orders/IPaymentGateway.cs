namespace OmniBiz.Grains.Orders;

/// <summary>Takes money. The shipped implementation records offline payments; a card gateway plugs in here.</summary>
public interface IPaymentGateway
{
    Task<PaymentResult> ChargeAsync(PaymentCharge charge, CancellationToken cancellationToken = default);
}

/// <summary>What to charge, and the key that makes a retried charge the same charge.</summary>
public sealed record PaymentCharge(string OrderId, decimal Amount, string Method, string? Reference, string IdempotencyKey);

/// <summary>The provider's answer.</summary>
public sealed record PaymentResult(bool Succeeded, string? ProviderReference, string? FailureReason);
