using OmniBiz.LoadTest.Common;
using OmniBiz.WebHost.Tests.Common;

namespace OmniBiz.LoadTest.Tests.Common;

/// <summary>Harness options for a smoke run: a few seconds after a one-second warm-up, signed in as the test node's admin.</summary>
public static class SmokeOptions
{
    public static HarnessOptions For(Uri target, int seconds = 3) =>
        new([target], TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(1), TestNode.AdminEmail, TestNode.AdminPassword, JsonFile: null, Quiet: true);
}
