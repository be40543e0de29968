using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Unblock.Fuzz;
using Xunit;

namespace Unblock.Tests.Rules;

/// <summary>
/// Every fix that can take a <c>CancellationToken</c> passes the one in scope (one helper finds it:
/// <c>AsyncRewriter.FindCancellationToken</c>), and the fixes whose target takes none still compile. The finding is
/// marked <c>[|...|]</c>; the fixed code must contain the given text and compile.
/// </summary>
public class CancellationTokenFixTests
{
    private const string Header = @"using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

class C
{
    readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1);
    volatile bool _ready;
";

    private const string Helpers = @"
    static void Load() => Thread.Sleep(1);
    static Task LoadAsync(CancellationToken cancellationToken = default) => Task.Delay(1, cancellationToken);
    static byte[] Hash(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 600_000, HashAlgorithmName.SHA256, 32);
}
";

    private static string InMethod(string body)
        => Header + "    async Task<object> M(Task<int> a, Task b, Task[] tasks, string p, byte[] s, CancellationToken ct)\n    {\n        " + body
           + "\n        await Task.Yield();\n        return null;\n    }\n" + Helpers;

    [Theory]
    // BLK001.WaitAsync: a token argument stays; a time-out gets the token in scope (WaitAsync(TimeSpan, CancellationToken)).
    [InlineData("BLK001.WaitAsync", "[|b.Wait(ct)|];", "await b.WaitAsync(ct);")]
    [InlineData("BLK001.WaitAsync", "[|b.Wait(TimeSpan.FromSeconds(1))|];", "await b.WaitAsync(TimeSpan.FromSeconds(1), ct);")]
    [InlineData("BLK001.WaitAsync", "[|b.Wait(100)|];", "await b.WaitAsync(TimeSpan.FromMilliseconds(100), ct);")]
    [InlineData("BLK002.Delay", "[|Thread.Sleep(10)|];", "await Task.Delay(10, ct);")]
    [InlineData("BLK003.AwaitTwin", "var t = [|File.ReadAllText(\"a.txt\")|];", "var t = await File.ReadAllTextAsync(\"a.txt\", ct);")]
    [InlineData("BLK005.WaitAsync", "[|_semaphore.Wait()|];", "await _semaphore.WaitAsync(ct);")]
    [InlineData("BLK006.TaskRun", "var h = [|Rfc2898DeriveBytes.Pbkdf2(p, s, 600_000, HashAlgorithmName.SHA256, 32)|];", "var h = await Task.Run(() => Rfc2898DeriveBytes.Pbkdf2(p, s, 600_000, HashAlgorithmName.SHA256, 32), ct);")]
    [InlineData("BLK006.TaskRunBlock", "long sum = 0; [|for (var i = 0; i < 10_000_000; i++)|] { sum += i; } Console.WriteLine(sum);", "return sum; }, ct);")]
    [InlineData("BLK006.DelayPolling", "[|while (!_ready)|] { Thread.SpinWait(20); }", "await Task.Delay(1, ct);")]
    [InlineData("BLK007.AsyncTwin", "[|Load()|];", "await LoadAsync(ct);")]
    [InlineData("BLK007.TaskRun", "var h = [|Hash(p, s)|];", "var h = await Task.Run(() => Hash(p, s), ct);")]
    // Targets that take no token: await, Task.WhenAll/WhenAny, WebClient's *TaskAsync twins.
    [InlineData("BLK001.Await", "var x = [|a.Result|];", "var x = await a;")]
    [InlineData("BLK001.WhenAll", "[|Task.WaitAll(tasks)|];", "await Task.WhenAll(tasks);")]
    [InlineData("BLK001.WhenAny", "var i = [|Task.WaitAny(tasks)|];", "var i = Array.IndexOf(tasks, await Task.WhenAny(tasks));")]
    [InlineData("BLK004.AwaitTaskAsync", "var page = [|new WebClient().DownloadString(\"http://localhost/\")|];", "var page = await new WebClient().DownloadStringTaskAsync(\"http://localhost/\");")]
    public Task Every_fix_kind_passes_the_token_in_scope_when_its_target_takes_one(string key, string body, string expected)
        => VerifyAsync(InMethod(body), key, expected);

    [Theory]
    // Nearest first: a local, a lambda's parameter, a parameter of the method around a lambda.
    [InlineData("async Task M() { using var cts = new CancellationTokenSource(); var token = cts.Token; [|Thread.Sleep(1)|]; }", "await Task.Delay(1, token);")]
    [InlineData("void M() { Func<CancellationToken, Task> f = async token => { [|Thread.Sleep(1)|]; }; f(default); }", "await Task.Delay(1, token);")]
    [InlineData("void M(CancellationToken ct) { Func<Task> f = async () => { [|Thread.Sleep(1)|]; }; f(); }", "await Task.Delay(1, ct);")]
    [InlineData("async Task M(CancellationToken ct) { async Task Local(CancellationToken inner) { [|Thread.Sleep(1)|]; } await Local(ct); }", "await Task.Delay(1, inner);")]
    // A field or property of the type, when it is the only one and reachable from here.
    [InlineData("CancellationToken _stopping; async Task M() { [|Thread.Sleep(1)|]; }", "await Task.Delay(1, _stopping);")]
    [InlineData("static CancellationToken Stopping { get; set; } static async Task M() { [|Thread.Sleep(1)|]; }", "await Task.Delay(1, Stopping);")]
    // A parameter wins over a field.
    [InlineData("CancellationToken _stopping; async Task M(CancellationToken ct) { [|Thread.Sleep(1)|]; }", "await Task.Delay(1, ct);")]
    public Task Token_is_found_wherever_it_is_in_scope(string members, string expected)
        => VerifyAsync(Header + "    " + members + "\n" + Helpers, "BLK002.Delay", expected);

    [Theory]
    // A static local function or lambda cannot capture the outer token; a static method cannot read an instance field;
    // two token fields are a guess.
    [InlineData("async Task M(CancellationToken ct) { static async Task Local() { [|Thread.Sleep(1)|]; } await Local(); }")]
    [InlineData("void M(CancellationToken ct) { Func<Task> f = static async () => { [|Thread.Sleep(1)|]; }; f(); }")]
    [InlineData("CancellationToken _stopping; static async Task M() { [|Thread.Sleep(1)|]; }")]
    [InlineData("CancellationToken _a, _b; async Task M() { [|Thread.Sleep(1)|]; }")]
    public Task No_token_is_passed_where_none_can_be_used(string members)
        => VerifyAsync(Header + "    " + members + "\n" + Helpers, "BLK002.Delay", "await Task.Delay(1);");

    [Fact]
    public Task Top_level_statements_pass_their_local_token()
        => VerifyAsync(
            "using System.Threading;\nusing System.Threading.Tasks;\nusing var cts = new CancellationTokenSource();\nvar token = cts.Token;\n[|Thread.Sleep(1)|];\nawait Task.Yield();\n",
            "BLK002.Delay",
            "await Task.Delay(1, token);");

    private static async Task VerifyAsync(string markup, string key, string expected)
    {
        var start = markup.IndexOf("[|", StringComparison.Ordinal);
        var end = markup.IndexOf("|]", StringComparison.Ordinal) - 2;
        var source = markup.Remove(start, 2).Replace("|]", string.Empty, StringComparison.Ordinal);
        var solution = Harness.CreateSolution(new[] { new[] { source } });
        var project = solution.Projects.Single();
        var document = project.Documents.Single();
        Assert.Empty((await Harness.CompilerErrorsAsync(project)).Select(e => e.ToString()));
        var span = TextSpan.FromBounds(start, end);
        var diagnostics = (await Harness.AnalyzeAsync(project)).Diagnostics;
        var diagnostic = diagnostics.FirstOrDefault(d => d.Location.SourceSpan == span);
        Assert.True(diagnostic is not null, $"no finding at [|{source.Substring(start, end - start)}|]; found: {string.Join(", ", diagnostics.Select(d => d.Id + " " + d.Location.SourceSpan))}");
        var actions = await Harness.GetCodeActionsAsync(document, diagnostic!);
        var action = Assert.Single(actions).Action;
        Assert.Equal(key, action.EquivalenceKey);
        var changed = await Harness.ApplyAsync(action, solution);
        var text = (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();
        Assert.True(Normalize(text).Contains(Normalize(expected), StringComparison.Ordinal), $"expected '{expected}' in:\n{text}");
        Assert.True((await Harness.CompilerErrorsAsync(changed.GetProject(project.Id)!)).IsEmpty, "does not compile:\n" + text);
    }

    private static string Normalize(string code) => string.Join(" ", code.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
