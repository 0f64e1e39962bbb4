using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Messaging;

namespace OmniBiz.WebHost.Support;

public sealed record OpenTicketRequest(
    [property: Required, StringLength(200)] string Subject,
    [property: Required, StringLength(MessageRules.MaxTextLength)] string Message,
    [property: StringLength(20)] string? Priority);
