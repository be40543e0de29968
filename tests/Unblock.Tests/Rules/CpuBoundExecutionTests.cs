using System.Threading.Tasks;
using Unblock.Analyzers.Rules.CpuBound;
using Unblock.CodeFixes.Rules.CpuBound;
using Xunit;

namespace Unblock.Tests.Rules;

/// <summary>
/// The fixed program does what the original did: each case is compiled and run before and after the fix
/// (CSharpCompilation + .NET 8 reference assemblies, emitted to memory, loaded and invoked).
/// </summary>
public class CpuBoundExecutionTests
{
    private const string Header = "using System;\nusing System.Linq;\nusing System.Security.Cryptography;\nusing System.Threading;\nusing System.Threading.Tasks;\npublic static class Program\n{\n";

    [Theory]
    [InlineData(CpuBoundCodeFixProvider.TaskRunBlockKey, "49999995000000",
        "public static async Task<string> RunAsync() { await Task.Yield(); long sum = 0; for (var i = 0; i < 10_000_000; i++) { sum += i; } return sum.ToString(); }")]
    [InlineData(CpuBoundCodeFixProvider.TaskRunBlockKey, "2500000/2500000/7",
        "public static async Task<string> RunAsync() { long evens = 0, odds = 0; var other = 7; for (var i = 0; i < 5_000_000; i++) { if (i % 2 == 0) evens++; else odds++; } await Task.Yield(); return evens + \"/\" + odds + \"/\" + other; }")]
    [InlineData(CpuBoundCodeFixProvider.TaskRunBlockKey, "1234567",
        "public static async Task<string> RunAsync() { var found = -1; for (var i = 0; i < 5_000_000; i++) { if (i % 2 == 0) continue; if (i == 1_234_567) { found = i; break; } } await Task.Yield(); return found.ToString(); }")]
    [InlineData(CpuBoundCodeFixProvider.TaskRunBlockKey, "InvalidOperationException: stop at 3000000",
        "public static async Task<string> RunAsync() { try { for (var i = 0; i < 5_000_000; i++) { if (i == 3_000_000) throw new InvalidOperationException(\"stop at \" + i); } await Task.Yield(); return \"no\"; } catch (Exception e) { return e.GetType().Name + \": \" + e.Message; } }")]
    [InlineData(CpuBoundCodeFixProvider.TaskRunKey, "*",
        "public static async Task<string> RunAsync() { await Task.Yield(); var hash = Rfc2898DeriveBytes.Pbkdf2(\"secret\", new byte[16], 2_000, HashAlgorithmName.SHA256, 16); return BitConverter.ToString(hash); }")]
    [InlineData(CpuBoundCodeFixProvider.TaskRunKey, "254991808",
        "public static async Task<string> RunAsync() { await Task.Yield(); return Enumerable.Range(0, 2_000_000).Select(x => (long)(x & 0xFF)).Sum().ToString(); }")]
    [InlineData(CpuBoundCodeFixProvider.DelayPollingKey, "done after the flag",
        "static volatile bool ready; public static async Task<string> RunAsync() { _ = Task.Run(async () => { await Task.Delay(30); ready = true; }); while (!ready) { Thread.SpinWait(10); } await Task.Yield(); return \"done after the flag\"; }")]
    public async Task Fixed_program_gives_the_same_result(string key, string expected, string member)
    {
        var original = Header + member + "\n}\n";
        var fixedSource = await CompiledProgram.FixAsync(original, new CpuBoundAnalyzer(), new CpuBoundCodeFixProvider(), key);

        Assert.NotEqual(original, fixedSource);
        Assert.Contains(key == CpuBoundCodeFixProvider.DelayPollingKey ? "await Task.Delay(1)" : "await Task.Run(", fixedSource, System.StringComparison.Ordinal);
        Assert.Empty(await CompiledProgram.AnalyzeAsync(fixedSource, new CpuBoundAnalyzer()));

        var before = await CompiledProgram.RunAsync(original);
        var after = await CompiledProgram.RunAsync(fixedSource);
        Assert.Equal(expected == "*" ? before : expected, before); // "*": a hash, checked only against itself
        Assert.Equal(before, after);
    }
}
