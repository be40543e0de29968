using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Unblock.Analyzers.Rules.SyncWait;
using Unblock.CodeFixes.Rules.SyncWait;
using Xunit;
using Verify = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.SyncWait.SyncWaitAnalyzer, Unblock.CodeFixes.Rules.SyncWait.SyncWaitCodeFixProvider>;

namespace Unblock.Tests.Rules;

/// <summary>
/// BLK001 on every overload of <c>Task.WaitAll</c> and <c>Task.WaitAny</c>, on .NET 8 and on .NET 10 (where
/// <c>WaitAll(a, b)</c> binds <c>params ReadOnlySpan&lt;Task&gt;</c> and <c>WaitAll(IEnumerable&lt;Task&gt;, CancellationToken)</c>
/// exists): the message fits the overload, and the fix keeps the meaning (the index of <c>WaitAny</c>, the time-out, the
/// token) or is not offered.
/// </summary>
public class WaitAllWaitAnyTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private const string WhenAll = "use 'await Task.WhenAll(...)' instead";
    private const string WhenAllToken = "use 'await Task.WhenAll(...).WaitAsync(cancellationToken)' instead";
    private const string WhenAny = "use 'await Task.WhenAny(...)' instead";
    private const string WhenAnyToken = "use 'await Task.WhenAny(...).WaitAsync(cancellationToken)' instead";
    private const string WhenAnyNoIndex = "use 'await Task.WhenAny(...)' instead (it returns the task, not its index)";
    private const string AllRace = "use 'await await Task.WhenAny(Task.WhenAll(...), Task.Delay(timeout))' instead";
    private const string AllRaceToken = "use 'await await Task.WhenAny(Task.WhenAll(...), Task.Delay(timeout, cancellationToken))' instead";
    private const string AnyRace = "use 'await Task.WhenAny(Task.WhenAny(...), Task.Delay(timeout))' instead";
    private const string AnyRaceToken = "use 'await await Task.WhenAny(Task.WhenAny(...), Task.Delay(timeout, cancellationToken))' instead";
    private const string AllBool = "its bool says whether all finished in time: race 'Task.WhenAll(...)' with 'Task.Delay(timeout)' in 'await Task.WhenAny(...)' and compare the winner";
    private const string AnyIndex = "its index is -1 on time-out: race 'Task.WhenAny(...)' with 'Task.Delay(timeout)' in 'await Task.WhenAny(...)' and find the winner with 'Array.IndexOf'";

    private static string Code(string body)
        => Usings + "class C\n{\n    async Task<object> M(Task a, Task<int> b, Task[] tasks, List<Task> list, CancellationToken ct)\n    {\n        " + body + "\n        return null;\n    }\n}\n";

    [Theory]
    // WaitAll: params array (.NET 8) or params span (.NET 10), an array, a collection expression, IEnumerable (.NET 10).
    [InlineData(false, "{|#0:Task.WaitAll(a, b)|};", "await Task.WhenAll(a, b);", "WaitAll", WhenAll)]
    [InlineData(true, "{|#0:Task.WaitAll(a, b)|};", "await Task.WhenAll(a, b);", "WaitAll", WhenAll)]
    [InlineData(true, "{|#0:Task.WaitAll(tasks)|};", "await Task.WhenAll(tasks);", "WaitAll", WhenAll)]
    [InlineData(true, "{|#0:Task.WaitAll([a, b])|};", "await Task.WhenAll([a, b]);", "WaitAll", WhenAll)]
    [InlineData(true, "{|#0:Task.WaitAll(list)|};", "await Task.WhenAll(list);", "WaitAll", WhenAll)]
    // With a token: WaitAsync(token) cancels the wait as WaitAll(..., token) does.
    [InlineData(false, "{|#0:Task.WaitAll(tasks, ct)|};", "await Task.WhenAll(tasks).WaitAsync(ct);", "WaitAll", WhenAllToken)]
    [InlineData(true, "{|#0:Task.WaitAll(list, ct)|};", "await Task.WhenAll(list).WaitAsync(ct);", "WaitAll", WhenAllToken)]
    [InlineData(false, "{|#0:Task.WaitAll(cancellationToken: ct, tasks: tasks)|};", "await Task.WhenAll(tasks).WaitAsync(ct);", "WaitAll", WhenAllToken)]
    // A time-out whose bool is unused: race a delay; awaiting the winner throws what the tasks threw, or the cancellation.
    [InlineData(false, "{|#0:Task.WaitAll(tasks, 1000)|};", "await await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(1000));", "WaitAll", AllRace)]
    [InlineData(false, "{|#0:Task.WaitAll(tasks, TimeSpan.FromSeconds(1))|};", "await await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(TimeSpan.FromSeconds(1)));", "WaitAll", AllRace)]
    [InlineData(false, "{|#0:Task.WaitAll(tasks, 1000, ct)|};", "await await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(1000, ct));", "WaitAll", AllRaceToken)]
    // WaitAny: discarded, the index kept through Array.IndexOf (an array variable, or listed variables), tokens, time-outs.
    [InlineData(false, "{|#0:Task.WaitAny(a, b)|};", "await Task.WhenAny(a, b);", "WaitAny", WhenAny)]
    [InlineData(true, "{|#0:Task.WaitAny(a, b)|};", "await Task.WhenAny(a, b);", "WaitAny", WhenAny)]
    [InlineData(false, "var i = {|#0:Task.WaitAny(tasks)|};", "var i = Array.IndexOf(tasks, await Task.WhenAny(tasks));", "WaitAny", WhenAny)]
    [InlineData(false, "return {|#0:Task.WaitAny(a, b)|};", "return Array.IndexOf(new Task[] { a, b }, await Task.WhenAny(a, b));", "WaitAny", WhenAny)]
    [InlineData(true, "return {|#0:Task.WaitAny(a, b, a)|};", "return Array.IndexOf(new Task[] { a, b, a }, await Task.WhenAny(a, b, a));", "WaitAny", WhenAny)]
    [InlineData(false, "{|#0:Task.WaitAny(tasks, ct)|};", "await Task.WhenAny(tasks).WaitAsync(ct);", "WaitAny", WhenAnyToken)]
    [InlineData(false, "var i = {|#0:Task.WaitAny(tasks, ct)|};", "var i = Array.IndexOf(tasks, await Task.WhenAny(tasks).WaitAsync(ct));", "WaitAny", WhenAnyToken)]
    [InlineData(false, "{|#0:Task.WaitAny(tasks, 1000)|};", "await Task.WhenAny(Task.WhenAny(tasks), Task.Delay(1000));", "WaitAny", AnyRace)]
    [InlineData(true, "{|#0:Task.WaitAny(tasks, 1000, ct)|};", "await await Task.WhenAny(Task.WhenAny(tasks), Task.Delay(1000, ct));", "WaitAny", AnyRaceToken)]
    public async Task Every_overload_is_fixed_with_its_meaning_and_named_in_the_message(bool net10, string body, string fixedBody, string method, string advice)
    {
        var test = new Verify.Test { TestCode = Code(body), FixedCode = Code(fixedBody) };
        if (net10)
        {
            test.UseNet10();
        }

        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments($"Task.{method}()", advice));
        await test.RunAsync();
    }

    [Theory]
    // The bool or the index of a time-out has no expression that keeps it; the index of tasks that cannot be read twice.
    [InlineData(false, "var ok = {|#0:Task.WaitAll(tasks, 1000)|};", "WaitAll", AllBool)]
    [InlineData(false, "if (!{|#0:Task.WaitAll(tasks, 1000, ct)|}) { }", "WaitAll", "its bool says whether all finished in time: race 'Task.WhenAll(...)' with 'Task.Delay(timeout, cancellationToken)' in 'await Task.WhenAny(...)' and compare the winner")]
    [InlineData(false, "var i = {|#0:Task.WaitAny(tasks, 1000)|};", "WaitAny", AnyIndex)]
    [InlineData(false, "var i = {|#0:Task.WaitAny(list.ToArray())|};", "WaitAny", WhenAnyNoIndex)]
    [InlineData(true, "var i = {|#0:Task.WaitAny(Task.Delay(1), Task.Delay(2))|};", "WaitAny", WhenAnyNoIndex)]
    public async Task No_fix_where_the_meaning_cannot_be_kept_and_the_message_says_what_to_write(bool net10, string body, string method, string advice)
    {
        var source = Code(body);
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        if (net10)
        {
            test.UseNet10();
        }

        var expected = Verify.Diagnostic().WithLocation(0).WithArguments($"Task.{method}()", advice);
        test.ExpectedDiagnostics.Add(expected);
        test.FixedState.ExpectedDiagnostics.Add(expected);
        await test.RunAsync();
    }

    private const string Program = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\npublic static class Program\n{\n"
        + "    static string Describe(Exception e) => (e is AggregateException a ? a.InnerException : e) is OperationCanceledException ? \"canceled\" : (e is AggregateException b ? b.InnerException : e).Message;\n"
        + "    static Task Never() => new TaskCompletionSource().Task;\n"
        + "    static async Task Fail() { await Task.Delay(5); throw new InvalidOperationException(\"failed\"); }\n";

    [Theory]
    // The time-out elapses: both go on; a task fails in time: both throw its exception; the token is cancelled: both cancel.
    [InlineData(SyncWaitCodeFixProvider.WhenAllKey, "went on", "var tasks = new[] { Never() }; Task.WaitAll(tasks, 20); return \"went on\";")]
    [InlineData(SyncWaitCodeFixProvider.WhenAllKey, "failed", "var tasks = new[] { Fail() }; try { Task.WaitAll(tasks, 5000); return \"no\"; } catch (Exception e) { return Describe(e); }")]
    [InlineData(SyncWaitCodeFixProvider.WhenAllKey, "canceled", "var tasks = new[] { Never() }; using var cts = new CancellationTokenSource(20); var ct = cts.Token; try { Task.WaitAll(tasks, 5000, ct); return \"no\"; } catch (Exception e) { return Describe(e); }")]
    [InlineData(SyncWaitCodeFixProvider.WhenAllKey, "canceled", "var tasks = new[] { Never() }; using var cts = new CancellationTokenSource(20); var ct = cts.Token; try { Task.WaitAll(tasks, ct); return \"no\"; } catch (Exception e) { return Describe(e); }")]
    [InlineData(SyncWaitCodeFixProvider.WhenAllKey, "3", "var a = Task.Delay(5); var b = Task.Delay(10); Task.WaitAll(a, b); return (a.IsCompleted ? 1 : 0) + (b.IsCompleted ? 2 : 0) + \"\";")]
    [InlineData(SyncWaitCodeFixProvider.WhenAnyKey, "1", "var tasks = new[] { Never(), Task.Delay(5) }; var i = Task.WaitAny(tasks); return i.ToString();")]
    [InlineData(SyncWaitCodeFixProvider.WhenAnyKey, "1", "var a = Never(); var b = Task.Delay(5); return Task.WaitAny(a, b).ToString();")]
    [InlineData(SyncWaitCodeFixProvider.WhenAnyKey, "1", "var tasks = new[] { Never(), Fail() }; using var cts = new CancellationTokenSource(); var ct = cts.Token; var i = Task.WaitAny(tasks, ct); return i.ToString();")]
    [InlineData(SyncWaitCodeFixProvider.WhenAnyKey, "went on", "var tasks = new[] { Never() }; Task.WaitAny(tasks, 20); return \"went on\";")]
    [InlineData(SyncWaitCodeFixProvider.WhenAnyKey, "canceled", "var tasks = new[] { Never() }; using var cts = new CancellationTokenSource(20); var ct = cts.Token; try { Task.WaitAny(tasks, 5000, ct); return \"no\"; } catch (Exception e) { return Describe(e); }")]
    public async Task Fixed_program_does_what_the_blocking_one_did(string key, string expected, string body)
    {
        var original = Program + "    public static async Task<string> RunAsync()\n    {\n        await Task.Yield();\n        " + body + "\n    }\n}\n";
        var fixedSource = await CompiledProgram.FixAsync(original, new SyncWaitAnalyzer(), new SyncWaitCodeFixProvider(), key);
        Assert.NotEqual(original, fixedSource);
        Assert.DoesNotContain("Task.Wait", fixedSource, System.StringComparison.Ordinal);
        Assert.Equal(expected, await CompiledProgram.RunAsync(original));
        Assert.Equal(expected, await CompiledProgram.RunAsync(fixedSource));
    }

    [Fact]
    public async Task Fix_All_fixes_every_overload_in_one_pass()
    {
        var body = "{|#0:Task.WaitAll(a, b)|}; {|#1:Task.WaitAll(tasks, ct)|}; {|#2:Task.WaitAll(tasks, 10)|}; var i = {|#3:Task.WaitAny(tasks)|}; {|#4:Task.WaitAny(tasks, 10)|};";
        var fixedBody = "await Task.WhenAll(a, b); await Task.WhenAll(tasks).WaitAsync(ct); await await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(10)); var i = Array.IndexOf(tasks, await Task.WhenAny(tasks)); await Task.WhenAny(Task.WhenAny(tasks), Task.Delay(10));";
        var test = new Verify.Test { TestCode = Code(body), FixedCode = Code(fixedBody), NumberOfFixAllIterations = 1 };
        test.UseNet10();
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments("Task.WaitAll()", WhenAll));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(1).WithArguments("Task.WaitAll()", WhenAllToken));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(2).WithArguments("Task.WaitAll()", AllRace));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(3).WithArguments("Task.WaitAny()", WhenAny));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(4).WithArguments("Task.WaitAny()", AnyRace));
        await test.RunAsync();
    }
}
