using System.Net.Http.Json;
using Microsoft.JSInterop;

namespace OmniBiz.Dashboard.Services;

/// <summary>Who is signed in in this browser, kept in local storage so every tab of the browser shares it.</summary>
public sealed class AuthState(HttpClient http, IJSRuntime js)
{
    private const string StorageKey = "omnibiz.auth";
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    public UserInfo? User { get; private set; }

    public string? AccessToken { get; private set; }

    public string? RefreshToken { get; private set; }

    /// <summary>A guest in one live session (from a join link): a token for that session only.</summary>
    public GuestAccess? Guest { get; private set; }

    public bool IsSignedIn => User is not null;

    public bool IsStaff => User?.IsStaff == true;

    public event Action? Changed;

    public async Task LoadAsync()
    {
        var stored = await js.InvokeAsync<string?>("localStorage.getItem", StorageKey);
        if (!string.IsNullOrEmpty(stored))
        {
            var answer = System.Text.Json.JsonSerializer.Deserialize<AuthAnswer>(stored, Api.Json);
            if (answer is not null)
            {
                (User, AccessToken, RefreshToken) = (answer.User, answer.AccessToken, answer.RefreshToken);
            }
        }
    }

    public async Task SignInAsync(AuthAnswer answer)
    {
        (User, AccessToken, RefreshToken, Guest) = (answer.User, answer.AccessToken, answer.RefreshToken, null);
        await js.InvokeVoidAsync("localStorage.setItem", StorageKey, System.Text.Json.JsonSerializer.Serialize(answer, Api.Json));
        Changed?.Invoke();
    }

    /// <summary>The signed-in user's profile changed (e.g. the display name): keep the tokens, store the new profile.</summary>
    public async Task UpdateUserAsync(UserInfo user)
    {
        if (User is null || AccessToken is null)
        {
            return;
        }

        User = user;
        await js.InvokeVoidAsync("localStorage.setItem", StorageKey, System.Text.Json.JsonSerializer.Serialize(new AuthAnswer(user, AccessToken, RefreshToken), Api.Json));
        Changed?.Invoke();
    }

    public void UseGuest(GuestAccess guest)
    {
        Guest = guest;
        AccessToken = guest.AccessToken;
        Changed?.Invoke();
    }

    public async Task SignOutAsync()
    {
        if (RefreshToken is { } refresh)
        {
            try
            {
                using var _ = await http.PostAsJsonAsync("api/auth/logout", new { refreshToken = refresh });
            }
            catch (HttpRequestException)
            {
            }
        }

        (User, AccessToken, RefreshToken, Guest) = (null, null, null, null);
        await js.InvokeVoidAsync("localStorage.removeItem", StorageKey);
        Changed?.Invoke();
    }

    /// <summary>Spends the refresh token for a new access token; false (and signed out) when it no longer works.</summary>
    public async Task<bool> RefreshAsync()
    {
        var spent = RefreshToken;
        await _refreshing.WaitAsync();
        try
        {
            // Another caller refreshed while this one waited.
            if (RefreshToken != spent)
            {
                return RefreshToken is not null;
            }

            // Another tab may have refreshed (refresh tokens are single-use): take its tokens first.
            var stored = await js.InvokeAsync<string?>("localStorage.getItem", StorageKey);
            var storedAnswer = string.IsNullOrEmpty(stored) ? null : System.Text.Json.JsonSerializer.Deserialize<AuthAnswer>(stored, Api.Json);
            if (storedAnswer is not null && storedAnswer.RefreshToken != spent)
            {
                (User, AccessToken, RefreshToken) = (storedAnswer.User, storedAnswer.AccessToken, storedAnswer.RefreshToken);
                return true;
            }

            if (spent is null)
            {
                return false;
            }

            using var response = await http.PostAsJsonAsync("api/auth/refresh", new { refreshToken = spent });
            if (!response.IsSuccessStatusCode)
            {
                await SignOutAsync();
                return false;
            }

            var answer = (await response.Content.ReadFromJsonAsync<AuthAnswer>(Api.Json))!;
            (User, AccessToken, RefreshToken) = (answer.User, answer.AccessToken, answer.RefreshToken);
            await js.InvokeVoidAsync("localStorage.setItem", StorageKey, System.Text.Json.JsonSerializer.Serialize(answer, Api.Json));
            return true;
        }
        finally
        {
            _refreshing.Release();
        }
    }
}
