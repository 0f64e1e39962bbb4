namespace OmniBiz.Dashboard.Services;

/// <summary>The server cart of the signed-in user, live: every tab and device shows the same badge.</summary>
public sealed class CartState
{
    private readonly Api _api;
    private readonly LiveHub _hub;

    public CartState(Api api, LiveHub hub)
    {
        _api = api;
        _hub = hub;
        _hub.On<Cart>("cart_updated", cart =>
        {
            Apply(cart);
            return Task.CompletedTask;
        });
        _hub.Reconnected += LoadAsync;
        // Whatever path brought the connection back, the badge reads the cart again.
        _hub.StatusChanged += () =>
        {
            if (_hub.Status == ConnectionStatus.Connected && _away)
            {
                _ = ReloadQuietlyAsync();
            }

            _away = _hub.Status != ConnectionStatus.Connected;
        };
    }

    private bool _away;

    private async Task ReloadQuietlyAsync()
    {
        try
        {
            await LoadAsync();
        }
        catch (ApiException)
        {
            // The next event or reconnect tries again.
        }
    }

    public Cart Cart { get; private set; } = Cart.Empty;

    public event Action? Changed;

    public async Task LoadAsync()
    {
        Apply(await _api.GetAsync<Cart>("api/cart"), force: true);
    }

    public void Reset()
    {
        Cart = Cart.Empty;
        Changed?.Invoke();
    }

    /// <summary>Takes a cart only when it is newer than the one shown: events may arrive after a fresher read.</summary>
    public void Apply(Cart cart, bool force = false)
    {
        if (force || cart.Version > Cart.Version)
        {
            Cart = cart;
            Changed?.Invoke();
        }
    }
}
