using System.ComponentModel.DataAnnotations;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Support;

public sealed record ChangeTicketRequest(
    [property: StringLength(20)] string? Status,
    [property: StringLength(20)] string? Priority,
    [property: ValidId] string? AssigneeId);
