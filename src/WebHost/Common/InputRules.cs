using System.Buffers;
using OmniBiz.GrainInterfaces.Common;

namespace OmniBiz.WebHost.Common;

/// <summary>
/// The rules every value from outside meets before any grain sees it: no control characters (PostgreSQL refuses NUL,
/// and no text of ours needs the others), bounded lengths, ids that are neither blank nor padded, and dates inside
/// the range the product deals in. Enforced once, at the boundary: <see cref="InputValidation"/> for paths and query
/// strings, <see cref="TextJsonConverter"/> for every JSON string, <see cref="ValidIdAttribute"/> and length attributes on
/// request fields, and the hub's input filter for hub arguments.
/// </summary>
public static class InputRules
{
    /// <summary>The longest id in a path, a query, a body or a hub call.</summary>
    public const int MaxIdLength = 128;

    /// <summary>The longest query-string value (search text, cursors, filters).</summary>
    public const int MaxQueryValueLength = 500;

    /// <summary>The longest JSON string accepted anywhere; fields have lower limits of their own.</summary>
    public const int MaxTextLength = 20_000;

    /// <summary>The earliest date accepted in a filter or a body.</summary>
    public static readonly DateTimeOffset EarliestDate = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The latest date accepted in a filter or a body.</summary>
    public static readonly DateTimeOffset LatestDate = new(2200, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // C0 controls and DEL; tab, line feed and carriage return are allowed in free text only.
    private static readonly SearchValues<char> Controls = SearchValues.Create([.. Enumerable.Range(0, 32).Select(c => (char)c), '\u007f']);
    private static readonly SearchValues<char> ControlsButLineBreaks = SearchValues.Create(
        [.. Enumerable.Range(0, 32).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c), '\u007f']);

    /// <summary>Whether the text holds a control character (tabs and line breaks count only when not <paramref name="freeText"/>).</summary>
    public static bool HasControlCharacter(ReadOnlySpan<char> text, bool freeText) =>
        text.ContainsAny(freeText ? ControlsButLineBreaks : Controls);

    /// <summary>Why the value is not an acceptable id, or null when it is.</summary>
    public static string? IdProblem(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "is required and may not be blank.";
        }

        if (value.Length > MaxIdLength)
        {
            return $"may be at most {MaxIdLength} characters.";
        }

        if (HasControlCharacter(value, freeText: false))
        {
            return "may not contain control characters.";
        }

        return char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) ? "may not start or end with spaces." : null;
    }

    /// <summary>Refuses an unacceptable id, naming the field.</summary>
    public static string Id(string field, string? value) =>
        IdProblem(value) is { } problem ? throw DomainException.Invalid(field, $"{field} {problem}") : value!;

    /// <summary>Refuses a date outside the range the product deals in.</summary>
    public static DateTimeOffset? Date(string field, DateTimeOffset? value) =>
        value is { } date && (date < EarliestDate || date >= LatestDate)
            ? throw DomainException.Invalid(field, $"{field} must be between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd}.")
            : value;
}
