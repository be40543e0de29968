using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Benchmarks;

namespace Unblock.RealWorld;

/// <summary>
/// The real-code evaluation: <c>dotnet run -c Release --project tests/Unblock.RealWorld -- --repos DIR</c> brings the pinned
/// repositories of repos.json into DIR (from the fetched mirrors), restores and loads each listed project with
/// MSBuildWorkspace, runs Unblock and the peers over it, and scores every tool on the answer key (answer-key/*.tsv). See docs/realworld.md.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        string? Value(string name)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        }

        var reposDir = Value("--repos");
        var reportOnly = args.Contains("--report-only");
        if (reposDir is null && !reportOnly)
        {
            Console.WriteLine("usage: dotnet run -c Release --project tests/Unblock.RealWorld -- --repos DIR [options]");
            Console.WriteLine("  --repos DIR        where the repositories are (cloned there from the mirrors at the pinned commit when missing)");
            Console.WriteLine("  --mirrors DIR      the fetched mirrors, DIR/<owner>+<name>/repo (default /work/.mirror)");
            Console.WriteLine("  --out DIR          output folder (default artifacts/realworld): diagnostics.tsv, cost.tsv, report.md, logs");
            Console.WriteLine("  --only NAME        one repository of repos.json");
            Console.WriteLine("  --option KEY=VAL   an .editorconfig option for every file, e.g. dotnet_code_quality.unblock.task_returning_methods=true");
            Console.WriteLine("  --minutes N        time limit per project load and per project analysis (default 15)");
            Console.WriteLine("  --repetitions N    for cost: a warm-up run (JIT), then N measured runs per project, each on a fresh compilation as a build sees it, the median kept (default 1, no warm-up)");
            Console.WriteLine("  --fix              apply every Unblock fix as 'dotnet format analyzers --diagnostics BLK001 ... BLK008 --severity info' does (in-process replay, twice),");
            Console.WriteLine("                     compile before and after, write fix-report.md (findings fixed, files changed and new compile errors per rule); nothing is written to the clones");
            Console.WriteLine("  --latency          IDE latency instead: the largest file of each repository's largest project re-analysed after edits, per tool (latency.md)");
            Console.WriteLine("  --bind-first       bind every member body before the tools run (its own row): each tool's figure is then its work on bound code");
            Console.WriteLine("  --no-peers         Unblock and the floor only (no peer analyzers): for a profiler attached to the run");
            Console.WriteLine("  --marginal         what BLK007 adds: each project's cost run again without BLK007, both on bound code (implies --bind-first and --no-peers)");
            Console.WriteLine("  --report-only      score the last run's diagnostics again (after editing answer-key/*.tsv)");
            return 2;
        }

        var repoRoot = FindRepoRoot();
        var here = Path.Combine(repoRoot, "tests", "Unblock.RealWorld");
        var outDir = Path.GetFullPath(Value("--out") ?? Path.Combine(repoRoot, "artifacts", "realworld"));
        Directory.CreateDirectory(outDir);
        var clock = Stopwatch.StartNew();
        void Log(string line)
        {
            var stamped = $"[{clock.Elapsed.TotalSeconds,6:F0}s] {line}";
            Console.WriteLine(stamped);
            File.AppendAllText(Path.Combine(outDir, "run.log"), stamped + Environment.NewLine);
        }

        var repositories = Repository.Load(Path.Combine(here, "repos.json"));
        var only = Value("--only");
        if (only is not null)
        {
            repositories = repositories.Where(r => r.Name == only).ToList();
        }

        if (args.Contains("--fix"))
        {
            return await FixAsync(repositories, reposDir!, Value("--mirrors"), outDir, int.TryParse(Value("--minutes"), out var fm) && fm > 0 ? fm : 15, Log);
        }

        var findingsPath = Path.Combine(outDir, "diagnostics.tsv");
        var costsPath = Path.Combine(outDir, "cost.tsv");
        var unblockTools = Tools.Unblock();
        var unblockIds = unblockTools.Single(t => t.Name == Tools.UnblockTotal).Ids.ToArray();
        var problems = new List<string>();
        List<Finding> findings;
        List<ProjectCost> costs;
        List<string> analysed;
        if (reportOnly)
        {
            findings = Scoring.ReadFindings(findingsPath);
            costs = Scoring.ReadCosts(costsPath);
            analysed = costs.Select(c => c.Repo).Distinct().ToList();
        }
        else
        {
            Meter.Calibrate();
            var floor = Tools.Floor(unblockTools.Single(t => t.Name == Tools.UnblockTotal).Analyzers);
            // --no-peers: Unblock and the floor only, for a sampling profiler attached to the run (the report then has no peer rows).
            // --marginal: two runs per project that differ only by BLK007, on bound code (no analyzer pays binding that
            // the other run would not) and without the peers (their binding and allocations are not in the other run).
            var marginal = args.Contains("--marginal");
            var tools = unblockTools.Concat(new[] { floor }).Concat(args.Contains("--no-peers") || marginal ? Enumerable.Empty<Tool>() : Tools.LoadPeers(problems)).ToList();
            Tool BindFirst() => new(BindFirstAnalyzer.ToolName, "Binding", ImmutableArray.Create<DiagnosticAnalyzer>(new BindFirstAnalyzer()), ImmutableArray.Create(BindFirstAnalyzer.Id));
            if (args.Contains("--bind-first") || marginal)
            {
                // --bind-first: every body bound before the tools run (its own row), so no tool pays binding the driver shares.
                tools.Insert(0, BindFirst());
            }

            foreach (var problem in problems)
            {
                Log("PEER SKIPPED " + problem);
            }

            var overrides = args.Select((a, i) => (a, i)).Where(p => p.a == "--option" && p.i + 1 < args.Length)
                .Select(p => args[p.i + 1].Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim());
            var limit = TimeSpan.FromMinutes(int.TryParse(Value("--minutes"), out var m) && m > 0 ? m : 15);
            var preparation = new Preparation(outDir, Log);
            var repetitions = int.TryParse(Value("--repetitions"), out var r) && r > 0 ? r : 1;
            var analysis = new Analysis(tools, overrides, limit, repetitions, Log, marginal ? new[] { BindFirst(), Tools.UnblockWithout(Unblock.Analyzers.DiagnosticIds.TransitiveBlockingCall) } : null);
            findings = new List<Finding>();
            costs = new List<ProjectCost>();
            analysed = new List<string>();
            using var loadLog = new StreamWriter(Path.Combine(outDir, "load.log"));
            var latency = args.Contains("--latency");
            var latencyRows = new List<Latency.Row>();
            var latencyTools = tools.Where(t => !t.Ids.Contains("VSTHRD002") && !t.Ids.Contains("AsyncFixer02")).ToList();
            foreach (var repo in repositories)
            {
                var clone = Path.GetFullPath(Path.Combine(reposDir!, repo.Name));
                if (!await preparation.EnsureCloneAsync(repo, clone, Value("--mirrors"), CancellationToken.None))
                {
                    continue;
                }

                var restored = await preparation.RestoreAsync(repo, clone, CancellationToken.None);
                Log($"{repo.Name}: {restored.Count} of {repo.Projects.Length} projects restored");
                if (restored.Count == 0)
                {
                    Log($"{repo.Name}: nothing restored (see {Path.Combine(outDir, "restore", repo.Name + ".log")}): skipped");
                    continue;
                }

                if (latency)
                {
                    latencyRows.AddRange(await Latency.RunAsync(repo, clone, restored, preparation.Properties(repo), latencyTools, loadLog, limit, Log));
                    continue;
                }

                await analysis.RunAsync(repo, clone, restored, preparation.Properties(repo), findings, costs, loadLog);
                if (costs.Any(c => c.Repo == repo.Name))
                {
                    analysed.Add(repo.Name);
                }
            }

            if (latency)
            {
                var table = Latency.Report(latencyRows, latencyTools.Select(t => t.Name).ToList());
                File.WriteAllText(Path.Combine(outDir, "latency.md"), table);
                Console.WriteLine();
                Console.Write(table);
                return latencyRows.Any(r => r.Failure is not null) ? 1 : 0;
            }

            // What each referenced project's summary weighs and costs (docs/cross-project.md).
            File.WriteAllLines(Path.Combine(outDir, "summaries.tsv"), new[] { "project\tlines\tentries\tbytes\tms\tbind_ms" }
                .Concat(analysis.SummaryCosts.Select(c => FormattableString.Invariant($"{c.Project}\t{c.Lines}\t{c.Entries}\t{c.Bytes}\t{c.Milliseconds:F0}\t{c.BindMilliseconds:F0}"))));

            // A run of some repositories (--only) keeps the other repositories' results of earlier runs.
            var ran = repositories.Select(r => r.Name).ToHashSet();
            if (File.Exists(findingsPath) && File.Exists(costsPath))
            {
                findings.AddRange(Scoring.ReadFindings(findingsPath).Where(f => !ran.Contains(f.Repo)));
                var kept = Scoring.ReadCosts(costsPath).Where(c => !ran.Contains(c.Repo)).ToList();
                costs.AddRange(kept);
                analysed.AddRange(kept.Select(c => c.Repo).Distinct());
            }

            Scoring.WriteFindings(findingsPath, findings);
            Scoring.WriteCosts(costsPath, costs);
        }

        var key = Scoring.ReadKey(Path.Combine(here, "answer-key"), problems);
        foreach (var problem in problems)
        {
            Log("KEY " + problem);
        }

        var scored = new List<ScoredTool> { new("Unblock", unblockIds) };
        scored.AddRange(new[] { "VSTHRD103", "VSTHRD002", "MA0042", "CA1849", "AsyncFixer02" }.Select(id => new ScoredTool(id, new[] { id })));
        var report = Scoring.Report(analysed, scored, key, findings, costs, Tools.UnblockTotal, out var summary);
        File.WriteAllText(Path.Combine(outDir, "report.md"), report);
        Console.WriteLine();
        Console.WriteLine($"Repositories: {string.Join(", ", analysed)}; answer key: {key.Count(l => l.Blocking)} blocking, {key.Count(l => !l.Blocking)} clean lines");
        Console.Write(summary);
        Console.WriteLine();
        Console.WriteLine($"Full report (per repository, cost per rule, misses and false alarms by cause, unlabelled diagnostics): {Path.Combine(outDir, "report.md")}");
        return 0;
    }

    /// <summary>
    /// --fix: per repository, restore, load, then <see cref="Fixing"/>; each repository's section is kept in
    /// fix/&lt;name&gt;.md so a run of some repositories (--only) keeps the others' results in fix-report.md.
    /// </summary>
    private static async Task<int> FixAsync(List<Repository> repositories, string reposDir, string? mirrors, string outDir, int minutes, Action<string> log)
    {
        var preparation = new Preparation(outDir, log);
        var sections = Path.Combine(outDir, "fix");
        Directory.CreateDirectory(sections);
        using var loadLog = new StreamWriter(Path.Combine(outDir, "load.log"));
        var summaries = new List<string>();
        var failed = false;
        foreach (var repo in repositories)
        {
            var clone = Path.GetFullPath(Path.Combine(reposDir, repo.Name));
            if (!await preparation.EnsureCloneAsync(repo, clone, mirrors, CancellationToken.None))
            {
                continue;
            }

            var restored = await preparation.RestoreAsync(repo, clone, CancellationToken.None);
            log($"{repo.Name}: {restored.Count} of {repo.Projects.Length} projects restored");
            if (restored.Count == 0)
            {
                continue;
            }

            using var workspace = await Analysis.OpenAsync(repo, clone, restored, preparation.Properties(repo), loadLog, TimeSpan.FromMinutes(minutes), log);
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(minutes * 4));
            var fix = await Fixing.RunAsync(repo, clone, workspace.CurrentSolution, Path.Combine(sections, repo.Name + ".diff"), log, timeout.Token);
            File.WriteAllText(Path.Combine(sections, repo.Name + ".md"), Fixing.Section(fix));
            summaries.Add(fix.Summary);
            failed |= fix.NewErrors.Count > 0 || fix.SecondPassFiles.Count > 0;
            log(fix.Summary);
        }

        var all = Repository.Load(Path.Combine(FindRepoRoot(), "tests", "Unblock.RealWorld", "repos.json"))
            .Select(r => Path.Combine(sections, r.Name + ".md")).Where(File.Exists).Select(File.ReadAllText);
        File.WriteAllText(Path.Combine(outDir, "fix-report.md"),
            "# Every Unblock fix applied to real code\n\nEach fix applied as `dotnet format analyzers --diagnostics BLK001 ... BLK008 --severity info` does it (replayed in-process: "
            + "for each id, analyse, take the first diagnostic, its first action's equivalence key, Fix All at solution scope), twice; "
            + "compile errors compared as a multiset of (id, message, file) before and after the first pass. The first pass's changes: fix/<repository>.diff.\n\n" + string.Concat(all));
        Console.WriteLine();
        Console.WriteLine("Fix run: " + string.Join("; ", summaries));
        Console.WriteLine($"Report: {Path.Combine(outDir, "fix-report.md")}");
        return failed ? 1 : 0;
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Analyzers.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory);
    }
}
