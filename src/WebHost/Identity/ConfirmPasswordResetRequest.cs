using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Identity;

namespace OmniBiz.WebHost.Identity;

public sealed record ConfirmPasswordResetRequest(
    [property: Required, StringLength(PasswordResetTokens.MaxLength)] string Token,
    [property: Required, StringLength(IdentityRules.MaxPasswordLength)] string NewPassword);
