using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Identity;

namespace OmniBiz.WebHost.Identity;

public sealed record RegisterUserRequest(
    [property: Required, StringLength(IdentityRules.MaxEmailLength)] string Email,
    [property: Required, StringLength(IdentityRules.MaxPasswordLength)] string Password,
    [property: Required, StringLength(IdentityRules.MaxDisplayNameLength)] string DisplayName);
