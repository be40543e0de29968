using System.Globalization;
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using Unblock.Benchmarks;

namespace Unblock.RealWorld;

/// <summary>One diagnostic of one tool on a repository, at a repository-relative path and 1-based line.</summary>
public sealed record Finding(string Repo, string Project, string Id, string Path, int Line, string Message);

/// <summary>One tool's cost on one project.</summary>
public sealed record ProjectCost(string Repo, string Project, int Lines, int CompileErrors, string Tool, double CpuMs, double TelemetryMs, string? Failure);

/// <summary>Loads a repository's projects with MSBuildWorkspace and runs every tool over each, as a per-project build would.</summary>
public sealed class Analysis
{
    /// <summary>The compiler's own work on a project (binding and flow analysis), a row of cost.tsv.</summary>
    public const string CompilerTool = "Compiler (binding, no emit)";

    private readonly IReadOnlyList<Tool> _tools;
    private readonly IReadOnlyDictionary<string, string> _optionOverrides;
    private readonly TimeSpan _limit;
    private readonly int _repetitions;
    private readonly Action<string> _log;

    /// <param name="repetitions">Measured runs per project; above 1 a warm-up run (JIT, caches) comes first and the median is kept.</param>
    public Analysis(IReadOnlyList<Tool> tools, IReadOnlyDictionary<string, string> optionOverrides, TimeSpan limit, int repetitions, Action<string> log)
    {
        _repetitions = repetitions;
        _tools = tools;
        _optionOverrides = optionOverrides;
        _limit = limit;
        _log = log;
    }

    public async Task RunAsync(Repository repo, string clone, IReadOnlyList<string> projects, Dictionary<string, string> properties,
        List<Finding> findings, List<ProjectCost> costs, TextWriter loadLog)
    {
        using var workspace = await OpenAsync(repo, clone, projects, properties, loadLog, _limit, _log);
        foreach (var relative in projects)
        {
            var path = Path.GetFullPath(Path.Combine(clone, relative));
            var project = workspace.CurrentSolution.Projects.FirstOrDefault(p => SamePath(p.FilePath, path));
            if (project is null)
            {
                continue;
            }

            using var timeout = new CancellationTokenSource(_limit);
            try
            {
                await AnalyzeAsync(repo, clone, relative, project, findings, costs, timeout.Token);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _log($"{repo.Name}: {relative} could not be analysed ({ex.GetType().Name}: {FirstLine(ex.Message)}): skipped");
            }
        }
    }

    /// <summary>Loads the listed projects of <paramref name="repo"/> (and the projects they reference) with MSBuildWorkspace, as a build or the IDE sees them.</summary>
    public static async Task<MSBuildWorkspace> OpenAsync(Repository repo, string clone, IReadOnlyList<string> projects, Dictionary<string, string> properties,
        TextWriter loadLog, TimeSpan limit, Action<string> log)
    {
        var workspace = MSBuildWorkspace.Create(properties);
        var failures = 0;
        workspace.RegisterWorkspaceFailedHandler(e =>
        {
            failures++;
            loadLog.WriteLine($"{repo.Name}: {e.Diagnostic.Kind}: {e.Diagnostic.Message}");
        });
        workspace.LoadMetadataForReferencedProjects = false;
        workspace.SkipUnrecognizedProjects = true;

        foreach (var relative in projects)
        {
            var path = Path.GetFullPath(Path.Combine(clone, relative));
            if (workspace.CurrentSolution.Projects.Any(p => SamePath(p.FilePath, path)))
            {
                continue;
            }

            using var timeout = new CancellationTokenSource(limit);
            try
            {
                await workspace.OpenProjectAsync(path, cancellationToken: timeout.Token);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                log($"{repo.Name}: {relative} could not be loaded ({ex.GetType().Name}: {FirstLine(ex.Message)}): skipped");
            }
        }

        log($"{repo.Name}: {workspace.CurrentSolution.Projects.Count()} projects loaded ({failures} load messages in load.log)");
        return workspace;
    }

    private async Task AnalyzeAsync(Repository repo, string clone, string relative, Project project, List<Finding> findings, List<ProjectCost> costs, CancellationToken cancellation)
    {
        var compilation = await project.GetCompilationAsync(cancellation);
        if (compilation is null)
        {
            _log($"{repo.Name}: {relative}: no compilation: skipped");
            return;
        }

        // The measured rules are forced on as warnings; the project's own severities (.editorconfig) are not applied.
        compilation = compilation.WithOptions(compilation.Options
            .WithSyntaxTreeOptionsProvider(null)
            .WithSpecificDiagnosticOptions(Measure.DiagnosticOptions(_tools)));
        var errors = compilation.GetDiagnostics(cancellation).Count(d => d.Severity == DiagnosticSeverity.Error);
        var lines = compilation.SyntaxTrees.Where(t => !IsGenerated(t.FilePath)).Sum(t => t.GetText(cancellation).Lines.Count);
        var options = new AnalyzerOptions(project.AnalyzerOptions.AdditionalFiles,
            new OverridingOptionsProvider(project.AnalyzerOptions.AnalyzerConfigOptionsProvider, _optionOverrides));
        var reported = ImmutableArray<Diagnostic>.Empty;
        var results = await Measure.CostAsync(compilation, lines, _tools, repetitions: _repetitions, warmUp: _repetitions > 1, _ => { }, analyzerOptions: options,
            onDiagnostics: d => reported = d, freshCompilationPerRun: true);

        // What the compiler itself spends on the project, on a fresh compilation: binding every body and flow analysis
        // (no emit: the packages not served here leave errors). A build pays at least this; Unblock's time is set against
        // it. Measured after the tools' runs, which warmed the compiler's code (JIT) and loaded the references.
        var compilerCpu = Process.GetCurrentProcess().TotalProcessorTime;
        compilation.Clone().GetDiagnostics(cancellation);
        compilerCpu = Process.GetCurrentProcess().TotalProcessorTime - compilerCpu;
        costs.Add(new ProjectCost(repo.Name, relative, lines, errors, CompilerTool, compilerCpu.TotalMilliseconds, 0, null));

        foreach (var diagnostic in reported)
        {
            var span = diagnostic.Location.GetMappedLineSpan();
            if (!span.IsValid || string.IsNullOrEmpty(span.Path))
            {
                continue;
            }

            var file = Path.GetRelativePath(clone, span.Path).Replace('\\', '/');
            findings.Add(new Finding(repo.Name, relative, diagnostic.Id, file, span.StartLinePosition.Line + 1, diagnostic.GetMessage(CultureInfo.InvariantCulture).ReplaceLineEndings(" ").Replace('\t', ' ')));
        }

        foreach (var result in results)
        {
            costs.Add(new ProjectCost(repo.Name, relative, lines, errors, result.Tool.Name, result.Samples.Count > 0 ? result.MedianMs : 0, result.TelemetrySamples.Count > 0 ? result.TelemetryMedianMs : 0, result.Failure));
        }

        var unblock = results.Single(r => r.Tool.Name == Tools.UnblockTotal);
        _log($"{repo.Name}: {relative}: {lines:N0} lines, {errors} compile errors, {reported.Length} diagnostics, Unblock {(unblock.Samples.Count > 0 ? unblock.MedianMs : 0):F0} ms");
    }

    public static bool IsGenerated(string path)
        => path.Contains("/obj/", StringComparison.Ordinal) || path.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase)
           || path.EndsWith(".Designer.cs", StringComparison.OrdinalIgnoreCase);

    private static bool SamePath(string? a, string b) => a is not null && string.Equals(Path.GetFullPath(a), b, StringComparison.Ordinal);

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>The project's .editorconfig options, with the evaluation's --option values on top (for every file).</summary>
    private sealed class OverridingOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly AnalyzerConfigOptionsProvider _inner;
        private readonly IReadOnlyDictionary<string, string> _overrides;

        public OverridingOptionsProvider(AnalyzerConfigOptionsProvider inner, IReadOnlyDictionary<string, string> overrides)
        {
            _inner = inner;
            _overrides = overrides;
        }

        public override AnalyzerConfigOptions GlobalOptions => Wrap(_inner.GlobalOptions);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Wrap(_inner.GetOptions(tree));

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Wrap(_inner.GetOptions(textFile));

        private AnalyzerConfigOptions Wrap(AnalyzerConfigOptions options) => _overrides.Count == 0 ? options : new Overriding(options, _overrides);

        private sealed class Overriding : AnalyzerConfigOptions
        {
            private readonly AnalyzerConfigOptions _inner;
            private readonly IReadOnlyDictionary<string, string> _overrides;

            public Overriding(AnalyzerConfigOptions inner, IReadOnlyDictionary<string, string> overrides)
            {
                _inner = inner;
                _overrides = overrides;
            }

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
                => _overrides.TryGetValue(key, out value) || _inner.TryGetValue(key, out value);
        }
    }
}
