using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Benchmarks;

namespace Unblock.RealWorld;

/// <summary>
/// --latency: IDE-like re-analysis of one real document inside its project. Per repository, the largest hand-written file
/// with async code of its largest project is edited (a statement inserted at the start of one method body after another) and that
/// document alone is analysed again, on a fresh compilation each time (as after a keystroke), per tool.
/// </summary>
public static class Latency
{
    /// <summary>
    /// Measured edits per tool (after 2 warm-up edits): with 20, the p95 was the second highest of 20 values and moved by
    /// several ms between runs of the same code.
    /// </summary>
    public const int Edits = 60;

    public sealed record Row(string Repo, string Project, string File, int Lines, int ProjectLines, string Tool, double P50, double P95, string? Failure);

    public static async Task<List<Row>> RunAsync(Repository repo, string clone, IReadOnlyList<string> projects, Dictionary<string, string> properties,
        IReadOnlyList<Tool> tools, TextWriter loadLog, TimeSpan limit, Action<string> log)
    {
        var rows = new List<Row>();
        using var workspace = await Analysis.OpenAsync(repo, clone, projects, properties, loadLog, limit, log);
        (Project Project, Compilation Compilation, int Lines)? largest = null;
        foreach (var project in workspace.CurrentSolution.Projects)
        {
            var compilation = await project.GetCompilationAsync();
            if (compilation is null)
            {
                continue;
            }

            var lines = compilation.SyntaxTrees.Where(t => !Analysis.IsGenerated(t.FilePath)).Sum(t => t.GetText().Lines.Count);
            if (largest is null || lines > largest.Value.Lines)
            {
                largest = (project, compilation, lines);
            }
        }

        if (largest is not { } chosen)
        {
            log($"{repo.Name}: latency: no compilation");
            return rows;
        }

        // The largest hand-written file with async code and method bodies to type in: where Unblock has work to do (the
        // largest file outright is often a table or an EF model snapshot).
        var candidates = chosen.Compilation.SyntaxTrees
            .Where(t => !Analysis.IsGenerated(t.FilePath) && t.GetText().ToString().Contains("async ", StringComparison.Ordinal))
            .Select(t => (Tree: t, Anchors: Anchors(t)))
            .Where(c => c.Anchors.Count >= 3)
            .ToList();
        if (candidates.Count == 0)
        {
            log($"{repo.Name}: latency: no file with async code and method bodies");
            return rows;
        }

        var (tree, anchors) = candidates.MaxBy(c => c.Tree.GetText().Lines.Count);

        var compilationForRun = chosen.Compilation.WithOptions(chosen.Compilation.Options
            .WithSyntaxTreeOptionsProvider(null)
            .WithSpecificDiagnosticOptions(Measure.DiagnosticOptions(tools)));
        var file = Path.GetRelativePath(clone, tree.FilePath).Replace('\\', '/');
        var projectPath = Path.GetRelativePath(clone, chosen.Project.FilePath!).Replace('\\', '/');
        var fileLines = tree.GetText().Lines.Count;
        log($"{repo.Name}: latency on {file} ({fileLines:N0} lines) in {projectPath} ({chosen.Lines:N0} lines), {anchors.Count} edit points");
        var options = new AnalyzerOptions(chosen.Project.AnalyzerOptions.AdditionalFiles, chosen.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider);
        var results = await Measure.DocumentLatencyAsync(compilationForRun, tree, anchors, "\nglobal::System.GC.KeepAlive(\"edit {0}\");", tools, Edits, options,
            line => log($"{repo.Name}:{line}"));
        foreach (var result in results)
        {
            rows.Add(new Row(repo.Name, projectPath, file, fileLines, chosen.Lines, result.Tool.Name,
                result.AnalyzerMs.Count > 0 ? Stats.Percentile(result.AnalyzerMs, 50) : 0,
                result.AnalyzerMs.Count > 0 ? Stats.Percentile(result.AnalyzerMs, 95) : 0, result.Failure));
        }

        return rows;
    }

    /// <summary>Where an edit goes: right after the opening brace of each method, accessor and local function body.</summary>
    private static List<int> Anchors(SyntaxTree tree)
        => tree.GetRoot().DescendantNodes()
            .OfType<BlockSyntax>()
            .Where(b => b.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax)
            .Select(b => b.OpenBraceToken.Span.End)
            .ToList();

    /// <summary>The latency table: one row per repository, one column pair (p50, p95) per tool.</summary>
    public static string Report(IReadOnlyList<Row> rows, IReadOnlyList<string> toolNames)
    {
        var text = new StringBuilder();
        text.AppendLine("## Re-analysis of one real document (IDE latency)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"CPU ms inside each tool's callbacks to analyse the largest hand-written file with async code of the largest project again after an edit, on a fresh compilation (caches empty), {Edits} edits after 2 warm-up edits: p50 / p95.");
        text.AppendLine();
        text.AppendLine("| Repository | File (lines) | " + string.Join(" | ", toolNames) + " |");
        text.AppendLine("|---|---|" + string.Concat(toolNames.Select(_ => "---:|")));
        foreach (var repo in rows.GroupBy(r => r.Repo))
        {
            var first = repo.First();
            var cells = toolNames.Select(name => repo.FirstOrDefault(r => r.Tool == name) is { } row
                ? row.Failure is null ? string.Create(CultureInfo.InvariantCulture, $"{row.P50:F1} / {row.P95:F1}") : "failed"
                : "-");
            text.AppendLine(CultureInfo.InvariantCulture, $"| {repo.Key} | `{first.File}` ({first.Lines:N0}) | {string.Join(" | ", cells)} |");
        }

        return text.ToString();
    }
}
