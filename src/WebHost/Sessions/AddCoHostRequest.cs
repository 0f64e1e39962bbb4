using System.ComponentModel.DataAnnotations;
using OmniBiz.WebHost.Common;

namespace OmniBiz.WebHost.Sessions;

public sealed record AddCoHostRequest([property: Required, ValidId] string UserId);
