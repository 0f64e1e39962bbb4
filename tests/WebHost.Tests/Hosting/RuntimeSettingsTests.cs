using System.Text.Json;

namespace OmniBiz.WebHost.Tests.Hosting;

/// <summary>The runtime settings the node's programs ship with (read from the runtime configuration they are started with).</summary>
public sealed class RuntimeSettingsTests
{
    [Theory]
    [InlineData("OmniBiz.WebHost.runtimeconfig.json")]
    [InlineData("OmniBiz.Silo.runtimeconfig.json")]
    public void Idle_thread_pool_workers_do_not_spin(string file)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, file)));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
