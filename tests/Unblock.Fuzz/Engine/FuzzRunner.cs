using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Unblock.Fuzz;

/// <summary>One input that made an analyzer or a code fix throw.</summary>
public sealed record FuzzFailure(int Index, string Kind, string Origin, string Source, string Exception);

/// <summary>What a fuzz run found.</summary>
public sealed class FuzzReport
{
    private int _programs;
    private int _analyzerExceptions;
    private int _fixExceptions;
    private int _diagnostics;
    private int _actions;

    public int Programs => _programs;

    public int AnalyzerExceptions => _analyzerExceptions;

    public int FixExceptions => _fixExceptions;

    public int Diagnostics => _diagnostics;

    public int CodeActionsApplied => _actions;

    public ConcurrentBag<FuzzFailure> Failures { get; } = new();

    internal void AddProgram() => Interlocked.Increment(ref _programs);

    internal void AddDiagnostics(int count) => Interlocked.Add(ref _diagnostics, count);

    internal void AddAction() => Interlocked.Increment(ref _actions);

    internal void AddAnalyzerException(FuzzFailure failure)
    {
        Interlocked.Increment(ref _analyzerExceptions);
        Failures.Add(failure);
    }

    internal void AddFixException(FuzzFailure failure)
    {
        Interlocked.Increment(ref _fixExceptions);
        Failures.Add(failure);
    }
}

/// <summary>
/// Runs every analyzer on each program, then every code fix provider on every diagnostic (each offered action is
/// applied, simplification and formatting included), capturing every exception.
/// </summary>
public static class FuzzRunner
{
    /// <summary>At most this many diagnostics of one program go through the code fixes (they are all analysed).</summary>
    public const int MaxFixedDiagnosticsPerProgram = 8;

    public static FuzzReport Run(IReadOnlyList<SourceFile> sources, int count, int seed, int jobs)
    {
        var report = new FuzzReport();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) }, index =>
        {
            var (text, origin) = Mutator.Create(sources, seed, index);
            RunOneAsync(report, index, text, origin).GetAwaiter().GetResult();
        });
        return report;
    }

    /// <summary>Runs the analyzers and fixes over programs given as they are (regression inputs, seeds).</summary>
    public static FuzzReport RunAll(IReadOnlyList<SourceFile> programs, int jobs)
    {
        var report = new FuzzReport();
        Parallel.For(0, programs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, jobs) }, index =>
            RunOneAsync(report, index, programs[index].Text, programs[index].Name).GetAwaiter().GetResult());
        return report;
    }

    public static async Task RunOneAsync(FuzzReport report, int index, string text, string origin)
    {
        report.AddProgram();
        AnalysisResult analysis;
        try
        {
            var tree = CSharpSyntaxTree.ParseText(text, Harness.ParseOptions(), path: "/Project0/Document0.cs");
            analysis = await Harness.AnalyzeAsync(Harness.Compile(new[] { tree })).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            report.AddAnalyzerException(new FuzzFailure(index, "analyzer", origin, text, exception.ToString()));
            return;
        }

        foreach (var exception in analysis.Exceptions)
        {
            report.AddAnalyzerException(new FuzzFailure(index, "analyzer", origin, text, exception.ToString()));
        }

        report.AddDiagnostics(analysis.Diagnostics.Length);
        if (analysis.Diagnostics.IsEmpty)
        {
            return;
        }

        var solution = Harness.CreateSolution(new[] { new[] { text } });
        var document = solution.Projects.Single().Documents.Single();
        foreach (var diagnostic in analysis.Diagnostics.Take(MaxFixedDiagnosticsPerProgram))
        {
            try
            {
                foreach (var (_, action) in await Harness.GetCodeActionsAsync(document, diagnostic).ConfigureAwait(false))
                {
                    var changed = await Harness.ApplyAsync(action, solution).ConfigureAwait(false);
                    await changed.GetDocument(document.Id)!.GetTextAsync().ConfigureAwait(false);
                    report.AddAction();
                }
            }
            catch (Exception exception)
            {
                report.AddFixException(new FuzzFailure(index, "code-fix " + diagnostic.Id, origin, text, exception.ToString()));
            }
        }
    }

    /// <summary>Writes each failing input as <c>NNNNN.cs</c> (the program as it was) and <c>NNNNN.txt</c> (origin and exception).</summary>
    public static void SaveFailures(FuzzReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var failure in report.Failures.OrderBy(f => f.Index))
        {
            var name = failure.Index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
            File.WriteAllText(Path.Combine(folder, name + ".cs"), failure.Source);
            File.WriteAllText(Path.Combine(folder, name + ".txt"), $"{failure.Kind}\n{failure.Origin}\n\n{failure.Exception}\n");
        }
    }
}
