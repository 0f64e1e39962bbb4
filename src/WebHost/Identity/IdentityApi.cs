using Microsoft.AspNetCore.Http.HttpResults;
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
            .WithName("Login").WithSummary("Signs in with e-mail and password.");
        auth.MapGet("/me", MeAsync).RequireAuthorization()
            .WithName("Me").WithSummary("The signed-in user.");

        app.MapPut("/api/users/{id}/roles", SetRolesAsync).WithTags("Identity").RequireAuthorization(Policies.Admin)
            .WithName("SetUserRoles").WithSummary("Replaces a user's roles (admin only).");
        return app;
    }

    private static async Task<Created<AuthResponse>> RegisterAsync(RegisterUserRequest request, IGrainFactory grains, TokenService tokens)
    {
        var registration = new RegisterUser(request.Email, request.Password, request.DisplayName);
        IdentityRules.Validate(registration);
        var profile = await grains.GetGrain<IEmailIndexGrain>(IdentityRules.NormalizeEmail(request.Email))
            .RegisterAsync(registration, [Roles.Customer]);
        return TypedResults.Created("/api/auth/me", new AuthResponse(profile, tokens.Issue(profile)));
    }

    private static async Task<Results<Ok<AuthResponse>, ProblemHttpResult>> LoginAsync(LoginRequest request, IGrainFactory grains, TokenService tokens)
    {
        var profile = await FindByCredentialsAsync(grains, request.Email, request.Password);
        return profile is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed.", detail: "The e-mail address or password is wrong.")
            : TypedResults.Ok(new AuthResponse(profile, tokens.Issue(profile)));
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

    private static async Task<UserProfile?> FindByCredentialsAsync(IGrainFactory grains, string? email, string? password)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return null;
        }

        var userId = await grains.GetGrain<IEmailIndexGrain>(IdentityRules.NormalizeEmail(email)).GetUserIdAsync();
        return userId is null ? null : await grains.GetGrain<IUserGrain>(userId).VerifyPasswordAsync(password);
    }
}
