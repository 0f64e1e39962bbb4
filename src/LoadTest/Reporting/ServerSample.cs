namespace OmniBiz.LoadTest.Reporting;

/// <summary>
/// What the server says about itself (<c>GET /api/admin/metrics</c>). <see cref="DatabaseCpuSeconds"/> is the CPU of
/// the node's embedded PostgreSQL (absent for the bare baseline, which stores nothing, and for a configured server).
/// </summary>
public sealed record ServerSample(long WorkingSetBytes, long GcHeapBytes, double CpuSeconds, int Connections, double UptimeSeconds, double? DatabaseCpuSeconds = null);
