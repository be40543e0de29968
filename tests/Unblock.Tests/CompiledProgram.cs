using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

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
}
