using System.ComponentModel.DataAnnotations;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Purchasing;

/// <summary>A line to order; without <see cref="UnitCost"/> the supplier's listed cost applies.</summary>
public sealed record PurchaseOrderLineItem(
    [property: Required, ValidId] string ProductId,
    int Quantity,
    decimal? UnitCost);
