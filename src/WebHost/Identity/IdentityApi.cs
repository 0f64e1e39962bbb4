using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.Grains.Identity;
using OmniBiz.WebHost.Auth;
using OmniBiz.WebHost.Hosting;
using OmniBiz.WebHost.Common;
using OmniBiz.WebHost.Limits;

namespace OmniBiz.WebHost.Identity;

public static class IdentityApi
{
    public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Identity");
        auth.MapPost("/register", RegisterAsync).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Register)
            .WithName("Register").WithSummary("Creates a customer account and signs it in.");
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Login)
            .WithName("Login").ProducesProblem(StatusCodes.Status401Unauthorized).WithSummary("Signs in with e-mail and password; repeated wrong passwords lock the account for a while (429).");
        auth.MapPost("/refresh", RefreshAsync).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Refresh)
            .WithName("RefreshToken").ProducesProblem(StatusCodes.Status401Unauthorized).WithSummary("Spends a refresh token for a new access token and a new refresh token.");
        auth.MapPost("/logout", LogoutAsync).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Refresh)
            .WithName("Logout").ProducesProblem(StatusCodes.Status401Unauthorized).WithSummary("Ends the session a refresh token belongs to.");
        auth.MapGet("/me", MeAsync).RequireAuthorization()
            .WithName("Me").WithSummary("The signed-in user.");
        auth.MapPatch("/me", UpdateMeAsync).RequireAuthorization()
            .WithName("UpdateMe").WithSummary("Changes the signed-in user's display name.");
        auth.MapPost("/password", ChangePasswordAsync).RequireAuthorization().RequireRateLimiting(RateLimitPolicies.Login)
            .WithName("ChangePassword")
            .WithSummary("Changes the signed-in user's password (400 naming currentPassword when it is wrong). Every other session ends; this one keeps its refresh token, with which it renews its access token.");
        auth.MapPost("/password-reset", RequestPasswordReset).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Login)
            .WithName("RequestPasswordReset")
            .WithSummary("Mails a single-use reset link to the address when it has an enabled account; answers 202 for every address alike.");
        auth.MapPost("/password-reset/confirm", ConfirmPasswordResetAsync).AllowAnonymous().RequireRateLimiting(RateLimitPolicies.Login)
            .WithName("ConfirmPasswordReset")
            .WithSummary("Sets a new password with the token from a reset mail; every session of the account ends. An unknown, used or expired token is 400.");

        var users = app.MapGroup("/api/users").WithTags("Identity").RequireAuthorization(Policies.Admin);
        users.MapGet("", ListUsersAsync)
            .WithName("ListUsers").WithSummary("Users newest first (admin only); search is a case-insensitive prefix of the e-mail address or display name.");
        users.MapGet("/{id}", GetUserAsync)
            .WithName("GetUser").WithSummary("One user (admin only).");
        users.MapPut("/{id}/roles", SetRolesAsync)
            .WithName("SetUserRoles").WithSummary("Replaces a user's roles (admin only); the user's sessions end. The last enabled admin cannot be demoted (409).");
        users.MapPost("/{id}/disable", DisableAsync)
            .WithName("DisableUser")
            .WithSummary("Disables an account (admin only): it cannot sign in, and its tokens and hub connections end on every node. The last enabled admin cannot be disabled (409).");
        users.MapPost("/{id}/enable", EnableAsync)
            .WithName("EnableUser").WithSummary("Enables a disabled account again (admin only); it signs in afresh.");
        return app;
    }

    private static async Task<Ok<UserProfile>> UpdateMeAsync(UpdateProfileRequest request, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IUserGrain>(http.User.UserIdOf()).SetDisplayNameAsync(request.DisplayName));

    private static async Task<NoContent> ChangePasswordAsync(ChangePasswordRequest request, HttpContext http, IGrainFactory grains)
    {
        var session = http.User.FindFirst(OmniBizClaims.SessionFamily)?.Value;
        await grains.GetGrain<IUserGrain>(http.User.UserIdOf()).ChangePasswordAsync(request.CurrentPassword, request.NewPassword, session);
        return TypedResults.NoContent();
    }

    /// <summary>The same work for every address: the account is looked up after the answer, by <see cref="PasswordResetMailer"/>.</summary>
    private static Accepted RequestPasswordReset(RequestPasswordResetRequest request, HttpRequest http, IConfiguration configuration, PasswordResetMailer mailer)
    {
        var baseUrl = PublicAddressSettings.From(configuration) ?? $"{http.Scheme}://{http.Host}";
        mailer.Enqueue(request.Email, baseUrl);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<NoContent> ConfirmPasswordResetAsync(ConfirmPasswordResetRequest request, IGrainFactory grains)
    {
        if (!PasswordResetTokens.TryParse(request.Token, out var userId))
        {
            throw PasswordResetTokens.Refused();
        }

        await grains.GetGrain<IUserGrain>(userId).ResetPasswordAsync(request.Token, request.NewPassword);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<Page<UserProfile>>> ListUsersAsync(
        UserQueries queries, string? search, string? role, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (search?.Length > IdentityRules.MaxEmailLength)
        {
            throw DomainException.Invalid("search", $"search may be at most {IdentityRules.MaxEmailLength} characters.");
        }

        return TypedResults.Ok(await queries.ListAsync(search, role, Paging.Limit(limit), cursor, cancellationToken));
    }

    private static async Task<Ok<UserProfile>> GetUserAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IUserGrain>(id).GetAsync() ?? throw DomainException.NotFound($"No user with id '{id}'."));

    private static async Task<Ok<UserProfile>> DisableAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(await (await ExistingAsync(grains, id)).DisableAsync());

    private static async Task<Ok<UserProfile>> EnableAsync(string id, IGrainFactory grains) =>
        TypedResults.Ok(await (await ExistingAsync(grains, id)).EnableAsync());

    /// <summary>The user grain of an account that exists; asking first keeps a made-up id from creating anything.</summary>
    private static async Task<IUserGrain> ExistingAsync(IGrainFactory grains, string id)
    {
        var user = grains.GetGrain<IUserGrain>(id);
        return await user.GetAsync() is null ? throw DomainException.NotFound($"No user with id '{id}'.") : user;
    }

    private static async Task<Created<AuthResponse>> RegisterAsync(
        RegisterUserRequest request, IGrainFactory grains, TokenService tokens, IOptions<JwtSettings> jwt, IOptions<LockoutSettings> lockout)
    {
        var registration = new RegisterUser(request.Email, request.Password, request.DisplayName);
        IdentityRules.Validate(registration);
        var profile = await grains.GetGrain<IEmailIndexGrain>(IdentityRules.NormalizeEmail(request.Email))
            .RegisterAsync(registration, [Roles.Customer]);
        var session = await grains.GetGrain<IUserGrain>(profile.Id).OpenSessionAsync(Policy(jwt, lockout));
        return TypedResults.Created("/api/auth/me", Answer(session, tokens));
    }

    private static async Task<Results<Ok<AuthResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext http, IGrainFactory grains, TokenService tokens, IOptions<JwtSettings> jwt, IOptions<LockoutSettings> lockout)
    {
        var email = request.Email?.Trim() ?? "";
        var password = request.Password ?? "";
        if (email.Length == 0 || password.Length == 0)
        {
            return SignInFailed();
        }

        // No address that long can have an account: refuse it before it names (and activates) an index grain.
        if (email.Length > IdentityRules.MaxEmailLength)
        {
            throw DomainException.Invalid("email", $"An e-mail address has at most {IdentityRules.MaxEmailLength} characters.");
        }

        var userId = await grains.GetGrain<IEmailIndexGrain>(IdentityRules.NormalizeEmail(email)).GetUserIdAsync();
        if (userId is null)
        {
            // Pay for a password check anyway, so an unknown address answers as slowly as a known one.
            Passwords.VerifyAgainstDummy(password);
            return SignInFailed();
        }

        var result = await grains.GetGrain<IUserGrain>(userId).SignInAsync(password, Policy(jwt, lockout));
        switch (result.Status)
        {
            case SignInStatus.SignedIn:
                return TypedResults.Ok(Answer(result.Session!, tokens));
            case SignInStatus.LockedOut:
                var seconds = Math.Max(1, (int)Math.Ceiling(result.RetryAfter.TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many wrong passwords.",
                    detail: $"This account is locked after repeated wrong passwords; try again in {seconds} seconds.");
            default:
                // A disabled account gets the answer of a wrong password: sign-in does not tell which accounts are disabled.
                return SignInFailed();
        }
    }

    private static async Task<Results<Ok<AuthResponse>, ProblemHttpResult>> RefreshAsync(
        RefreshTokenRequest request, IGrainFactory grains, TokenService tokens, IOptions<JwtSettings> jwt, IOptions<LockoutSettings> lockout)
    {
        var session = RefreshTokens.TryParse(request.RefreshToken, out var userId, out _)
            ? await grains.GetGrain<IUserGrain>(userId).RefreshAsync(request.RefreshToken, Policy(jwt, lockout))
            : null;
        return session is null
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "The refresh token is not valid.",
                detail: "It has expired, was already used, or its session ended; sign in again.")
            : TypedResults.Ok(Answer(session, tokens));
    }

    private static async Task<NoContent> LogoutAsync(LogoutRequest request, IGrainFactory grains)
    {
        if (RefreshTokens.TryParse(request.RefreshToken, out var userId, out _))
        {
            await grains.GetGrain<IUserGrain>(userId).RevokeRefreshTokenAsync(request.RefreshToken);
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<UserProfile>, NotFound>> MeAsync(HttpContext http, IGrainFactory grains)
    {
        var profile = await grains.GetGrain<IUserGrain>(http.User.UserIdOf()).GetAsync();
        return profile is null ? TypedResults.NotFound() : TypedResults.Ok(profile);
    }

    private static async Task<Ok<UserProfile>> SetRolesAsync(string id, SetRolesRequest request, IGrainFactory grains) =>
        TypedResults.Ok(await (await ExistingAsync(grains, id)).SetRolesAsync(request.Roles));

    private static AuthResponse Answer(UserSession session, TokenService tokens) =>
        new(session.Profile, tokens.Issue(session), session.RefreshToken);

    private static ProblemHttpResult SignInFailed() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed.", detail: "The e-mail address or password is wrong.");

    private static SessionPolicy Policy(IOptions<JwtSettings> jwt, IOptions<LockoutSettings> lockout) => new(
        TimeSpan.FromDays(Math.Max(1, jwt.Value.RefreshTokenDays)),
        lockout.Value.Threshold,
        TimeSpan.FromSeconds(Math.Max(1, lockout.Value.Seconds)),
        TimeSpan.FromSeconds(Math.Max(1, lockout.Value.MaxSeconds)));
}
