using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Identity;

public sealed record SetRolesRequest([property: Required, ValidId(MaxCount = 10)] ImmutableArray<string> Roles);
