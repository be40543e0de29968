using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
namespace Unblock.Fuzz;

/// <summary>
/// What <c>dotnet format analyzers --diagnostics ...</c> does with our fixes, step for step (dotnet/sdk,
/// src/BuiltInTools/dotnet-format/Analyzers: <c>AnalyzerFormatter.FixDiagnosticsAsync</c> and
/// <c>SolutionCodeFixApplier.ApplyCodeFixesAsync</c>): for each reported id in turn it analyses the current solution
/// again, takes the FIRST diagnostic of the result (of any id the analyzers report, in the analyzers' order), asks the
/// provider for that one diagnostic's code actions, keeps the equivalence key of the first action registered (null
/// when the diagnostic has no fix) and runs the provider's Fix All at solution scope with that key and that id.
/// </summary>
public static class DotnetFormatPass
{
    /// <summary>Picks "the first diagnostic" among an id's diagnostics; by default the first in the source.</summary>
    public delegate Diagnostic PickFirst(string id, IReadOnlyList<Diagnostic> diagnostics);

    public static Diagnostic FirstInSource(string id, IReadOnlyList<Diagnostic> diagnostics)
        => diagnostics.OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start).First();

    /// <summary>One pass over <paramref name="ids"/>: the solution after it.</summary>
    /// <param name="onFixed">Called after each id's Fix All with the id and the solutions before and after it.</param>
    public static async Task<Solution> RunAsync(Solution solution, IReadOnlyList<string> ids, PickFirst? pickFirst = null,
        Action<string, Solution, Solution>? onFixed = null, CancellationToken cancellationToken = default)
    {
        pickFirst ??= FirstInSource;
        IReadOnlyDictionary<ProjectId, ImmutableArray<Diagnostic>>? analysed = null;
        foreach (var id in ids)
        {
            // An id whose Fix All changed nothing leaves the same solution: its analysis is reused (dotnet format would
            // analyse again and find the same diagnostics).
            analysed ??= await AnalyzeAsync(solution, ids, cancellationToken).ConfigureAwait(false);
            var before = solution;
            solution = await FixIdAsync(solution, id, ids, pickFirst, analysed, cancellationToken).ConfigureAwait(false);
            if (!ReferenceEquals(solution, before))
            {
                analysed = null;
            }

            onFixed?.Invoke(id, before, solution);
        }

        return solution;
    }

    /// <summary>The diagnostics of <paramref name="requested"/> ids in every project of <paramref name="solution"/>, as dotnet format collects them.</summary>
    public static async Task<IReadOnlyDictionary<ProjectId, ImmutableArray<Diagnostic>>> AnalyzeAsync(Solution solution, IReadOnlyList<string> requested, CancellationToken cancellationToken = default)
    {
        var byProject = new Dictionary<ProjectId, ImmutableArray<Diagnostic>>();
        foreach (var project in solution.Projects)
        {
            // dotnet format keeps every requested id the analyzers report, not just this one.
            byProject[project.Id] = (await Harness.AnalyzeAsync(project, cancellationToken).ConfigureAwait(false)).Diagnostics
                .Where(d => requested.Contains(d.Id))
                .ToImmutableArray();
        }

        return byProject;
    }

    /// <summary>The Fix All dotnet format runs for one id.</summary>
    public static Task<Solution> FixIdAsync(Solution solution, string id, IReadOnlyList<string> requested, PickFirst pickFirst, CancellationToken cancellationToken = default)
        => FixIdAsync(solution, id, requested, pickFirst, analysed: null, cancellationToken);

    private static async Task<Solution> FixIdAsync(Solution solution, string id, IReadOnlyList<string> requested, PickFirst pickFirst,
        IReadOnlyDictionary<ProjectId, ImmutableArray<Diagnostic>>? analysed, CancellationToken cancellationToken)
    {
        var byProject = analysed ?? await AnalyzeAsync(solution, requested, cancellationToken).ConfigureAwait(false);
        var ofId = byProject.Values.SelectMany(d => d).Where(d => d.Id == id).ToList();
        if (ofId.Count == 0)
        {
            return solution;
        }

        foreach (var provider in Harness.CodeFixes.Where(p => p.FixableDiagnosticIds.Contains(id)))
        {
            var fixAll = provider.GetFixAllProvider();
            if (fixAll?.GetSupportedFixAllScopes().Contains(FixAllScope.Solution) != true)
            {
                continue;
            }

            var first = pickFirst(id, ofId);
            var document = solution.GetDocument(first.Location.SourceTree)!;
            CodeAction? action = null;
            var context = new CodeFixContext(document, first, (a, _) => action ??= a, cancellationToken);
            await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);

            var fixAllContext = new FixAllContext(document, provider, FixAllScope.Solution, action?.EquivalenceKey!, new[] { id }, new Provider(byProject), cancellationToken);
            var fixAllAction = await fixAll.GetFixAsync(fixAllContext).ConfigureAwait(false);
            if (fixAllAction is not null)
            {
                solution = await Harness.ApplyAsync(fixAllAction, solution, cancellationToken).ConfigureAwait(false);
            }
        }

        return solution;
    }

    /// <summary>The documents whose text differs between <paramref name="before"/> and <paramref name="after"/> (added ones included): their file paths.</summary>
    public static async Task<IReadOnlyList<string>> ChangedFilesAsync(Solution before, Solution after, CancellationToken cancellationToken = default)
    {
        var changed = new List<string>();
        foreach (var projectChanges in after.GetChanges(before).GetProjectChanges())
        {
            foreach (var id in projectChanges.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                var old = await before.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
                var now = await after.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
                if (!old.ContentEquals(now))
                {
                    changed.Add(after.GetDocument(id)!.FilePath ?? after.GetDocument(id)!.Name);
                }
            }

            changed.AddRange(projectChanges.GetAddedDocuments().Select(id => after.GetDocument(id)!).Select(d => d.FilePath ?? d.Name));
        }

        return changed;
    }

    /// <summary>The diagnostics found before the fix, as dotnet format hands them over (matched to a document by its path).</summary>
    private sealed class Provider : FixAllContext.DiagnosticProvider
    {
        private readonly IReadOnlyDictionary<ProjectId, ImmutableArray<Diagnostic>> _byProject;

        public Provider(IReadOnlyDictionary<ProjectId, ImmutableArray<Diagnostic>> byProject) => _byProject = byProject;

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => GetProjectDiagnosticsAsync(project, cancellationToken);

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult(Of(document.Project).Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(Of(project));

        private IEnumerable<Diagnostic> Of(Project project)
            => _byProject.TryGetValue(project.Id, out var diagnostics) ? diagnostics : Enumerable.Empty<Diagnostic>();
    }
}
