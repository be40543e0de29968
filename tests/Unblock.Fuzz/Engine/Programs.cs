using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Unblock.Fuzz;

/// <summary>
/// Turns harvested sources into whole programs that compile: a source that compiles is kept as it is; a snippet (a
/// statement, a member) is tried inside a class and an async method. Programs that still have errors are dropped.
/// </summary>
public static class Programs
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.IO;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    /// <summary>The sources that compile without errors under <paramref name="version"/>, each in its first compiling form.</summary>
    public static IReadOnlyList<SourceFile> Compiling(IReadOnlyList<SourceFile> sources, LanguageVersion version = LanguageVersion.Latest)
    {
        var results = new SourceFile?[sources.Count];
        Parallel.For(0, sources.Count, i =>
        {
            foreach (var candidate in Candidates(sources[i].Text))
            {
                var tree = CSharpSyntaxTree.ParseText(candidate, Harness.ParseOptions(version));
                if (tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
                {
                    continue;
                }

                if (!Harness.Compile(new[] { tree }).GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
                {
                    results[i] = sources[i] with { Text = candidate };
                    break;
                }
            }
        });
        return results.Where(r => r is not null).Select(r => r!).ToList();
    }

    /// <summary>The compiling programs on which at least one analyzer reports.</summary>
    public static IReadOnlyList<SourceFile> Positive(IReadOnlyList<SourceFile> sources, LanguageVersion version = LanguageVersion.Latest)
    {
        var compiling = Compiling(sources, version);
        var positive = new bool[compiling.Count];
        Parallel.For(0, compiling.Count, i =>
        {
            var tree = CSharpSyntaxTree.ParseText(compiling[i].Text, Harness.ParseOptions(version));
            positive[i] = !Harness.AnalyzeAsync(Harness.Compile(new[] { tree })).GetAwaiter().GetResult().Diagnostics.IsEmpty;
        });
        return compiling.Where((_, i) => positive[i]).ToList();
    }

    private static IEnumerable<string> Candidates(string text)
    {
        yield return text;
        if (!text.Contains("using System", StringComparison.Ordinal))
        {
            yield return Usings + text;
        }

        if (!text.Contains("class ", StringComparison.Ordinal) && !text.Contains("namespace ", StringComparison.Ordinal))
        {
            yield return Usings + "class C\n{\n" + text + "\n}\n";
            yield return Usings + "class C\n{\n    async Task M()\n    {\n        await Task.Yield();\n" + text + "\n    }\n}\n";
        }
    }
}
