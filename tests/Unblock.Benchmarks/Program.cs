using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace Unblock.Benchmarks;

/// <summary>
/// Unblock's analyzer cost next to a do-nothing floor and the peers.
/// <c>dotnet run -c Release --project tests/Unblock.Benchmarks -- --all</c> regenerates docs/benchmarks.md, the plots
/// and the README summary; <c>--quick</c> measures 10k lines only and writes nothing; <c>--detection</c> scores every
/// tool on the labelled corpus.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var all = args.Contains("--all");
        var quick = args.Contains("--quick");
        var detectionOnly = args.Contains("--detection");
        var profile = args.Contains("--profile");
        var pathological = args.Contains("--pathological");
        if (!all && !quick && !detectionOnly && !profile && !pathological)
        {
            Console.WriteLine("usage: dotnet run -c Release --project tests/Unblock.Benchmarks -- --all | --quick | --detection");
            Console.WriteLine("  --all        10k, 100k and 300k lines, IDE latency, detection; writes docs/benchmarks.md, docs/*.png, README summary");
            Console.WriteLine("  --quick      10k lines only, 2 repetitions, no latency; writes nothing");
            Console.WriteLine("  --detection  recall/precision per tool on the labelled corpus only");
            Console.WriteLine("  --pathological  pathological shapes (10,000 calls in a method, thousands of overloads, deep lambdas, 20,000-method call graphs) at N and 2N: linear or not; writes docs/benchmark-pathological.md");
            Console.WriteLine("  --profile    where Unblock's time goes: probes of the shared machinery, 30k lines, 5 runs");
            Console.WriteLine("               (UNBLOCK_BIND_FIRST=1: every member body bound before the rules run; UNBLOCK_NO_PROBES=1: rules and floor only;");
            Console.WriteLine("               UNBLOCK_PROFILE_LINES=N, UNBLOCK_PROFILE_RUNS=N: size and runs)");
            return 2;
        }

        var repoRoot = FindRepoRoot();
        var clock = Stopwatch.StartNew();
        void Log(string line)
        {
            Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] {line}");
        }

        Meter.Calibrate();
        Log($"metering bias calibrated: {Meter.BiasNs:F0} ns of CPU per measured callback (subtracted)");
        if (pathological)
        {
            return await Pathological.RunAsync(repoRoot, Log);
        }

        if (profile)
        {
            await Profile.RunAsync(int.TryParse(Environment.GetEnvironmentVariable("UNBLOCK_PROFILE_LINES"), out var n) ? n : 30_000,
                int.TryParse(Environment.GetEnvironmentVariable("UNBLOCK_PROFILE_RUNS"), out var runs) ? runs : 5,
                Log);
            return 0;
        }

        var problems = new List<string>();
        var unblock = Tools.Unblock();
        var floor = Tools.Floor(Tools.Unblock().Single(t => t.Name == Tools.UnblockTotal).Analyzers);
        var peers = Tools.LoadPeers(problems);
        var tools = unblock.Concat(new[] { floor }).Concat(peers).ToList();
        Log($"tools: {string.Join(", ", tools.Select(t => t.Name))}");
        foreach (var problem in problems)
        {
            Log("SKIPPED " + problem);
        }

        var report = new Report(repoRoot, tools, problems);
        if (!detectionOnly)
        {
            // --scale N divides every size (a smoke test of the whole --all path; its numbers mean nothing).
            var scaleAt = Array.IndexOf(args, "--scale");
            var scale = scaleAt >= 0 && scaleAt + 1 < args.Length && int.TryParse(args[scaleAt + 1], out var s) && s > 0 ? s : 1;
            var sizes = (quick ? new[] { 10_000 } : new[] { 10_000, 100_000, 300_000 }).Select(n => n / scale).ToArray();
            // Run 1: every tool (the peers' figures); the runs after it: Unblock and the floor alone (their figures).
            var repetitions = quick ? 2 : 4;
            foreach (var size in sizes)
            {
                var files = new CodeGenerator().GenerateProject(size);
                var lines = files.Sum(f => CodeGenerator.CountLines(f.Text));
                var compilation = Measure.Compile(files, tools);
                var compileClock = Stopwatch.StartNew();
                Measure.AssertCompiles(compilation);
                Log($"{lines} lines in {files.Count} files: compiles without errors ({compileClock.Elapsed.TotalSeconds:F1} s)");
                // Peers cost 10 to 300 times the floor: they run in the first repetition only, to keep the whole command
                // within minutes. Unblock and the floor are measured in the repetitions after it, the same way at every
                // size: a peer running first would bind bodies and complete symbols that Unblock would otherwise pay for.
                var results = await Measure.CostAsync(
                    compilation, lines, tools, repetitions, warmUp: size == sizes[0], Log,
                    repeatOnly: t => t.Group is Tools.UnblockGroup or "Floor");
                report.Cost.Add(results);
                Console.WriteLine(report.CostTable(results));
                compilation = null;
                GC.Collect();
            }

            if (!quick)
            {
                Log("IDE latency: one document re-analyzed after each edit");
                var latencyTools = tools.Where(t => !t.IsUnblockRule).ToList();
                report.Scale = scale;
                report.LatencyProjectLines = Math.Max(100_000 / scale, 4_000);
                report.LatencyEdits = scale > 1 ? 8 : 20;
                var (latency, documentLines) = await Measure.LatencyAsync(report.LatencyProjectLines, 2_000, latencyTools, edits: report.LatencyEdits, Log);
                report.Latency = latency;
                report.LatencyDocumentLines = documentLines;
                Console.WriteLine(report.LatencyTable());
            }
        }

        report.Detection = Detection.Run(repoRoot, tools, Log);
        Console.WriteLine(report.DetectionText());

        if (all)
        {
            Console.WriteLine(report.GoalsTable());
            report.Write(clock.Elapsed);
            Log("wrote docs/benchmarks.md, docs/benchmark-cost.png, docs/benchmark-cost-per-10k.png and the README summary");
        }

        Log("done");
        return 0;
    }

    public static string Machine()
        => $"{RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} cores ({CpuModel()}), "
           + $".NET {Environment.Version}, Roslyn {typeof(Microsoft.CodeAnalysis.Compilation).Assembly.GetName().Version}";

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line.Substring(line.IndexOf(':') + 1).Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analyzers.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
