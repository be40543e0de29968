using System.Globalization;
using System;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Analyzers.Rules;
using Unblock.Analyzers.Rules.Transitive;
using Xunit;

namespace Unblock.Tests.Rules;

/// <summary>BLK007 on bad input, on a generated project, and in the open document alone.</summary>
public class TransitiveDesignTests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n";
    [Fact]
    public void The_rule_registry_holds_every_single_operation_rule_of_the_package()
    {
        var shipped = AllAnalyzers.AnalyzerTypes.Where(t => typeof(Unblock.Analyzers.BlockingCallAnalyzer).IsAssignableFrom(t)).OrderBy(t => t.FullName);
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
            source.Append(CultureInfo.InvariantCulture, $"    void H{i}() {{ H{i + 1}(); }}\n");
        }

        source.Append(CultureInfo.InvariantCulture, $"    void H{Length}() {{ Thread.Sleep(1); H0(); }}\n}}\n");
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
        Assert.EndsWith($"C.H{Length - 1}() → C.H{Length}() → Thread.Sleep)", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);

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
        Assert.Contains("Handle → C.Big() → Thread.Sleep", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
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
            Assert.Contains("calls 'C.Load()'", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
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
        var (diagnostics, exceptions) = await TransitiveHarness.RunAsync(
            ImmutableArray.Create<DiagnosticAnalyzer>(new TransitiveBlockingAnalyzer()), TransitiveHarness.Compile(new[] { Usings + code }));
        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Fact]
    public async Task Same_diagnostics_whatever_the_order_of_files()
    {
        const int Files = 15;
        var sources = GeneratedProject.Sources(Files).ToList();
        var live = await TransitiveHarness.RunAsync(new TransitiveBlockingAnalyzer(), sources);
        Assert.Equal(GeneratedProject.ExpectedTransitive(Files), live.Length);

        var reversed = Enumerable.Reverse(sources).ToList();
        var liveReversed = await TransitiveHarness.RunAsync(new TransitiveBlockingAnalyzer(), reversed);
        Assert.Equal(
            live.Select(d => d.GetMessage(CultureInfo.InvariantCulture)).OrderBy(m => m, StringComparer.Ordinal),
            liveReversed.Select(d => d.GetMessage(CultureInfo.InvariantCulture)).OrderBy(m => m, StringComparer.Ordinal));
    }

    /// <summary>
    /// What the IDE does for the open document: analyze that document only. BLK007 reports at the end of the caller's
    /// type (a symbol-end action), which this analysis runs, for a helper in another file and for a partial type whose
    /// other part is in another file.
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
            return diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)).OrderBy(m => m, StringComparer.Ordinal).ToArray();
        }

        Assert.Equal(
            new[]
            {
                "'Handle' calls 'Handler.Local()', which blocks on 'Thread.Sleep' (Handle → Handler.Local() → Thread.Sleep)",
                "'Handle' calls 'Helpers.Load()', which blocks on 'Thread.Sleep' (Handle → Helpers.Load() → Thread.Sleep)",
            },
            await OpenDocument(new TransitiveBlockingAnalyzer()));
    }

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
