using System.Threading.Tasks;
using Unblock.CodeFixes.Rules.SyncWait;
using Xunit;
using Verify = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.SyncWait.SyncWaitAnalyzer, Unblock.CodeFixes.Rules.SyncWait.SyncWaitCodeFixProvider>;

namespace Unblock.Tests.Rules;

public class SyncWaitTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    [Theory]
    [InlineData("var x = [|GetAsync().Result|];")]
    [InlineData("[|Run().Wait()|];")]
    [InlineData("var x = [|GetAsync().GetAwaiter().GetResult()|];")]
    [InlineData("var x = [|GetAsync().ConfigureAwait(false).GetAwaiter().GetResult()|];")]
    [InlineData("[|Run().ConfigureAwait(false).GetAwaiter().GetResult()|];")]
    [InlineData("var x = [|GetValueAsync().Result|];")]
    [InlineData("var x = [|GetValueAsync().GetAwaiter().GetResult()|];")]
    [InlineData("[|RunValue().GetAwaiter().GetResult()|];")]
    [InlineData("[|Task.WaitAll(Run(), Run())|];")]
    [InlineData("var i = [|Task.WaitAny(Run(), Run())|];")]
    [InlineData("[|Run().Wait(1000)|];")]
    [InlineData("[|Run().Wait(TimeSpan.FromSeconds(1))|];")]
    [InlineData("[|Run().Wait(CancellationToken.None)|];")]
    [InlineData("bool ok = [|Run().Wait(1000)|];")]
    [InlineData("var len = [|GetAsync().Result|].Length;")]
    [InlineData("Task<string> t = GetAsync(); var s = [|t.Result|];")]
    public async Task Reports_every_form_inside_an_async_method(string statement)
    {
        var source = Usings + @"
class C
{
    async Task M()
    {
        await Task.Yield();
        " + statement + @"
    }
    Task<string> GetAsync() => Task.FromResult(""x"");
    ValueTask<string> GetValueAsync() => new ValueTask<string>(GetAsync());
    Task Run() => Task.Delay(1);
    ValueTask RunValue() => new ValueTask(Run());
}";
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Theory]
    [InlineData("async Task M() { var x = [|GetAsync().Result|]; }")]
    [InlineData("void M() { Func<Task> f = async () => { var x = [|GetAsync().Result|]; }; }")]
    [InlineData("void M() { Func<Task> f = async delegate { var x = [|GetAsync().Result|]; }; }")]
    [InlineData("void M() { async Task Local() { var x = [|GetAsync().Result|]; } }")]
    [InlineData("async IAsyncEnumerable<string> M() { yield return [|GetAsync().Result|]; }")]
    [InlineData("async void OnClick(object sender, EventArgs e) { var x = [|GetAsync().Result|]; }")]
    [InlineData("async Task M(List<Task<string>> tasks) { var all = tasks.Select(t => [|t.Result|]).ToList(); }")]
    [InlineData("async Task M(List<Task<string>> tasks) { tasks.ForEach(t => Console.WriteLine([|t.Result|])); }")]
    public async Task Reports_in_every_async_context(string member)
    {
        var source = Usings + "class C\n{\n    " + member + "\n    Task<string> GetAsync() => Task.FromResult(\"x\");\n}";
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_in_top_level_statements_that_await()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + "await Task.Yield();\nvar x = [|Get().Result|];\nstatic Task<int> Get() => Task.Run(() => 1);\n",
        };
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Theory]
    [InlineData("void M() { var x = GetAsync().Result; }")]
    [InlineData("string P => GetAsync().Result;")]
    [InlineData("C() { var x = GetAsync().Result; }")]
    [InlineData("async Task M() { await Task.Run(() => GetAsync().Result); }")]
    [InlineData("async Task M() { await Task.Run(() => { Run().Wait(); }); }")]
    [InlineData("async Task M() { await Task.Factory.StartNew(() => GetAsync().Result); }")]
    [InlineData("async Task M() { var th = new Thread(() => Run().Wait()); th.Start(); await Task.Yield(); }")]
    [InlineData("async Task M() { Action a = () => Run().Wait(); await Task.Yield(); }")]
    [InlineData("async Task M() { void Local() { Run().Wait(); } await Task.Yield(); }")]
    [InlineData("async Task M() { var n = nameof(Task<int>.Result); await Task.Yield(); }")]
    [InlineData("async Task M() { var t = GetAsync(); await t; var x = t.Result; }")]
    [InlineData("async Task M() { var t = GetAsync(); await t.ConfigureAwait(false); var x = t.Result; }")]
    [InlineData("async Task M() { var a = GetAsync(); var b = GetAsync(); await Task.WhenAll(a, b); var x = a.Result + b.Result; }")]
    [InlineData("async Task M() { var x = Task.FromResult(1).Result; await Task.Yield(); }")]
    [InlineData("async Task M() { Task.CompletedTask.Wait(); await Task.Yield(); }")]
    [InlineData("async Task M() { var x = new ValueTask<int>(1).Result; await Task.Yield(); }")]
    [InlineData("async Task M() { var x = new Holder().Result; new Holder().Wait(); await Task.Yield(); }")]
    [InlineData("async Task M() { System.Linq.Expressions.Expression<Func<Task<string>, string>> e = t => t.Result; await Task.Yield(); }")]
    [InlineData("async Task M() { var q = new List<Task<string>>().AsQueryable().Select(t => t.Result); await Task.Yield(); }")]
    [InlineData("async Task M() { var t = GetAsync(); if (t.IsCompleted) { var x = t.Result; } await Task.Yield(); }")]
    [InlineData("async Task M() { var t = GetAsync(); var x = t.IsCompletedSuccessfully ? t.Result : await t; }")]
    [InlineData("async Task M() { var t = GetAsync(); await t.ContinueWith(async p => { await Task.Yield(); return p.Result; }); }")]
    public async Task Stays_silent_where_nothing_blocks(string member)
    {
        var source = Usings + "class C\n{\n    " + member + @"
    Task<string> GetAsync() => Task.FromResult(""x"");
    Task Run() => Task.Delay(1);
}
class Holder { public int Result => 1; public void Wait() { } }";
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_after_the_awaited_variable_is_reassigned()
    {
        var source = Usings + @"
class C
{
    async Task M()
    {
        var t = GetAsync();
        await t;
        t = GetAsync();
        var x = [|t.Result|];
    }
    Task<string> GetAsync() => Task.FromResult(""x"");
}";
        await Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public async Task Reports_inside_lock_with_an_explaining_message_and_no_fix()
    {
        var source = Usings + @"
class C
{
    private readonly object _gate = new object();
    async Task M()
    {
        await Task.Yield();
        lock (_gate)
        {
            var x = {|#0:GetAsync().Result|};
        }
    }
    Task<string> GetAsync() => Task.FromResult(""x"");
}";
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("Task<TResult>.Result", Unblock.Analyzers.BlockingCallAnalyzer.InsideLockAdvice));
        test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("Task<TResult>.Result", Unblock.Analyzers.BlockingCallAnalyzer.InsideLockAdvice));
        await test.RunAsync();
    }

    [Fact]
    public async Task Message_names_the_member_and_the_cure()
    {
        var source = Usings + "class C { async Task M() { var x = {|#0:Get().Result|}; } Task<int> Get() => Task.Run(() => 1); }";
        await Verify.VerifyAnalyzerAsync(source, Verify.Diagnostic().WithLocation(0).WithArguments("Task<TResult>.Result", "use 'await' instead"));
    }

    [Fact]
    public async Task Excluded_methods_option_silences_the_rule()
    {
        var source = Usings + "class C { async Task M() { var x = Get().Result; Run().Wait(); } Task<int> Get() => Task.Run(() => 1); Task Run() => Task.Delay(1); }";
        await Verify.VerifyAnalyzerAsync(source, "dotnet_code_quality.BLK001.excluded_methods = P:System.Threading.Tasks.Task`1.Result|M:System.Threading.Tasks.Task.Wait\n");
    }

    [Fact]
    public async Task Task_returning_methods_count_unless_the_option_turns_them_off()
    {
        var source = Usings + "class C { Task<int> M() { var x = {|#0:Get().Result|}; return Task.FromResult(x); } Task<int> Get() => Task.Run(() => 1); }";
        await Verify.VerifyAnalyzerAsync(source, Verify.Diagnostic().WithLocation(0).WithArguments("Task<TResult>.Result", "use 'await' instead"));
        await Verify.VerifyAnalyzerAsync(source.Replace("{|#0:", string.Empty).Replace("|}", string.Empty), "dotnet_code_quality.unblock.task_returning_methods = false\n");
    }

    [Fact]
    public async Task Fix_result_becomes_await_and_keeps_comments()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + @"
class C
{
    async Task<int> M()
    {
        // the length
        var len = [|GetAsync().Result|].Length; // trailing
        return len;
    }
    Task<string> GetAsync() => Task.FromResult(""x"");
}",
            Usings + @"
class C
{
    async Task<int> M()
    {
        // the length
        var len = (await GetAsync()).Length; // trailing
        return len;
    }
    Task<string> GetAsync() => Task.FromResult(""x"");
}");
    }

    [Fact]
    public async Task Fix_wait_and_get_result_become_await()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + @"
class C
{
    async Task M()
    {
        [|Run().Wait()|];
        var x = [|GetAsync().ConfigureAwait(false).GetAwaiter().GetResult()|];
        [|RunValue().GetAwaiter().GetResult()|];
        Console.WriteLine([|GetAsync().Result|]);
    }
    Task<string> GetAsync() => Task.FromResult(""x"");
    Task Run() => Task.Delay(1);
    ValueTask RunValue() => default;
}",
            Usings + @"
class C
{
    async Task M()
    {
        await Run();
        var x = await GetAsync().ConfigureAwait(false);
        await RunValue();
        Console.WriteLine(await GetAsync());
    }
    Task<string> GetAsync() => Task.FromResult(""x"");
    Task Run() => Task.Delay(1);
    ValueTask RunValue() => default;
}");
    }

    [Fact]
    public async Task Fix_wait_with_token_uses_WaitAsync()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task M(CancellationToken ct) { [|Run().Wait(ct)|]; } Task Run() => Task.Delay(1); }",
            Usings + "class C { async Task M(CancellationToken ct) { await Run().WaitAsync(ct); } Task Run() => Task.Delay(1); }");
    }

    [Fact]
    public async Task Fix_wait_with_timeout_is_offered_only_when_the_bool_is_unused()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task M() { [|Run().Wait(500)|]; } Task Run() => Task.Delay(1); }",
            Usings + "class C { async Task M() { await Run().WaitAsync(TimeSpan.FromMilliseconds(500)); } Task Run() => Task.Delay(1); }");

        var used = Usings + "class C { async Task<bool> M() { bool ok = [|Run().Wait(500)|]; return ok; } Task Run() => Task.Delay(1); }";
        await Verify.VerifyCodeFixAsync(used, used);
    }

    [Fact]
    public async Task Fix_WaitAll_becomes_WhenAll()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task M(Task a, Task b) { [|Task.WaitAll(a, b)|]; } }",
            Usings + "class C { async Task M(Task a, Task b) { await Task.WhenAll(a, b); } }");
    }

    [Fact]
    public async Task Fix_WaitAny_keeps_the_index()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task<int> M(Task[] tasks) { int i = [|Task.WaitAny(tasks)|]; return i; } }",
            Usings + "class C { async Task<int> M(Task[] tasks) { int i = Array.IndexOf(tasks, await Task.WhenAny(tasks)); return i; } }");
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task M(Task a, Task b) { [|Task.WaitAny(a, b)|]; } }",
            Usings + "class C { async Task M(Task a, Task b) { await Task.WhenAny(a, b); } }");

        // Listed tasks that can be read twice become an array, built before the await.
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task<int> M(Task a, Task b) { return [|Task.WaitAny(a, b)|]; } }",
            Usings + "class C { async Task<int> M(Task a, Task b) { return Array.IndexOf(new Task[] { a, b }, await Task.WhenAny(a, b)); } }");
        var calls = Usings + "class C { async Task<int> M() { return [|Task.WaitAny(Run(), Run())|]; } Task Run() => Task.Delay(1); }";
        await Verify.VerifyCodeFixAsync(calls, calls);
    }

    [Fact]
    public async Task Fix_makes_a_task_returning_method_async_when_the_option_includes_it()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + @"
class C
{
    Task<int> M()
    {
        var x = [|Get().Result|];
        return Task.FromResult(x + 1);
    }
    Task N()
    {
        [|Get().Wait()|];
        return Task.CompletedTask;
    }
    Task<int> Get() => Task.Run(() => 1);
}",
            Usings + @"
class C
{
    async Task<int> M()
    {
        var x = await Get();
        return x + 1;
    }
    async Task N()
    {
        await Get();
        return;
    }
    Task<int> Get() => Task.Run(() => 1);
}",
            editorConfig: "dotnet_code_quality.unblock.task_returning_methods = true\n");
    }

    [Fact]
    public async Task Fix_is_not_offered_in_a_sync_lambda_run_inline()
    {
        var source = Usings + "class C { async Task M(List<Task<string>> tasks) { var all = tasks.Select(t => [|t.Result|]).ToList(); await Task.Yield(); } }";
        await Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public async Task Fix_all_in_document_and_project()
    {
        var test = new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    Usings + "class A { async Task M(Task<int> t, Task u, Task<int> v) { var x = [|t.Result|]; [|u.Wait()|]; var y = [|v.Result|] + 1; } }",
                    Usings + "class B { async Task M(Task<int> t) { var x = [|t.Result|]; } }",
                },
            },
            FixedState =
            {
                Sources =
                {
                    Usings + "class A { async Task M(Task<int> t, Task u, Task<int> v) { var x = await t; await u; var y = await v + 1; } }",
                    Usings + "class B { async Task M(Task<int> t) { var x = await t; } }",
                },
            },
            NumberOfFixAllIterations = 1,
            NumberOfFixAllInDocumentIterations = 2,
            CodeActionEquivalenceKey = SyncWaitCodeFixProvider.AwaitKey,
        };
        await test.RunAsync();
    }
}
