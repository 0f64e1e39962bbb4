namespace OmniBiz.Dashboard.Services;

/// <summary>Short notices in the corner: events that happened and refusals from the server.</summary>
public sealed class Toasts
{
    private readonly List<Toast> _items = [];
    private long _next;

    public IReadOnlyList<Toast> Items => _items;

    public event Action? Changed;

    public void Show(string text, ToastKind kind = ToastKind.Info)
    {
        var toast = new Toast(Interlocked.Increment(ref _next), text, kind);
        _items.Add(toast);
        if (_items.Count > 5)
        {
            _items.RemoveAt(0);
        }

        Changed?.Invoke();
        _ = ExpireAsync(toast);
    }

    public void Dismiss(long id)
    {
        _items.RemoveAll(t => t.Id == id);
        Changed?.Invoke();
    }

    private async Task ExpireAsync(Toast toast)
    {
        await Task.Delay(toast.Kind == ToastKind.Error ? 8000 : 4000);
        Dismiss(toast.Id);
    }
}

public sealed record Toast(long Id, string Text, ToastKind Kind);
