using System.ComponentModel.DataAnnotations;

namespace OmniBiz.WebHost.Fleet;

public sealed record LocationRequest(
    [property: Required, StringLength(200)] string Name,
    [property: Required, StringLength(50)] string Type,
    double Lat,
    double Lng,
    [property: StringLength(500)] string? Address);
