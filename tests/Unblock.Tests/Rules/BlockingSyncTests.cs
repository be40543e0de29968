using System.Threading.Tasks;
using Xunit;
using Verify = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.BlockingSync.BlockingSyncAnalyzer, Unblock.CodeFixes.Rules.BlockingSync.BlockingSyncCodeFixProvider>;

namespace Unblock.Tests.Rules;

public class BlockingSyncTests
{
    private const string Usings = "using System;\nusing System.Collections.Concurrent;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private static Task Analyze(string members, string? editorConfig = null)
        => Verify.VerifyAnalyzerAsync(Usings + "class C\n{\n    " + members + "\n}", editorConfig);

    [Theory]
    [InlineData("async Task M(SemaphoreSlim s) { [|s.Wait()|]; }")]
    [InlineData("async Task M(SemaphoreSlim s) { var ok = [|s.Wait(100)|]; }")]
    [InlineData("async Task M(SemaphoreSlim s) { var ok = [|s.Wait(TimeSpan.FromSeconds(1))|]; }")]
    [InlineData("async Task M(SemaphoreSlim s, CancellationToken ct) { [|s.Wait(ct)|]; }")]
    [InlineData("async Task M(SemaphoreSlim s) { var ok = [|s.Wait(Timeout.Infinite)|]; }")]
    [InlineData("async Task M(ManualResetEventSlim e) { [|e.Wait()|]; }")]
    [InlineData("async Task M(ManualResetEvent e) { [|e.WaitOne()|]; }")]
    [InlineData("async Task M(AutoResetEvent e) { var ok = [|e.WaitOne(1000)|]; }")]
    [InlineData("async Task M(Mutex m) { [|m.WaitOne()|]; }")]
    [InlineData("async Task M(WaitHandle a, WaitHandle b) { [|WaitHandle.WaitAll(new[] { a, b })|]; }")]
    [InlineData("async Task M(WaitHandle a, WaitHandle b) { var i = [|WaitHandle.WaitAny(new[] { a, b })|]; }")]
    [InlineData("async Task M(object gate) { lock (gate) { [|Monitor.Wait(gate)|]; } await Task.Yield(); }")]
    [InlineData("async Task M(Thread t) { [|t.Join()|]; }")]
    [InlineData("async Task M(BlockingCollection<int> q) { var x = [|q.Take()|]; }")]
    [InlineData("async Task M(CountdownEvent c) { [|c.Wait()|]; }")]
    [InlineData("async Task M(Barrier b) { [|b.SignalAndWait()|]; }")]
    [InlineData("async Task M(int[] xs) { [|Parallel.For(0, 10, i => { })|]; }")]
    [InlineData("async Task M(int[] xs) { [|Parallel.ForEach(xs, x => { })|]; }")]
    [InlineData("async Task M() { [|Parallel.Invoke(() => { }, () => { })|]; }")]
    [InlineData("void M(SemaphoreSlim s) { Func<Task> f = async () => [|s.Wait()|]; }")]
    [InlineData("void M(SemaphoreSlim s) { async Task Local() { [|s.Wait()|]; } }")]
    public async Task Reports_blocking_primitives_in_async_code(string member) => await Analyze(member);

    [Theory]
    [InlineData("void M(SemaphoreSlim s) { s.Wait(); }")]
    [InlineData("async Task M(SemaphoreSlim s) { await s.WaitAsync(); }")]
    [InlineData("async Task M(SemaphoreSlim s) { if (s.Wait(0)) { s.Release(); } await Task.Yield(); }")]
    [InlineData("async Task M(SemaphoreSlim s) { if (s.Wait(TimeSpan.Zero)) { s.Release(); } await Task.Yield(); }")]
    [InlineData("async Task M(ManualResetEvent e) { var set = e.WaitOne(0); await Task.Yield(); }")]
    [InlineData("async Task M(ManualResetEventSlim e) { var set = e.Wait(0); await Task.Yield(); }")]
    [InlineData("async Task M(Thread t) { var done = t.Join(TimeSpan.Zero); await Task.Yield(); }")]
    [InlineData("async Task M(SemaphoreSlim s) { await Task.Run(() => s.Wait()); }")]
    [InlineData("async Task M() { var done = false; SpinWait.SpinUntil(() => done); await Task.Yield(); }")] // BLK002's
    [InlineData("async Task M(Gate g) { g.Wait(); await Task.Yield(); } class Gate { public void Wait() { } public Task WaitAsync() => Task.CompletedTask; }")]
    [InlineData("async Task M(BlockingCollection<int> q) { q.TryTake(out var x); await Task.Yield(); }")]
    [InlineData("async Task M(int[] xs) { await Parallel.ForEachAsync(xs, (x, ct) => ValueTask.CompletedTask); }")]
    public async Task Stays_silent_where_nothing_blocks(string member) => await Analyze(member);

    [Fact]
    public async Task Excluded_methods_are_not_reported()
        => await Analyze("async Task M(Thread t) { t.Join(); await Task.Yield(); }", "dotnet_code_quality.BLK005.excluded_methods = M:System.Threading.Thread.Join");

    [Theory]
    [InlineData("ManualResetEventSlim e", "e.Wait()", "ManualResetEventSlim.Wait()", "TaskCompletionSource")]
    [InlineData("BlockingCollection<int> q", "q.Take()", "BlockingCollection.Take()", "Channel<T>")]
    [InlineData("int[] xs", "Parallel.ForEach(xs, x => { })", "Parallel.ForEach()", "Parallel.ForEachAsync")]
    [InlineData("Mutex m", "m.WaitOne()", "WaitHandle.WaitOne()", "SemaphoreSlim(1, 1)")]
    public async Task Message_names_the_async_design(string parameter, string call, string display, string design)
    {
        var (diagnostics, exceptions) = await Conventions.ConventionTests.RunAllAnalyzersAsync(
            Usings + "class C { async Task M(" + parameter + ") { " + call + "; await Task.Yield(); } }", withReferences: true);
        Assert.Empty(exceptions);
        var diagnostic = Assert.Single(diagnostics, d => d.Id == "BLK005");
        var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("'" + display + "'", message, System.StringComparison.Ordinal);
        Assert.Contains(design, message, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Semaphore_fix_awaits_WaitAsync_with_the_same_arguments_and_the_token()
        => await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task M(SemaphoreSlim s, CancellationToken ct) { [|s.Wait()|]; if ([|s.Wait(100)|]) { s.Release(); } [|s.Wait(ct)|]; } }",
            Usings + "class C { async Task M(SemaphoreSlim s, CancellationToken ct) { await s.WaitAsync(ct); if (await s.WaitAsync(100, ct)) { s.Release(); } await s.WaitAsync(ct); } }");

    [Fact]
    public async Task Semaphore_fix_without_a_token_in_scope()
        => await Verify.VerifyCodeFixAsync(
            Usings + "class C { async void OnClick(object sender, EventArgs e) { var s = new SemaphoreSlim(1); [|s.Wait()|]; s.Release(); } }",
            Usings + "class C { async void OnClick(object sender, EventArgs e) { var s = new SemaphoreSlim(1); await s.WaitAsync(); s.Release(); } }");

    [Fact]
    public async Task Semaphore_fix_keeps_named_arguments()
        => await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task M(SemaphoreSlim s, CancellationToken ct) { var ok = [|s.Wait(millisecondsTimeout: 10)|]; } }",
            Usings + "class C { async Task M(SemaphoreSlim s, CancellationToken ct) { var ok = await s.WaitAsync(millisecondsTimeout: 10, cancellationToken: ct); } }");

    [Fact]
    public async Task No_fix_where_no_twin_exists()
    {
        var source = Usings + "class C { async Task M(ManualResetEventSlim e, Thread t) { [|e.Wait()|]; [|t.Join()|]; await Task.Yield(); } }";
        await Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public async Task Fix_all_in_project()
    {
        var test = new Verify.Test
        {
            TestState = { Sources = { Usings + "class A { async Task M(SemaphoreSlim s) { [|s.Wait()|]; [|s.Wait()|]; } }", Usings + "class B { async Task M(SemaphoreSlim s, CancellationToken token) { [|s.Wait()|]; } }" } },
            FixedState = { Sources = { Usings + "class A { async Task M(SemaphoreSlim s) { await s.WaitAsync(); await s.WaitAsync(); } }", Usings + "class B { async Task M(SemaphoreSlim s, CancellationToken token) { await s.WaitAsync(token); } }" } },
            NumberOfFixAllIterations = 1,
            NumberOfFixAllInDocumentIterations = 2,
        };
        await test.RunAsync();
    }
}
