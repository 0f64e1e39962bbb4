using System.ComponentModel.DataAnnotations;
using OmniBiz.Grains.Identity;

namespace OmniBiz.WebHost.Identity;

public sealed record RequestPasswordResetRequest(
    [property: Required, StringLength(IdentityRules.MaxEmailLength)] string Email);
