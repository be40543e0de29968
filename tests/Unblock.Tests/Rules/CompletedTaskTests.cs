using System.Threading.Tasks;
using Xunit;
using Verify = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.SyncWait.SyncWaitAnalyzer, Unblock.CodeFixes.Rules.SyncWait.SyncWaitCodeFixProvider>;

namespace Unblock.Tests.Rules;

/// <summary>Flow-aware silence on tasks that are already complete (CompletedTasks), and where it must end.</summary>
public class CompletedTaskTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private static Task Verify_(string body)
        => Verify.VerifyAnalyzerAsync(Usings + "class C\n{\n    async Task M(List<Task<int>> list, Task<int>[] array, Task<int> p)\n    {\n" + body + "\n    }\n"
                                      + "    Task<int> Get() => Task.Run(() => 1);\n    static void Swap(ref Task<int> t) { }\n    static void Make(out Task<int> t) => t = Task.FromResult(1);\n"
                                      + "    ValueTask<int> GetValue() => new ValueTask<int>(Get());\n}");

    [Theory]
    [InlineData("await Task.WhenAll(list); foreach (var t in list) { var x = t.Result; }")]
    [InlineData("var plans = Get(); await Task.WhenAll(plans, p); var x = new[] { 1, 2 }.Select(i => plans.Result + i).ToList();")]
    [InlineData("await Task.WhenAll(p); var x = new[] { 1, 2 }.Select(i => p.Result + i).ToList();")]
    [InlineData("var d = new Dictionary<string, Task<int>>(); await Task.WhenAll(d.Values); foreach (var kv in d) { var x = kv.Value.Result; }")]
    [InlineData("var pairs = list.Select(t => (Name: \"a\", Task: t)).ToList(); await Task.WhenAll(pairs.Select(p => p.Task)); var x = pairs.Select(p => (p.Name, p.Task.Result)).ToArray();")]
    [InlineData("var d = new Dictionary<int, Task<int>>(); await Task.WhenAll(d.Select(f => f.Value).ToArray()); var x = new[] { 1, 2 }.Select(k => d[k].GetAwaiter().GetResult()).ToList();")]
    [InlineData("await Task.WhenAll(list); var x = list[0].Result;")]
    [InlineData("await Task.WhenAll(array); var x = array[1].Result + array.Sum(t => t.Result);")]
    [InlineData("await Task.WhenAll(list).ConfigureAwait(false); var x = list.Select(t => t.Result).ToList();")]
    [InlineData("var a = Get(); var b = Get(); await Task.WhenAll(a, b); var x = a.GetAwaiter().GetResult(); b.Wait();")]
    [InlineData("var t = Get(); await t; Console.WriteLine(t); var x = t.Result;")]
    [InlineData("await p; var x = p.Result;")]
    [InlineData("var t = Get(); if (!t.IsCompleted) { return; } var x = t.Result;")]
    [InlineData("var t = Get(); if (!t.IsCompletedSuccessfully) throw new InvalidOperationException(); var x = t.Result;")]
    [InlineData("var t = Get(); if (t.Status != TaskStatus.RanToCompletion) { await t; return; } var x = t.Result;")]
    [InlineData("var t = Get(); if (t.Status == TaskStatus.RanToCompletion) { var x = t.Result; }")]
    [InlineData("var t = Get(); if (t.IsCompleted == false) { return; } var x = t.Result;")]
    [InlineData("var t = Get(); if (t.IsCompleted is true) { var x = t.Result; }")]
    [InlineData("var t = Get(); var ok = t.IsCompleted && t.Result > 0;")]
    [InlineData("var t = Get(); var ok = !t.IsCompleted || t.Result > 0;")]
    [InlineData("var t = Get(); while (!t.IsCompleted) { await Task.Delay(1); } var x = t.Result;")]
    [InlineData("var t = Task.FromResult(1); var x = t.Result;")]
    [InlineData("var x = Task.FromResult(1).GetAwaiter().GetResult(); Task.CompletedTask.Wait();")]
    [InlineData("var x = ValueTask.FromResult(1).Result; var y = new ValueTask<int>(2).GetAwaiter().GetResult(); default(ValueTask).GetAwaiter().GetResult();")]
    [InlineData("var done = await Task.WhenAny(list); var x = done.Result;")]
    [InlineData("var x = await Get().ContinueWith(a => a.Result + 1);")]
    [InlineData("var t = Get(); var x = await t.ContinueWith(antecedent => antecedent.Result);")]
    [InlineData("var t = Get(); switch (t.Status) { default: await t; var x = t.Result; break; }")]
    [InlineData("var t = Get(); try { await t; var x = t.Result; } catch (Exception) { }")]
    [InlineData("var results = list.Select(t => (Name: \"a\", Task: t)).ToList(); await Task.WhenAll(results.Select(r => r.Task)); results = results.OrderBy(r => r.Name).ToList(); var x = results.Select(r => (r.Name, r.Task.Result)).ToArray();")]
    [InlineData("await Task.WhenAll(list); list = list.Where(t => t.Result > 0).Reverse().ToList(); var x = list[0].Result;")]
    public async Task Silent_when_the_task_is_known_complete(string body)
    {
        await Verify_(body);
    }

    [Theory]
    [InlineData("var t = Get(); await t; t = Get(); var x = [|t.Result|];")]
    [InlineData("var t = Get(); await t; Swap(ref t); var x = [|t.Result|];")]
    [InlineData("var t = Get(); await t; Make(out t); var x = [|t.Result|];")]
    [InlineData("await Task.WhenAll(list); list.Add(Get()); var x = [|list[0].Result|];")]
    [InlineData("var d = new Dictionary<string, Task<int>>(); var e = new Dictionary<string, Task<int>>(); await Task.WhenAll(e.Values); foreach (var kv in d) { var x = [|kv.Value.Result|]; }")]
    [InlineData("var d = new Dictionary<string, Task<int>>(); await Task.WhenAll(d.Values); d.Clear(); d.Add(\"a\", Get()); foreach (var kv in d) { var x = [|kv.Value.Result|]; }")]
    [InlineData("var tcs = new TaskCompletionSource<int>(); var x = [|tcs.Task.Result|];")]
    [InlineData("var plans = Get(); var x = new[] { 1, 2 }.Select(i => [|plans.Result|] + i).ToList(); await plans;")]
    [InlineData("var d = new Dictionary<int, Task<int>>(); var x = new[] { 1 }.Select(k => [|d[k].Result|]).ToList(); await Task.WhenAll(d.Values);")]
    [InlineData("await Task.WhenAll(list); list[0] = Get(); var x = [|list[0].Result|];")]
    [InlineData("await Task.WhenAll(list); var x = [|array[0].Result|];")]
    [InlineData("var t = Get(); for (var i = 0; i < 3; i++) { var x = [|t.Result|]; await t; t = Get(); }")]
    [InlineData("var t = Get(); while (true) { var x = [|t.Result|]; await t; t = Get(); }")]
    [InlineData("var t = Get(); foreach (var i in new[] { 1, 2 }) { var x = [|t.Result|]; await t; t = Get(); }")]
    [InlineData("var t = Get(); if (DateTime.Now.Second > 3) { await t; } var x = [|t.Result|];")]
    [InlineData("var t = Get(); var y = DateTime.Now.Second > 3 ? await t : 0; var x = [|t.Result|];")]
    [InlineData("var t = Get(); if (t.IsCompleted) { } var x = [|t.Result|];")]
    [InlineData("var t = Get(); if (!t.IsCompleted) { var x = [|t.Result|]; }")]
    [InlineData("var t = Get(); if (!t.IsCompleted) { Console.WriteLine(); } var x = [|t.Result|];")]
    [InlineData("var t = Get(); var ok = t.IsCompleted || [|t.Result|] > 0;")]
    [InlineData("var t = Get(); Func<Task> f = async () => await t; var x = [|t.Result|];")]
    [InlineData("var other = Get(); var x = await Get().ContinueWith(a => a.Result); var y = [|other.Result|];")]
    [InlineData("var t = new ValueTask<int>(Get()); var x = [|t.Result|];")]
    [InlineData("var t = GetValue(); var x = [|t.Result|];")]
    [InlineData("var done = await Task.WhenAny(list); var x = [|list[0].Result|];")]
    [InlineData("var t = Get(); await Task.WhenAny(t, Get()); var x = [|t.Result|];")]
    [InlineData("await Task.WhenAll(list); list = list.Concat(new[] { Get() }).ToList(); var x = [|list[1].Result|];")]
    [InlineData("await Task.WhenAll(list); list = list.Select(t => Get()).ToList(); var x = [|list[0].Result|];")]
    [InlineData("await Task.WhenAll(list); list = new List<Task<int>>(list) { Get() }.OrderBy(t => t.Id).ToList(); var x = [|list[0].Result|];")]
    public async Task Reports_when_completion_is_not_proven(string body)
    {
        await Verify_(body);
    }

    [Theory]
    [InlineData("var t = Get(); return;\n#pragma warning disable CS0162\nvar x = [|t.Result|];\n#pragma warning restore CS0162")]
    [InlineData("var t = Get(); int x; goto skip; await t; skip: x = [|t.Result|];")]
    public async Task Unreachable_or_skipped_code_falls_back_to_reporting(string body)
    {
        await Verify_(body);
    }

    [Fact]
    public async Task Broken_code_does_not_throw_and_falls_back_to_reporting()
    {
        var source = Usings + @"
class C
{
    async Task M()
    {
        var t = Get();
        await Missing(t);
        if (t.IsCompleted is Unknown) { }
        Swap(ref t, 2);
        var x = [|t.Result|];
        var y = Missing2().Result;
        var z = t.Status == TaskStatus.RanToCompletion ? 1 : [|t.Result|];
    }
    Task<int> Get() => Task.Run(() => 1);
}";
        var test = new Verify.Test { TestCode = source };
        test.CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.None;
        await test.RunAsync();
    }
}
