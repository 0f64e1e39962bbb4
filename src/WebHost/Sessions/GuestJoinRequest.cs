using System.ComponentModel.DataAnnotations;

namespace OmniBiz.WebHost.Sessions;

public sealed record GuestJoinRequest([property: Required, StringLength(80, MinimumLength = 1)] string DisplayName);
