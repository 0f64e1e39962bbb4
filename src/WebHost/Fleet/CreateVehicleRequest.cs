namespace OmniBiz.WebHost.Fleet;

public sealed record CreateVehicleRequest(string Name, string Plate);
