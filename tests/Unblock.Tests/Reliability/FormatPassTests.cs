using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Unblock.Fuzz;
using Xunit;
using Xunit.Abstractions;

namespace Unblock.Tests.Reliability;

/// <summary>
/// One <c>dotnet format analyzers</c> pass (see <see cref="DotnetFormatPass"/>) applies every fix of every rule, whatever
/// mix of fix kinds a document holds and whichever finding the tool happens to take first, a fixable one of any kind
/// or one without a fix; a second pass changes nothing.
/// </summary>
public class FormatPassTests
{
    private readonly ITestOutputHelper _output;

    public FormatPassTests(ITestOutputHelper output) => _output = output;

    private static readonly string[] Ids = { "BLK001", "BLK002", "BLK003", "BLK004", "BLK005", "BLK006", "BLK007" };

    /// <summary>
    /// Every fix kind of every rule, after a finding of each rule that has no fix (inside <c>lock</c>, or no way to keep
    /// the meaning); the lines without a fix say <c>// no fix</c>. The consumer smoke test formats it with dotnet format.
    /// </summary>
    public const string EveryKind = @"using System;
using System.IO;
using System.Net;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

public class Service
{
    private readonly object _gate = new object();
    private readonly SemaphoreSlim _semaphore = new SemaphoreSlim(1);
    private volatile bool _ready;

    public async Task UnfixableFirstAsync(Task<int> a, Task b, Task[] tasks)
    {
        lock (_gate)
        {
            Console.WriteLine(a.Result); // no fix
            Thread.Sleep(1); // no fix
            Console.WriteLine(File.ReadAllText(""a.txt"")); // no fix
            Console.WriteLine(new WebClient().DownloadString(""http://localhost/"")); // no fix
            _semaphore.Wait(); // no fix
            Console.WriteLine(Rfc2898DeriveBytes.Pbkdf2(""p"", new byte[16], 600_000, HashAlgorithmName.SHA256, 32).Length); // no fix
            Load(); // no fix
        }

        var ok = b.Wait(100); // no fix
        var all = Task.WaitAll(tasks, 100); // no fix
        File.Copy(""a.txt"", ""b.txt""); // no fix
        Console.WriteLine(ok && all);
        await Task.Yield();
    }

    public async Task<int> FixableAsync(Task<int> a, Task b, Task[] tasks, string password, byte[] salt, CancellationToken ct)
    {
        b.Wait(ct);
        var x = a.Result;
        Task.WaitAll(tasks);
        var i = Task.WaitAny(tasks);
        Task.WaitAll(tasks, 100);
        var j = Task.WaitAny(tasks, ct);
        a.Wait();
        Thread.Sleep(10);
        var text = File.ReadAllText(""a.txt"");
        var page = new WebClient().DownloadString(""http://localhost/"");
        _semaphore.Wait();
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
        long sum = 0;
        for (var k = 0; k < 10_000_000; k++)
        {
            sum += k;
        }

        while (!_ready)
        {
            Thread.SpinWait(20);
        }

        Load();
        Save(""b.txt"");
        var h = Hash(password, salt);
        return x + i + j + text.Length + page.Length + hash.Length + (int)sum + h.Length;
    }

    private static void Load() => Thread.Sleep(1);

    private static Task LoadAsync() => Task.Delay(1);

    private static void Save(string path) => File.WriteAllText(path, ""saved"");

    private static byte[] Hash(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 600_000, HashAlgorithmName.SHA256, 32);
}
";

    [Fact]
    public async Task The_program_has_every_fix_kind_and_an_unfixable_finding_first_for_every_rule()
    {
        var solution = Harness.CreateSolution(new[] { new[] { EveryKind } });
        var project = solution.Projects.Single();
        Assert.Empty(await Harness.CompilerErrorsAsync(project));
        var diagnostics = (await Harness.AnalyzeAsync(project)).Diagnostics;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in Ids)
        {
            var first = DotnetFormatPass.FirstInSource(id, diagnostics.Where(d => d.Id == id).ToList());
            Assert.Empty(await Harness.GetCodeActionsAsync(project.Documents.Single(), first));
        }

        foreach (var diagnostic in diagnostics)
        {
            foreach (var (_, action) in await Harness.GetCodeActionsAsync(project.Documents.Single(), diagnostic))
            {
                keys.Add(action.EquivalenceKey!);
            }
        }

        Assert.Equal(
            new[]
            {
                "BLK001.Await", "BLK001.WaitAsync", "BLK001.WhenAll", "BLK001.WhenAny", "BLK002.Delay", "BLK003.AwaitTwin", "BLK004.AwaitTaskAsync",
                "BLK005.WaitAsync", "BLK006.DelayPolling", "BLK006.TaskRun", "BLK006.TaskRunBlock", "BLK007.AsyncTwin", "BLK007.CreateAsync", "BLK007.TaskRun",
            },
            keys.OrderBy(k => k, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Fix_All_of_a_rule_fixes_every_finding_whichever_finding_dotnet_format_takes_first()
    {
        var solution = Harness.CreateSolution(new[] { new[] { EveryKind } });
        var diagnostics = (await Harness.AnalyzeAsync(solution.Projects.Single())).Diagnostics;
        var problems = new List<string>();
        foreach (var id in Ids)
        {
            foreach (var first in diagnostics.Where(d => d.Id == id))
            {
                var fixedSolution = await DotnetFormatPass.FixIdAsync(solution, id, Ids, (_, _) => first);
                var what = $"{id} with {first.Location.GetLineSpan().StartLinePosition} first";
                problems.AddRange(await ProblemsAsync(fixedSolution, what, only: id));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    [Fact]
    public async Task One_dotnet_format_pass_leaves_nothing_fixable_and_a_second_changes_nothing()
    {
        var solution = Harness.CreateSolution(new[] { new[] { EveryKind } });
        var once = await DotnetFormatPass.RunAsync(solution, Ids);
        var problems = (await ProblemsAsync(once, "after one pass", only: null)).ToList();

        var twice = await DotnetFormatPass.RunAsync(once, Ids);
        var documentId = once.Projects.Single().Documents.Single().Id;
        var first = (await once.GetDocument(documentId)!.GetTextAsync()).ToString();
        var second = (await twice.GetDocument(documentId)!.GetTextAsync()).ToString();
        _output.WriteLine(first);
        if (first != second)
        {
            problems.Add("the second pass changed the code:\n" + second);
        }

        Assert.True(problems.Count == 0, string.Join("\n\n", problems) + "\n\nafter one pass:\n" + first);
    }

    /// <summary>Compiler errors, and findings (of <paramref name="only"/>, or of any rule) that still have a fix.</summary>
    private static async Task<IEnumerable<string>> ProblemsAsync(Solution solution, string what, string? only)
    {
        var problems = new List<string>();
        var project = solution.Projects.Single();
        var document = project.Documents.Single();
        var errors = await Harness.CompilerErrorsAsync(project);
        if (!errors.IsEmpty)
        {
            problems.Add($"{what}: {string.Join("; ", errors.Take(5))}\n{await document.GetTextAsync()}");
        }

        foreach (var left in (await Harness.AnalyzeAsync(project)).Diagnostics.Where(d => only is null || d.Id == only))
        {
            foreach (var (_, action) in await Harness.GetCodeActionsAsync(document, left))
            {
                problems.Add($"{what}: {left.Id} at {left.Location.GetLineSpan().StartLinePosition} is still fixable ({action.EquivalenceKey})");
            }
        }

        return problems;
    }
}
