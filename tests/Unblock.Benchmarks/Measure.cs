using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Unblock.Benchmarks;

/// <summary>Per tool, per size: median analyzer time over the repetitions, findings and allocations.</summary>
public sealed class CostResult
{
    public required Tool Tool { get; init; }

    public required int Lines { get; init; }

    public List<double> Samples { get; } = new();

    public double MedianMs => Stats.Median(Samples);

    public double MsPer10k => MedianMs / (Lines / 10_000.0);

    public int Findings { get; set; }

    public List<double> TelemetrySamples { get; } = new();

    public double TelemetryMedianMs => Stats.Median(TelemetrySamples);

    public long? AllocatedBytes { get; set; }

    public long Callbacks { get; set; }

    public string? Failure { get; set; }
}

public sealed class LatencyResult
{
    public required Tool Tool { get; init; }

    public List<double> AnalyzerMs { get; } = new();

    public List<double> WallMs { get; } = new();

    public string? Failure { get; set; }
}

public static class Stats
{
    public static double Median(IReadOnlyList<double> values) => Percentile(values, 50);

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.OrderBy(v => v).ToArray();
        var rank = p / 100.0 * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
    }
}

/// <summary>Builds compilations of generated code and measures analyzers over them with <see cref="CompilationWithAnalyzers"/>.</summary>
public static class Measure
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    public static CSharpCompilation Compile(IEnumerable<(string Name, string Text)> files, IEnumerable<Tool> tools)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(SourceText.From(f.Text), ParseOptions, path: f.Name)).ToList();
        var compilation = CSharpCompilation.Create(
            "Generated",
            trees,
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                concurrentBuild: false,
                specificDiagnosticOptions: DiagnosticOptions(tools)));
        return compilation;
    }

    /// <summary>Every measured rule forced on as a warning (CA1849 is off by default); every other rule of the loaded analyzers suppressed.</summary>
    public static ImmutableDictionary<string, ReportDiagnostic> DiagnosticOptions(IEnumerable<Tool> tools)
    {
        var list = tools.ToList();
        var measured = list.SelectMany(t => t.Ids).ToHashSet(StringComparer.Ordinal);
        var builder = ImmutableDictionary.CreateBuilder<string, ReportDiagnostic>(StringComparer.Ordinal);
        foreach (var analyzer in list.SelectMany(t => t.Analyzers).Distinct())
        {
            ImmutableArray<DiagnosticDescriptor> supported;
            try
            {
                supported = analyzer.SupportedDiagnostics;
            }
            catch (Exception)
            {
                continue;
            }

            foreach (var d in supported)
            {
                builder[d.Id] = measured.Contains(d.Id) ? ReportDiagnostic.Warn : ReportDiagnostic.Suppress;
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Throws when the generated code does not compile.</summary>
    public static void AssertCompiles(Compilation compilation)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(
                $"generated code does not compile: {errors.Count} errors, first: " + string.Join(Environment.NewLine, errors.Take(5)));
        }
    }

    public static CompilationWithAnalyzersOptions Options(Dictionary<DiagnosticAnalyzer, string> failures, AnalyzerOptions? analyzerOptions = null)
        => new(
            analyzerOptions ?? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (ex, analyzer, _) =>
            {
                lock (failures)
                {
                    failures.TryAdd(analyzer, ex.GetType().Name + ": " + ex.Message);
                }
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);

    /// <summary>Wraps every analyzer of the tools once, so a tool's figures are the sum over its analyzers' meters.</summary>
    public static Dictionary<DiagnosticAnalyzer, MeteredAnalyzer> Wrap(IEnumerable<Tool> tools)
    {
        var wrapped = new Dictionary<DiagnosticAnalyzer, MeteredAnalyzer>();
        foreach (var analyzer in tools.SelectMany(t => t.Analyzers))
        {
            if (!wrapped.ContainsKey(analyzer))
            {
                wrapped[analyzer] = new MeteredAnalyzer(analyzer, new Meter());
            }
        }

        return wrapped;
    }

    /// <summary>CPU milliseconds of a tool in the last run, without the calibrated cost of the metering itself.</summary>
    public static double CpuMs(Tool tool, Dictionary<DiagnosticAnalyzer, MeteredAnalyzer> wrapped)
        => tool.Analyzers.Sum(a => wrapped[a].Meter.CpuNs - (wrapped[a].Meter.Calls * Meter.BiasNs)) / 1_000_000.0;

    /// <summary>
    /// Optionally one warm-up, then <paramref name="repetitions"/> measured runs of every tool together over the same
    /// compilation; per tool the CPU time and allocations inside its callbacks, the number of callbacks, and the
    /// execution time reported by Roslyn's telemetry. A real project passes its own <paramref name="analyzerOptions"/>
    /// (.editorconfig, additional files) and receives the first measured run's diagnostics in <paramref name="onDiagnostics"/>.
    /// </summary>
    public static async Task<List<CostResult>> CostAsync(
        Compilation compilation, int lines, IReadOnlyList<Tool> tools, int repetitions, bool warmUp, Action<string> log, Func<Tool, bool>? repeatOnly = null,
        AnalyzerOptions? analyzerOptions = null, Action<ImmutableArray<Diagnostic>>? onDiagnostics = null, bool freshCompilationPerRun = false)
    {
        var results = tools.Select(t => new CostResult { Tool = t, Lines = lines }).ToList();
        var wrapped = Wrap(tools);
        for (var rep = warmUp ? -1 : 0; rep < repetitions; rep++)
        {
            // Later repetitions may be limited to some tools (the cheap ones): the first run always has them all.
            var inRun = results.Where(r => rep <= 0 || repeatOnly is null || repeatOnly(r.Tool)).ToList();
            var all = inRun.SelectMany(r => r.Tool.Analyzers).Distinct().Select(a => (DiagnosticAnalyzer)wrapped[a]).ToImmutableArray();
            foreach (var metered in wrapped.Values)
            {
                metered.Meter.Reset();
            }

            var failures = new Dictionary<DiagnosticAnalyzer, string>();
            // A fresh compilation (same trees, new symbols and binding caches) makes every run pay what a build pays, the
            // warm-up only warming the JIT; without it, later runs find the symbols the first one created.
            var analyzed = freshCompilationPerRun ? compilation.Clone() : compilation;
            var withAnalyzers = analyzed.WithAnalyzers(all, Options(failures, analyzerOptions));
            var wall = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
            wall.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            log($"  {(rep < 0 ? "warm-up" : "run " + (rep + 1))}: {wall.Elapsed.TotalSeconds:F1} s wall, {cpu.TotalSeconds:F1} s CPU (compiler binding included) for {all.Length} analyzers");
            if (rep < 0)
            {
                continue;
            }

            if (rep == 0)
            {
                onDiagnostics?.Invoke(diagnostics);
            }

            foreach (var result in inRun)
            {
                result.Findings = diagnostics.Count(d => result.Tool.Ids.Contains(d.Id));
                var failed = result.Tool.Analyzers.Select(a => wrapped[a]).Where(failures.ContainsKey).Select(a => failures[a]).FirstOrDefault();
                if (failed is not null)
                {
                    result.Failure = failed;
                }

                var telemetry = TimeSpan.Zero;
                foreach (var analyzer in result.Tool.Analyzers)
                {
                    telemetry += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(wrapped[analyzer], CancellationToken.None)).ExecutionTime;
                }

                if (rep == 0 && repeatOnly is not null && repeatOnly(result.Tool) && repetitions > 1)
                {
                    // A repeated tool's figure comes from the runs without the others (see repeatOnly).
                    continue;
                }

                result.Samples.Add(CpuMs(result.Tool, wrapped));
                result.TelemetrySamples.Add(telemetry.TotalMilliseconds);
                result.AllocatedBytes = result.Tool.Analyzers.Sum(a => wrapped[a].Meter.Bytes);
                result.Callbacks = result.Tool.Analyzers.Sum(a => wrapped[a].Meter.Calls);
            }
        }

        return results;
    }

    /// <summary>
    /// IDE-like latency: in a project of about <paramref name="projectLines"/> lines, edit one document of about
    /// <paramref name="documentLines"/> lines (insert a statement in a method) and re-analyze that document only,
    /// <paramref name="edits"/> times per tool after 2 warm-up edits.
    /// </summary>
    public static async Task<(List<LatencyResult> Results, int DocumentLines)> LatencyAsync(
        int projectLines, int documentLines, IReadOnlyList<Tool> tools, int edits, Action<string> log)
    {
        var generator = new CodeGenerator(seed: 7);
        var methods = 10;
        (string Name, string Text) document;
        do
        {
            document = new CodeGenerator(seed: 99).GenerateModule(methods);
            methods += 4;
        }
        while (CodeGenerator.CountLines(document.Text) < documentLines);

        var docLines = CodeGenerator.CountLines(document.Text);
        var files = generator.GenerateProject(projectLines - docLines);
        files.Add(("Edited.cs", document.Text));
        // The other files are the start of the cost benchmark's project (same seed), checked there.
        AssertCompiles(Compile(new[] { ("Common.cs", CodeGenerator.CommonFile), document }, tools));
        var compilation = Compile(files, tools);
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "Edited.cs");
        var serviceStart = document.Text.IndexOf("Service\n{", StringComparison.Ordinal);
        var anchors = new List<int>();
        for (var i = document.Text.IndexOf("\n        return ", serviceStart, StringComparison.Ordinal); i >= 0; i = document.Text.IndexOf("\n        return ", i + 1, StringComparison.Ordinal))
        {
            anchors.Add(i + 1);
        }

        log($"  latency project: {files.Sum(f => CodeGenerator.CountLines(f.Text))} lines, edited document {docLines} lines, {anchors.Count} edit points");
        var results = await DocumentLatencyAsync(compilation, tree, anchors, "        _log.Add(\"edit {0}\");\n", tools, edits, analyzerOptions: null, log);
        return (results, docLines);
    }

    /// <summary>
    /// IDE-like latency on one document of <paramref name="compilation"/>: per tool, insert
    /// <paramref name="statement"/> (a format string, {0} the edit number) at one of <paramref name="anchors"/> and
    /// re-analyze that document only, <paramref name="edits"/> times after 2 warm-up edits, each on a fresh compilation
    /// (every cache of the analyzers empty, as after a keystroke).
    /// </summary>
    public static async Task<List<LatencyResult>> DocumentLatencyAsync(
        Compilation compilation, SyntaxTree tree, IReadOnlyList<int> anchors, string statement, IReadOnlyList<Tool> tools, int edits,
        AnalyzerOptions? analyzerOptions, Action<string> log)
    {
        var text = tree.GetText();
        var results = new List<LatencyResult>();
        var wrapped = Wrap(tools);
        foreach (var tool in tools)
        {
            var analyzers = tool.Analyzers.Select(a => (DiagnosticAnalyzer)wrapped[a]).ToImmutableArray();
            var result = new LatencyResult { Tool = tool };
            results.Add(result);
            for (var edit = -2; edit < edits; edit++)
            {
                // Each edit applies to the original text at another point, like a user typing in different methods.
                var anchor = anchors[(edit + 2) * 7 % anchors.Count];
                var newText = text.WithChanges(new TextChange(new TextSpan(anchor, 0), string.Format(CultureInfo.InvariantCulture, statement, edit)));
                var newTree = tree.WithChangedText(newText);
                var next = compilation.ReplaceSyntaxTree(tree, newTree);
                var failures = new Dictionary<DiagnosticAnalyzer, string>();
                foreach (var metered in wrapped.Values)
                {
                    metered.Meter.Reset();
                }

                var withAnalyzers = next.WithAnalyzers(analyzers, Options(failures, analyzerOptions));
                var wall = Stopwatch.StartNew();
                var model = next.GetSemanticModel(newTree);
                await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, CancellationToken.None);
                wall.Stop();
                if (failures.Count > 0)
                {
                    result.Failure = failures.Values.First();
                    break;
                }

                if (edit >= 0)
                {
                    result.AnalyzerMs.Add(CpuMs(tool, wrapped));
                    result.WallMs.Add(wall.Elapsed.TotalMilliseconds);
                }
            }

            log($"  {tool.Name}: analyzer p50 {Stats.Percentile(result.AnalyzerMs, 50):F2} ms, p95 {Stats.Percentile(result.AnalyzerMs, 95):F2} ms; wall p50 {Stats.Percentile(result.WallMs, 50):F1} ms");
        }

        return results;
    }
}
