using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestFramework("OmniBiz.WebHost.Tests.OpenApi.RunsLastFramework", "OmniBiz.WebHost.Tests")]

namespace OmniBiz.WebHost.Tests.OpenApi;

/// <summary>
/// xunit's own framework, except that the tests of the <see cref="RunsLastCollection"/> start only once every other
/// test has finished (other collections still run in parallel), and that answers are observed from the first test on.
/// </summary>
public sealed class RunsLastFramework : XunitTestFramework
{
    public RunsLastFramework(IMessageSink messageSink)
        : base(messageSink) => ObservedResponses.Start();

    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new Runner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync();
        }
    }

    private sealed class Runner(
        ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task<RunSummary> RunTestCollectionsAsync(IMessageBus messageBus, CancellationTokenSource cancellationTokenSource)
        {
            var all = TestCases.ToList();
            var last = all.Where(RunsLast).ToList();
            TestCases = [.. all.Where(t => !RunsLast(t))];
            var summary = await base.RunTestCollectionsAsync(messageBus, cancellationTokenSource);
            if (last.Count > 0 && !cancellationTokenSource.IsCancellationRequested)
            {
                TestCases = last;
                summary.Aggregate(await base.RunTestCollectionsAsync(messageBus, cancellationTokenSource));
            }

            TestCases = all;
            return summary;
        }

        private static bool RunsLast(IXunitTestCase testCase) => testCase.TestMethod.TestClass.TestCollection.DisplayName == RunsLastCollection.Name;
    }
}

/// <summary>Tests that judge what all the others did; <see cref="RunsLastFramework"/> runs them after everything else.</summary>
[CollectionDefinition(Name)]
public sealed class RunsLastCollection
{
    public const string Name = "runs last";
}
