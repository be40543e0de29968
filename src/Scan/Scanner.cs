using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;

namespace Unblock.Scan;

/// <summary>What a scan found: the findings in source order, what could not be loaded or analysed, how many projects it was given and how many it analysed.</summary>
internal sealed record ScanResult(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Problems, int Projects, int Analyzed);

/// <summary>
/// Loads a solution's projects with MSBuildWorkspace, one project file at a time, and analyses them one at a time with
/// the Unblock analyzers and each project's own options. A project that fails to load or to analyse is reported and
/// skipped. Each project is analysed in a fresh fork of the loaded solution, so the compilations built for it (its own
/// and its references') are dropped before the next project.
/// </summary>
internal sealed class Scanner
{
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private readonly Action<string> _report;
    private readonly bool _verbose;
    private readonly TimeSpan? _timeout;
    private readonly System.Diagnostics.Stopwatch _clock = new();

    /// <param name="timeout">The time one project may take to load, to summarise or to analyse; null: no limit.</param>
    public Scanner(Action<string> progress, bool verbose = false, TimeSpan? timeout = null)
    {
        _analyzers = Analyzers();
        _report = progress;
        _verbose = verbose;
        _timeout = timeout;
    }

    /// <summary>A token for one project's step: cancelled with the scan, or when the step outlasts the time-out.</summary>
    private CancellationTokenSource Limit(CancellationToken cancellationToken)
    {
        var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_timeout is { } timeout)
        {
            limit.CancelAfter(timeout);
        }

        return limit;
    }

    private string TimedOut => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"took longer than {_timeout?.TotalSeconds:0} s");

    /// <summary>A progress line; with --verbose, the time since the start and the managed heap in use after a collection.</summary>
    private void Progress(string message)
        => _report(_verbose
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{message} ({_clock.Elapsed.TotalSeconds:F1} s, {GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024)} MB managed)")
            : message);

    /// <summary>Every descriptor the scan can report, in id order (the SARIF rules).</summary>
    public IReadOnlyList<DiagnosticDescriptor> Rules
        => _analyzers.SelectMany(a => a.SupportedDiagnostics).GroupBy(d => d.Id).Select(g => g.First()).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();

    /// <summary>Every concrete analyzer of Unblock.Analyzers.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers()
        => typeof(Analyzers.UnblockAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    public async Task<ScanResult> ScanAsync(string path, IReadOnlyDictionary<string, string> properties, CancellationToken cancellationToken)
    {
        _clock.Restart();
        var problems = new List<string>();
        var failures = new List<string>();
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        using var workspace = MSBuildWorkspace.Create(properties.ToDictionary(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase));
        workspace.LoadMetadataForReferencedProjects = false;
        workspace.SkipUnrecognizedProjects = true;
        workspace.RegisterWorkspaceFailedHandler(e =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
            {
                lock (failures)
                {
                    failures.Add(FirstLine(e.Diagnostic.Message));
                }
            }
        });

        var listed = await SolutionFile.ProjectsAsync(path, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < listed.Count; i++)
        {
            var project = listed[i];
            Progress($"loading {i + 1}/{listed.Count} {Path.GetFileName(project)}");
            if (workspace.CurrentSolution.Projects.Any(p => SamePath(p.FilePath, project)))
            {
                continue;
            }

            if (!File.Exists(project))
            {
                problems.Add($"{project}: not found: skipped");
                continue;
            }

            string? exception = null;
            using (var limit = Limit(cancellationToken))
            {
                try
                {
                    await workspace.OpenProjectAsync(project, cancellationToken: limit.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    exception = TimedOut;
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    exception = FirstLine(ex.Message);
                }
            }

            List<string> messages;
            lock (failures)
            {
                messages = failures.Distinct().ToList();
                failures.Clear();
            }

            // A project that does not load, or loads only in part (not a project, a missing SDK, not restored: the design-time
            // build failed), is reported once, with its first reason, and not analysed: its findings would be guesses. The
            // same for the projects it references, loaded with it.
            var byProject = messages.GroupBy(m => LoadFailure.Parse(m).Project ?? string.Empty).ToList();
            var own = byProject.FirstOrDefault(g => g.Key.Length > 0 && SamePath(g.Key, project));
            if (exception is not null || own is not null || !workspace.CurrentSolution.Projects.Any(p => SamePath(p.FilePath, project)))
            {
                skipped.Add(project);
                var reasons = own?.Select(m => LoadFailure.Parse(m).Reason).ToList() ?? new List<string>();
                problems.Add(LoadFailure.Describe(project, exception ?? reasons.FirstOrDefault() ?? messages.FirstOrDefault() ?? "no project in the file", reasons.Count - (exception is null ? 1 : 0)));
            }

            foreach (var group in byProject.Where(g => g != own))
            {
                if (group.Key.Length == 0)
                {
                    problems.AddRange(group);
                }
                else if (skipped.Add(Path.GetFullPath(group.Key)))
                {
                    problems.Add(LoadFailure.Describe(group.Key, LoadFailure.Parse(group.First()).Reason, group.Count() - 1));
                }
            }
        }

        var loaded = workspace.CurrentSolution;
        var targets = Targets(loaded, listed, isSolution: listed.Count != 1 || !SamePath(path, listed[0]), cancellationToken);
        var projects = targets.Where(id => loaded.GetProject(id)!.FilePath is not { } file || !skipped.Contains(Path.GetFullPath(file))).ToList();
        var notLoaded = listed.Count(l => !loaded.Projects.Any(p => SamePath(p.FilePath, l)));

        // Pass 1, summaries: what blocks in each project, dependencies first (each sees the summaries of those before it),
        // so that pass 2 follows calls into any other project of the solution, referenced or not (an interface of Core
        // called in Web and implemented in Infrastructure, which Web does not reference).
        var summaries = new List<SummaryText>();
        for (var i = 0; i < projects.Count; i++)
        {
            var project = loaded.GetProject(projects[i])!;
            Progress($"summarising {i + 1}/{projects.Count} {project.Name}");
            using var limit = Limit(cancellationToken);
            try
            {
                var summary = await SummarizeAsync(Fresh(loaded, project.Id), project.Id, summaries, limit.Token).ConfigureAwait(false);
                if (summary is not null && !summaries.Any(s => s.AssemblyName == project.AssemblyName))
                {
                    summaries.Add(new SummaryText(project.AssemblyName, summary));
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problems.Add($"{project.FilePath ?? project.Name}: no summary ({TimedOut}): calls into it are not followed");
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                problems.Add($"{project.FilePath ?? project.Name}: no summary ({ex.GetType().Name}: {FirstLine(ex.Message)}): calls into it are not followed");
            }
        }

        // Pass 2, analysis: every project with the summaries of all the others.
        var findings = new List<Finding>();
        var analyzed = 0;
        for (var i = 0; i < projects.Count; i++)
        {
            var project = loaded.GetProject(projects[i])!;
            Progress($"analysing {i + 1}/{projects.Count} {project.Name}");
            using var limit = Limit(cancellationToken);
            try
            {
                var found = await AnalyzeAsync(Fresh(loaded, project.Id), project.Id, summaries, problems, limit.Token).ConfigureAwait(false);
                if (found is not null)
                {
                    findings.AddRange(found);
                    analyzed++;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problems.Add($"{project.FilePath ?? project.Name}: could not be analysed ({TimedOut}): skipped");
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                problems.Add($"{project.FilePath ?? project.Name}: could not be analysed ({ex.GetType().Name}: {FirstLine(ex.Message)}): skipped");
            }
        }

        return new ScanResult(Finding.Order(findings), problems, targets.Count + notLoaded, analyzed);
    }

    /// <summary>
    /// The C# projects to analyse, dependencies first: those the solution lists (one entry per target framework of a
    /// multi-targeted project), or the project given and the projects it references. Projects loaded only because a
    /// listed one names them without referencing their assembly (an analyzer project, say) are not analysed.
    /// </summary>
    private static List<ProjectId> Targets(Solution loaded, IReadOnlyList<string> listed, bool isSolution, CancellationToken cancellationToken)
    {
        var graph = loaded.GetProjectDependencyGraph();
        var wanted = loaded.Projects.Where(p => listed.Any(l => SamePath(p.FilePath, l))).Select(p => p.Id).ToHashSet();
        if (!isSolution)
        {
            wanted.UnionWith(wanted.SelectMany(id => graph.GetProjectsThatThisProjectTransitivelyDependsOn(id)).ToList());
        }

        return graph.GetTopologicallySortedProjects(cancellationToken)
            .Where(id => wanted.Contains(id) && loaded.GetProject(id)?.Language == LanguageNames.CSharp)
            .ToList();
    }

    /// <summary>
    /// A fork of <paramref name="loaded"/> that shares its documents (their text and trees) but none of its compilations:
    /// the loaded solution never builds one, so what a project's analysis builds lives only as long as the fork.
    /// </summary>
    public static Solution Fresh(Solution loaded, ProjectId projectId)
    {
        // Forks share the compilation cache of every project a change does not reach; a change reaches a project and the
        // projects that depend on it. Renaming the assembly of each project at the bottom of this project's references and
        // back is a change that reaches the whole closure and leaves it as loaded.
        var graph = loaded.GetProjectDependencyGraph();
        var fork = loaded;
        foreach (var id in graph.GetProjectsThatThisProjectTransitivelyDependsOn(projectId).Append(projectId))
        {
            if (graph.GetProjectsThatThisProjectDirectlyDependsOn(id).Count == 0)
            {
                var name = fork.GetProject(id)!.AssemblyName;
                fork = fork.WithProjectAssemblyName(id, name + ".unblock-fork").WithProjectAssemblyName(id, name);
            }
        }

        return fork;
    }

    /// <summary>The project's own AdditionalFiles and the summaries of the other projects (never its own).</summary>
    private static AnalyzerOptions OptionsWith(Project project, IReadOnlyList<SummaryText> summaries)
        => new(project.AnalyzerOptions.AdditionalFiles.AddRange(summaries.Where(s => s.AssemblyName != project.AssemblyName)),
            project.AnalyzerOptions.AnalyzerConfigOptionsProvider);

    private static async Task<string?> SummarizeAsync(Solution solution, ProjectId projectId, IReadOnlyList<SummaryText> summaries, CancellationToken cancellationToken)
    {
        var project = solution.GetProject(projectId)!;
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return null;
        }

        var options = OptionsWith(project, summaries);
        return global::Unblock.Analyzers.Rules.Transitive.BlockingSummaryFormat.Write(compilation, options.AnalyzerConfigOptionsProvider, options.AdditionalFiles, cancellationToken);
    }

    private async Task<IReadOnlyList<Finding>?> AnalyzeAsync(Solution solution, ProjectId projectId, IReadOnlyList<SummaryText> summaries, List<string> problems, CancellationToken cancellationToken)
    {
        var project = solution.GetProject(projectId)!;
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            problems.Add($"{project.FilePath ?? project.Name}: no compilation: skipped");
            return null;
        }

        var failures = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            OptionsWith(project, summaries),
            onAnalyzerException: (ex, analyzer, _) =>
            {
                lock (failures)
                {
                    failures.Add($"{project.Name}: {analyzer.GetType().Name} failed ({ex.GetType().Name}: {FirstLine(ex.Message)})");
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(_analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        problems.AddRange(failures);
        return diagnostics.Select(d => Finding.From(d, project.Name, (assembly, file) => FindDocument(solution, assembly, file))).OfType<Finding>().ToList();
    }

    /// <summary>The path of the only document named <paramref name="fileName"/> in the project(s) building <paramref name="assemblyName"/>.</summary>
    private static string? FindDocument(Solution solution, string assemblyName, string fileName)
    {
        var paths = solution.Projects.Where(p => p.AssemblyName == assemblyName)
            .SelectMany(p => p.Documents)
            .Select(d => d.FilePath)
            .OfType<string>()
            .Where(f => string.Equals(Path.GetFileName(f), fileName, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Take(2)
            .ToList();
        return paths.Count == 1 ? paths[0] : null;
    }

    private static bool SamePath(string? a, string b) => a is not null && string.Equals(Path.GetFullPath(a), b, StringComparison.Ordinal);

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}

/// <summary>A load failure of MSBuildWorkspace: the project it concerns (when it names one) and the reason.</summary>
internal static partial class LoadFailure
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^Msbuild failed when processing the file '(?<project>[^']+)' with message: (?<reason>.*)$")]
    private static partial System.Text.RegularExpressions.Regex MSBuildFailed();

    [System.Text.RegularExpressions.GeneratedRegex(@"'(?<project>[^']+\.\w*proj)'")]
    private static partial System.Text.RegularExpressions.Regex AnyProject();

    public static (string? Project, string Reason) Parse(string message)
    {
        if (MSBuildFailed().Match(message) is { Success: true } failed)
        {
            return (failed.Groups["project"].Value, failed.Groups["reason"].Value.Trim());
        }

        return AnyProject().Match(message) is { Success: true } named ? (named.Groups["project"].Value, message) : (null, message);
    }

    /// <summary><c>path: could not be loaded (reason, and N more problems): skipped</c>.</summary>
    public static string Describe(string project, string reason, int more)
        => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{project}: could not be loaded ({reason}{(more > 0 ? $", and {more} more problem{(more == 1 ? string.Empty : "s")}" : string.Empty)}): skipped");
}
