using System.Threading.Tasks;
using Unblock.CodeFixes.Rules.CpuBound;
using Xunit;
using Verify = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.CpuBound.CpuBoundAnalyzer, Unblock.CodeFixes.Rules.CpuBound.CpuBoundCodeFixProvider>;

namespace Unblock.Tests.Rules;

public class CpuBoundFixTests
{
    private const string Usings = "using System;\nusing System.Linq;\nusing System.Security.Cryptography;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    [Fact]
    public async Task Heavy_call_runs_on_the_thread_pool_with_the_token()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + @"
class C
{
    async Task<byte[]> HashAsync(string password, byte[] salt, CancellationToken ct)
    {
        await Task.Yield();
        // derive
        var hash = [|Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32)|]; // trailing
        return hash;
    }
}",
            Usings + @"
class C
{
    async Task<byte[]> HashAsync(string password, byte[] salt, CancellationToken ct)
    {
        await Task.Yield();
        // derive
        var hash = await Task.Run(() => Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32), ct); // trailing
        return hash;
    }
}",
            CpuBoundCodeFixProvider.TaskRunKey);
    }

    [Fact]
    public async Task Heavy_pipeline_moves_as_a_whole_and_the_method_becomes_async()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { Task<long> M() { long total = 0; total += [|Enumerable.Range(0, 10_000_000).Select(x => (long)x).Sum()|]; return Task.FromResult(total); } }",
            Usings + "class C { async Task<long> M() { long total = 0; total += await Task.Run(() => Enumerable.Range(0, 10_000_000).Select(x => (long)x).Sum()); return total; } }",
            CpuBoundCodeFixProvider.TaskRunKey,
            "dotnet_code_quality.unblock.task_returning_methods = true");
    }

    [Fact]
    public async Task Loop_moves_into_Task_Run_and_returns_the_local_it_writes()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + @"
class C
{
    async Task<long> SumAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        long sum = 0;
        // add them up
        [|for (var i = 0; i < 10_000_000; i++)|]
        {
            sum += i;
        }

        return sum;
    }
}",
            Usings + @"
class C
{
    async Task<long> SumAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        long sum = 0;
        // add them up
        sum = await Task.Run(() =>
        {
            for (var i = 0; i < 10_000_000; i++)
            {
                sum += i;
            }

            return sum;
        }, cancellationToken);

        return sum;
    }
}",
            CpuBoundCodeFixProvider.TaskRunBlockKey);
    }

    [Fact]
    public async Task Loop_returns_several_locals_as_a_tuple()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + @"
class C
{
    async Task<string> M()
    {
        long evens = 0, odds = 0;
        var unused = 1;
        [|for (var i = 0; i < 5_000_000; i++)|]
        {
            if (i % 2 == 0) evens++; else odds++;
        }

        await Task.Yield();
        return evens + "" "" + odds + "" "" + unused;
    }
}",
            Usings + @"
class C
{
    async Task<string> M()
    {
        long evens = 0, odds = 0;
        var unused = 1;
        (evens, odds) = await Task.Run(() =>
        {
            for (var i = 0; i < 5_000_000; i++)
            {
                if (i % 2 == 0) evens++; else odds++;
            }

            return (evens, odds);
        });

        await Task.Yield();
        return evens + "" "" + odds + "" "" + unused;
    }
}",
            CpuBoundCodeFixProvider.TaskRunBlockKey);
    }

    [Fact]
    public async Task Loop_that_writes_nothing_read_later_moves_without_a_result()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + @"
class C
{
    int[] table = new int[1 << 20];

    async void OnClick(object sender, EventArgs e)
    {
        [|for (var i = 0; i < 2_000_000; i++)|]
        {
            table[i % table.Length] = i;
        }
    }
}",
            Usings + @"
class C
{
    int[] table = new int[1 << 20];

    async void OnClick(object sender, EventArgs e)
    {
        await Task.Run(() =>
        {
            for (var i = 0; i < 2_000_000; i++)
            {
                table[i % table.Length] = i;
            }
        });
    }
}",
            CpuBoundCodeFixProvider.TaskRunBlockKey);
    }

    [Theory]
    // return, goto, Span / stackalloc / ref local, struct 'this', not in a block.
    [InlineData("async Task<long> M() { long s = 0; [|for (var i = 0; i < 5_000_000; i++)|] { s += i; if (s > 100) return s; } await Task.Yield(); return s; }")]
    [InlineData("async Task M(int[][] xs) { foreach (var x in xs) { [|for (var i = 0; i < 5_000_000; i++)|] { if (x[0] == i) goto done; } await Task.Yield(); } done: await Task.Yield(); }")]
    [InlineData("async Task M(int[][] xs) { [|for (var i = 0; i < 5_000_000; i++)|] { Span<int> buf = stackalloc int[4]; buf[0] = i; } await Task.Yield(); }")]
    [InlineData("async Task M(int[] xs) { [|for (var i = 0; i < 5_000_000; i++)|] { ref int r = ref xs[0]; r++; } await Task.Yield(); }")]
    [InlineData("async Task M(bool b) { if (b) [|for (var i = 0; i < 5_000_000; i++)|] { } await Task.Yield(); }")]
    public async Task Loop_fix_is_not_offered_when_the_move_would_change_meaning_or_not_compile(string member)
    {
        var source = Usings + "class C { " + member + " }";
        await Verify.VerifyCodeFixAsync(source, source, CpuBoundCodeFixProvider.TaskRunBlockKey);
    }

    [Fact]
    public async Task Break_and_continue_inside_the_moved_loop_stay_valid()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task<int> M(int[] xs) { var found = -1; [|for (var i = 0; i < 5_000_000; i++)|] { if (i % 2 == 0) continue; if (xs[0] == i) { found = i; break; } } await Task.Yield(); return found; } }",
            Usings + "class C { async Task<int> M(int[] xs) { var found = -1; found = await Task.Run(() => { for (var i = 0; i < 5_000_000; i++) { if (i % 2 == 0) continue; if (xs[0] == i) { found = i; break; } } return found; }); await Task.Yield(); return found; } }",
            CpuBoundCodeFixProvider.TaskRunBlockKey);
    }

    [Fact]
    public async Task Loop_fix_is_not_offered_in_a_struct_that_uses_this()
    {
        var source = Usings + "struct S { long total; async Task M() { [|for (var i = 0; i < 5_000_000; i++)|] { total += i; } await Task.Yield(); } }";
        await Verify.VerifyCodeFixAsync(source, source, CpuBoundCodeFixProvider.TaskRunBlockKey);
    }

    [Fact]
    public async Task Call_fix_is_not_offered_for_span_arguments()
    {
        var source = Usings + "class C { async Task<byte[]> M(byte[] p, byte[] salt) { ReadOnlySpan<byte> span = p; await Task.Yield(); return [|Rfc2898DeriveBytes.Pbkdf2(span, salt, 600_000, HashAlgorithmName.SHA256, 32)|]; } }";
        await Verify.VerifyCodeFixAsync(source, source, CpuBoundCodeFixProvider.TaskRunKey);
    }

    [Fact]
    public async Task Key_derivation_object_kept_in_a_variable_has_no_fix()
    {
        var source = Usings + "class C { async Task<byte[]> M(string p, byte[] salt) { await Task.Yield(); using var kdf = [|new Rfc2898DeriveBytes(p, salt, 100_000, HashAlgorithmName.SHA256)|]; return kdf.GetBytes(32); } }";
        await Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public async Task Busy_wait_polls_with_Task_Delay_and_the_token()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + @"
class C
{
    volatile bool ready;

    async Task WaitAsync(CancellationToken token)
    {
        [|while (!ready)|]
        {
            Thread.SpinWait(20);
        }

        await Task.Yield();
    }
}",
            Usings + @"
class C
{
    volatile bool ready;

    async Task WaitAsync(CancellationToken token)
    {
        while (!ready)
        {
            await Task.Delay(1, token);
        }

        await Task.Yield();
    }
}",
            CpuBoundCodeFixProvider.DelayPollingKey);
    }

    [Fact]
    public async Task Empty_busy_wait_becomes_a_polling_loop()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task M(Task t) { [|while (!t.IsCompleted)|] ; await t; } }",
            Usings + "class C { async Task M(Task t) { while (!t.IsCompleted) { await Task.Delay(1); } await t; } }",
            CpuBoundCodeFixProvider.DelayPollingKey);
    }

    [Theory]
    [InlineData("async Task M() { [|while (true)|] { Thread.SpinWait(1); } }")]
    [InlineData("volatile bool done; async Task M() { [|do|] { } while (!done); await Task.Yield(); }")]
    [InlineData("async Task<int> M() { var sw = System.Diagnostics.Stopwatch.StartNew(); var n = 0; [|while (sw.ElapsedMilliseconds < 50)|] { n++; } await Task.Yield(); return n; }")]
    public async Task Busy_waits_without_a_safe_rewrite_have_no_fix(string member)
    {
        var source = Usings + "class C { " + member + " }";
        await Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public async Task Key_derivation_object_with_GetBytes_moves_as_a_whole()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task<byte[]> M(string p, byte[] salt) { await Task.Yield(); return [|new Rfc2898DeriveBytes(p, salt, 100_000, HashAlgorithmName.SHA256).GetBytes(32)|]; } }",
            Usings + "class C { async Task<byte[]> M(string p, byte[] salt) { await Task.Yield(); return await Task.Run(() => new Rfc2898DeriveBytes(p, salt, 100_000, HashAlgorithmName.SHA256).GetBytes(32)); } }",
            CpuBoundCodeFixProvider.TaskRunKey);
    }

    [Fact]
    public async Task Heavy_call_as_a_statement_is_awaited_as_a_statement()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task M(string p, byte[] salt) { [|Rfc2898DeriveBytes.Pbkdf2(p, salt, 600_000, HashAlgorithmName.SHA256, 32)|]; await Task.Yield(); } }",
            Usings + "class C { async Task M(string p, byte[] salt) { await Task.Run(() => Rfc2898DeriveBytes.Pbkdf2(p, salt, 600_000, HashAlgorithmName.SHA256, 32)); await Task.Yield(); } }",
            CpuBoundCodeFixProvider.TaskRunKey);
    }

    [Fact]
    public async Task Loop_that_assigns_a_local_first_declared_without_a_value_returns_only_what_is_read_after()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task<byte[]> M(string[] ps, byte[] salt) { byte[] last; var i = 0; [|do|] { last = Rfc2898DeriveBytes.Pbkdf2(ps[i], salt, 600_000, HashAlgorithmName.SHA256, 32); i++; } while (i < ps.Length); await Task.Yield(); return last; } }",
            Usings + "class C { async Task<byte[]> M(string[] ps, byte[] salt) { byte[] last; var i = 0; last = await Task.Run(() => { do { last = Rfc2898DeriveBytes.Pbkdf2(ps[i], salt, 600_000, HashAlgorithmName.SHA256, 32); i++; } while (i < ps.Length); return last; }); await Task.Yield(); return last; } }",
            CpuBoundCodeFixProvider.TaskRunBlockKey);
    }

    [Fact]
    public async Task Heavy_loop_in_a_LINQ_lambda_is_reported_without_a_fix()
    {
        // The lambda runs inline on the async method's thread, but making it async would change what Select returns.
        var source = Usings + "class C { async Task<long[]> M(int[] xs) { await Task.Yield(); return xs.Select(x => { long s = 0; [|for (var i = 0; i < 5_000_000; i++)|] s += x; return s; }).ToArray(); } }";
        await Verify.VerifyCodeFixAsync(source, source);
    }

    private const string ThreadAffineStubs = @"
namespace Microsoft.AspNetCore.Http { public abstract class HttpContext { public abstract HttpRequest Request { get; } public System.Collections.Generic.IDictionary<object, object> Items { get; } = new System.Collections.Generic.Dictionary<object, object>(); } public abstract class HttpRequest { public abstract System.IO.Stream Body { get; } } }
namespace System.Windows.Forms { public class Control { public string Text { get; set; } = """"; } public class Label : Control { } }
namespace System.Windows.Threading { public class DispatcherObject { } }
namespace System.Windows { public class DependencyObject : System.Windows.Threading.DispatcherObject { } public class UIElement : DependencyObject { public double Opacity { get; set; } } }
namespace SkiaSharp { public class SKBitmap { public static SKBitmap Decode(System.IO.Stream s) => new SKBitmap(); } }
";

    [Theory]
    // The moved code would touch the request's HttpContext, a WinForms control or a WPF element from a pool thread.
    [InlineData("async Task M(Microsoft.AspNetCore.Http.HttpContext ctx) { [|for (var i = 0; i < 5_000_000; i++)|] { ctx.Items[\"n\"] = i; } await Task.Yield(); }")]
    [InlineData("async Task M(System.Windows.Forms.Label label) { long s = 0; [|for (var i = 0; i < 5_000_000; i++)|] { s += i; label.Text = s.ToString(); } await Task.Yield(); }")]
    [InlineData("async Task M(System.Windows.UIElement element) { [|for (var i = 0; i < 5_000_000; i++)|] { element.Opacity = i; } await Task.Yield(); }")]
    public async Task Loop_fix_is_not_offered_when_the_loop_touches_thread_affine_objects(string member)
    {
        var source = Usings + "class C { " + member + " }" + ThreadAffineStubs;
        await Verify.VerifyCodeFixAsync(source, source, CpuBoundCodeFixProvider.TaskRunBlockKey);
    }

    [Fact]
    public async Task Loop_fix_is_not_offered_in_a_form_that_uses_its_own_members()
    {
        var source = Usings + "class MainForm : System.Windows.Forms.Control { async Task M() { [|for (var i = 0; i < 5_000_000; i++)|] { Text = i.ToString(); } await Task.Yield(); } }" + ThreadAffineStubs;
        await Verify.VerifyCodeFixAsync(source, source, CpuBoundCodeFixProvider.TaskRunBlockKey);
    }

    [Fact]
    public async Task Loop_fix_is_offered_in_a_form_when_the_loop_only_computes()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + "class MainForm : System.Windows.Forms.Control { async Task<long> M() { long s = 0; [|for (var i = 0; i < 5_000_000; i++)|] { s += i; } await Task.Yield(); return s; } }" + ThreadAffineStubs,
            Usings + "class MainForm : System.Windows.Forms.Control { async Task<long> M() { long s = 0; s = await Task.Run(() => { for (var i = 0; i < 5_000_000; i++) { s += i; } return s; }); await Task.Yield(); return s; } }" + ThreadAffineStubs,
            CpuBoundCodeFixProvider.TaskRunBlockKey);
    }

    [Fact]
    public async Task Call_fix_is_not_offered_when_the_call_reads_the_HttpContext()
    {
        var source = Usings + "class C { async Task<SkiaSharp.SKBitmap> M(Microsoft.AspNetCore.Http.HttpContext ctx) { await Task.Yield(); return [|SkiaSharp.SKBitmap.Decode(ctx.Request.Body)|]; } }" + ThreadAffineStubs;
        await Verify.VerifyCodeFixAsync(source, source, CpuBoundCodeFixProvider.TaskRunKey);
    }

    [Fact]
    public async Task Image_decoding_moves_to_the_thread_pool_with_the_token()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task<SkiaSharp.SKBitmap> M(System.IO.Stream input, CancellationToken ct) { await Task.Yield(); var bitmap = [|SkiaSharp.SKBitmap.Decode(input)|]; return bitmap; } }" + ThreadAffineStubs,
            Usings + "class C { async Task<SkiaSharp.SKBitmap> M(System.IO.Stream input, CancellationToken ct) { await Task.Yield(); var bitmap = await Task.Run(() => SkiaSharp.SKBitmap.Decode(input), ct); return bitmap; } }" + ThreadAffineStubs,
            CpuBoundCodeFixProvider.TaskRunKey);
    }

    [Fact]
    public async Task Loop_that_hashes_returns_the_local_it_writes()
    {
        await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task<byte[]> M(byte[] seed) { using var sha = SHA256.Create(); var hash = seed; [|for (int round = 0; round < 500_000; round++)|] hash = sha.ComputeHash(hash); await Task.Yield(); return hash; } }",
            Usings + "class C { async Task<byte[]> M(byte[] seed) { using var sha = SHA256.Create(); var hash = seed; hash = await Task.Run(() => { for (int round = 0; round < 500_000; round++) hash = sha.ComputeHash(hash); return hash; }); await Task.Yield(); return hash; } }",
            CpuBoundCodeFixProvider.TaskRunBlockKey);
    }

    [Fact]
    public async Task Fix_all_moves_every_heavy_call()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + "class C { async Task<byte[][]> M(string a, string b, byte[] s) { await Task.Yield(); return new[] { [|Rfc2898DeriveBytes.Pbkdf2(a, s, 600_000, HashAlgorithmName.SHA256, 32)|], [|Rfc2898DeriveBytes.Pbkdf2(b, s, 600_000, HashAlgorithmName.SHA256, 32)|] }; } }",
            FixedCode = Usings + "class C { async Task<byte[][]> M(string a, string b, byte[] s) { await Task.Yield(); return new[] { await Task.Run(() => Rfc2898DeriveBytes.Pbkdf2(a, s, 600_000, HashAlgorithmName.SHA256, 32)), await Task.Run(() => Rfc2898DeriveBytes.Pbkdf2(b, s, 600_000, HashAlgorithmName.SHA256, 32)) }; } }",
            CodeActionEquivalenceKey = CpuBoundCodeFixProvider.TaskRunKey,
            NumberOfFixAllIterations = 1,
        };
        await test.RunAsync();
    }
}
