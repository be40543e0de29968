using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Analyzers.Rules;
using Unblock.Analyzers.Rules.Sleep;
using Unblock.Analyzers.Rules.SyncWait;
using Unblock.Analyzers.Rules.Transitive;
using Xunit;
using Xunit.Abstractions;

namespace Unblock.Tests.Rules;

/// <summary>BLK007 on bad input, on a generated project, and the live versus compilation-end designs.</summary>
public class TransitiveDesignTests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n";
    private readonly ITestOutputHelper _output;

    public TransitiveDesignTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void The_rule_registry_holds_every_single_operation_rule_of_the_package()
    {
        var shipped = AllAnalyzers.CreateAnalyzers().OfType<Unblock.Analyzers.BlockingCallAnalyzer>().Select(a => a.GetType()).OrderBy(t => t.FullName);
        Assert.Equal(shipped, BlockingRules.All.Select(r => r.GetType()).OrderBy(t => t.FullName));
    }

    [Fact]
    public async Task Deep_recursion_ends_without_a_stack_overflow()
    {
        // A chain of 3000 helpers: the search is iterative, bounded by max_depth (here raised above the chain length).
        const int Length = 1500;
        var source = new StringBuilder(Usings + "class C\n{\n    async Task Handle() { H0(); await Task.Yield(); }\n");
        for (var i = 0; i < Length; i++)
        {
            source.Append($"    void H{i}() {{ H{i + 1}(); }}\n");
        }

        source.Append($"    void H{Length}() {{ Thread.Sleep(1); H0(); }}\n}}\n");
        var compilation = TransitiveHarness.Compile(new[] { source.ToString() });
        var analyzer = new TransitiveBlockingAnalyzer();
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new TestConfigProvider("dotnet_code_quality.BLK007.max_depth", "100000"));
        var exceptions = new System.Collections.Generic.List<Exception>();
        var diagnostics = await compilation.WithAnalyzers(
                ImmutableArray.Create<DiagnosticAnalyzer>(analyzer),
                new CompilationWithAnalyzersOptions(options, (e, _, _) => exceptions.Add(e), concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync();
        Assert.Empty(exceptions);
        var diagnostic = Assert.Single(diagnostics);
        Assert.EndsWith($"H{Length - 1} → H{Length} → Thread.Sleep)", diagnostic.GetMessage(), StringComparison.Ordinal);

        // With the default limit the same chain is too long to report.
        Assert.Empty(await TransitiveHarness.RunAsync(analyzer, new[] { source.ToString() }));
    }

    [Fact]
    public async Task Very_large_methods_are_read_to_the_end()
    {
        var body = new StringBuilder();
        for (var i = 0; i < 3_000; i++)
        {
            body.Append("        x = x + ").Append(i).Append(";\n");
        }

        var source = Usings + "class C\n{\n    async Task Handle() { Big(); await Task.Yield(); }\n    void Big()\n    {\n        var x = 0;\n" + body + "        Thread.Sleep(x);\n    }\n}\n";
        var diagnostic = Assert.Single(await TransitiveHarness.RunAsync(new TransitiveBlockingAnalyzer(), new[] { source }));
        Assert.Contains("Handle → Big → Thread.Sleep", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_async_lambda_far_into_a_long_synchronous_member_is_found()
    {
        // A type's text is searched for "async" in chunks of a few thousand characters: the keyword is found at every
        // offset around a chunk boundary, across it included.
        for (var offset = 4085; offset <= 4100; offset++)
        {
            const string Head = "class C\n{\n    void Run()\n    {\n        //";
            const string Lambda = "\n        Func<Task> f = ";
            var padding = new string('x', offset - Head.Length - Lambda.Length);
            var source = Usings + Head + padding + Lambda + "async () => { Load(); await Task.Yield(); };\n    }\n    void Load() => Thread.Sleep(1);\n}\n";
            var type = source.IndexOf(Head, StringComparison.Ordinal);
            Assert.Equal(offset, source.IndexOf("async", StringComparison.Ordinal) - type);
            var diagnostic = Assert.Single(await TransitiveHarness.RunAsync(new TransitiveBlockingAnalyzer(), new[] { source }));
            Assert.Contains("calls 'Load'", diagnostic.GetMessage(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("class C { async Task Handle() { Load(); await Task.Yield(); } void Load() { Undefined.Call(); Thread.Sleep(; } }")]
    [InlineData("class C { async Task Handle() { Load(; } void Load() => Load(); }")]
    [InlineData("class C { async Task Handle() { new Missing().Run(); P = 1; var q = this[0]; await Task.Yield(); } int P { set => Thread.Sleep(value); } }")]
    [InlineData("partial class C { async Task Handle() { Load(); Other(); await Task.Yield(); } partial void Load(); extern void Other(); }")]
    [InlineData("class C { async Task Handle() { Load<int>(); await Task.Yield(); } void Load<T>() where T : Missing => Load<T>(); }")]
    public async Task Broken_code_does_not_throw(string code)
    {
        var (diagnostics, exceptions, _) = await TransitiveHarness.RunAsync(
            ImmutableArray.Create<DiagnosticAnalyzer>(new TransitiveBlockingAnalyzer()), TransitiveHarness.Compile(new[] { Usings + code }), measure: false);
        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Fact]
    public async Task Same_diagnostics_whatever_the_order_of_files_and_in_both_designs()
    {
        const int Files = 15;
        var sources = GeneratedProject.Sources(Files).ToList();
        var live = await TransitiveHarness.RunAsync(new TransitiveBlockingAnalyzer(), sources);
        Assert.Equal(GeneratedProject.ExpectedTransitive(Files), live.Length);

        var reversed = Enumerable.Reverse(sources).ToList();
        var liveReversed = await TransitiveHarness.RunAsync(new TransitiveBlockingAnalyzer(), reversed);
        Assert.Equal(
            live.Select(d => d.GetMessage()).OrderBy(m => m, StringComparer.Ordinal),
            liveReversed.Select(d => d.GetMessage()).OrderBy(m => m, StringComparer.Ordinal));

        var end = await TransitiveHarness.RunAsync(new TransitiveBlockingAnalyzer(BlockingRules.All, reportAtCompilationEnd: true), sources);
        Assert.Equal(
            live.Select(TransitiveHarness.Describe).OrderBy(m => m, StringComparer.Ordinal),
            end.Select(TransitiveHarness.Describe).OrderBy(m => m, StringComparer.Ordinal));
    }

    /// <summary>
    /// What the IDE does for the open document: analyze that document only. BLK007 reports at the end of the caller's
    /// type (a symbol-end action), which this analysis runs, for a helper in another file and for a partial type whose
    /// other part is in another file; a compilation-end design reports nothing there.
    /// </summary>
    [Fact]
    public async Task Reported_when_only_the_open_document_is_analyzed()
    {
        var handler = Usings + "partial class Handler\n{\n    async Task Handle()\n    {\n        Helpers.Load();\n        Local();\n        await Task.Yield();\n    }\n}\n";
        var helpers = Usings + "static class Helpers\n{\n    public static void Load() => Thread.Sleep(1);\n}\npartial class Handler\n{\n    void Local() => Thread.Sleep(2);\n}\n";
        var compilation = TransitiveHarness.Compile(new[] { handler, helpers });
        var tree = compilation.SyntaxTrees.First();

        async Task<string[]> OpenDocument(DiagnosticAnalyzer analyzer)
        {
            var withAnalyzers = compilation.WithAnalyzers(
                ImmutableArray.Create(analyzer), new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false));
            var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, System.Threading.CancellationToken.None);
            return diagnostics.Select(d => d.GetMessage()).OrderBy(m => m, StringComparer.Ordinal).ToArray();
        }

        Assert.Equal(
            new[]
            {
                "'Handle' calls 'Load', which blocks on 'Thread.Sleep' (Handle → Load → Thread.Sleep)",
                "'Handle' calls 'Local', which blocks on 'Thread.Sleep' (Handle → Local → Thread.Sleep)",
            },
            await OpenDocument(new TransitiveBlockingAnalyzer()));
        Assert.Empty(await OpenDocument(new TransitiveBlockingAnalyzer(BlockingRules.All, reportAtCompilationEnd: true)));
    }

    /// <summary>
    /// Cost of BLK007 in both designs against BLK001 and BLK002 on a generated project, two ways: the analyzer time
    /// the driver logs, and the marginal CPU time (analysis with the rules and BLK007, minus with the rules alone,
    /// over the rules' own marginal CPU time above a do-nothing analyzer). Size from <c>UNBLOCK_BLK007_FILES</c>
    /// (default 20 files, a quick check; docs/rules/BLK007.md gives the numbers and the size used), rounds from
    /// <c>UNBLOCK_BLK007_ROUNDS</c> (the lowest CPU time of the rounds counts).
    /// </summary>
    [Fact]
    public async Task Cost_of_both_designs_on_a_generated_project()
    {
        var files = int.TryParse(Environment.GetEnvironmentVariable("UNBLOCK_BLK007_FILES"), out var n) ? n : 20;
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("UNBLOCK_BLK007_ROUNDS"), out var r) ? r : 1;
        var sources = GeneratedProject.Sources(files).ToList();
        var lines = sources.Sum(s => s.Count(c => c == '\n'));

        // Warm-up: JIT of the analyzers and the compiler, so the first measured design does not pay for it.
        await TransitiveHarness.RunAsync(
            ImmutableArray.Create<DiagnosticAnalyzer>(new SyncWaitAnalyzer(), new SleepAnalyzer(), new TransitiveBlockingAnalyzer(), new TransitiveBlockingAnalyzer(BlockingRules.All, true), new DoNothingAnalyzer()),
            TransitiveHarness.Compile(GeneratedProject.Sources(5)),
            measure: true);

        double Cpu(Func<ImmutableArray<DiagnosticAnalyzer>> analyzers, int? expected)
        {
            var best = double.MaxValue;
            for (var round = 0; round < rounds; round++)
            {
                var compilation = TransitiveHarness.Compile(sources);
                var set = analyzers();
                var before = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                var (diagnostics, exceptions, _) = TransitiveHarness.RunAsync(set, compilation, measure: true).GetAwaiter().GetResult();
                var spent = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds;
                Assert.Empty(exceptions);
                if (expected is { } count)
                {
                    Assert.Equal(count, diagnostics.Count(d => d.Id == "BLK007"));
                }

                best = Math.Min(best, spent);
            }

            return best;
        }

        var nothing = Cpu(() => ImmutableArray.Create<DiagnosticAnalyzer>(new DoNothingAnalyzer()), null);
        var rules = Cpu(() => ImmutableArray.Create<DiagnosticAnalyzer>(new DoNothingAnalyzer(), new SyncWaitAnalyzer(), new SleepAnalyzer()), null);
        foreach (var reportAtEnd in new[] { false, true })
        {
            var withTransitive = Cpu(
                () => ImmutableArray.Create<DiagnosticAnalyzer>(new DoNothingAnalyzer(), new SyncWaitAnalyzer(), new SleepAnalyzer(), new TransitiveBlockingAnalyzer(BlockingRules.All, reportAtEnd)),
                GeneratedProject.ExpectedTransitive(files));
            var transitive = new TransitiveBlockingAnalyzer(BlockingRules.All, reportAtEnd);
            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new SyncWaitAnalyzer(), new SleepAnalyzer(), transitive);
            var (_, _, times) = await TransitiveHarness.RunAsync(analyzers, TransitiveHarness.Compile(sources), measure: true);
            var total = times.Values.Sum(t => t.TotalMilliseconds);
            var own = times[transitive].TotalMilliseconds;
            var marginal = Math.Max(0, withTransitive - rules);
            var rulesMarginal = Math.Max(0, rules - nothing);
            _output.WriteLine(
                $"{(reportAtEnd ? "compilation-end" : "live")}: {files} files, {lines} lines; logged: BLK001 {times[analyzers[0]].TotalMilliseconds:F0} ms, " +
                $"BLK002 {times[analyzers[1]].TotalMilliseconds:F0} ms, BLK007 {own:F0} ms ({own / total:P0}); process CPU: do-nothing {nothing:F0} ms, " +
                $"with BLK001/002 {rules:F0} ms (+{rulesMarginal:F0}), with BLK001/002/007 {withTransitive:F0} ms (+{marginal:F0})");
        }
    }

#pragma warning disable RS1001, RS1025, RS1026, RS2008 // The do-nothing baseline of the measurement: registers what the rules register and returns.
    private sealed class DoNothingAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Rule = new("NOP001", "nothing", "nothing", "Test", DiagnosticSeverity.Hidden, true);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationAction(_ => { }, OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.ObjectCreation);
        }
    }
#pragma warning restore RS1001, RS1025, RS1026, RS2008

    private sealed class TestConfigProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options;

        public TestConfigProvider(string key, string value) => _options = new Options(key, value);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly string _key;
            private readonly string _value;

            public Options(string key, string value)
            {
                _key = key;
                _value = value;
            }

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
            {
                value = key == _key ? _value : null;
                return value is not null;
            }
        }
    }
}
