using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Unblock.Tests;
using Xunit;

namespace Unblock.Compat;

/// <summary>
/// The built analyzers and fixes run inside the Roslyn version this project pins (4.8.0, the floor the package is
/// built against, or the newest served): the rules report, no analyzer throws, the fixes apply and compile.
/// </summary>
public class CompatTests
{
    private const string Program = @"using System;
using System.Threading;
using System.Threading.Tasks;

public static class Program
{
    public static async Task Main()
    {
        var value = GetAsync().Result;
        Thread.Sleep(10);
        Console.WriteLine(value);
    }

    private static async Task<int> GetAsync()
    {
        await Task.Yield();
        return 1;
    }
}
";

    private static readonly ImmutableArray<MetadataReference> References =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "System.dll" or "mscorlib.dll" or "netstandard.dll"))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();

    [Fact]
    public void Runs_on_the_pinned_Roslyn_version()
    {
        var expected = typeof(CompatTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ExpectedRoslynVersion").Value!;
        var loaded = typeof(CSharpCompilation).Assembly.GetName().Version!;
        Assert.Equal(new Version(expected), new Version(loaded.Major, loaded.Minor, loaded.Build));
        Assert.Equal("Unblock.Analyzers", typeof(Unblock.Analyzers.UnblockAnalyzer).Assembly.GetName().Name);
        Assert.NotEmpty(AllAnalyzers.AnalyzerTypes);
        Assert.NotEmpty(AllAnalyzers.CodeFixTypes);
    }

    [Fact]
    public async Task Rules_report_and_no_analyzer_throws()
    {
        var (diagnostics, exceptions) = await AnalyzeAsync(CreateProject(Program).Solution.Projects.Single());
        Assert.Empty(exceptions);
        Assert.Contains(diagnostics, d => d.Id == "BLK001" && d.Location.GetLineSpan().StartLinePosition.Line == 8);
        Assert.Contains(diagnostics, d => d.Id == "BLK002" && d.Location.GetLineSpan().StartLinePosition.Line == 9);
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("AD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Analyzers_survive_broken_code()
    {
        var (_, exceptions) = await AnalyzeAsync(CreateProject("using System.Threading.Tasks; class C { async Task M( { var x = Foo().Result. ; Thread.Sleep( } ").Solution.Projects.Single());
        Assert.Empty(exceptions);
    }

    [Fact]
    public async Task Fixes_apply_and_the_result_compiles_with_no_diagnostic_left()
    {
        var project = CreateProject(Program);
        var (diagnostics, _) = await AnalyzeAsync(project);
        var fixes = AllAnalyzers.CreateCodeFixes();
        foreach (var diagnostic in diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start))
        {
            var document = project.Documents.Single();
            var current = (await AnalyzeAsync(project)).Diagnostics.Single(d => d.Id == diagnostic.Id);
            CodeAction? action = null;
            foreach (var provider in fixes.Where(p => p.FixableDiagnosticIds.Contains(current.Id)))
            {
                await provider.RegisterCodeFixesAsync(new CodeFixContext(document, current, (a, _) => action ??= a, CancellationToken.None));
            }

            Assert.True(action is not null, "no fix offered for " + current.Id);
            var operations = await action!.GetOperationsAsync(CancellationToken.None);
            project = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetProject(project.Id)!;
        }

        var text = (await project.Documents.Single().GetTextAsync()).ToString();
        Assert.Contains("var value = await GetAsync();", text, StringComparison.Ordinal);
        Assert.Contains("await Task.Delay(10);", text, StringComparison.Ordinal);
        var compilation = (await project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty((await AnalyzeAsync(project)).Diagnostics);
    }

    private static Project CreateProject(string source)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Default, "Consumer", "Consumer", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication),
                parseOptions: new CSharpParseOptions(LanguageVersion.CSharp10),
                metadataReferences: References))
            .AddDocument(DocumentId.CreateNewId(projectId), "Program.cs", SourceText.From(source));
        return solution.GetProject(projectId)!;
    }

    private static async Task<(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<Exception> Exceptions)> AnalyzeAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var exceptions = ImmutableArray.CreateBuilder<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, _, _) => { lock (exceptions) { exceptions.Add(exception); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(AllAnalyzers.CreateAnalyzers(), options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return (diagnostics, exceptions.ToImmutable());
    }
}
