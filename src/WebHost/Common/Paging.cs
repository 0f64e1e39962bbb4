using System.Buffers.Text;
using System.Globalization;
using System.Text;
using OmniBiz.GrainInterfaces.Common;

namespace OmniBiz.WebHost.Common;

/// <summary>Keyset paging: a cursor is the (timestamp, id) of the last row seen, opaque to clients.</summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static int Limit(int? limit) => limit switch
    {
        null => DefaultLimit,
        < 1 or > MaxLimit => throw DomainException.Invalid("limit", $"limit must be between 1 and {MaxLimit}."),
        _ => limit.Value,
    };

    /// <summary>Turns a read of <c>limit + 1</c> rows into a page, with a cursor when there is more.</summary>
    public static Page<T> PageOf<T>(List<T> rows, int limit, Func<T, (DateTimeOffset At, string Id)> key)
    {
        string? next = null;
        if (rows.Count > limit)
        {
            rows.RemoveRange(limit, rows.Count - limit);
            var (at, id) = key(rows[^1]);
            next = Encode(at, id);
        }

        return new Page<T>([.. rows], next);
    }

    public static string Encode(DateTimeOffset at, string id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{at.UtcTicks}:{id}")));

    public static (DateTimeOffset At, string Id)? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0
                && long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && InputRules.IdProblem(text[(colon + 1)..]) is null)
            {
                return (new DateTimeOffset(ticks, TimeSpan.Zero), text[(colon + 1)..]);
            }
        }
        catch (FormatException)
        {
        }

        throw DomainException.Invalid("cursor", "The cursor is not one this server handed out.");
    }
}
