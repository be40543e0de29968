using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Unblock.Analyzers;
using Xunit;
using Verify = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.BlockingRulesAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;

namespace Unblock.Tests.Rules;

/// <summary>
/// BLK001-BLK006 as the package ships them: one analyzer asking every rule (the rules' own behaviour is tested in their
/// test classes, each rule on its own).
/// </summary>
public class BlockingRulesTests
{
    private const string Usings = "using System;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    [Fact]
    public async Task Every_rule_reports_its_own_finding_once()
    {
        await Verify.VerifyAnalyzerAsync(
            Usings + """
            class C
            {
                async Task<string> M(Task<int> work, SemaphoreSlim gate, string path)
                {
                    var n = {|#0:work.Result|};
                    {|#1:Thread.Sleep(10)|};
                    {|#2:gate.Wait()|};
                    await Task.Yield();
                    return {|#3:File.ReadAllText(path)|} + n;
                }
            }
            """,
            Verify.Diagnostic(DiagnosticIds.SyncWaitOnTask).WithLocation(0).WithArguments("Task<TResult>.Result", "use 'await' instead"),
            Verify.Diagnostic(DiagnosticIds.ThreadSleep).WithLocation(1).WithArguments("Thread.Sleep", "use 'await Task.Delay(...)' instead"),
            Verify.Diagnostic(DiagnosticIds.BlockingSynchronization).WithLocation(2).WithArguments("SemaphoreSlim.Wait()", "use 'await semaphore.WaitAsync(...)' instead"),
            Verify.Diagnostic(DiagnosticIds.BlockingIo).WithLocation(3).WithArguments("File.ReadAllText()", "use 'await ReadAllTextAsync(...)' instead"));
    }

    [Fact]
    public async Task Nothing_is_reported_in_synchronous_code()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                string M(Task<int> work, string path)
                {
                    Thread.Sleep(10);
                    Func<int, int> twice = x => x * work.Result;
                    return File.ReadAllText(path) + twice(2);
                }
            }
            """);
    }

    [Fact]
    public async Task A_lambda_returning_a_task_in_a_synchronous_method_is_async_code()
    {
        // Without 'async' in its text: the gate keeps every lambda when task-returning functions count as async code.
        await Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                void Register(Action<Func<Task>> add) => add(() => { {|#0:Thread.Sleep(10)|}; return Task.CompletedTask; });
            }
            """,
            Verify.Diagnostic(DiagnosticIds.ThreadSleep).WithLocation(0).WithArguments("Thread.Sleep", "use 'await Task.Delay(...)' instead"));
    }
}
