using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Unblock.Fuzz;

// Usage: dotnet run -c Release --project tests/Unblock.Fuzz -- [--count 10000] [--seed 1] [--jobs N] [--out folder]
//        dotnet run -c Release --project tests/Unblock.Fuzz -- --check-fixes [--lang 7.3]
// The first form fuzzes; the second applies every fix and Fix All to every positive program and prints the problems.
if (args.Length > 0 && args[0] == "--check-fixes")
{
    var version = Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest;
    if (args.Length > 2 && args[1] == "--lang" && !Microsoft.CodeAnalysis.CSharp.LanguageVersionFacts.TryParse(args[2], out version))
    {
        Console.Error.WriteLine("unknown language version " + args[2]);
        return 2;
    }

    var positive = Programs.Positive(Sources.Harvest(FindRepositoryRoot()), version);
    var problems = 0;
    var actions = 0;
    var fixAlls = 0;
    foreach (var program in positive)
    {
        var result = await FixChecker.CheckAsync(program, version);
        actions += result.Actions;
        fixAlls += result.FixAlls;
        foreach (var problem in result.Problems)
        {
            problems++;
            Console.WriteLine(problem + "\n");
        }
    }

    Console.WriteLine($"{version}: {positive.Count} positive programs, {actions} code actions, {fixAlls} Fix All runs, {problems} problems");
    return problems == 0 ? 0 : 1;
}

var count = 10_000;
var seed = 1;
var jobs = Environment.ProcessorCount;
string? output = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--count": count = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--jobs": jobs = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--out": output = args[i + 1]; break;
        default: Console.Error.WriteLine("unknown option " + args[i]); return 2;
    }
}

var root = FindRepositoryRoot();
output ??= Path.Combine(root, "artifacts", "fuzz-failures");
var sources = Sources.Harvest(root);
Console.WriteLine($"sources: {sources.Count} (analyzers: {Harness.Analyzers.Length}, code fixes: {Harness.CodeFixes.Length}, seed {seed}, jobs {jobs})");
var watch = Stopwatch.StartNew();
var report = FuzzRunner.Run(sources, count, seed, jobs);
watch.Stop();
Console.WriteLine($"programs: {report.Programs}");
Console.WriteLine($"diagnostics: {report.Diagnostics}, code actions applied: {report.CodeActionsApplied}");
Console.WriteLine($"analyzer exceptions: {report.AnalyzerExceptions}");
Console.WriteLine($"code-fix exceptions: {report.FixExceptions}");
if (!report.Failures.IsEmpty)
{
    FuzzRunner.SaveFailures(report, output);
    Console.WriteLine($"failing inputs saved to {output}");
    foreach (var failure in report.Failures.OrderBy(f => f.Index).Take(10))
    {
        Console.WriteLine($"  #{failure.Index} {failure.Kind} from {failure.Origin}: {failure.Exception.Split('\n')[0]}");
    }
}

Console.WriteLine($"elapsed: {watch.Elapsed.TotalSeconds:F1} s");
return report.AnalyzerExceptions + report.FixExceptions == 0 ? 0 : 1;

static string FindRepositoryRoot()
{
    foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analyzers.sln")))
            {
                return dir.FullName;
            }
        }
    }

    throw new InvalidOperationException("Analyzers.sln not found");
}
