using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace OmniBiz.WebHost.Limits;

/// <summary>Counts each user's open hub connections on this node and refuses the one over the cap.</summary>
public sealed class HubConnectionLimiter(IOptions<RateLimitSettings> settings)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    public int Limit => settings.Value.HubConnectionsPerUser;

    /// <summary>Counts a new connection; false (and nothing counted) when the user already holds the most allowed.</summary>
    public bool TryOpen(string userId)
    {
        var limit = Limit;
        while (true)
        {
            var count = _open.GetOrAdd(userId, 0);
            if (limit > 0 && count >= limit)
            {
                return false;
            }

            if (_open.TryUpdate(userId, count + 1, count))
            {
                return true;
            }
        }
    }

    public void Close(string userId)
    {
        while (_open.TryGetValue(userId, out var count))
        {
            if (count <= 1 ? _open.TryRemove(new KeyValuePair<string, int>(userId, count)) : _open.TryUpdate(userId, count - 1, count))
            {
                return;
            }
        }
    }
}
