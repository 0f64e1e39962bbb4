using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Messaging;

public sealed record CreateConversationRequest(
    [property: Required, StringLength(20)] string Type,
    [property: Required, ValidId(MaxCount = 500)] ImmutableArray<string> MemberIds,
    [property: StringLength(200)] string? Title);
