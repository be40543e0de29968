using System;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Unblock.Quality;

/// <summary>
/// <c>dotnet run --project tests/Unblock.Quality -c Release [corpus directory]</c>: scores every shipped Unblock
/// analyzer on the corpus and prints the table and every miss. Exit code 1 when the corpus does not compile, an
/// analyzer throws, or a shipped rule is below the bar.
/// </summary>
public static class Program
{
    public const double Bar = 0.95;

    public static int Main(string[] args)
    {
        var corpus = args.Length > 0 ? Path.GetFullPath(args[0]) : DefaultCorpusDirectory();
        var report = CorpusScorer.Score(corpus, ShippedAnalyzers(), CorpusScorer.IdentityFamily);
        Console.Write(report.Format());
        var belowBar = report.Scored.Where(r => r.Recall < Bar || r.Precision < Bar).Select(r => r.Family).ToList();
        if (belowBar.Count > 0)
        {
            Console.WriteLine("Below " + Bar + ": " + string.Join(", ", belowBar));
        }

        return report.CompilerErrors.IsEmpty && report.AnalyzerExceptions.IsEmpty && belowBar.Count == 0 ? 0 : 1;
    }

    /// <summary>Every analyzer of Unblock.Analyzers.dll that the compiler loads (a [DiagnosticAnalyzer] attribute).</summary>
    public static DiagnosticAnalyzer[] ShippedAnalyzers()
        => typeof(Unblock.Analyzers.UnblockAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToArray();

    /// <summary>tests/Unblock.Tests/Corpus of the repository holding the current directory or this program.</summary>
    public static string DefaultCorpusDirectory()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Analyzers.sln")))
                {
                    return Path.Combine(dir.FullName, "tests", "Unblock.Tests", "Corpus");
                }
            }
        }

        throw new DirectoryNotFoundException("Analyzers.sln not found above " + Directory.GetCurrentDirectory());
    }
}
