using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Unblock.CodeFixes.Rules.Transitive;
using Unblock.Fuzz;
using Xunit;

namespace Unblock.Tests.Rules;

/// <summary>
/// BLK007's "Create <c>HelperAsync</c>": a helper of the same file with no async twin gets an async copy whose blocking
/// calls are fixed by the rules' own fixes, the token threaded through, and the call awaits it; offered only when every
/// blocking call of the helper has a fix and the result compiles.
/// </summary>
public class CreateAsyncFixTests
{
    private const string Usings = "using System;\nusing System.IO;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    [Fact]
    public async Task Helper_gets_an_async_copy_with_the_token_threaded_through()
    {
        var source = Usings + @"
class C
{
    async Task<int> Handle(string path, CancellationToken ct)
    {
        var text = Load(path);
        return text.Length;
    }

    // Reads the file.
    static string Load(string path)
    {
        Thread.Sleep(10);
        return File.ReadAllText(path);
    }
}
";
        var expected = Usings + @"
class C
{
    async Task<int> Handle(string path, CancellationToken ct)
    {
        var text = await LoadAsync(path, ct);
        return text.Length;
    }

    // Reads the file.
    static string Load(string path)
    {
        Thread.Sleep(10);
        return File.ReadAllText(path);
    }

    // Reads the file.
    static async Task<string> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        await Task.Delay(10, cancellationToken);
        return await File.ReadAllTextAsync(path, cancellationToken);
    }
}
";
        Assert.Equal(expected, await FixAsync(source));
    }

    [Fact]
    public async Task A_token_no_fix_uses_is_not_added_and_a_void_helper_returns_a_task()
    {
        var source = Usings + @"
class C
{
    async Task Handle(Task pending, CancellationToken ct) => Flush(pending);

    void Flush(Task pending) => pending.Wait();
}
";
        var expected = Usings + @"
class C
{
    async Task Handle(Task pending, CancellationToken ct) => await FlushAsync(pending);

    void Flush(Task pending) => pending.Wait();

    async Task FlushAsync(Task pending) => await pending;
}
";
        Assert.Equal(expected, await FixAsync(source));
    }

    [Fact]
    public async Task A_helper_that_returns_a_value_from_a_task_awaits_it()
    {
        var source = Usings + @"
class C
{
    async Task<int> Handle() { await Task.Yield(); return Count() + 1; }

    static int Count() => GetAsync().Result;

    static Task<int> GetAsync() => Task.FromResult(1);
}
";
        var text = await FixAsync(source);
        Assert.NotNull(text);
        Assert.Contains("return await CountAsync() + 1;", text, StringComparison.Ordinal);
        Assert.Contains("static async Task<int> CountAsync() => await GetAsync();", text, StringComparison.Ordinal);
    }

    [Theory]
    // A blocking call without a fix (File.Copy has no twin), a further blocking helper, a helper in another file
    // (see Fix_is_not_offered_for_a_helper_of_another_file), an out parameter, a name already taken.
    [InlineData("static void Load(string p) { File.Copy(p, p + \".bak\"); Thread.Sleep(1); }")]
    [InlineData("static void Load(string p) { Thread.Sleep(1); Inner(p); } static void Inner(string p) => File.ReadAllText(p);")]
    [InlineData("static void Load(string p, out int n) { Thread.Sleep(1); n = 1; }")]
    [InlineData("static void Load(string p) { Thread.Sleep(1); } static int LoadAsync = 1;")]
    public async Task Fix_is_not_offered_when_a_blocking_call_has_no_fix_or_the_copy_cannot_be_made(string helper)
    {
        var call = helper.Contains("out int", StringComparison.Ordinal) ? "Load(path, out _);" : "Load(path);";
        var source = Usings + "class C\n{\n    async Task Handle(string path, CancellationToken ct) { " + call + " await Task.Yield(); }\n    " + helper + "\n}\n";
        var solution = Harness.CreateSolution(new[] { new[] { source } });
        var diagnostics = (await Harness.AnalyzeAsync(solution.Projects.Single())).Diagnostics.Where(d => d.Id == "BLK007").ToList();
        Assert.NotEmpty(diagnostics);
        Assert.Null(await FixAsync(source));
    }

    [Fact]
    public async Task Fix_is_not_offered_for_a_helper_of_another_file()
    {
        var caller = Usings + "partial class C\n{\n    async Task Handle(string path) { Load(path); await Task.Yield(); }\n}\n";
        var helper = Usings + "partial class C\n{\n    static void Load(string path) => Thread.Sleep(1);\n}\n";
        var solution = Harness.CreateSolution(new[] { new[] { caller, helper } });
        var project = solution.Projects.Single();
        var diagnostic = Assert.Single((await Harness.AnalyzeAsync(project)).Diagnostics, d => d.Id == "BLK007");
        Assert.Empty(await Harness.GetCodeActionsAsync(project.Documents.First(), diagnostic));
    }

    [Fact]
    public async Task Fix_All_creates_one_copy_for_every_call()
    {
        var source = Usings + @"
class C
{
    async Task A(CancellationToken ct) { Load(""a""); await Task.Yield(); }

    async Task B() { Load(""b""); Load(""c""); await Task.Yield(); }

    static void Load(string path) => Thread.Sleep(path.Length);
}
";
        var solution = Harness.CreateSolution(new[] { new[] { source } });
        var project = solution.Projects.Single();
        var fixedSolution = await Unblock.Fuzz.DotnetFormatPass.RunAsync(solution, new[] { "BLK007" });
        var text = (await fixedSolution.GetDocument(project.Documents.Single().Id)!.GetTextAsync()).ToString();
        Assert.True((await Harness.CompilerErrorsAsync(fixedSolution.GetProject(project.Id)!)).IsEmpty, text);
        Assert.Equal(text.IndexOf("async Task LoadAsync", StringComparison.Ordinal), text.LastIndexOf("async Task LoadAsync", StringComparison.Ordinal));
        Assert.Contains("await LoadAsync(\"a\", ct);", text, StringComparison.Ordinal);
        Assert.Contains("await LoadAsync(\"b\"); await LoadAsync(\"c\");", text, StringComparison.Ordinal);
        Assert.Contains("static async Task LoadAsync(string path, CancellationToken cancellationToken = default) => await Task.Delay(path.Length, cancellationToken);", text, StringComparison.Ordinal);
        Assert.DoesNotContain((await Harness.AnalyzeAsync(fixedSolution.GetProject(project.Id)!)).Diagnostics, d => d.Id == "BLK007");
    }

    private static async Task<string?> FixAsync(string source, string key = TransitiveBlockingCodeFixProvider.CreateAsyncKey)
    {
        var solution = Harness.CreateSolution(new[] { new[] { source } });
        var project = solution.Projects.Single();
        var document = project.Documents.Single();
        Assert.Empty((await Harness.CompilerErrorsAsync(project)).Select(e => e.ToString()));
        foreach (var diagnostic in (await Harness.AnalyzeAsync(project)).Diagnostics.Where(d => d.Id == "BLK007"))
        {
            var action = (await Harness.GetCodeActionsAsync(document, diagnostic)).Select(a => a.Action).FirstOrDefault(a => a.EquivalenceKey == key);
            if (action is not null)
            {
                var changed = await Harness.ApplyAsync(action, solution);
                var text = (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();
                Assert.True((await Harness.CompilerErrorsAsync(changed.GetProject(project.Id)!)).IsEmpty, "does not compile:\n" + text);
                return text;
            }
        }

        return null;
    }
}
