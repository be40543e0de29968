using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using Unblock.Fuzz;
using Xunit;
using Xunit.Abstractions;

namespace Unblock.Tests.Reliability;

/// <summary>
/// Every fix compiles, at scale: on every positive case of the rule tests, samples, seeds and corpus, each offered
/// code action alone and Fix All at document, project and solution scope leave no compiler error, a second Fix All
/// finds nothing left and applying it twice changes nothing; under C# 7.3 too.
/// </summary>
public class FixAllTests
{
    private readonly ITestOutputHelper _output;

    public FixAllTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Every_rule_has_positive_programs()
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var program in ReliabilityData.Positive)
        {
            var tree = CSharpSyntaxTree.ParseText(program.Text, Harness.ParseOptions());
            reported.UnionWith((await Harness.AnalyzeAsync(Harness.Compile(new[] { tree }))).Diagnostics.Select(d => d.Id));
        }

        // BLK099 is about Unblock.BlockingMethods.txt, an additional file, not about code: no program reports it.
        foreach (var id in Harness.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct()
                     .Where(id => !Unblock.Quality.CorpusScorer.IsConfigurationDiagnostic(id)))
        {
            Assert.True(reported.Contains(id), $"no harvested program reports {id}: its tests could not be turned into programs; add a seed under tests/Unblock.Tests/Reliability/Seeds");
        }
    }

    [Fact]
    public Task Every_fix_and_every_Fix_All_compiles_leaves_nothing_and_is_idempotent()
        => CheckAllAsync(ReliabilityData.Positive, LanguageVersion.Latest);

    [Fact]
    public Task Fixes_respect_the_CSharp_7_3_language_version()
        => CheckAllAsync(ReliabilityData.PositiveCSharp73, LanguageVersion.CSharp7_3);

    private const string SleepProgram = "using System.Threading;\nusing System.Threading.Tasks;\nclass C\n{\n    async Task M()\n    {\n        Thread.Sleep(1);\n        await Task.Yield();\n    }\n}\n";

    [Fact]
    public async Task The_checker_catches_a_fix_that_does_not_compile()
    {
        var (problems, actions, _) = await FixChecker.CheckAsync(new Fuzz.SourceFile("sleep", SleepProgram), providers: new[] { new RewritingFix(_ => InvocationExpression(IdentifierName("Undefined"))) });
        Assert.Equal(1, actions);
        Assert.Contains(problems, p => p.Contains("action", StringComparison.Ordinal) && p.Contains("CS0103", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Fix All 'Test.Key' at Solution", StringComparison.Ordinal) && p.Contains("CS0103", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_checker_catches_a_Fix_All_that_leaves_work_and_is_not_idempotent()
    {
        var (problems, _, _) = await FixChecker.CheckAsync(new Fuzz.SourceFile("sleep", SleepProgram), providers: new[] { new RewritingFix(node => node.WithTrailingTrivia(node.GetTrailingTrivia().Add(Comment("/* again */")))) });
        Assert.Contains(problems, p => p.Contains("leaves BLK002", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("not idempotent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_checker_catches_a_Fix_All_that_fixes_only_the_requested_key()
    {
        // The batch fixer applies only the actions whose key was asked for: with dotnet format's null key (its first
        // finding had no fix) it fixes nothing.
        var (problems, _, _) = await FixChecker.CheckAsync(new Fuzz.SourceFile("sleep", SleepProgram), providers: new[] { new RewritingFix(_ => ParseExpression("System.Console.WriteLine()")) });
        Assert.Contains(problems, p => p.Contains("Fix All '(null)' at Solution leaves BLK002", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("Fix All 'Test.Key'", StringComparison.Ordinal));
    }

    /// <summary>A deliberately wrong BLK002 fix: rewrites the flagged node with <c>rewrite</c>.</summary>
    private sealed class RewritingFix : CodeFixProvider
    {
        private readonly Func<SyntaxNode, SyntaxNode> _rewrite;

        public RewritingFix(Func<SyntaxNode, SyntaxNode> rewrite) => _rewrite = rewrite;

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("BLK002");

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            context.RegisterCodeFix(
                CodeAction.Create("rewrite", async ct =>
                {
                    var root = (await context.Document.GetSyntaxRootAsync(ct))!;
                    var node = root.FindNode(context.Span, getInnermostNodeForTie: true);
                    return context.Document.WithSyntaxRoot(root.ReplaceNode(node, _rewrite(node)));
                }, "Test.Key"),
                context.Diagnostics);
            return Task.CompletedTask;
        }
    }

    private async Task CheckAllAsync(IReadOnlyList<Fuzz.SourceFile> programs, LanguageVersion version)
    {
        Assert.NotEmpty(programs);
        var results = new (IReadOnlyList<string> Problems, int Actions, int FixAlls)[programs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, programs.Count), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (i, _) =>
            results[i] = await FixChecker.CheckAsync(programs[i], version));

        var problems = results.SelectMany(r => r.Problems).ToList();
        var actions = results.Sum(r => r.Actions);
        var fixAlls = results.Sum(r => r.FixAlls);
        _output.WriteLine($"{version}: {programs.Count} positive programs, {actions} code actions, {fixAlls} Fix All runs, {problems.Count} problems");
        Assert.True(actions > 0 && fixAlls > 0, "no fix was exercised");
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n\n" + string.Join("\n\n", problems.Take(5)));
    }
}
