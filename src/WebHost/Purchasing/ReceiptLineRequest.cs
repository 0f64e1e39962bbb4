using System.ComponentModel.DataAnnotations;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Purchasing;

public sealed record ReceiptLineRequest([property: Required, ValidId] string ProductId, int Quantity);
