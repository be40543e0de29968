using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Unblock.Analyzers;
using Unblock.Analyzers.Options;
using Unblock.Analyzers.Rules.SyncWait;
using Unblock.Fuzz;
using Xunit;

namespace Unblock.Tests.Reliability;

/// <summary>The walks over user code (the completed-task flow check, the code fixes) stop when the token is cancelled.</summary>
public class CancellationTests
{
    private const string Source = @"using System.Threading.Tasks;
class C
{
    async Task M()
    {
        var t = Get();
        var a = 1;
        var b = a + 1;
        await t;
        var x = t.Result;
    }
    Task<int> Get() => Task.FromResult(1);
}";

    private static (IPropertyReferenceOperation Result, AsyncSymbols Symbols, UnblockOptions.TreeOptions Options) ResultRead()
    {
        var tree = CSharpSyntaxTree.ParseText(Source, Harness.ParseOptions());
        var compilation = Harness.Compile(new[] { tree });
        var model = compilation.GetSemanticModel(tree);
        var access = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax>().Single(m => m.Name.Identifier.ValueText == "Result");
        var operation = (IPropertyReferenceOperation)model.GetOperation(access)!;
        var options = new UnblockOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty).AnalyzerConfigOptionsProvider).For(tree);
        return (operation, AsyncSymbols.TryCreate(compilation)!, options);
    }

    [Fact]
    public void Completed_task_walk_observes_the_token()
    {
        var (result, symbols, _) = ResultRead();
        Assert.True(CompletedTasks.IsKnownComplete(result.Instance, symbols, CancellationToken.None));
        Assert.Throws<OperationCanceledException>(() => CompletedTasks.IsKnownComplete(result.Instance, symbols, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void SyncWait_classification_passes_the_analysis_token_to_the_walk()
    {
        var (result, symbols, options) = ResultRead();
        var analyzer = new SyncWaitAnalyzer();
        Assert.Null(analyzer.Classify(result, symbols, options, CancellationToken.None));
        Assert.Throws<OperationCanceledException>(() => analyzer.Classify(result, symbols, options, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task Every_code_fix_observes_the_token()
    {
        var covered = new System.Collections.Generic.HashSet<CodeFixProvider>();
        foreach (var program in ReliabilityData.Positive)
        {
            var project = Harness.CreateSolution(new[] { new[] { program.Text } }).Projects.Single();
            var document = project.Documents.Single();
            foreach (var diagnostic in (await Harness.AnalyzeAsync(project)).Diagnostics)
            {
                foreach (var provider in Harness.CodeFixes.Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id) && !covered.Contains(p)))
                {
                    var actions = await Harness.GetCodeActionsAsync(document, diagnostic);
                    if (actions.Count == 0)
                    {
                        continue;
                    }

                    covered.Add(provider);
                    var cancelled = new CodeFixContext(document, diagnostic, (_, _) => Assert.Fail("registered a fix after cancellation"), new CancellationToken(canceled: true));
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.RegisterCodeFixesAsync(cancelled));
                    foreach (var (_, action) in actions)
                    {
                        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => action.GetOperationsAsync(new CancellationToken(canceled: true)));
                    }
                }
            }
        }

        Assert.All(Harness.CodeFixes, provider => Assert.True(covered.Contains(provider), $"no harvested program gets a fix from {provider.GetType().Name}"));
    }
}
