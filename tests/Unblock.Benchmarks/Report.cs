using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace Unblock.Benchmarks;

/// <summary>Turns the measurements into console tables, docs/benchmarks.md, the plots and the README summary.</summary>
public sealed class Report
{
    public const string Command = "dotnet run -c Release --project tests/Unblock.Benchmarks -- --all";
    private const string ReadmeStart = "<!-- benchmarks:start -->";
    private const string ReadmeEnd = "<!-- benchmarks:end -->";

    private readonly string _repoRoot;
    private readonly List<Tool> _tools;
    private readonly List<string> _problems;

    public Report(string repoRoot, List<Tool> tools, List<string> problems)
    {
        _repoRoot = repoRoot;
        _tools = tools;
        _problems = problems;
    }

    public List<List<CostResult>> Cost { get; } = new();

    public List<LatencyResult>? Latency { get; set; }

    public int LatencyDocumentLines { get; set; }

    public int Scale { get; set; } = 1;

    public int LatencyEdits { get; set; } = 20;

    public int LatencyProjectLines { get; set; } = 100_000;

    public DetectionResult? Detection { get; set; }

    private static string F(double value, int decimals = 1)
        => double.IsNaN(value) || double.IsInfinity(value) ? "n/a" : value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    private static CostResult? Find(IEnumerable<CostResult> results, string name) => results.FirstOrDefault(r => r.Tool.Name == name);

    public string CostTable(List<CostResult> results)
    {
        var lines = results[0].Lines;
        var floor = Find(results, Tools.FloorName);
        var total = Find(results, Tools.UnblockTotal);
        var sb = new StringBuilder();
        sb.AppendLine($"### {lines:N0} lines".Replace(',', ' '));
        sb.AppendLine();
        sb.AppendLine("| tool | findings | CPU ms (median) | CPU ms per 10k lines | × floor | Unblock total ÷ tool | MB allocated | callbacks | telemetry ms (wall) |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            if (r.Failure is not null)
            {
                sb.AppendLine($"| {r.Tool.Name} | threw, skipped: {r.Failure.Replace('|', '/').Replace('\n', ' ')} | | | | | | | |");
                continue;
            }

            var alloc = r.AllocatedBytes is { } a ? F(a / 1048576.0) : "n/a";
            var name = r.Tool.Name == Tools.UnblockTotal ? $"**{r.Tool.Name}**" : r.Tool.Name;
            sb.AppendLine($"| {name} | {r.Findings} | {F(r.MedianMs)} | {F(r.MsPer10k, 2)} | {F(r.MedianMs / (floor?.MedianMs ?? double.NaN), 2)} | "
                          + $"{F((total?.MedianMs ?? double.NaN) / r.MedianMs, 2)} | {alloc} | {r.Callbacks:N0} | {F(r.TelemetryMedianMs)} |");
        }

        return sb.ToString();
    }

    public string GrowthTable()
    {
        var sb = new StringBuilder();
        var sizes = Cost.Select(c => c[0].Lines).ToList();
        sb.AppendLine("| tool | " + string.Join(" | ", sizes.Select(s => $"ms per 10k at {s:N0} lines")) + " | growth of the per-10k figure, first to last size |");
        sb.AppendLine("|---|" + string.Concat(sizes.Select(_ => "---:|")) + "---:|");
        foreach (var tool in _tools)
        {
            var row = Cost.Select(c => Find(c, tool.Name)).ToList();
            if (row.Any(r => r is null || r.Failure is not null))
            {
                continue;
            }

            var growth = row[^1]!.MsPer10k / row[0]!.MsPer10k;
            sb.AppendLine($"| {tool.Name} | " + string.Join(" | ", row.Select(r => F(r!.MsPer10k, 2))) + $" | {F(growth, 2)}× |");
        }

        return sb.ToString();
    }

    public string LatencyTable()
    {
        var sb = new StringBuilder();
        if (Latency is null)
        {
            return string.Empty;
        }

        sb.AppendLine($"| tool | analyzer ms p50 | analyzer ms p95 | wall ms p50 (bind + analyze) | wall ms p95 |");
        sb.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var r in Latency)
        {
            if (r.Failure is not null)
            {
                sb.AppendLine($"| {r.Tool.Name} | threw, skipped: {r.Failure.Replace('|', '/')} | | | |");
                continue;
            }

            sb.AppendLine($"| {r.Tool.Name} | {F(Stats.Percentile(r.AnalyzerMs, 50), 2)} | {F(Stats.Percentile(r.AnalyzerMs, 95), 2)} | "
                          + $"{F(Stats.Percentile(r.WallMs, 50))} | {F(Stats.Percentile(r.WallMs, 95))} |");
        }

        return sb.ToString();
    }

    public string DetectionText() => Detection?.Markdown() ?? string.Empty;

    public string GoalsTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| goal | measured | holds |");
        sb.AppendLine("|---|---|---|");
        var last = Cost.LastOrDefault();
        var first = Cost.FirstOrDefault();
        var total = last is null ? null : Find(last, Tools.UnblockTotal);
        if (total is not null)
        {
            sb.AppendLine($"| all Unblock rules ≤ 5 ms per 10k lines at {total.Lines:N0} lines | {F(total.MsPer10k, 2)} ms | {Yes(total.MsPer10k <= 5)} |");
            var ca = last!.FirstOrDefault(r => r.Tool.Ids.Contains("CA1849"));
            if (ca is not null && ca.Failure is null)
            {
                sb.AppendLine($"| below CA1849 | {F(total.MsPer10k, 2)} vs {F(ca.MsPer10k, 2)} ms per 10k lines | {Yes(total.MsPer10k < ca.MsPer10k)} |");
            }

            var firstTotal = Find(first!, Tools.UnblockTotal)!;
            var growth = total.MsPer10k / firstTotal.MsPer10k;
            sb.AppendLine($"| linear growth: per-10k figure within ±20% from {firstTotal.Lines:N0} to {total.Lines:N0} lines | {F(firstTotal.MsPer10k, 2)} → {F(total.MsPer10k, 2)} ms ({F((growth - 1) * 100, 0)}%) | {Yes(Math.Abs(growth - 1) <= 0.2)} |");
            var blk007 = last!.FirstOrDefault(r => r.Tool.IsUnblockRule && r.Tool.Ids.Contains("BLK007"));
            sb.AppendLine(blk007 is null
                ? "| BLK007 ≤ 30% of the total | BLK007 is not in this build | n/a |"
                : $"| BLK007 ≤ 30% of the total | {F(100 * blk007.MedianMs / total.MedianMs, 1)}% | {Yes(blk007.MedianMs <= 0.3 * total.MedianMs)} |");
        }

        var latency = Latency?.FirstOrDefault(r => r.Tool.Name == Tools.UnblockTotal);
        if (latency is not null)
        {
            var p95 = Stats.Percentile(latency.AnalyzerMs, 95);
            sb.AppendLine($"| single-document p95 < 20 ms (analyzer time, {LatencyDocumentLines}-line document in a {LatencyProjectLines:N0}-line project) | {F(p95, 2)} ms | {Yes(p95 < 20)} |");
        }

        return sb.ToString();
    }

    private static string Yes(bool value) => value ? "yes" : "**no**";

    public void Write(TimeSpan duration)
    {
        var docs = Path.Combine(_repoRoot, "docs");
        Directory.CreateDirectory(docs);
        string? detectionPlot = null;
        try
        {
            Plots.Cost(Cost, _tools, Path.Combine(docs, "benchmark-cost.png"), perTenK: false);
            Plots.Cost(Cost, _tools, Path.Combine(docs, "benchmark-cost-per-10k.png"), perTenK: true);
            detectionPlot = Detection is { Found: true } ? Plots.Detection(Detection, Path.Combine(docs, "benchmark-detection.png")) : null;
        }
        catch (Exception ex)
        {
            _problems.Add("plots not written: " + ex.GetType().Name + ": " + ex.Message);
        }

        var sb = new StringBuilder();
        sb.AppendLine("# Benchmarks");
        sb.AppendLine();
        sb.AppendLine("How much analyzer time Unblock adds to a build and to an edit, next to an analyzer that does nothing and to the");
        sb.AppendLine("analyzers that look for the same problems. Everything on this page, the plots and the README summary are written");
        sb.AppendLine("by one command (numbers vary from run to run by a few percent on a shared machine):");
        sb.AppendLine();
        sb.AppendLine("```");
        sb.AppendLine(Command);
        sb.AppendLine("```");
        sb.AppendLine();
        sb.AppendLine($"Machine: {Program.Machine()}. Run took {duration.TotalMinutes:F1} minutes.");
        if (Scale != 1)
        {
            sb.AppendLine();
            sb.AppendLine($"**This page was written by `{Command} --scale {Scale}`: every size divided by {Scale}** (sizes "
                          + string.Join(", ", Cost.Select(c => $"{c[0].Lines:N0}")) + $" lines; latency in a {LatencyProjectLines:N0}-line project), "
                          + "to keep the run short; the growth figure spans the same 30× range.");
        }

        sb.AppendLine();
        sb.AppendLine("## What is measured");
        sb.AppendLine();
        sb.AppendLine("- **Code**: a deterministic generator of service code (per module an entity, a repository interface and class, a");
        sb.AppendLine("  service and a controller; async and sync methods, loops, LINQ, lambdas, `lock`, `Task.Run`, `Task.WhenAll`;");
        sb.AppendLine($"  {CodeGenerator.BlockingShare:P0} of the async service methods block: `.Result`, `.Wait()`, `GetAwaiter().GetResult()`,");
        sb.AppendLine("  `Thread.Sleep`, `File.ReadAllText`, a sync repository call with an async twin). Each size is checked to compile");
        sb.AppendLine("  without errors against the .NET 8 reference assemblies before it is measured.");
        sb.AppendLine("- **Tools, side by side in one run over the same compilation**: every Unblock analyzer (found by reflection) and");
        sb.AppendLine("  their total; the **floor**, an analyzer that registers exactly the callbacks Unblock's analyzers register and");
        sb.AppendLine("  does nothing in them (what Roslyn charges for the callbacks themselves); and the peers loaded from their NuGet");
        sb.AppendLine("  packages' analyzer DLLs: " + string.Join(", ", Tools.Peers.Select(p => $"{p.Package} {p.Version} ({string.Join(", ", p.Ids)})")) + ".");
        sb.AppendLine("  Every measured rule is forced on as a warning (CA1849 is off by default); the other rules of those packages");
        sb.AppendLine("  are suppressed, so an analyzer class that only reports other rules does not run.");
        sb.AppendLine("- **Time**: one `CompilationWithAnalyzers` over all tools (`concurrentAnalysis: false`, so callbacks run one");
        sb.AppendLine("  at a time). Every analyzer is wrapped so that each callback it registers, at any depth, is metered: the");
        sb.AppendLine("  thread's CPU time inside the callback (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`), minus the calibrated cost of");
        sb.AppendLine("  the metering itself and minus any garbage collection that starts inside it (a collection collects everyone's");
        sb.AppendLine("  garbage; allocations are reported separately). CPU time, not wall time, because the machine is shared: the");
        sb.AppendLine("  `telemetry ms` column is Roslyn's own `GetAnalyzerTelemetryInfoAsync` execution time (wall clock, includes");
        sb.AppendLine("  waiting for a CPU). Parsing and binding are the compiler's and not counted. The JIT is not tiered");
        sb.AppendLine("  (`TieredCompilation=false`) and one warm-up run precedes the first size. At every size the first run has every");
        sb.AppendLine("  tool and gives the peers' figures (10 to 300 times the floor, so they run once); Unblock's rules and the floor");
        sb.AppendLine("  are the median of the 3 runs that follow, without the peers, so that no size is measured with a peer having");
        sb.AppendLine("  bound bodies or completed symbols first.");
        sb.AppendLine("  A tool made of several analyzer classes is their sum.");
        sb.AppendLine("- **Allocations**: `GC.GetAllocatedBytesForCurrentThread()` around each callback, summed per tool.");
        sb.AppendLine($"- **IDE latency**: a {LatencyDocumentLines}-line document in a {LatencyProjectLines:N0}-line project; each of {LatencyEdits} edits (after 2 warm-up");
        sb.AppendLine("  edits) inserts a statement in a method of that document, replaces the tree in the compilation, and calls");
        sb.AppendLine("  `GetAnalyzerSemanticDiagnosticsAsync` for that document with a fresh `CompilationWithAnalyzers` (compilation-start");
        sb.AppendLine("  actions run again, as after an edit in the IDE). Analyzer time is metered CPU time as above; wall time also contains");
        sb.AppendLine("  the compiler binding the document.");
        sb.AppendLine();
        if (_problems.Count > 0)
        {
            sb.AppendLine("Skipped (reported, not measured):");
            sb.AppendLine();
            foreach (var problem in _problems)
            {
                sb.AppendLine("- " + problem);
            }

            sb.AppendLine();
        }

        sb.AppendLine("## Goals");
        sb.AppendLine();
        sb.AppendLine(GoalsTable());
        sb.AppendLine("The same comparison on real repositories, per project as a build sees them, is in");
        sb.AppendLine("[realworld.md](realworld.md#cost-on-real-code) (`--repetitions` mode of `tests/Unblock.RealWorld`).");
        sb.AppendLine();
        sb.AppendLine("## Cost per size");
        sb.AppendLine();
        sb.AppendLine("`× floor` is the tool's time over the floor's; `Unblock total ÷ tool` below 1 means Unblock (all rules together)");
        sb.AppendLine("spends less than that tool.");
        sb.AppendLine();
        foreach (var results in Cost)
        {
            sb.AppendLine(CostTable(results));
        }

        sb.AppendLine("## Growth with code size");
        sb.AppendLine();
        sb.AppendLine(GrowthTable());
        sb.AppendLine("![analyzer time vs lines](benchmark-cost.png)");
        sb.AppendLine();
        sb.AppendLine("![analyzer time per 10k lines vs lines](benchmark-cost-per-10k.png)");
        sb.AppendLine();
        if (Latency is not null)
        {
            sb.AppendLine("## IDE latency: one document re-analyzed after an edit");
            sb.AppendLine();
            sb.AppendLine(LatencyTable());
        }

        sb.AppendLine("## Detection on the labelled corpus");
        sb.AppendLine();
        sb.AppendLine(DetectionText());
        if (detectionPlot is not null)
        {
            sb.AppendLine($"![recall and precision per tool]({Path.GetFileName(detectionPlot)})");
            sb.AppendLine();
        }

        File.WriteAllText(Path.Combine(docs, "benchmarks.md"), sb.ToString().TrimEnd() + "\n");
        WriteReadme();
    }

    private void WriteReadme()
    {
        var path = Path.Combine(_repoRoot, "README.md");
        if (!File.Exists(path))
        {
            return;
        }

        var readme = File.ReadAllText(path);
        var start = readme.IndexOf(ReadmeStart, StringComparison.Ordinal);
        var end = readme.IndexOf(ReadmeEnd, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            return;
        }

        var last = Cost.Last();
        var total = Find(last, Tools.UnblockTotal)!;
        var floor = Find(last, Tools.FloorName)!;
        var sb = new StringBuilder();
        sb.AppendLine(ReadmeStart);
        sb.AppendLine($"Analyzer time on {total.Lines:N0} lines of generated service code, in milliseconds per 10k lines (lower is better)"
                      + (Scale != 1 ? $", from a run with `--scale {Scale}` (every size divided by {Scale}):" : ":"));
        sb.AppendLine();
        sb.AppendLine("| tool | ms per 10k lines | × floor |");
        sb.AppendLine("|---|---:|---:|");
        foreach (var r in last.Where(r => !r.Tool.IsUnblockRule && r.Failure is null))
        {
            sb.AppendLine($"| {r.Tool.Name} | {F(r.MsPer10k, 2)} | {F(r.MedianMs / floor.MedianMs, 2)} |");
        }

        var rules = last.Where(r => r.Tool.IsUnblockRule && r.Failure is null && r.MedianMs > 0).ToList();
        if (rules.Count > 0 && total.MedianMs > 0)
        {
            // Each rule runs alone here (BLK001+BLK008 is BLK001's analyzer, which also reports BLK008).
            sb.AppendLine();
            sb.AppendLine("Share of Unblock's analyzer time per rule at that size: "
                          + string.Join(", ", rules.Select(r => $"{r.Tool.Name} {F(100 * r.MedianMs / total.MedianMs, 0)}%")) + ".");
        }

        var latency = Latency?.FirstOrDefault(r => r.Tool.Name == Tools.UnblockTotal);
        if (latency is not null)
        {
            sb.AppendLine();
            sb.AppendLine($"Re-analyzing one {LatencyDocumentLines}-line document of a {LatencyProjectLines:N0}-line project after an edit: Unblock's analyzer time p50 "
                          + $"{F(Stats.Percentile(latency.AnalyzerMs, 50), 2)} ms, p95 {F(Stats.Percentile(latency.AnalyzerMs, 95), 2)} ms.");
        }

        sb.AppendLine();
        sb.AppendLine("Method, every table and the plots: [docs/benchmarks.md](docs/benchmarks.md). Rerun with:");
        sb.AppendLine();
        sb.AppendLine("```");
        sb.AppendLine(Command);
        sb.AppendLine("```");
        sb.Append(ReadmeEnd);
        File.WriteAllText(path, readme.Substring(0, start) + sb + readme.Substring(end + ReadmeEnd.Length));
    }
}
