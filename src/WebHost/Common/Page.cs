using System.Collections.Immutable;

namespace OmniBiz.WebHost.Common;

/// <summary>One page of a list: <c>{ items, nextCursor }</c>; <c>nextCursor</c> is null on the last page.</summary>
public sealed record Page<T>(ImmutableArray<T> Items, string? NextCursor);
