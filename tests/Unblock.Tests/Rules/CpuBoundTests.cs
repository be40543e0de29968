using System.Threading.Tasks;
using Xunit;
using Verify = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.CpuBound.CpuBoundAnalyzer, Unblock.CodeFixes.Rules.CpuBound.CpuBoundCodeFixProvider>;

namespace Unblock.Tests.Rules;

public class CpuBoundTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Diagnostics;\nusing System.Linq;\nusing System.Security.Cryptography;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private static Task Analyze(string member, string? editorConfig = null)
        => Verify.VerifyAnalyzerAsync(Usings + "class C\n{\n    " + member + "\n}", editorConfig);

    [Theory]
    // Constant and constant-derived trip counts.
    [InlineData("async Task<long> M() { long s = 0; [|for (var i = 0; i < 10_000_000; i++)|] { s += i; } await Task.Yield(); return s; }")]
    [InlineData("const int N = 2000; async Task<long> M() { long s = 0; [|for (int i = 0; i < N; i++)|] { for (int j = 0; j < N; j++) { s += i * j; } } await Task.Yield(); return s; }")]
    [InlineData("async Task<long> M() { long s = 0; [|for (var i = 1 << 21; i > 0; i--)|] s += i; await Task.Yield(); return s; }")]
    [InlineData("async Task<long> M() { long s = 0; [|for (long i = 0; i <= 5_000_000L; i += 2)|] s += i; await Task.Yield(); return s; }")]
    [InlineData("async Task<long> M() { long s = 0; [|foreach (var i in Enumerable.Range(0, 2_000_000))|] s += i; await Task.Yield(); return s; }")]
    [InlineData("async Task<long> M() { long s = 0; [|foreach (var i in Enumerable.Range(0, 2_000_000).Where(x => x % 3 == 0))|] s += i; await Task.Yield(); return s; }")]
    // A local initialised with a constant and never written again.
    [InlineData("async Task<long> M() { var n = 5_000_000; long s = 0; [|for (var i = 0; i < n; i++)|] s += i; await Task.Yield(); return s; }")]
    [InlineData("async Task<long> M() { const int Size = 4_000; var rows = Size; long s = 0; [|for (var i = 0; i < rows; i++)|] for (var j = 0; j < Size; j++) s += j; await Task.Yield(); return s; }")]
    [InlineData("async Task<long> M() { var count = 3_000_000; await Task.Yield(); return [|Enumerable.Range(0, count).Select(x => (long)x).Sum()|]; }")]
    // A collection loop around a heavy constant loop: the outer loop is the one reported.
    [InlineData("async Task<long> M(List<int> items) { long s = 0; [|foreach (var item in items)|] { for (var i = 0; i < 1_000_000; i++) s += item ^ i; } await Task.Yield(); return s; }")]
    // A loop whose body calls a known CPU-heavy API.
    [InlineData("async Task M(string[] passwords, byte[] salt) { [|foreach (var p in passwords)|] { Rfc2898DeriveBytes.Pbkdf2(p, salt, 100_000, HashAlgorithmName.SHA256, 32); } await Task.Yield(); }")]
    // Async lambdas and local functions.
    [InlineData("void M() { Func<Task> f = async () => { [|for (var i = 0; i < 50_000_000; i++)|] { } await Task.Yield(); }; }")]
    [InlineData("void M() { async Task Local() { long s = 0; [|for (var i = 0; i < 50_000_000; i++)|] { s++; } await Task.Yield(); } }")]
    public async Task Reports_heavy_loops_in_async_code(string member)
        => await Analyze(member);

    [Theory]
    [InlineData("volatile bool done; async Task M() { [|while (!done)|] { } await Task.Yield(); }")]
    [InlineData("volatile bool done; async Task M() { [|while (!done)|] ; await Task.Yield(); }")]
    [InlineData("volatile bool done; async Task M() { [|while (!done)|] { Thread.SpinWait(20); } await Task.Yield(); }")]
    [InlineData("volatile bool done; async Task M() { [|while (!done)|] Thread.Yield(); await Task.Yield(); }")]
    [InlineData("bool done; async Task M() { var spinner = new SpinWait(); [|while (!Volatile.Read(ref done))|] spinner.SpinOnce(); await Task.Yield(); }")]
    [InlineData("int gate; async Task M() { [|while (Interlocked.CompareExchange(ref gate, 1, 0) != 0)|] { Thread.SpinWait(1); } await Task.Yield(); }")]
    [InlineData("async Task M(Task t) { [|while (!t.IsCompleted)|] { } await t; }")]
    [InlineData("async Task M() { var end = DateTime.UtcNow.AddMilliseconds(50); [|while (DateTime.UtcNow < end)|] { } await Task.Yield(); }")]
    [InlineData("async Task<int> M() { var sw = Stopwatch.StartNew(); var n = 0; [|while (sw.ElapsedMilliseconds < 50)|] { n++; } await Task.Yield(); return n; }")]
    [InlineData("volatile bool done; async Task M() { [|do|] { } while (!done); await Task.Yield(); }")]
    [InlineData("async Task M() { [|for (;;)|] { } }")]
    [InlineData("async Task M() { [|while (true)|] { Thread.SpinWait(1); } }")]
    public async Task Reports_busy_waits(string member)
        => await Analyze(member);

    [Theory]
    [InlineData("async Task<byte[]> M(string p, byte[] salt) { await Task.Yield(); return [|Rfc2898DeriveBytes.Pbkdf2(p, salt, 600_000, HashAlgorithmName.SHA256, 32)|]; }")]
    [InlineData("async Task<byte[]> M(byte[] p, byte[] salt, int iterations) { await Task.Yield(); return [|Rfc2898DeriveBytes.Pbkdf2(p, salt, iterations, HashAlgorithmName.SHA512, 64)|]; }")]
    [InlineData("async Task<byte[]> M(string p, byte[] salt) { await Task.Yield(); return [|new Rfc2898DeriveBytes(p, salt, 100_000, HashAlgorithmName.SHA256).GetBytes(32)|]; }")]
    [InlineData("async Task<byte[]> M(string p, byte[] salt) { using var kdf = [|new Rfc2898DeriveBytes(p, salt, 100_000, HashAlgorithmName.SHA256)|]; await Task.Yield(); return kdf.GetBytes(32); }")]
    [InlineData("async Task<long> M() { await Task.Yield(); return [|Enumerable.Range(0, 10_000_000).Select(x => (long)x * x).Sum()|]; }")]
    [InlineData("async Task<int[]> M() { await Task.Yield(); return [|Enumerable.Range(0, 5_000_000).Where(x => x % 7 == 0).ToArray()|]; }")]
    public async Task Reports_known_CPU_heavy_calls(string member)
        => await Analyze(member);

    [Theory]
    // Small bounded loops.
    [InlineData("async Task<long> M() { long s = 0; for (var i = 0; i < 1000; i++) { s += i; } await Task.Yield(); return s; }")]
    [InlineData("async Task<long> M() { long s = 0; for (var i = 0; i < 100; i++) for (var j = 0; j < 100; j++) s += i * j; await Task.Yield(); return s; }")]
    // Loops over a request's collection (unknown but usually small), even two levels deep.
    [InlineData("async Task<int> M(List<int> items) { var s = 0; foreach (var x in items) { s += x; } await Task.Yield(); return s; }")]
    [InlineData("async Task<int> M(List<int[]> orders) { var s = 0; foreach (var o in orders) foreach (var line in o) s += line; await Task.Yield(); return s; }")]
    [InlineData("async Task<int> M(List<int> items) { var s = 0; foreach (var x in items) for (var i = 0; i < 10; i++) s += x * i; await Task.Yield(); return s; }")]
    // Loops that await each iteration.
    [InlineData("async Task M() { for (var i = 0; i < 10_000_000; i++) { await Task.Yield(); } }")]
    [InlineData("async Task M(IAsyncEnumerable<int> xs) { await foreach (var x in xs) { for (var i = 0; i < 10; i++) { } } }")]
    [InlineData("volatile bool done; async Task M() { while (!done) { await Task.Delay(10); } }")]
    [InlineData("async Task M() { var sw = Stopwatch.StartNew(); while (sw.ElapsedMilliseconds < 50) { await Task.Delay(5); } }")]
    // Heavy work already on the thread pool, or in synchronous code.
    [InlineData("async Task<long> M() => await Task.Run(() => { long s = 0; for (var i = 0; i < 10_000_000; i++) s += i; return s; });")]
    [InlineData("async Task<byte[]> M(string p, byte[] s) => await Task.Run(() => Rfc2898DeriveBytes.Pbkdf2(p, s, 600_000, HashAlgorithmName.SHA256, 32));")]
    [InlineData("long M() { long s = 0; for (var i = 0; i < 10_000_000; i++) s += i; return s; }")]
    [InlineData("volatile bool done; void M() { while (!done) { } }")]
    [InlineData("byte[] M(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 600_000, HashAlgorithmName.SHA256, 32);")]
    // Cheap key derivation, small Range pipelines, deferred pipelines.
    [InlineData("async Task<byte[]> M(string p, byte[] s) { await Task.Yield(); return Rfc2898DeriveBytes.Pbkdf2(p, s, 10, HashAlgorithmName.SHA256, 32); }")]
    [InlineData("async Task<int> M() { await Task.Yield(); return Enumerable.Range(0, 100).Sum(); }")]
    [InlineData("async Task<IEnumerable<int>> M() { await Task.Yield(); return Enumerable.Range(0, 10_000_000).Select(x => x * 2); }")]
    // Loops that make progress in their condition are not busy-waits; endless loops with work have no estimate.
    [InlineData("async Task M(Queue<int> q) { while (q.TryDequeue(out _)) { } await Task.Yield(); }")]
    [InlineData("async Task M(System.IO.TextReader r) { while (r.ReadLine() != null) ; await Task.Yield(); }")]
    [InlineData("async Task M(Func<bool> step) { while (true) { if (!step()) break; } await Task.Yield(); }")]
    // A time-boxed loop that does real work in its body.
    [InlineData("async Task M(Queue<int> q) { var sw = Stopwatch.StartNew(); while (sw.ElapsedMilliseconds < 5 && q.Count > 0) { Console.WriteLine(q.Dequeue()); } await Task.Yield(); }")]
    // Bounds that are not constant, overflow, or run the wrong way: no estimate.
    [InlineData("async Task M(int n) { for (var i = 0; i < n; i++) { } await Task.Yield(); }")]
    [InlineData("async Task M() { for (var i = 0; i < 10_000_000; i--) { } await Task.Yield(); }")]
    [InlineData("async Task M() { for (var i = 0; i < unchecked(int.MaxValue + 1); i++) { } await Task.Yield(); }")]
    [InlineData("async Task M() { for (var i = 0; i < 10_000_000; i++) { i += 100; } await Task.Yield(); }")]
    // A local that is written again is not a constant.
    [InlineData("async Task M(int k) { var n = 5_000_000; n = k; for (var i = 0; i < n; i++) { } await Task.Yield(); }")]
    [InlineData("async Task M() { var n = 5_000_000; for (var i = 0; i < n; i++) { n--; } await Task.Yield(); }")]
    [InlineData("async Task M() { var n = 5_000_000; Shrink(ref n); for (var i = 0; i < n; i++) { } await Task.Yield(); } static void Shrink(ref int v) => v = 1;")]
    [InlineData("async Task M(int k) { var n = 5_000_000; (n, k) = (k, n); for (var i = 0; i < n; i++) { } await Task.Yield(); }")]
    // nameof and expression trees are never run.
    [InlineData("async Task M() { System.Linq.Expressions.Expression<Func<int>> e = () => Enumerable.Range(0, 10_000_000).Sum(); await Task.Yield(); }")]
    public async Task Stays_silent_where_no_CPU_heavy_work_blocks_async_code(string member)
        => await Analyze(member);

    [Fact]
    public async Task Only_the_outermost_heavy_loop_is_reported()
        => await Analyze("async Task<long> M() { long s = 0; [|for (var i = 0; i < 1000; i++)|] { for (var j = 0; j < 1000; j++) { for (var k = 0; k < 1000; k++) s++; } } await Task.Yield(); return s; }");

    [Fact]
    public async Task A_heavy_call_inside_a_reported_loop_is_not_reported_twice()
        => await Analyze("async Task M(string[] ps, byte[] salt) { [|foreach (var p in ps)|] Rfc2898DeriveBytes.Pbkdf2(p, salt, 600_000, HashAlgorithmName.SHA256, 32); await Task.Yield(); }");

    [Fact]
    public async Task A_heavy_loop_inside_a_loop_that_awaits_is_reported()
        => await Analyze("async Task M(List<int> batches) { foreach (var b in batches) { long s = 0; [|for (var i = 0; i < 5_000_000; i++)|] s += b; await Task.Delay(1); } }");

    [Fact]
    public async Task Message_gives_the_estimate()
    {
        await Verify.VerifyAnalyzerAsync(
            Usings + "class C { async Task M() { long s = 0; {|#0:for (var i = 0; i < 3_000_000; i++)|} s += i; await Task.Yield(); } }",
            Verify.Diagnostic("BLK006").WithLocation(0).WithArguments("This loop (an estimated 3,000,000 iterations, about 3 ms of CPU, no await)", "move it to the thread pool with 'await Task.Run(...)'"));
    }

    [Fact]
    public async Task Message_never_prints_an_absurd_number()
    {
        await Verify.VerifyAnalyzerAsync(
            Usings + "class C { async Task M() { long s = 0; {|#0:for (long i = long.MinValue; i < long.MaxValue; i++)|} s += i; await Task.Yield(); } }",
            Verify.Diagnostic("BLK006").WithLocation(0).WithArguments("This loop (an estimated more than 1,000,000,000,000 iterations, more than 1,000,000,000,000 ms of CPU, no await)", "move it to the thread pool with 'await Task.Run(...)'"));
    }

    [Fact]
    public async Task Message_names_the_key_derivation_and_its_iterations()
    {
        await Verify.VerifyAnalyzerAsync(
            Usings + "class C { async Task<byte[]> M(string p, byte[] s) { await Task.Yield(); return {|#0:Rfc2898DeriveBytes.Pbkdf2(p, s, 600_000, HashAlgorithmName.SHA256, 32)|}; } }",
            Verify.Diagnostic("BLK006").WithLocation(0).WithArguments("'Rfc2898DeriveBytes.Pbkdf2' (key derivation, 600,000 iterations, about 1,200 ms)", "move it to the thread pool with 'await Task.Run(...)'"));
    }

    [Fact]
    public async Task Message_names_the_busy_wait()
    {
        await Verify.VerifyAnalyzerAsync(
            Usings + "class C { volatile bool done; async Task M() { {|#0:while (!done)|} Thread.SpinWait(10); await Task.Yield(); } }",
            Verify.Diagnostic("BLK006").WithLocation(0).WithArguments("This busy-wait (spins with 'Thread.SpinWait' until its condition changes)", Unblock.Analyzers.Rules.CpuBound.CpuBoundAnalyzer.BusyWaitAdvice));
    }

    [Fact]
    public async Task Inside_a_lock_the_message_says_so()
    {
        await Verify.VerifyAnalyzerAsync(
            Usings + "class C { readonly object gate = new(); async Task M() { await Task.Yield(); lock (gate) { long s = 0; {|#0:for (var i = 0; i < 9_000_000; i++)|} s += i; } } }",
            Verify.Diagnostic("BLK006").WithLocation(0).WithArguments("This loop (an estimated 9,000,000 iterations, about 9 ms of CPU, no await)", Unblock.Analyzers.BlockingCallAnalyzer.InsideLockAdvice));
    }

    [Theory]
    [InlineData("dotnet_code_quality.BLK006.min_iterations = 100", "async Task<long> M() { long s = 0; [|for (var i = 0; i < 1000; i++)|] { s += i; } await Task.Yield(); return s; }")]
    [InlineData("dotnet_code_quality.BLK006.min_iterations = 100000000", "async Task<long> M() { long s = 0; for (var i = 0; i < 10_000_000; i++) { s += i; } await Task.Yield(); return s; }")]
    [InlineData("dotnet_code_quality.BLK006.min_kdf_iterations = 5", "async Task<byte[]> M(string p, byte[] s) { await Task.Yield(); return [|Rfc2898DeriveBytes.Pbkdf2(p, s, 10, HashAlgorithmName.SHA256, 32)|]; }")]
    [InlineData("dotnet_code_quality.BLK006.min_nested_collection_loops = 3", "async Task<int> M(int[] a, int[] b, int[] c) { var n = 0; [|foreach (var x in a)|] foreach (var y in b) foreach (var z in c) if (x + y == z) n++; await Task.Yield(); return n; }")]
    [InlineData("dotnet_code_quality.BLK006.min_nested_collection_loops = 2", "async Task<int> M(List<int[]> orders) { var s = 0; [|foreach (var o in orders)|] foreach (var line in o) s += line; await Task.Yield(); return s; }")]
    [InlineData("dotnet_code_quality.BLK006.heavy_methods = M:Imaging.Resize", "async Task M(byte[] img) { await Task.Yield(); [|Imaging.Resize(img)|]; } } static class Imaging { public static byte[] Resize(byte[] b) => b;")]
    [InlineData("dotnet_code_quality.BLK006.heavy_methods = T:Imaging", "async Task M(byte[][] imgs) { await Task.Yield(); [|foreach (var i in imgs)|] Imaging.Resize(i); } } static class Imaging { public static byte[] Resize(byte[] b) => b;")]
    [InlineData("dotnet_code_quality.BLK006.excluded_methods = M:C.M", "async Task<long> M() { long s = 0; for (var i = 0; i < 10_000_000; i++) { s += i; } await Task.Yield(); return s; }")]
    public async Task Thresholds_and_lists_come_from_editorconfig(string editorConfig, string member)
        => await Analyze(member, editorConfig);

    // Seen on real code: every nest of collection loops reported on the real-code evaluation (usage counters per day,
    // rows of a report, labels of a transaction) was cheap, so the depth check is off unless turned on.
    [Fact]
    public async Task Nested_loops_over_collections_are_silent_by_default()
        => await Analyze("async Task<int> M(int[] a, int[] b, int[] c, int[] d) { var n = 0; foreach (var x in a) foreach (var y in b) foreach (var z in c) foreach (var w in d) if (x + y == z + w) n++; await Task.Yield(); return n; }");

    [Fact]
    public async Task Password_hashing_libraries_are_known()
    {
        await Verify.VerifyAnalyzerAsync(
            Usings + "namespace BCrypt.Net { public static class BCrypt { public static string HashPassword(string p) => p; public static bool Verify(string p, string h) => p == h; } }\n"
                   + "class C { async Task<bool> M(string p, string h) { await Task.Yield(); return [|BCrypt.Net.BCrypt.Verify(p, h)|]; } }");
    }

    [Theory]
    [InlineData("async Task M() { for (var i = 0; i < 10_000_000; i++")]
    [InlineData("async Task M() { for (var i = 0; i < 10_000_000; i++) { s += i; } await Task.Yield(); }")]
    [InlineData("async Task M() { for (var i = 0; i < 10_000_000 * 1_000_000; i++) { } await Task.Yield(); }")]
    [InlineData("async Task M() { for (var i = 0; i < Undefined; i++) { } await Task.Yield(); }")]
    [InlineData("async Task M() { foreach (var x in Enumerable.Range(0, 10_000_000)) { Undefined(x); } await Task.Yield(); }")]
    [InlineData("async Task M() { foreach (var x in Enumerable.Range(0, )) { } await Task.Yield(); }")]
    [InlineData("async Task M() { while (!undefinedFlag) { } await Task.Yield(); }")]
    [InlineData("async Task M() { do { } while (; await Task.Yield(); }")]
    [InlineData("async Task M() { Rfc2898DeriveBytes.Pbkdf2(); new Rfc2898DeriveBytes(); await Task.Yield(); }")]
    [InlineData("async Task M() { Rfc2898DeriveBytes.Pbkdf2(\"p\", new byte[8], 1e9, HashAlgorithmName.SHA256, 32); await Task.Yield(); }")]
    public async Task Survives_broken_code_without_absurd_estimates(string member)
    {
        // On code with errors it may still report, but never throws (AD0001) and never prints a negative or exponent count.
        var diagnostics = await CompiledProgram.AnalyzeAsync(Usings + "class C\n{\n    " + member + "\n}", new Unblock.Analyzers.Rules.CpuBound.CpuBoundAnalyzer());
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        foreach (var diagnostic in diagnostics)
        {
            var message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.DoesNotMatch("E[+]|NaN|∞|Infinity|-[0-9]", message);
        }
    }
}
