using System.Collections.Immutable;

namespace OmniBiz.WebHost.Support;

public sealed record FaqRequest(string Question, string Answer, ImmutableArray<string>? Tags);
