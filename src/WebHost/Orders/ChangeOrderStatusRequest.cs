using System.ComponentModel.DataAnnotations;

namespace OmniBiz.WebHost.Orders;

public sealed record ChangeOrderStatusRequest([property: Required, StringLength(30)] string Status);
