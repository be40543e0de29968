using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Unblock.Tests;

namespace Unblock.Fuzz;

/// <summary>The diagnostics of one analyzer run and the exceptions any analyzer threw during it.</summary>
public sealed record AnalysisResult(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> Exceptions);

/// <summary>
/// Runs every Unblock analyzer and code fix the way an IDE or a build does: compilations over the .NET 8 reference
/// assemblies, <see cref="CompilationWithAnalyzers"/> with exceptions captured, code fixes through a Roslyn
/// workspace (<see cref="AdhocWorkspace"/>), Fix All through each provider's <see cref="FixAllProvider"/>.
/// </summary>
public static class Harness
{
    private static readonly Lazy<AdhocWorkspace> WorkspaceValue = new(() => new AdhocWorkspace(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static ImmutableArray<MetadataReference> References { get; } = Basic.Reference.Assemblies.Net80.References.All.Cast<MetadataReference>().ToImmutableArray();

    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = AllAnalyzers.CreateAnalyzers();

    public static ImmutableArray<CodeFixProvider> CodeFixes { get; } = AllAnalyzers.CreateCodeFixes();

    public static CSharpParseOptions ParseOptions(LanguageVersion version = LanguageVersion.Latest) => new(version);

    /// <summary>A console application when the program has top-level statements, a library otherwise; unsafe code allowed.</summary>
    public static CSharpCompilationOptions CompilationOptions(IEnumerable<SyntaxTree> trees)
        => new CSharpCompilationOptions(
                trees.Any(t => t.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any()) ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary)
            .WithAllowUnsafe(true)
            .WithNullableContextOptions(NullableContextOptions.Disable);

    public static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees, string name = "Program")
    {
        var list = trees.ToList();
        return CSharpCompilation.Create(name, list, References, CompilationOptions(list));
    }

    /// <summary>Every analyzer over <paramref name="compilation"/>; analyzer exceptions are captured, not thrown.</summary>
    /// <param name="analyzerOptions">The project's options (its .editorconfig); none by default.</param>
    public static async Task<AnalysisResult> AnalyzeAsync(Compilation compilation, bool concurrent = true, AnalyzerOptions? analyzerOptions = null, CancellationToken cancellationToken = default)
    {
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            analyzerOptions ?? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, diagnostic) =>
            {
                lock (exceptions)
                {
                    exceptions.Add(new InvalidOperationException($"{analyzer.GetType().Name} threw: {exception.GetType().Name}: {exception.Message}", exception));
                }
            },
            concurrentAnalysis: concurrent,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var failure in diagnostics.Where(d => d.Id is "AD0001" or "AD0002"))
        {
            lock (exceptions)
            {
                exceptions.Add(new InvalidOperationException(failure.ToString()));
            }
        }

        return new AnalysisResult(diagnostics.Where(d => d.Id.StartsWith("BLK", StringComparison.Ordinal)).ToImmutableArray(), exceptions);
    }

    /// <summary>A solution with one project per entry of <paramref name="projects"/>, each holding the given documents.</summary>
    public static Solution CreateSolution(IReadOnlyList<IReadOnlyList<string>> projects, LanguageVersion version = LanguageVersion.Latest)
    {
        var solution = WorkspaceValue.Value.CurrentSolution;
        var parseOptions = ParseOptions(version);
        for (var p = 0; p < projects.Count; p++)
        {
            var projectId = ProjectId.CreateNewId();
            var trees = projects[p].Select(text => CSharpSyntaxTree.ParseText(text, parseOptions)).ToList();
            solution = solution.AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                "Project" + p,
                "Project" + p,
                LanguageNames.CSharp,
                compilationOptions: CompilationOptions(trees),
                parseOptions: parseOptions,
                metadataReferences: References));
            for (var d = 0; d < projects[p].Count; d++)
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId), $"Document{d}.cs", SourceText.From(projects[p][d]), filePath: $"/Project{p}/Document{d}.cs");
            }
        }

        return solution;
    }

    public static async Task<AnalysisResult> AnalyzeAsync(Project project, CancellationToken cancellationToken = default)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        return await AnalyzeAsync(compilation!, cancellationToken: cancellationToken, analyzerOptions: project.AnalyzerOptions).ConfigureAwait(false);
    }

    public static async Task<ImmutableArray<Diagnostic>> CompilerErrorsAsync(Project project, CancellationToken cancellationToken = default)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        return compilation!.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
    }

    /// <summary>The code actions every provider offers for <paramref name="diagnostic"/> in <paramref name="document"/>.</summary>
    public static async Task<IReadOnlyList<(CodeFixProvider Provider, CodeAction Action)>> GetCodeActionsAsync(
        Document document, Diagnostic diagnostic, IReadOnlyList<CodeFixProvider>? providers = null, CancellationToken cancellationToken = default)
    {
        var actions = new List<(CodeFixProvider, CodeAction)>();
        foreach (var provider in (providers ?? CodeFixes).Where(p => p.FixableDiagnosticIds.Contains(diagnostic.Id)))
        {
            var context = new CodeFixContext(document, diagnostic, (action, _) => { lock (actions) { actions.Add((provider, action)); } }, cancellationToken);
            await provider.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        }

        return actions;
    }

    /// <summary>Applies <paramref name="action"/> (its operations, simplification and formatting included) and returns the changed solution.</summary>
    public static async Task<Solution> ApplyAsync(CodeAction action, Solution solution, CancellationToken cancellationToken = default)
    {
        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var operation in operations.OfType<ApplyChangesOperation>())
        {
            solution = operation.ChangedSolution;
        }

        return solution;
    }

    /// <summary>
    /// Fix All with <paramref name="equivalenceKey"/> (null: none, as dotnet format asks when its first finding has no fix) at <paramref name="scope"/>, starting from <paramref name="document"/>:
    /// the changed solution, or the same one when nothing was fixed.
    /// </summary>
    public static async Task<Solution> FixAllAsync(Document document, CodeFixProvider provider, FixAllScope scope, string? equivalenceKey, CancellationToken cancellationToken = default)
    {
        var fixAll = provider.GetFixAllProvider();
        if (fixAll is null)
        {
            return document.Project.Solution;
        }

        var context = new FixAllContext(document, provider, scope, equivalenceKey!, provider.FixableDiagnosticIds, new DiagnosticProvider(), cancellationToken);
        var action = await fixAll.GetFixAsync(context).ConfigureAwait(false);
        return action is null ? document.Project.Solution : await ApplyAsync(action, document.Project.Solution, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Diagnostics for Fix All, computed with every analyzer.</summary>
    private sealed class DiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => (await AnalyzeAsync(project, cancellationToken).ConfigureAwait(false)).Diagnostics;

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            return (await AnalyzeAsync(document.Project, cancellationToken).ConfigureAwait(false)).Diagnostics.Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(Enumerable.Empty<Diagnostic>());
    }
}
