using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Unblock.Analyzers;
using Xunit;
using SleepVerify = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.Sleep.SleepAnalyzer, Unblock.CodeFixes.Rules.Sleep.SleepCodeFixProvider>;
using Verify = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.SyncWait.SyncWaitAnalyzer, Unblock.CodeFixes.Rules.SyncWait.SyncWaitCodeFixProvider>;

namespace Unblock.Tests.Rules;

/// <summary>Which code is async code (AsyncContext): the nearest enclosing function decides.</summary>
public class AsyncContextTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Linq.Expressions;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private static string InClass(string members)
        => Usings + "class C\n{\n    " + members + "\n    Task<int> Get() => Task.Run(() => 1);\n    event EventHandler? Clicked;\n}";

    [Theory]
    [InlineData("async Task M() { Action a = () => { Func<Task> f = async () => { var x = [|Get().Result|]; }; }; await Task.Yield(); }")]
    [InlineData("void M() { Func<int, Task> f = async i => { var x = [|Get().Result|]; }; }")]
    [InlineData("void M() { Func<Task> f = async delegate () { var x = [|Get().Result|]; }; }")]
    [InlineData("void M() { async Task Local() { var x = [|Get().Result|]; } }")]
    [InlineData("void M() { static async ValueTask<int> Local(Task<int> t) => [|t.Result|]; }")]
    [InlineData("async Task M() { void Sync() { Func<Task> inner = async () => { var x = [|Get().Result|]; }; } await Task.Yield(); }")]
    [InlineData("async IAsyncEnumerable<int> M() { await Task.Yield(); yield return [|Get().Result|]; }")]
    [InlineData("async void OnClick(object? sender, EventArgs e) { var x = [|Get().Result|]; }")]
    [InlineData("void Wire() { Clicked += async (s, e) => { var x = [|Get().Result|]; }; }")]
    [InlineData("async Task M(List<Task<int>> ts) { var x = ts.Where(t => [|t.Result|] > 0).Select(t => [|t.Result|]).Sum(t => 1); }")]
    [InlineData("async Task M(Task<int>[] ts) { Array.ForEach(ts, t => Console.WriteLine([|t.Result|])); }")]
    [InlineData("async Task M(List<Task<int>> ts) { ts.ForEach(t => ts.Select(u => [|u.Result|]).ToList()); }")]
    [InlineData("async ValueTask<int> M() => [|Get().Result|];")]
    [InlineData("async Task<int> M() { try { return 0; } finally { var x = [|Get().Result|]; } }")]
    public async Task Reports_in_async_contexts(string member)
    {
        await Verify.VerifyAnalyzerAsync(InClass(member));
    }

    // The text of a type is searched in chunks of 4,096 characters: a keyword or return type across two chunks counts.
    [Theory]
    [InlineData("async Task M() { Thread.Sleep(1); await Task.Yield(); }")]
    [InlineData("Task M() { Thread.Sleep(1); return Task.CompletedTask; }")]
    public async Task Finds_async_code_wherever_its_keyword_falls_in_a_long_type(string member)
    {
        const string Head = "class C\n{\n    // ";
        for (var at = 4084; at <= 4100; at++)
        {
            // The member starts at offset 'at' from the start of the class declaration.
            var source = Usings + Head + new string('x', at - Head.Length - 1) + "\n" + member + "\n}";
            var diagnostics = await TransitiveHarness.RunAsync(new Unblock.Analyzers.Rules.Sleep.SleepAnalyzer(), new[] { source });
            Assert.True(diagnostics.Length == 1, $"member at offset {at}: {diagnostics.Length} diagnostics");
        }
    }

    // Interfaces: a default or static member with a body is code like any other (the members of most interfaces have
    // none, and their text is not read).
    [Theory]
    [InlineData("interface IJob { async Task RunAsync() { var x = [|Task.Run(() => 1).Result|]; await Task.Yield(); } }")]
    [InlineData("interface IJob { Task RunAsync() { var x = [|Task.Run(() => 1).Result|]; return Task.CompletedTask; } }")]
    [InlineData("interface IJob { Task RunAsync() => Task.FromResult([|Task.Run(() => 1).Result|]); }")]
    [InlineData("interface IJob { static async Task RunAsync() { var x = [|Task.Run(() => 1).Result|]; await Task.Yield(); } }")]
    [InlineData("partial interface IJob { Task<int> GetAsync(); }\npartial interface IJob { Task RunAsync() { var x = [|Task.Run(() => 1).Result|]; return Task.CompletedTask; } }")]
    public async Task Reports_in_interface_members_with_bodies(string source)
    {
        await Verify.VerifyAnalyzerAsync(Usings + source);
    }

    [Theory]
    [InlineData("async Task M() { Func<int> f = () => Get().Result; await Task.Yield(); }")]
    [InlineData("async Task M() { Func<int> f = delegate { return Get().Result; }; await Task.Yield(); }")]
    [InlineData("async Task M() { int Local() => Get().Result; await Task.Yield(); }")]
    [InlineData("async Task M() { static int Local(Task<int> t) { return t.Result; } await Task.Yield(); }")]
    [InlineData("async Task M() { Clicked += (s, e) => Get().Wait(); await Task.Yield(); }")]
    [InlineData("async Task M() { using var timer = new Timer(_ => Get().Wait(), null, 0, 10); await Task.Yield(); }")]
    [InlineData("async Task M() { ThreadPool.QueueUserWorkItem(_ => Get().Wait()); await Task.Yield(); }")]
    [InlineData("async Task M() { await Task.Run(() => { Func<Task<int>, int> g = t => t.Result; return g(Get()); }); }")]
    [InlineData("async Task M() { Expression<Func<Task<int>, int>> e = t => t.Result; await Task.Yield(); }")]
    [InlineData("async Task M() { Expression<Func<int>> e = () => Get().Result; await Task.Yield(); }")]
    [InlineData("async Task M(IQueryable<Task<int>> q) { var r = q.Where(t => t.Result > 0).Select(t => t.Result); await Task.Yield(); }")]
    [InlineData("async Task M() { var n = nameof(Task<int>.Result) + nameof(Task.Wait); await Task.Yield(); }")]
    [InlineData("int P => Get().Result;")]
    [InlineData("int P { get { return Get().Result; } set { Get().Wait(); } }")]
    [InlineData("int this[int i] => Get().Result;")]
    [InlineData("event EventHandler E { add { Get().Wait(); } remove { Get().Wait(); } }")]
    [InlineData("C() { Get().Wait(); }")]
    [InlineData("static C() { Task.Run(() => 1).Wait(); }")]
    [InlineData("~C() { Get().Wait(); }")]
    [InlineData("public static C operator +(C a, C b) { a.Get().Wait(); return a; }")]
    [InlineData("IEnumerable<int> M() { yield return Get().Result; }")]
    public async Task Silent_outside_async_contexts(string member)
    {
        await Verify.VerifyAnalyzerAsync(InClass(member));
    }

    [Theory]
    [InlineData("Task<int> M() => Task.FromResult([|Get().Result|]);")]
    [InlineData("ValueTask M() { [|Get().Wait()|]; return default; }")]
    [InlineData("void M() { Func<Task<int>> f = () => Task.FromResult([|Get().Result|]); }")]
    [InlineData("void M() { Task<int> Local() => Task.FromResult([|Get().Result|]); }")]
    public async Task Non_async_functions_returning_a_task_are_async_code_unless_the_option_turns_them_off(string member)
    {
        // Their caller awaits what they return, so what they block, they block on the caller's async path (as CA1849
        // and VSTHRD103 assume by default).
        await Verify.VerifyAnalyzerAsync(InClass(member));
        await Verify.VerifyAnalyzerAsync(InClass(member), "dotnet_code_quality.unblock.task_returning_methods = true\n");
        await Verify.VerifyAnalyzerAsync(InClass(member.Replace("[|", string.Empty).Replace("|]", string.Empty)), "dotnet_code_quality.unblock.task_returning_methods = false\n");
    }

    [Theory]
    [InlineData("int P => Get().Result;")]
    [InlineData("C() { Get().Wait(); }")]
    [InlineData("IEnumerable<int> M() { yield return Get().Result; }")]
    [InlineData("int M() => Get().Result;")]
    public async Task Task_returning_option_leaves_other_members_alone(string member)
    {
        await Verify.VerifyAnalyzerAsync(InClass(member), "dotnet_code_quality.unblock.task_returning_methods = true\n");
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("not-a-bool", true)]
    [InlineData("false", false)]
    [InlineData("FALSE", false)]
    public async Task Task_returning_option_defaults_to_on(string value, bool reported)
    {
        var member = reported ? "Task<int> M() => Task.FromResult([|Get().Result|]);" : "Task<int> M() => Task.FromResult(Get().Result);";
        await Verify.VerifyAnalyzerAsync(InClass(member), "dotnet_code_quality.unblock.task_returning_methods = " + value + "\n");
    }

    [Fact]
    public async Task Top_level_statements_with_await_are_async_code_and_their_local_functions_are_not()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + "await Task.Yield();\nvar x = [|Get().Result|];\nFunc<Task> f = async () => { var y = [|Get().Result|]; };\nint Sync() => Get().Result;\nstatic Task<int> Get() => Task.Run(() => 1);\n",
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task Top_level_statements_without_await_are_not_async_code()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + "var x = Get().Result;\nThread.Sleep(1);\nstatic Task<int> Get() => Task.Run(() => 1);\n",
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task Inside_lock_reports_with_the_lock_message_and_offers_no_fix()
    {
        var source = InClass(@"readonly object _gate = new object();
    async Task M()
    {
        await Task.Yield();
        lock (_gate)
        {
            {|#0:Thread.Sleep(10)|};
            new List<int>().ForEach(i => {|#1:Thread.Sleep(i)|});
        }
    }");
        var test = new SleepVerify.Test { TestCode = source, FixedCode = source };
        foreach (var state in new[] { test.TestState, test.FixedState })
        {
            state.ExpectedDiagnostics.Add(SleepVerify.Diagnostic().WithLocation(0).WithArguments("Thread.Sleep", BlockingCallAnalyzer.InsideLockAdvice));
            state.ExpectedDiagnostics.Add(SleepVerify.Diagnostic().WithLocation(1).WithArguments("Thread.Sleep", BlockingCallAnalyzer.InsideLockAdvice));
        }

        await test.RunAsync();
    }

    [Fact]
    public async Task A_lock_outside_the_nearest_async_function_is_not_its_lock()
    {
        var source = InClass(@"readonly object _gate = new object();
    void M()
    {
        lock (_gate)
        {
            Func<Task> f = async () => { await Task.Yield(); {|#0:Thread.Sleep(10)|}; };
        }
    }");
        await SleepVerify.VerifyAnalyzerAsync(source, SleepVerify.Diagnostic().WithLocation(0).WithArguments("Thread.Sleep", "use 'await Task.Delay(...)' instead"));
    }
}
