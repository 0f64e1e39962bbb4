using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Support;

public sealed record FaqRequest(
    [property: Required, StringLength(500)] string Question,
    [property: Required, StringLength(20_000)] string Answer,
    [property: ValidId(MaxCount = 20)] ImmutableArray<string>? Tags);
