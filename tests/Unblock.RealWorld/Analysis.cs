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
using Unblock.Analyzers.Rules.Transitive;
using Unblock.Benchmarks;

namespace Unblock.RealWorld;

/// <summary>One diagnostic of one tool on a repository, at a repository-relative path and 1-based line.</summary>
public sealed record Finding(string Repo, string Project, string Id, string Path, int Line, string Message);

/// <summary>One project's summary (what its build's generator writes into the assembly): entries, UTF-8 bytes, milliseconds to write it.</summary>
/// <param name="BindMilliseconds">What binding the whole project (every compiler diagnostic of a fresh copy) took, for scale.</param>
public sealed record SummaryCost(string Project, int Lines, int Entries, int Bytes, double Milliseconds, double BindMilliseconds);

/// <summary>One tool's cost on one project.</summary>
public sealed record ProjectCost(string Repo, string Project, int Lines, int CompileErrors, string Tool, double CpuMs, double TelemetryMs, string? Failure);

/// <summary>Loads a repository's projects with MSBuildWorkspace and runs every tool over each, as a per-project build would.</summary>
public sealed class Analysis
{
    /// <summary>The compiler's own work on a project (binding and flow analysis), a row of cost.tsv.</summary>
    public const string CompilerTool = "Compiler (binding, no emit)";

    private readonly IReadOnlyList<Tool> _tools;
    private readonly IReadOnlyList<Tool>? _marginal;
    private readonly IReadOnlyDictionary<string, string> _optionOverrides;
    private readonly TimeSpan _limit;
    private readonly int _repetitions;
    private readonly Action<string> _log;
    private readonly Dictionary<ProjectId, string?> _summaries = new();

    /// <summary>Per project whose summary was written: its size and what writing it cost (the generator's work in a build).</summary>
    public List<SummaryCost> SummaryCosts { get; } = new();

    /// <param name="repetitions">Measured runs per project; above 1 a warm-up run (JIT, caches) comes first and the median is kept.</param>
    /// <param name="marginal">
    /// When set (--marginal), the tools of a second cost run per project, after the first and as many times: the same
    /// run but one rule (<see cref="Tools.UnblockWithout"/>). Their rows go into cost.tsv next to the first run's.
    /// </param>
    public Analysis(IReadOnlyList<Tool> tools, IReadOnlyDictionary<string, string> optionOverrides, TimeSpan limit, int repetitions, Action<string> log,
        IReadOnlyList<Tool>? marginal = null)
    {
        _marginal = marginal;
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
        // A build compiles the referenced projects first, and their summaries travel in their assemblies; here the
        // referenced projects are compilation references, so each one's summary is written as its build would and handed
        // over as an AdditionalFile (the same text).
        var additionalFiles = project.AnalyzerOptions.AdditionalFiles.AddRange(await ReferencedSummariesAsync(project, cancellation));
        var options = new AnalyzerOptions(additionalFiles,
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

        ProjectCost Row(CostResult result)
            => new(repo.Name, relative, lines, errors, result.Tool.Name, result.Samples.Count > 0 ? result.MedianMs : 0, result.TelemetrySamples.Count > 0 ? result.TelemetryMedianMs : 0, result.Failure);

        costs.AddRange(results.Select(Row));

        if (_marginal is not null)
        {
            var without = await Measure.CostAsync(compilation, lines, _marginal, repetitions: _repetitions, warmUp: _repetitions > 1, _ => { }, analyzerOptions: options,
                freshCompilationPerRun: true);
            costs.AddRange(without.Where(r => r.Tool.Group == Tools.MarginalGroup).Select(Row));
        }

        var unblock = Row(results.Single(r => r.Tool.Name == Tools.UnblockTotal));
        _log($"{repo.Name}: {relative}: {lines:N0} lines, {errors} compile errors, {reported.Length} diagnostics, Unblock {unblock.CpuMs:F0} ms");
    }

    /// <summary>The summaries of every project <paramref name="project"/> references, directly or not, as AdditionalFiles.</summary>
    private async Task<ImmutableArray<AdditionalText>> ReferencedSummariesAsync(Project project, CancellationToken cancellation)
    {
        var files = ImmutableArray.CreateBuilder<AdditionalText>();
        foreach (var referenced in Referenced(project))
        {
            if (await SummaryOfAsync(referenced, cancellation) is { } summary)
            {
                files.Add(new SummaryText(referenced.AssemblyName + BlockingSummaryFormat.AdditionalFileSuffix, summary));
            }
        }

        return files.ToImmutable();
    }

    private static List<Project> Referenced(Project project)
    {
        var found = new List<Project>();
        var seen = new HashSet<ProjectId> { project.Id };
        var pending = new Stack<Project>();
        pending.Push(project);
        while (pending.Count > 0)
        {
            foreach (var reference in pending.Pop().ProjectReferences)
            {
                if (seen.Add(reference.ProjectId) && project.Solution.GetProject(reference.ProjectId) is { } next)
                {
                    found.Add(next);
                    pending.Push(next);
                }
            }
        }

        return found;
    }

    /// <summary>The summary a build of <paramref name="project"/> writes (with the summaries of its own references), once per project.</summary>
    private async Task<string?> SummaryOfAsync(Project project, CancellationToken cancellation)
    {
        if (_summaries.TryGetValue(project.Id, out var known))
        {
            return known;
        }

        string? summary = null;
        var compilation = await project.GetCompilationAsync(cancellation);
        if (compilation is not null && project.Language == LanguageNames.CSharp)
        {
            var additionalFiles = project.AnalyzerOptions.AdditionalFiles.AddRange(await ReferencedSummariesAsync(project, cancellation));
            var provider = new OverridingOptionsProvider(project.AnalyzerOptions.AnalyzerConfigOptionsProvider, _optionOverrides);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            summary = BlockingSummaryFormat.Write(compilation.Clone(), provider, additionalFiles, cancellation);
            clock.Stop();

            // For scale: what the compiler spends binding the same project (every diagnostic of a fresh copy), which a
            // build pays anyway; the generator binds the bodies it reads once more (it runs before the final compilation).
            var bind = System.Diagnostics.Stopwatch.StartNew();
            _ = compilation.Clone().GetDiagnostics(cancellation);
            bind.Stop();
            var entries = BlockingSummaryFormat.Read(summary)?.Entries.Length ?? 0;
            var bytes = summary is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(summary);
            var lines = compilation.SyntaxTrees.Where(t => !IsGenerated(t.FilePath)).Sum(t => t.GetText(cancellation).Lines.Count);
            SummaryCosts.Add(new SummaryCost(project.Name, lines, entries, bytes, clock.Elapsed.TotalMilliseconds, bind.Elapsed.TotalMilliseconds));
            _log($"summary of {project.Name}: {entries} entries, {bytes:N0} bytes, written in {clock.Elapsed.TotalMilliseconds:F0} ms ({lines:N0} lines; binding the project: {bind.Elapsed.TotalMilliseconds:F0} ms)");
        }

        _summaries[project.Id] = summary;
        return summary;
    }

    private sealed class SummaryText : AdditionalText
    {
        private readonly string _text;

        public SummaryText(string path, string text)
        {
            Path = path;
            _text = text;
        }

        public override string Path { get; }

        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) => Microsoft.CodeAnalysis.Text.SourceText.From(_text);
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
