using System.Threading.Tasks;
using Unblock.Analyzers.Rules.CpuBound;
using Xunit;
using Verify = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.CpuBound.CpuBoundAnalyzer, Unblock.CodeFixes.Rules.CpuBound.CpuBoundCodeFixProvider>;

namespace Unblock.Tests.Rules;

/// <summary>
/// BLK006 by estimated cost (issue #22): iterations × per-iteration cost from the CPU table against the budget,
/// busy-waits of every shape, heavy single calls on input of unknown size, and loops whose cost is not CPU.
/// </summary>
public class CpuBoundCostTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Data.Common;\nusing System.Diagnostics;\nusing System.IO;\nusing System.Linq;\nusing System.Security.Cryptography;\nusing System.Text.Json;\nusing System.Text.RegularExpressions;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    /// <summary>Minimal stand-ins for the imaging libraries (not in the .NET 8 reference assemblies), in their real namespaces.</summary>
    public const string ImagingStubs = @"
namespace SixLabors.ImageSharp { public class Image : System.IDisposable { public static Image Load(System.IO.Stream s) => new Image(); public static Image Load(byte[] b) => new Image(); public void Save(System.IO.Stream s, object encoder) { } public void Dispose() { } } public static class ImageExtensions { public static void SaveAsJpeg(this Image i, System.IO.Stream s) { } } }
namespace SixLabors.ImageSharp.Processing { public interface IImageProcessingContext { IImageProcessingContext Resize(int w, int h); } public static class ProcessingExtensions { public static void Mutate(this SixLabors.ImageSharp.Image i, System.Action<IImageProcessingContext> a) { } } }
namespace SkiaSharp { public enum SKEncodedImageFormat { Jpeg } public class SKImageInfo { public SKImageInfo(int w, int h) { } } public class SKData { } public class SKBitmap { public static SKBitmap Decode(System.IO.Stream s) => new SKBitmap(); public SKBitmap Resize(SKImageInfo info, int quality) => this; public SKData Encode(SKEncodedImageFormat f, int q) => new SKData(); } }
namespace System.Drawing { public class Image : System.IDisposable { public static Image FromStream(System.IO.Stream s) => new Bitmap(1, 1); public void Save(System.IO.Stream s, object format) { } public void Dispose() { } } public class Bitmap : Image { public Bitmap(int w, int h) { } public Bitmap(Image original, int w, int h) { } } }
";

    private static Task Analyze(string member, string? editorConfig = null, string extra = "")
        => Verify.VerifyAnalyzerAsync(Usings + "class C\n{\n    " + member + "\n}\n" + extra, editorConfig);

    [Theory]
    // Below the old iteration threshold, but every iteration hashes: half a million hashes.
    [InlineData("async Task<byte[]> M(byte[] seed) { using var sha = SHA256.Create(); var hash = seed; [|for (int round = 0; round < 500_000; round++)|] hash = sha.ComputeHash(hash); await Task.Yield(); return hash; }")]
    // A sieve whose bound is a parameter's default value.
    [InlineData("async Task<int> M(int limit = 10_000_000) { var composite = new bool[limit + 1]; var count = 0; [|for (var i = 2; i <= limit; i++)|] { if (!composite[i]) count++; } await Task.Yield(); return count; }")]
    // Hashing every element of an input collection: its size is unbounded.
    [InlineData("async Task M(IEnumerable<byte[]> blobs, List<byte[]> hashes) { [|foreach (var blob in blobs)|] hashes.Add(SHA256.HashData(blob)); await Task.Yield(); }")]
    [InlineData("async Task M(byte[][] blobs, Aes aes, byte[] iv) { [|for (var i = 0; i < blobs.Length; i++)|] blobs[i] = aes.EncryptCbc(blobs[i], iv); await Task.Yield(); }")]
    // Regular expressions and serialisation cost little once, much in a large constant loop.
    [InlineData("async Task<int> M(string s) { var n = 0; [|for (var i = 0; i < 100_000; i++)|] if (Regex.IsMatch(s, \"a+b\")) n++; await Task.Yield(); return n; }")]
    [InlineData("async Task<int> M(object o) { var n = 0; [|for (var i = 0; i < 10_000; i++)|] n += JsonSerializer.Serialize(o).Length; await Task.Yield(); return n; }")]
    public async Task Reports_loops_by_estimated_cost(string member)
        => await Analyze(member);

    [Theory]
    // Cheap loops over small constant arrays, and a request's collection with a cheap body.
    [InlineData("static readonly int[] Primes = { 2, 3, 5, 7, 11 }; async Task<int> M() { var s = 0; foreach (var p in Primes) s += p; await Task.Yield(); return s; }")]
    [InlineData("async Task<int> M(string s) { var n = 0; foreach (var pattern in new[] { \"a\", \"b\", \"c\" }) if (Regex.IsMatch(s, pattern)) n++; await Task.Yield(); return n; }")]
    [InlineData("async Task<int> M(List<string> lines) { var n = 0; foreach (var line in lines) if (Regex.IsMatch(line, \"^#\")) n++; await Task.Yield(); return n; }")]
    [InlineData("async Task<byte[]> M(byte[] seed) { using var sha = SHA256.Create(); var hash = seed; for (int round = 0; round < 100; round++) hash = sha.ComputeHash(hash); await Task.Yield(); return hash; }")]
    // One small document deserialised per element of a request's collection (seen on real code: a batch of records
    // each carrying a JSON column): 0.5 µs per element, under the budget.
    [InlineData("class Send { public string? Data; } class FileData { public string? Id; } async Task<List<string>> M(ICollection<Send> sends) { var ids = new List<string>(); foreach (var send in sends) { var data = send.Data != null ? JsonSerializer.Deserialize<FileData>(send.Data) : null; if (data?.Id != null) ids.Add(data.Id); } await Task.Yield(); return ids; }")]
    // A parameter default that the method writes is not a bound.
    [InlineData("async Task<int> M(int limit = 10_000_000) { limit = Math.Min(limit, 10); var c = 0; for (var i = 0; i < limit; i++) c++; await Task.Yield(); return c; }")]
    // One hash, one match, one serialisation, one sort of a request's array: cheap.
    [InlineData("async Task<byte[]> M(byte[] data) { await Task.Yield(); return SHA256.HashData(data); }")]
    [InlineData("async Task<bool> M(string s) { await Task.Yield(); return Regex.IsMatch(s, \"^[a-z]+$\"); }")]
    [InlineData("async Task<string> M(object o) { await Task.Yield(); return JsonSerializer.Serialize(o); }")]
    [InlineData("async Task M(int[] items) { await Task.Yield(); Array.Sort(items); }")]
    [InlineData("async Task M() { var small = new int[1_000]; await Task.Yield(); Array.Sort(small); }")]
    public async Task Stays_silent_on_cheap_work(string member)
        => await Analyze(member);

    [Fact]
    public async Task Message_gives_iterations_cost_and_the_call()
    {
        await Verify.VerifyAnalyzerAsync(
            Usings + "class C { async Task<byte[]> M(byte[] seed) { using var sha = SHA256.Create(); var hash = seed; {|#0:for (int round = 0; round < 500_000; round++)|} hash = sha.ComputeHash(hash); await Task.Yield(); return hash; } }",
            Verify.Diagnostic("BLK006").WithLocation(0).WithArguments(
                "This loop (an estimated 500,000 iterations of 'HashAlgorithm.ComputeHash' (hashing), about 1,300 ms of CPU, no await)",
                CpuBoundAnalyzer.MoveToThreadPoolAdvice));
    }

    [Fact]
    public async Task Message_per_thousand_elements_counts_every_heavy_call_of_the_loop()
    {
        // Two encryptions per element (4 us each): 8 ms per 1,000 elements, not the 4 ms of the one the message names.
        await Verify.VerifyAnalyzerAsync(
            Usings + "class C { async Task M(IEnumerable<byte[]> blobs, Aes aes, byte[] iv, List<byte[]> output) { {|#0:foreach (var blob in blobs)|} { output.Add(aes.EncryptCbc(blob, iv)); output.Add(aes.DecryptCbc(blob, iv)); } await Task.Yield(); } }",
            Verify.Diagnostic("BLK006").WithLocation(0).WithArguments(
                "This loop ('SymmetricAlgorithm.EncryptCbc' (encryption) for every element of a collection of unknown size, about 8 ms per 1,000 elements, no await)",
                CpuBoundAnalyzer.MoveToThreadPoolAdvice));
    }

    [Fact]
    public async Task Message_for_a_collection_of_unknown_size_gives_the_cost_per_thousand_elements()
    {
        await Verify.VerifyAnalyzerAsync(
            Usings + "class C { async Task M(IEnumerable<byte[]> blobs, List<byte[]> hashes) { {|#0:foreach (var blob in blobs)|} hashes.Add(SHA256.HashData(blob)); await Task.Yield(); } }",
            Verify.Diagnostic("BLK006").WithLocation(0).WithArguments(
                "This loop ('SHA256.HashData' (hashing) for every element of a collection of unknown size, about 2 ms per 1,000 elements, no await)",
                CpuBoundAnalyzer.MoveToThreadPoolAdvice));
    }

    [Theory]
    [InlineData("dotnet_code_quality.BLK006.budget_ms = 2000", "async Task<byte[]> M(byte[] seed) { using var sha = SHA256.Create(); var hash = seed; for (int round = 0; round < 500_000; round++) hash = sha.ComputeHash(hash); await Task.Yield(); return hash; }")]
    [InlineData("dotnet_code_quality.BLK006.budget_ms = 500", "async Task<byte[]> M(byte[] seed) { using var sha = SHA256.Create(); var hash = seed; [|for (int round = 0; round < 500_000; round++)|] hash = sha.ComputeHash(hash); await Task.Yield(); return hash; }")]
    [InlineData("dotnet_code_quality.BLK006.budget_ms = 5", "async Task<long> M() { long s = 0; for (var i = 0; i < 3_000_000; i++) s += i; await Task.Yield(); return s; }")]
    [InlineData("dotnet_code_quality.BLK006.unknown_count = 100", "async Task M(IEnumerable<byte[]> blobs, List<byte[]> hashes) { foreach (var blob in blobs) hashes.Add(SHA256.HashData(blob)); await Task.Yield(); }")]
    [InlineData("dotnet_code_quality.BLK006.unknown_count = 100000", "async Task<int> M(List<string> lines) { var n = 0; [|foreach (var line in lines)|] if (Regex.IsMatch(line, \"^#\")) n++; await Task.Yield(); return n; }")]
    public async Task Budget_and_unknown_count_come_from_editorconfig(string editorConfig, string member)
        => await Analyze(member, editorConfig);

    [Theory]
    [InlineData("volatile bool released; async Task M() { [|while (true)|] { if (released) break; } await Task.Yield(); }")]
    [InlineData("volatile bool released; async Task M() { [|while (true)|] { if (released) { break; } Thread.SpinWait(1); } await Task.Yield(); }")]
    [InlineData("bool done; async Task M() { [|for (;;)|] { if (Volatile.Read(ref done)) break; } await Task.Yield(); }")]
    [InlineData("long state; async Task M() { [|while (true)|] { if (Interlocked.Read(ref state) != 0) break; } await Task.Yield(); }")]
    [InlineData("volatile bool done; async Task M() { var spinner = new SpinWait(); [|while (true)|] { if (done) break; spinner.SpinOnce(); } await Task.Yield(); }")]
    [InlineData("async Task M() { var sw = Stopwatch.StartNew(); [|while (true)|] { if (sw.ElapsedMilliseconds > 50) break; } await Task.Yield(); }")]
    [InlineData("volatile bool done; volatile bool failed; async Task M() { [|while (!done)|] { if (failed) return; } await Task.Yield(); }")]
    [InlineData("volatile int state; async Task M() { [|do|] { if (state == 2) break; } while (true); await Task.Yield(); }")]
    public async Task Reports_busy_waits_of_every_shape(string member)
        => await Analyze(member);

    [Theory]
    // The exit check makes progress (a call), or the body does work: not a busy-wait.
    [InlineData("volatile bool released; async Task M(Queue<int> q) { while (true) { if (q.TryDequeue(out _)) break; } await Task.Yield(); }")]
    [InlineData("volatile bool released; async Task M(List<int> log) { while (true) { if (released) break; log.Add(1); } await Task.Yield(); }")]
    [InlineData("volatile bool released; async Task M() { while (true) { if (released) break; await Task.Delay(10); } }")]
    public async Task Stays_silent_on_loops_that_are_not_busy_waits(string member)
        => await Analyze(member);

    [Theory]
    [InlineData("async Task M(Stream input, Stream output) { await Task.Yield(); using var image = [|SixLabors.ImageSharp.Image.Load(input)|]; }")]
    [InlineData("async Task M(SixLabors.ImageSharp.Image image) { await Task.Yield(); [|SixLabors.ImageSharp.Processing.ProcessingExtensions.Mutate(image, x => x.Resize(100, 100))|]; }")]
    [InlineData("async Task M(SixLabors.ImageSharp.Image image, Stream output) { await Task.Yield(); [|SixLabors.ImageSharp.ImageExtensions.SaveAsJpeg(image, output)|]; }")]
    [InlineData("async Task<SkiaSharp.SKBitmap> M(Stream input) { await Task.Yield(); return [|SkiaSharp.SKBitmap.Decode(input)|]; }")]
    [InlineData("async Task<SkiaSharp.SKBitmap> M(SkiaSharp.SKBitmap b) { await Task.Yield(); return [|b.Resize(new SkiaSharp.SKImageInfo(100, 100), 3)|]; }")]
    [InlineData("async Task<SkiaSharp.SKData> M(SkiaSharp.SKBitmap b) { await Task.Yield(); return [|b.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90)|]; }")]
    [InlineData("async Task<System.Drawing.Image> M(Stream input) { await Task.Yield(); return [|System.Drawing.Image.FromStream(input)|]; }")]
    [InlineData("async Task<System.Drawing.Bitmap> M(System.Drawing.Image original) { await Task.Yield(); return [|new System.Drawing.Bitmap(original, 100, 100)|]; }")]
    [InlineData("async Task M(System.Drawing.Image image, Stream output) { await Task.Yield(); [|image.Save(output, \"jpeg\")|]; }")]
    // A large array of known size.
    [InlineData("async Task M() { var data = new int[5_000_000]; await Task.Yield(); [|Array.Sort(data)|]; }")]
    [InlineData("async Task M() { var data = new double[2_000_000]; data[0] = 1; await Task.Yield(); [|Array.Sort(data)|]; }")]
    public async Task Reports_heavy_single_calls(string member)
        => await Analyze(member, extra: ImagingStubs);

    [Theory]
    // A blank bitmap is an allocation, not image processing.
    [InlineData("async Task<System.Drawing.Bitmap> M() { await Task.Yield(); return new System.Drawing.Bitmap(100, 100); }")]
    public async Task Stays_silent_on_cheap_imaging_calls(string member)
        => await Analyze(member, extra: ImagingStubs);

    [Fact]
    public async Task Message_names_the_image_operation_and_its_cost()
    {
        await Verify.VerifyAnalyzerAsync(
            Usings + "class C { async Task<SkiaSharp.SKBitmap> M(Stream input) { await Task.Yield(); return {|#0:SkiaSharp.SKBitmap.Decode(input)|}; } }" + ImagingStubs,
            Verify.Diagnostic("BLK006").WithLocation(0).WithArguments(
                "'SKBitmap.Decode' (image decoding, about 20 ms for an image of unknown size)",
                CpuBoundAnalyzer.MoveToThreadPoolAdvice));
    }

    [Theory]
    // The cost of these loops is sync I/O or a wait: BLK003 / BLK001 / BLK002 report the call, not BLK006 the loop.
    [InlineData("async Task M(string path) { for (var i = 0; i < 2_000_000; i++) File.AppendAllText(path, \"x\"); await Task.Yield(); }")]
    [InlineData("async Task M(DbCommand command) { for (var i = 0; i < 2_000_000; i++) command.ExecuteNonQuery(); await Task.Yield(); }")]
    [InlineData("async Task M(Stream s, byte[] buffer) { for (var i = 0; i < 2_000_000; i++) { s.Read(buffer, 0, 1); SHA256.HashData(buffer); } await Task.Yield(); }")]
    [InlineData("async Task M(Task<int> t) { long s = 0; for (var i = 0; i < 2_000_000; i++) s += t.Result; await Task.Yield(); }")]
    [InlineData("async Task M() { for (var i = 0; i < 2_000_000; i++) Thread.Sleep(1); await Task.Yield(); }")]
    // A loop that awaits in its body, and heavy work already on the thread pool.
    [InlineData("async Task M(IEnumerable<byte[]> blobs, Stream output) { foreach (var blob in blobs) { var h = SHA256.HashData(blob); await output.WriteAsync(h); } }")]
    [InlineData("async Task M(IEnumerable<byte[]> blobs) { await Task.Run(() => { foreach (var blob in blobs) SHA256.HashData(blob); }); }")]
    public async Task Loops_whose_cost_is_not_CPU_are_not_CPU_work(string member)
        => await Analyze(member);

    [Fact]
    public async Task Message_gives_the_size_of_a_large_sort()
    {
        await Verify.VerifyAnalyzerAsync(
            Usings + "class C { async Task M() { var samples = new double[2_000_000]; await Task.Yield(); {|#0:Array.Sort(samples)|}; } }",
            Verify.Diagnostic("BLK006").WithLocation(0).WithArguments("'Array.Sort' (sorting 2,000,000 elements, about 130 ms)", CpuBoundAnalyzer.MoveToThreadPoolAdvice));
    }

    [Theory]
    [InlineData("async Task M() { int[] a = a; await Task.Yield(); Array.Sort(a); }")]
    [InlineData("async Task M(int limit = ) { for (var i = 0; i < limit; i++) SHA256.HashData(null); await Task.Yield(); }")]
    [InlineData("async Task M() { while (true) { if (undefinedFlag) break; } await Task.Yield(); }")]
    [InlineData("async Task M() { while (true) { if (true) } await Task.Yield(); }")]
    [InlineData("async Task M(IEnumerable<byte[]> blobs) { foreach (var b in blobs) Regex.IsMatch(); await Task.Yield(); }")]
    [InlineData("async Task M() { SkiaSharp.SKBitmap.Decode(); new System.Drawing.Bitmap(); await Task.Yield(); }")]
    public async Task Survives_half_typed_code(string member)
    {
        var diagnostics = await CompiledProgram.AnalyzeAsync(Usings + "class C\n{\n    " + member + "\n}\n" + ImagingStubs, new CpuBoundAnalyzer());
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        foreach (var diagnostic in diagnostics)
        {
            Assert.DoesNotMatch("E[+]|NaN|∞|Infinity|-[0-9]", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
