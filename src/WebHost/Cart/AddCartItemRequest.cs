using System.ComponentModel.DataAnnotations;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Cart;

public sealed record AddCartItemRequest([property: Required, ValidId] string ProductId, int Quantity);
