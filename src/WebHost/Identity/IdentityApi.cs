using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OmniBiz.GrainInterfaces.Common;
using OmniBiz.GrainInterfaces.Identity;
using OmniBiz.Grains.Identity;
using OmniBiz.WebHost.Auth;
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

        app.MapPut("/api/users/{id}/roles", SetRolesAsync).WithTags("Identity").RequireAuthorization(Policies.Admin)
            .WithName("SetUserRoles").WithSummary("Replaces a user's roles (admin only); the user's sessions end.");
        return app;
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
            case SignInStatus.Disabled:
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed.", detail: "This account is disabled.");
            default:
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

    private static async Task<Ok<UserProfile>> SetRolesAsync(string id, SetRolesRequest request, IGrainFactory grains)
    {
        var user = grains.GetGrain<IUserGrain>(id);
        if (await user.GetAsync() is null)
        {
            throw DomainException.NotFound($"No user with id '{id}'.");
        }

        return TypedResults.Ok(await user.SetRolesAsync(request.Roles));
    }

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
