using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Messaging;

public sealed record ChangeMembersRequest([property: Required, ValidId] ImmutableArray<string> UserIds);
