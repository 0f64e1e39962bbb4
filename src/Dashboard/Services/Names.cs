namespace OmniBiz.Dashboard.Services;

/// <summary>Display names for user ids the pages show (senders, members), learned as the pages meet them.</summary>
public sealed class Names
{
    private readonly Dictionary<string, string> _names = [];

    public void Learn(string userId, string displayName) => _names[userId] = displayName;

    public string Of(string? userId) => userId is null ? "" : _names.TryGetValue(userId, out var name) ? name : userId;
}
