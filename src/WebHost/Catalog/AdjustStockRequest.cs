using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Catalog;

namespace OmniBiz.WebHost.Catalog;

public sealed record AdjustStockRequest(int Delta, [property: Required, StringLength(ProductRules.MaxReasonLength)] string Reason);
