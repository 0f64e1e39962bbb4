using System.Collections.Immutable;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.GrainInterfaces.Realtime;
using OmniBiz.Grains.Projections;
using OmniBiz.Grains.Realtime;
using OmniBiz.Grains.Storage;

namespace OmniBiz.Grains.Identity;

public sealed partial class UserGrain(
    [PersistentState(StorageNames.User, StorageNames.Main)] IPersistentState<UserState> state,
    UserReadModel readModel,
    Projector projector,
    TimeProvider clock,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    /// <summary>Open sessions kept per account; opening one more ends the oldest.</summary>
    public const int MaxSessions = 20;

    private Projection? _projection;

    private string UserId => this.GetPrimaryKeyString();

    private Projection Projection => _projection ??= projector.For(this, "users", () => readModel.SaveAsync(ToProfile(), state.State.Version));

    private bool IsEnabledAdmin => state.RecordExists && !state.State.Disabled && state.State.Roles.Contains(Roles.Admin);

    private IAdminRosterGrain Roster => GrainFactory.GetGrain<IAdminRosterGrain>(IAdminRosterGrain.Key);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!state.RecordExists)
        {
            return;
        }

        // Accounts made before security stamps existed get one, once.
        if (state.State.SecurityStamp.Length == 0)
        {
            state.State.SecurityStamp = NewStamp();
            await state.WriteStateAsync(cancellationToken);
        }

        // Repairs a roster or a list row left behind by a crash (or made before either existed).
        if (IsEnabledAdmin)
        {
            await Roster.AddAsync(UserId);
        }

        await Projection.ProjectAsync();
    }

    public async Task<UserProfile> CreateAsync(RegisterUser registration, ImmutableArray<string> roles)
    {
        if (state.RecordExists)
        {
            throw DomainException.Conflict("An account already exists under this id.");
        }

        IdentityRules.Validate(registration);
        var validRoles = IdentityRules.ValidateRoles(roles);
        state.State = new UserState
        {
            Email = IdentityRules.NormalizeEmail(registration.Email),
            DisplayName = registration.DisplayName.Trim(),
            PasswordHash = Passwords.Hash(registration.Password),
            Roles = [.. validRoles],
            CreatedAt = clock.GetUtcNow(),
            SecurityStamp = NewStamp(),
            Version = 1,
        };
        await state.WriteStateAsync();
        if (IsEnabledAdmin)
        {
            await Roster.AddAsync(UserId);
        }

        await Projection.ProjectAsync();
        return ToProfile();
    }

    public Task<UserProfile?> GetAsync() => Task.FromResult(state.RecordExists ? ToProfile() : null);

    public async Task<UserProfile?> VerifyPasswordAsync(string password) =>
        await CheckPasswordAsync(password) ? ToProfile() : null;

    public async Task<SignInOutcome> SignInAsync(string password, SessionPolicy policy)
    {
        if (!state.RecordExists)
        {
            Passwords.VerifyAgainstDummy(password ?? "");
            return new SignInOutcome(SignInStatus.WrongPassword, null, TimeSpan.Zero);
        }

        var now = clock.GetUtcNow();
        if (state.State.LockedUntil is { } until && until > now)
        {
            return new SignInOutcome(SignInStatus.LockedOut, null, until - now);
        }

        if (!await CheckPasswordAsync(password))
        {
            state.State.FailedSignIns++;
            if (state.State.FailedSignIns >= Math.Max(1, policy.LockoutThreshold))
            {
                state.State.Lockouts++;
                var duration = LockoutDuration(policy, state.State.Lockouts);
                state.State.LockedUntil = now + duration;
                state.State.FailedSignIns = 0;
                LogLockedOut(UserId, duration);
            }

            await state.WriteStateAsync();
            return new SignInOutcome(SignInStatus.WrongPassword, null, TimeSpan.Zero);
        }

        state.State.FailedSignIns = 0;
        state.State.Lockouts = 0;
        state.State.LockedUntil = null;
        if (state.State.Disabled)
        {
            await state.WriteStateAsync();
            return new SignInOutcome(SignInStatus.Disabled, null, TimeSpan.Zero);
        }

        return new SignInOutcome(SignInStatus.SignedIn, await OpenAsync(policy), TimeSpan.Zero);
    }

    public async Task<UserSession> OpenSessionAsync(SessionPolicy policy)
    {
        EnsureExists();
        if (state.State.Disabled)
        {
            throw DomainException.Forbidden("This account is disabled.");
        }

        return await OpenAsync(policy);
    }

    public async Task<UserSession?> RefreshAsync(string refreshToken, SessionPolicy policy)
    {
        if (!state.RecordExists || state.State.Disabled
            || !RefreshTokens.TryParse(refreshToken, out var userId, out var familyId) || userId != UserId
            || !state.State.RefreshFamilies.TryGetValue(familyId, out var family))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (family.TokenHash != RefreshTokens.Hash(refreshToken))
        {
            // A token of this family that is no longer its newest: it was spent before, so two parties hold the
            // chain. Neither can be told apart from the other; the session ends for both.
            state.State.RefreshFamilies.Remove(familyId);
            await state.WriteStateAsync();
            LogReuse(UserId, familyId);
            return null;
        }

        if (family.ExpiresAt <= now)
        {
            state.State.RefreshFamilies.Remove(familyId);
            await state.WriteStateAsync();
            return null;
        }

        var next = RefreshTokens.Create(UserId, familyId);
        family.TokenHash = RefreshTokens.Hash(next);
        family.ExpiresAt = now + policy.RefreshTokenLifetime;
        RemoveExpired(now);
        await state.WriteStateAsync();
        return new UserSession(ToProfile(), state.State.SecurityStamp, next);
    }

    public async Task RevokeRefreshTokenAsync(string refreshToken)
    {
        if (state.RecordExists
            && RefreshTokens.TryParse(refreshToken, out var userId, out var familyId) && userId == UserId
            && state.State.RefreshFamilies.Remove(familyId))
        {
            await state.WriteStateAsync();
        }
    }

    public Task<string?> GetSecurityStampAsync() =>
        Task.FromResult(state.RecordExists && !state.State.Disabled ? state.State.SecurityStamp : null);

    public async Task<UserProfile> DisableAsync()
    {
        EnsureExists();
        if (state.State.Disabled)
        {
            return ToProfile();
        }

        if (IsEnabledAdmin)
        {
            await Roster.ReleaseAsync(UserId);
        }

        state.State.Disabled = true;
        state.State.ResetTokenHash = null;
        state.State.Version++;
        await EndSessionsAsync();
        await Projection.ProjectAsync();
        return ToProfile();
    }

    public async Task<UserProfile> EnableAsync()
    {
        EnsureExists();
        if (!state.State.Disabled)
        {
            return ToProfile();
        }

        state.State.Disabled = false;
        state.State.Version++;
        await state.WriteStateAsync();
        if (IsEnabledAdmin)
        {
            await Roster.AddAsync(UserId);
        }

        await Projection.ProjectAsync();
        return ToProfile();
    }

    public async Task<UserProfile> SetDisplayNameAsync(string displayName)
    {
        EnsureExists();
        var name = IdentityRules.ValidateDisplayName(displayName);
        if (name != state.State.DisplayName)
        {
            state.State.DisplayName = name;
            state.State.Version++;
            await state.WriteStateAsync();
            await Projection.ProjectAsync();
        }

        return ToProfile();
    }

    public async Task<UserProfile> SetRolesAsync(ImmutableArray<string> roles)
    {
        EnsureExists();
        var validRoles = IdentityRules.ValidateRoles(roles);
        if (!validRoles.ToHashSet().SetEquals(state.State.Roles))
        {
            var wasAdmin = IsEnabledAdmin;
            if (wasAdmin && !validRoles.Contains(Roles.Admin))
            {
                await Roster.ReleaseAsync(UserId);
            }

            state.State.Roles = [.. validRoles];
            state.State.Version++;
            await EndSessionsAsync();
            if (!wasAdmin && IsEnabledAdmin)
            {
                await Roster.AddAsync(UserId);
            }

            await Projection.ProjectAsync();
        }

        return ToProfile();
    }

    public async Task SetPasswordAsync(string password)
    {
        EnsureExists();
        IdentityRules.ValidatePassword(password);
        state.State.PasswordHash = Passwords.Hash(password);
        state.State.ResetTokenHash = null;
        await EndSessionsAsync();
    }

    public async Task ChangePasswordAsync(string currentPassword, string newPassword, string? keepSessionId)
    {
        EnsureExists();
        IdentityRules.ValidatePassword(newPassword, "newPassword");
        if (state.State.Disabled || !await CheckPasswordAsync(currentPassword))
        {
            throw DomainException.Invalid("currentPassword", "The current password is wrong.");
        }

        state.State.PasswordHash = Passwords.Hash(newPassword);
        state.State.ResetTokenHash = null;
        await EndSessionsAsync(keepSessionId);
    }

    public async Task<string?> IssuePasswordResetAsync(TimeSpan lifetime)
    {
        if (!state.RecordExists || state.State.Disabled)
        {
            return null;
        }

        var token = PasswordResetTokens.Create(UserId);
        state.State.ResetTokenHash = PasswordResetTokens.Hash(token);
        state.State.ResetTokenExpiresAt = clock.GetUtcNow() + lifetime;
        await state.WriteStateAsync();
        return token;
    }

    public async Task ResetPasswordAsync(string token, string newPassword)
    {
        var valid = state.RecordExists && !state.State.Disabled
            && state.State.ResetTokenHash is { } hash && PasswordResetTokens.Matches(hash, token)
            && state.State.ResetTokenExpiresAt > clock.GetUtcNow();
        if (!valid)
        {
            throw PasswordResetTokens.Refused();
        }

        IdentityRules.ValidatePassword(newPassword, "newPassword");
        state.State.PasswordHash = Passwords.Hash(newPassword);
        state.State.ResetTokenHash = null;
        state.State.ResetTokenExpiresAt = null;

        // Whoever reads the mail owns the account now: a lockout from someone guessing does not stand in their way.
        state.State.FailedSignIns = 0;
        state.State.Lockouts = 0;
        state.State.LockedUntil = null;
        await EndSessionsAsync();
    }

    private async Task<bool> CheckPasswordAsync(string? password)
    {
        if (!state.RecordExists || string.IsNullOrEmpty(password))
        {
            return false;
        }

        var result = Passwords.Verify(state.State.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            return false;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            state.State.PasswordHash = Passwords.Hash(password);
            await state.WriteStateAsync();
        }

        return true;
    }

    private async Task<UserSession> OpenAsync(SessionPolicy policy)
    {
        var now = clock.GetUtcNow();
        RemoveExpired(now);
        while (state.State.RefreshFamilies.Count >= MaxSessions)
        {
            state.State.RefreshFamilies.Remove(state.State.RefreshFamilies.MinBy(f => f.Value.IssuedAt).Key);
        }

        var familyId = RefreshTokens.NewFamilyId();
        var token = RefreshTokens.Create(UserId, familyId);
        state.State.RefreshFamilies[familyId] = new RefreshTokenFamily
        {
            TokenHash = RefreshTokens.Hash(token),
            IssuedAt = now,
            ExpiresAt = now + policy.RefreshTokenLifetime,
        };
        await state.WriteStateAsync();
        return new UserSession(ToProfile(), state.State.SecurityStamp, token);
    }

    /// <summary>
    /// A new stamp fails every access token at its next request on any node (nodes ask this grain), no refresh token
    /// works any more, and the user's hub connections are closed by the nodes that hold them.
    /// </summary>
    private async Task EndSessionsAsync(string? keepSessionId = null)
    {
        state.State.SecurityStamp = NewStamp();
        foreach (var familyId in state.State.RefreshFamilies.Keys.Where(f => f != keepSessionId).ToList())
        {
            state.State.RefreshFamilies.Remove(familyId);
        }

        await state.WriteStateAsync();
        await GrainFactory.PublishAsync(Topics.User(UserId), EventNames.SignOut, new { userId = UserId });
    }

    private void RemoveExpired(DateTimeOffset now)
    {
        foreach (var expired in state.State.RefreshFamilies.Where(f => f.Value.ExpiresAt <= now).Select(f => f.Key).ToList())
        {
            state.State.RefreshFamilies.Remove(expired);
        }
    }

    private static TimeSpan LockoutDuration(SessionPolicy policy, int lockouts)
    {
        var max = policy.MaxLockoutDuration < policy.LockoutDuration ? policy.LockoutDuration : policy.MaxLockoutDuration;
        var duration = policy.LockoutDuration;
        for (var i = 1; i < lockouts && duration < max; i++)
        {
            duration *= 2;
        }

        return duration < max ? duration : max;
    }

    private static string NewStamp() => Guid.NewGuid().ToString("N");

    private void EnsureExists()
    {
        if (!state.RecordExists)
        {
            throw DomainException.NotFound($"No user with id '{UserId}'.");
        }
    }

    private UserProfile ToProfile() => new(
        UserId,
        state.State.Email,
        state.State.DisplayName,
        [.. state.State.Roles],
        state.State.CreatedAt,
        state.State.Disabled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} locked for {Duration} after repeated wrong passwords")]
    private partial void LogLockedOut(string userId, TimeSpan duration);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A spent refresh token of account {UserId} was presented again: session {FamilyId} ended")]
    private partial void LogReuse(string userId, string familyId);
}
