using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Unblock.CodeFixes.Rules.SyncWait;
using Xunit;
using Verify = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.SyncWait.SyncWaitAnalyzer, Unblock.CodeFixes.Rules.SyncWait.SyncWaitCodeFixProvider>;

namespace Unblock.Tests.Reliability;

/// <summary>Cases the fix-all check found: one Fix All must fix them all (the batch fixer dropped touching changes).</summary>
public class FixAllRegressionTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private const string NestedFixed = Usings + @"
class C
{
    async Task<int> M(Task<Task<int>> t) => await (await t);
    async Task<int> N() => await Parse(await Text()) + 1;
    static Task<string> Text() => Task.FromResult(""1"");
    static Task<int> Parse(string s) => Task.FromResult(int.Parse(s));
}";

    [Fact]
    public async Task One_Fix_All_fixes_nested_results()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + @"
class C
{
    async Task<int> M(Task<Task<int>> t) => {|#0:{|#1:t.Result|}.Result|};
    async Task<int> N() => {|#2:Parse({|#3:Text().Result|}).Result|} + 1;
    static Task<string> Text() => Task.FromResult(""1"");
    static Task<int> Parse(string s) => Task.FromResult(int.Parse(s));
}",
            FixedCode = NestedFixed,
            CodeActionEquivalenceKey = SyncWaitCodeFixProvider.AwaitKey,
            NumberOfFixAllIterations = 1,
            NumberOfIncrementalIterations = 4,
        };

        // One fix at a time keeps the inner parentheses; Fix All rewrites the outer read on the already-fixed inner one.
        test.BatchFixedCode = NestedFixed.Replace("await (await t)", "await await t", System.StringComparison.Ordinal);
        for (var i = 0; i < 4; i++)
        {
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(i).WithArguments("Task<TResult>.Result", "use 'await' instead"));
        }

        await test.RunAsync();
    }

    [Fact]
    public async Task One_Fix_All_fixes_adjacent_statements()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + @"
class C
{
    async Task M(Task[] tasks, List<Task> list)
    {
        [|Task.WaitAll(tasks)|];
        [|Task.WaitAll(list.ToArray())|];
    }
}",
            FixedCode = Usings + @"
class C
{
    async Task M(Task[] tasks, List<Task> list)
    {
        await Task.WhenAll(tasks);
        await Task.WhenAll(list.ToArray());
    }
}",
            CodeActionEquivalenceKey = SyncWaitCodeFixProvider.WhenAllKey,
            NumberOfFixAllIterations = 1,
        };
        await test.RunAsync();
    }
}
