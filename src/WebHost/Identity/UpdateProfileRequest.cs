using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Identity;

namespace OmniBiz.WebHost.Identity;

public sealed record UpdateProfileRequest(
    [property: Required, StringLength(IdentityRules.MaxDisplayNameLength)] string DisplayName);
