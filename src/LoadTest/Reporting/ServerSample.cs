namespace OmniBiz.LoadTest.Reporting;

/// <summary>What the server says about itself (<c>GET /api/admin/metrics</c>).</summary>
public sealed record ServerSample(long WorkingSetBytes, long GcHeapBytes, double CpuSeconds, int Connections, double UptimeSeconds);
