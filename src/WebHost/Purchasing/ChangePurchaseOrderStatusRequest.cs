using System.ComponentModel.DataAnnotations;

namespace OmniBiz.WebHost.Purchasing;

public sealed record ChangePurchaseOrderStatusRequest([property: Required, StringLength(32)] string Status);
