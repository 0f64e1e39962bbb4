namespace OmniBiz.GrainInterfaces.Purchasing;

/// <summary>A person at a supplier. The links let a dashboard's call and email buttons work without client logic.</summary>
[GenerateSerializer, Immutable, Alias("omnibiz.SupplierContact")]
public sealed record SupplierContact(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Email,
    [property: Id(2)] string? Phone,
    [property: Id(3)] string? Role)
{
    /// <summary><c>mailto:</c> link for the email address, or null.</summary>
    public string? EmailLink => Email is null ? null : $"mailto:{Email}";

    /// <summary><c>tel:</c> link for the phone number (digits and a leading +), or null.</summary>
    public string? PhoneLink => Phone is null ? null : "tel:" + string.Concat(Phone.Where((c, i) => char.IsAsciiDigit(c) || (c == '+' && i == 0)));
}
