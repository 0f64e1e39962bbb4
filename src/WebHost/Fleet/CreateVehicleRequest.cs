using System.ComponentModel.DataAnnotations;

namespace OmniBiz.WebHost.Fleet;

public sealed record CreateVehicleRequest([property: Required, StringLength(100)] string Name, [property: Required, StringLength(20)] string Plate);
