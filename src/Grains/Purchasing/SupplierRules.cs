using System.Collections.Immutable;
using System.Text.RegularExpressions;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Purchasing;

namespace OmniBiz.Grains.Purchasing;

/// <summary>Input rules for suppliers, enforced by the supplier grain.</summary>
public static partial class SupplierRules
{
    public const int MaxNameLength = 200;
    public const int MaxAddressLength = 500;
    public const int MaxNotesLength = 2000;
    public const int MaxTermsDays = 365;
    public const int MaxContacts = 20;
    public const int MaxContactNameLength = 200;
    public const int MaxEmailLength = 254;
    public const int MaxPhoneLength = 30;
    public const int MaxRoleLength = 100;
    public const int MaxProducts = 200;
    public const int MaxSupplierCodeLength = 64;
    public const int MaxLeadTimeDays = 365;
    public const decimal MaxUnitCost = 1_000_000m;

    /// <summary>Checks and trims a supplier's details (product names are filled in by the grain).</summary>
    public static SupplierDetails Validate(SupplierDetails details)
    {
        var name = details.Name?.Trim() ?? "";
        if (name.Length == 0 || name.Length > MaxNameLength)
        {
            throw DomainException.Invalid("name", $"Name must be 1 to {MaxNameLength} characters.");
        }

        var address = Optional(details.Address, "address", MaxAddressLength);
        var notes = Optional(details.Notes, "notes", MaxNotesLength);
        if (details.PaymentTermsDays is < 0 or > MaxTermsDays)
        {
            throw DomainException.Invalid("paymentTermsDays", $"Payment terms must be 0 to {MaxTermsDays} days.");
        }

        var contacts = details.Contacts.IsDefault ? [] : details.Contacts;
        if (contacts.Length > MaxContacts)
        {
            throw DomainException.Invalid("contacts", $"A supplier has at most {MaxContacts} contacts.");
        }

        var products = details.Products.IsDefault ? [] : details.Products;
        if (products.Length > MaxProducts)
        {
            throw DomainException.Invalid("products", $"A supplier lists at most {MaxProducts} products.");
        }

        return details with
        {
            Name = name,
            Address = address,
            Notes = notes,
            Contacts = [.. contacts.Select((c, i) => Contact(c, i))],
            Products = Products(products),
        };
    }

    /// <summary>A money amount: not negative, at most 2 decimals, bounded.</summary>
    public static decimal Cost(decimal value, string field)
    {
        if (value < 0 || value > MaxUnitCost || decimal.Round(value, 2) != value)
        {
            throw DomainException.Invalid(field, $"{field} must be 0 to {MaxUnitCost:0} with at most 2 decimals.");
        }

        return value;
    }

    private static SupplierContact Contact(SupplierContact? contact, int index)
    {
        var field = $"contacts[{index}]";
        if (contact is null)
        {
            throw DomainException.Invalid(field, "Every contact needs a name.");
        }

        var name = contact.Name?.Trim() ?? "";
        if (name.Length == 0 || name.Length > MaxContactNameLength)
        {
            throw DomainException.Invalid($"{field}.name", $"A contact's name must be 1 to {MaxContactNameLength} characters.");
        }

        var email = Optional(contact.Email, $"{field}.email", MaxEmailLength);
        if (email is not null && !Email().IsMatch(email))
        {
            throw DomainException.Invalid($"{field}.email", $"'{email}' is not an email address (name@example.com).");
        }

        var phone = Optional(contact.Phone, $"{field}.phone", MaxPhoneLength);
        if (phone is not null && (!Phone().IsMatch(phone) || phone.Count(char.IsAsciiDigit) is < 5 or > 15))
        {
            throw DomainException.Invalid($"{field}.phone", $"'{phone}' is not a phone number (5 to 15 digits, optionally a leading +, spaces, dashes, dots, brackets).");
        }

        return new SupplierContact(name, email, phone, Optional(contact.Role, $"{field}.role", MaxRoleLength));
    }

    private static ImmutableArray<SuppliedProduct> Products(ImmutableArray<SuppliedProduct> products)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<SuppliedProduct>(products.Length);
        for (var i = 0; i < products.Length; i++)
        {
            var field = $"products[{i}]";
            var product = products[i] ?? throw DomainException.Invalid(field, "Every supplied product names a product.");
            if (string.IsNullOrWhiteSpace(product.ProductId))
            {
                throw DomainException.Invalid($"{field}.productId", "Every supplied product names a product.");
            }

            if (!seen.Add(product.ProductId))
            {
                throw DomainException.Invalid($"{field}.productId", $"Product '{product.ProductId}' is listed twice.");
            }

            if (product.LeadTimeDays is < 0 or > MaxLeadTimeDays)
            {
                throw DomainException.Invalid($"{field}.leadTimeDays", $"Lead time must be 0 to {MaxLeadTimeDays} days.");
            }

            result.Add(product with
            {
                SupplierCode = Optional(product.SupplierCode, $"{field}.supplierCode", MaxSupplierCodeLength),
                UnitCost = Cost(product.UnitCost, $"{field}.unitCost"),
            });
        }

        return result.MoveToImmutable();
    }

    private static string? Optional(string? value, string field, int max)
    {
        var trimmed = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        return trimmed?.Length > max ? throw DomainException.Invalid(field, $"{field} must be at most {max} characters.") : trimmed;
    }

    [GeneratedRegex(@"^[^@\s<>()\[\],;:""]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^\+?[0-9 ().\-/]+$")]
    private static partial Regex Phone();
}
