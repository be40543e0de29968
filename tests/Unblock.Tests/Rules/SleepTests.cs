using System.Threading.Tasks;
using Xunit;
using Verify = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.Sleep.SleepAnalyzer, Unblock.CodeFixes.Rules.Sleep.SleepCodeFixProvider>;

namespace Unblock.Tests.Rules;

public class SleepTests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    [Theory]
    [InlineData("async Task M() { [|Thread.Sleep(100)|]; }")]
    [InlineData("async Task M() { [|Thread.Sleep(TimeSpan.FromSeconds(1))|]; }")]
    [InlineData("async Task M() { [|System.Threading.Thread.Sleep(0)|]; }")]
    [InlineData("async Task M() { var done = false; [|SpinWait.SpinUntil(() => done)|]; }")]
    [InlineData("void M() { Func<Task> f = async () => [|Thread.Sleep(10)|]; }")]
    [InlineData("void M() { async Task Local() { [|Thread.Sleep(10)|]; } }")]
    [InlineData("async void OnTick(object sender, EventArgs e) { [|Thread.Sleep(10)|]; }")]
    public async Task Reports_sleeping_in_async_code(string member)
        => await Verify.VerifyAnalyzerAsync(Usings + "class C\n{\n    " + member + "\n}");

    [Theory]
    [InlineData("void M() { Thread.Sleep(100); }")]
    [InlineData("async Task M() { await Task.Run(() => Thread.Sleep(100)); }")]
    [InlineData("async Task M() { var t = new Thread(() => Thread.Sleep(100)); t.Start(); await Task.Yield(); }")]
    [InlineData("async Task M() { var timer = new Timer(_ => Thread.Sleep(100)); await Task.Yield(); }")]
    [InlineData("async Task M() { Sleep(100); await Task.Yield(); } static void Sleep(int ms) { }")]
    [InlineData("async Task M() { await Task.Delay(100); }")]
    public async Task Stays_silent_where_nothing_blocks_async_code(string member)
        => await Verify.VerifyAnalyzerAsync(Usings + "class C\n{\n    " + member + "\n}");

    [Fact]
    public async Task Fix_uses_Task_Delay_with_the_same_argument()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + @"
class C
{
    async Task M()
    {
        // wait a bit
        [|Thread.Sleep(TimeSpan.FromMilliseconds(250))|]; // trailing
        await Task.Yield();
    }
}",
            Usings + @"
class C
{
    async Task M()
    {
        // wait a bit
        await Task.Delay(TimeSpan.FromMilliseconds(250)); // trailing
        await Task.Yield();
    }
}");
    }

    [Fact]
    public async Task Fix_forwards_the_cancellation_token_in_scope()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task M(CancellationToken stoppingToken) { while (!stoppingToken.IsCancellationRequested) { [|Thread.Sleep(1000)|]; } } }",
            Usings + "class C { async Task M(CancellationToken stoppingToken) { while (!stoppingToken.IsCancellationRequested) { await Task.Delay(1000, stoppingToken); } } }");
    }

    [Fact]
    public async Task Fix_forwards_the_nearest_token_of_a_lambda()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { void M(CancellationToken outer) { Func<CancellationToken, Task> f = async inner => { [|Thread.Sleep(5)|]; }; } }",
            Usings + "class C { void M(CancellationToken outer) { Func<CancellationToken, Task> f = async inner => { await Task.Delay(5, inner); }; } }");
    }

    [Fact]
    public async Task Fix_compiles_when_the_tasks_namespace_is_not_imported()
    {
        // Without 'using System.Threading.Tasks;' the type stays fully qualified: the fix never breaks the build.
        await Verify.VerifyCodeFixAsync(
            "using System.Threading;\nclass C { async System.Threading.Tasks.Task M() { [|Thread.Sleep(5)|]; } }",
            "using System.Threading;\nclass C { async System.Threading.Tasks.Task M() { await System.Threading.Tasks.Task.Delay(5); } }");
    }

    [Fact]
    public async Task SpinUntil_has_no_automatic_fix()
    {
        var source = Usings + "class C { async Task M(Func<bool> ready) { [|SpinWait.SpinUntil(ready)|]; } }";
        await Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public async Task Fix_all_in_project()
    {
        var test = new Verify.Test
        {
            TestState = { Sources = { Usings + "class A { async Task M() { [|Thread.Sleep(1)|]; [|Thread.Sleep(2)|]; } }", Usings + "class B { async Task M() { [|Thread.Sleep(3)|]; } }" } },
            FixedState = { Sources = { Usings + "class A { async Task M() { await Task.Delay(1); await Task.Delay(2); } }", Usings + "class B { async Task M() { await Task.Delay(3); } }" } },
            NumberOfFixAllIterations = 1,
            NumberOfFixAllInDocumentIterations = 2,
        };
        await test.RunAsync();
    }
}
