using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Identity;

namespace OmniBiz.WebHost.Identity;

public sealed record ChangePasswordRequest(
    [property: Required, StringLength(IdentityRules.MaxPasswordLength)] string CurrentPassword,
    [property: Required, StringLength(IdentityRules.MaxPasswordLength)] string NewPassword);
