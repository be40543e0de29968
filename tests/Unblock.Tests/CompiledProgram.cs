using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Unblock.Tests;

/// <summary>Compiles C# source against the .NET 8 reference assemblies, in memory: to run it, or to run an analyzer on it directly.</summary>
public static class CompiledProgram
{
    public static CSharpCompilation Compile(string source, OutputKind kind = OutputKind.DynamicallyLinkedLibrary)
        => CSharpCompilation.Create(
            "Program" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Disable));

    /// <summary>Every diagnostic of <paramref name="analyzer"/> on <paramref name="source"/> (including analyzer crashes, AD0001).</summary>
    public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, DiagnosticAnalyzer analyzer)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        return await Compile(source).WithAnalyzers(ImmutableArray.Create(analyzer), options).GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>
    /// Compiles <paramref name="source"/> (which must compile without errors), loads it into a collectible context and
    /// awaits <c>static Task&lt;string&gt; Program.RunAsync()</c>; returns what it returned.
    /// </summary>
    public static async Task<string> RunAsync(string source)
    {
        var compilation = Compile(source);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (!emitted.Success)
        {
            throw new InvalidOperationException("does not compile: " + string.Join(Environment.NewLine, errors));
        }

        image.Position = 0;
        var context = new AssemblyLoadContext("run" + Guid.NewGuid().ToString("N"), isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(image);
            var run = assembly.GetType("Program")!.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static)!;
            return await (Task<string>)run.Invoke(null, null)!;
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>
    /// Applies <paramref name="provider"/>'s fix with <paramref name="equivalenceKey"/> to each diagnostic of
    /// <paramref name="analyzer"/>, one at a time, until none is left that the fix handles; returns the fixed source.
    /// </summary>
    public static async Task<string> FixAsync(string source, DiagnosticAnalyzer analyzer, CodeFixProvider provider, string equivalenceKey)
    {
        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject("Fix", LanguageNames.CSharp)
            .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
            .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable))
            .WithMetadataReferences(Basic.Reference.Assemblies.Net80.References.All);
        var document = project.AddDocument("Program.cs", SourceText.From(source));
        for (var round = 0; round < 20; round++)
        {
            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();
            CodeAction? action = null;
            foreach (var diagnostic in diagnostics.Where(d => provider.FixableDiagnosticIds.Contains(d.Id)).OrderBy(d => d.Location.SourceSpan.Start))
            {
                var actions = new System.Collections.Generic.List<CodeAction>();
                var context = new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), default);
                await provider.RegisterCodeFixesAsync(context);
                action = actions.FirstOrDefault(a => a.EquivalenceKey == equivalenceKey);
                if (action is not null)
                {
                    break;
                }
            }

            if (action is null)
            {
                return (await document.GetTextAsync()).ToString();
            }

            var operations = await action.GetOperationsAsync(default);
            var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            document = changed.GetDocument(document.Id)!;
        }

        throw new InvalidOperationException("the fix did not converge");
    }
}
