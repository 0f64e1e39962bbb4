using System.Collections.Immutable;

namespace OmniBiz.WebHost.Support;

/// <summary>One FAQ entry; <see cref="Rank"/> is set on search results (higher is better).</summary>
public sealed record FaqEntry(string Id, string Question, string Answer, ImmutableArray<string> Tags, DateTimeOffset UpdatedAt, double? Rank);
