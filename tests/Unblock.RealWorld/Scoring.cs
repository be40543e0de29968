using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Unblock.Benchmarks;

namespace Unblock.RealWorld;

/// <summary>
/// One labelled line of the answer key (answer-key/*.tsv): what the code at that line does at run time. A call written
/// over several lines is one label over its lines (<c>97-118</c> in the file): tools report it on different lines of
/// it (Unblock where the call starts, others at the member's name), and it counts once.
/// </summary>
public sealed record Label(string Repo, string Path, int Line, bool Blocking, string Category, string Reason, int LastLine)
{
    /// <summary>The lines a finding may sit on to be a finding of this label.</summary>
    public IEnumerable<int> Lines => Enumerable.Range(Line, LastLine - Line + 1);
}

/// <summary>A tool as the report scores it: a name and the diagnostic ids that count as its findings.</summary>
public sealed record ScoredTool(string Name, string[] Ids);

/// <summary>Reads the answer key and the findings, and writes the report (markdown) with recall, precision and cost.</summary>
public static class Scoring
{
    /// <summary>Every *.tsv of the folder (one per repository); a malformed or repeated line is reported and skipped.</summary>
    public static List<Label> ReadKey(string folder, List<string> problems)
    {
        var labels = new List<Label>();
        var seen = new HashSet<(string, string, int)>();
        foreach (var path in Directory.GetFiles(folder, "*.tsv").OrderBy(p => p, StringComparer.Ordinal))
        {
            ReadKeyFile(path, labels, seen, problems);
        }

        return labels;
    }

    private static void ReadKeyFile(string path, List<Label> labels, HashSet<(string, string, int)> seen, List<string> problems)
    {
        var name = Path.GetFileName(path);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var cells = line.Split('\t');
            var range = cells.Length < 6 ? Array.Empty<string>() : cells[2].Split('-');
            var lastLine = 0;
            if (cells.Length < 6 || range.Length > 2 || !int.TryParse(range[0], out var lineNumber)
                || (range.Length == 2 && (!int.TryParse(range[1], out lastLine) || lastLine <= lineNumber || lastLine - lineNumber > 100))
                || (cells[3] != "blocking" && cells[3] != "clean"))
            {
                problems.Add($"{name}:{number}: expected repo, path, line (or first-last, for one call over several lines), blocking|clean, category, reason (tab-separated)");
                continue;
            }

            var label = new Label(cells[0], cells[1], lineNumber, cells[3] == "blocking", cells[4], cells[5], range.Length == 2 ? lastLine : lineNumber);
            if (label.Lines.Any(l => !seen.Add((cells[0], cells[1], l))))
            {
                problems.Add($"{name}:{number}: {cells[0]} {cells[1]}:{cells[2]} is labelled twice");
                continue;
            }

            labels.Add(label);
        }
    }

    public static void WriteFindings(string path, IEnumerable<Finding> findings)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("repo\tproject\tid\tpath\tline\tmessage");
        foreach (var f in findings.OrderBy(f => f.Repo).ThenBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Id))
        {
            writer.WriteLine($"{f.Repo}\t{f.Project}\t{f.Id}\t{f.Path}\t{f.Line}\t{f.Message}");
        }
    }

    public static List<Finding> ReadFindings(string path)
        => File.ReadLines(path).Skip(1).Select(l => l.Split('\t'))
            .Select(c => new Finding(c[0], c[1], c[2], c[3], int.Parse(c[4], CultureInfo.InvariantCulture), c[5])).ToList();

    public static void WriteCosts(string path, IEnumerable<ProjectCost> costs)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("repo\tproject\tlines\tcompile_errors\ttool\tcpu_ms\ttelemetry_ms\tfailure");
        foreach (var c in costs)
        {
            writer.WriteLine(string.Join('\t', c.Repo, c.Project, c.Lines, c.CompileErrors, c.Tool,
                c.CpuMs.ToString("F2", CultureInfo.InvariantCulture), c.TelemetryMs.ToString("F2", CultureInfo.InvariantCulture), c.Failure ?? string.Empty));
        }
    }

    public static List<ProjectCost> ReadCosts(string path)
        => File.ReadLines(path).Skip(1).Select(l => l.Split('\t'))
            .Select(c => new ProjectCost(c[0], c[1], int.Parse(c[2], CultureInfo.InvariantCulture), int.Parse(c[3], CultureInfo.InvariantCulture), c[4],
                double.Parse(c[5], CultureInfo.InvariantCulture), double.Parse(c[6], CultureInfo.InvariantCulture), c[7].Length == 0 ? null : c[7]))
            .ToList();

    /// <summary>The markdown report; <paramref name="summary"/> receives the totals table alone (for the console and the README).</summary>
    public static string Report(IReadOnlyList<string> repos, IReadOnlyList<ScoredTool> tools, IReadOnlyList<Label> key, IReadOnlyList<Finding> findings,
        IReadOnlyList<ProjectCost> costs, string unblockCostTool, out string summary)
    {
        var text = new StringBuilder();
        text.AppendLine("# Real-code evaluation report");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Repositories: {string.Join(", ", repos)}. Answer key: {key.Count(l => l.Blocking)} blocking lines, {key.Count(l => !l.Blocking)} clean lines.");
        text.AppendLine("A tool finds a blocking line when it reports any of its rules on that line; a labelled clean line it reports is a false alarm.");
        text.AppendLine();

        var totals = new StringBuilder();
        totals.AppendLine("| Tool | Blocking lines | Found | Recall | Clean lines flagged | Precision | Not yet labelled | ms per 10k lines |");
        totals.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var tool in tools)
        {
            totals.AppendLine(Row(tool.Name, Score(tool, key, findings, repos), Cost(costs, repos, CostToolName(tool, unblockCostTool))));
        }

        summary = totals.ToString();
        text.AppendLine("## All repositories");
        text.AppendLine();
        text.Append(summary);
        text.AppendLine();

        text.AppendLine("## Per repository");
        text.AppendLine();
        foreach (var repo in repos)
        {
            var lines = costs.Where(c => c.Repo == repo && c.Tool == unblockCostTool).Sum(c => c.Lines);
            var errors = costs.Where(c => c.Repo == repo && c.Tool == unblockCostTool).Sum(c => c.CompileErrors);
            text.AppendLine(CultureInfo.InvariantCulture, $"### {repo} ({lines:N0} lines analysed, {errors} compile errors left by packages not served here)");
            text.AppendLine();
            text.AppendLine("| Tool | Blocking lines | Found | Recall | Clean lines flagged | Precision | Not yet labelled | ms per 10k lines |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var tool in tools)
            {
                text.AppendLine(Row(tool.Name, Score(tool, key, findings, new[] { repo }), Cost(costs, new[] { repo }, CostToolName(tool, unblockCostTool))));
            }

            text.AppendLine();
        }

        text.AppendLine("## Cost per rule and against the floor");
        text.AppendLine();
        text.AppendLine("CPU time inside each analyzer's callbacks, summed over the projects, in ms per 10k lines (one cold run by default; with --repetitions N the median of N runs on fresh compilations after a JIT warm-up; binding is paid by whichever analyzer asks first).");
        text.AppendLine();
        var costTools = costs.Select(c => c.Tool).Distinct().ToList();
        text.AppendLine("| Tool | " + string.Join(" | ", repos) + " |");
        text.AppendLine("|---|" + string.Concat(repos.Select(_ => "---:|")));
        foreach (var tool in costTools)
        {
            text.AppendLine("| " + tool + " | " + string.Join(" | ", repos.Select(r => Cost(costs, new[] { r }, tool) is { } c ? c.ToString("F2", CultureInfo.InvariantCulture) : "-")) + " |");
        }

        text.AppendLine();
        AppendAgainstCa1849(text, costs, repos);
        AppendMarginal(text, costs, repos);
        var unblock = tools[0];
        AppendGrouped(text, "Unblock's misses, by cause", Misses(unblock, key, findings, repos));
        AppendGrouped(text, "Unblock's false alarms, by cause", FalseAlarms(unblock, key, findings, repos));

        text.AppendLine("## Diagnostics not yet labelled");
        text.AppendLine();
        text.AppendLine("Add each to answer-key/<repo>.tsv (see docs/realworld.md).");
        text.AppendLine();
        var labelled = ByLine(key).Keys.ToHashSet();
        var measuredIds = tools.SelectMany(t => t.Ids).ToHashSet(StringComparer.Ordinal);
        foreach (var group in findings.Where(f => measuredIds.Contains(f.Id) && !labelled.Contains((f.Repo, f.Path, f.Line)))
                     .GroupBy(f => (f.Repo, f.Path, f.Line)).OrderBy(g => g.Key.Repo).ThenBy(g => g.Key.Path, StringComparer.Ordinal).ThenBy(g => g.Key.Line))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {group.Key.Repo}\t{group.Key.Path}\t{group.Key.Line}\t{string.Join(",", group.Select(f => f.Id).Distinct())}\t{group.First().Message}");
        }

        return text.ToString();
    }

    /// <summary>The cost goals on real code: all of Unblock at or below CA1849, and BLK007 at most 30% of Unblock.</summary>
    private static void AppendAgainstCa1849(StringBuilder text, IReadOnlyList<ProjectCost> costs, IReadOnlyList<string> repos)
    {
        const string Ca1849 = "CA1849 (NetAnalyzers)";
        text.AppendLine("### Unblock against CA1849, and BLK007's share");
        text.AppendLine();
        text.AppendLine("| Repository | Unblock ms per 10k lines | CA1849 ms per 10k lines | Unblock / CA1849 | BLK007 share of Unblock | Unblock / compiler's binding |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var repo in repos)
        {
            var unblock = Cost(costs, new[] { repo }, Tools.UnblockTotal);
            var ca1849 = Cost(costs, new[] { repo }, Ca1849);
            var blk007 = Cost(costs, new[] { repo }, "BLK007");
            var compiler = Cost(costs, new[] { repo }, Analysis.CompilerTool);
            string Cell(double? value, string format) => value is { } v && !double.IsNaN(v) && !double.IsInfinity(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {repo} | {Cell(unblock, "F2")} | {Cell(ca1849, "F2")} | {Cell(unblock / ca1849, "F2")} | {Cell(blk007 / unblock * 100, "F0")}% | {Cell(unblock / compiler * 100, "F1")}% |");
        }

        text.AppendLine();
    }

    /// <summary>
    /// With --marginal: what BLK007 adds to Unblock's time, from two runs on bound code that differ only by BLK007,
    /// against BLK007's time in its own callbacks (which includes work it shares with the other rules when it asks first).
    /// </summary>
    private static void AppendMarginal(StringBuilder text, IReadOnlyList<ProjectCost> costs, IReadOnlyList<string> repos)
    {
        var without = Tools.WithoutName(Unblock.Analyzers.DiagnosticIds.TransitiveBlockingCall);
        var measured = repos.Where(r => costs.Any(c => c.Repo == r && c.Tool == without)).ToList();
        if (measured.Count == 0)
        {
            return;
        }

        text.AppendLine("### What BLK007 adds (--marginal: runs on bound code with and without BLK007)");
        text.AppendLine();
        text.AppendLine("| Repository | Unblock ms per 10k lines | Unblock without BLK007 | BLK007 adds | BLK007's share by what it adds | BLK007's share by its own callbacks |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var repo in measured)
        {
            var all = Cost(costs, new[] { repo }, Tools.UnblockTotal) ?? double.NaN;
            var rest = Cost(costs, new[] { repo }, without) ?? double.NaN;
            var own = Cost(costs, new[] { repo }, Unblock.Analyzers.DiagnosticIds.TransitiveBlockingCall) ?? double.NaN;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {repo} | {all:F2} | {rest:F2} | {all - rest:F2} | {(all - rest) / all * 100:F0}% | {own / all * 100:F0}% |");
        }

        text.AppendLine();
    }

    public static (int Blocking, int Found, int Flagged, int FalseAlarms, int Unlabelled) Score(ScoredTool tool, IReadOnlyList<Label> key, IReadOnlyList<Finding> findings, IReadOnlyList<string> repos)
    {
        var ids = tool.Ids.ToHashSet(StringComparer.Ordinal);
        var flagged = findings.Where(f => repos.Contains(f.Repo) && ids.Contains(f.Id)).Select(f => (f.Repo, f.Path, f.Line)).ToHashSet();
        var inRepos = key.Where(l => repos.Contains(l.Repo)).ToList();
        var labels = ByLine(inRepos);
        var hit = Hit(labels, flagged);
        return (inRepos.Count(l => l.Blocking), hit.Count(l => l.Blocking), flagged.Count, hit.Count(l => !l.Blocking), flagged.Count(f => !labels.ContainsKey(f)));
    }

    /// <summary>The labels that <paramref name="flagged"/> lines sit on (a label over several lines once).</summary>
    private static HashSet<Label> Hit(Dictionary<(string, string, int), Label> labels, IEnumerable<(string, string, int)> flagged)
        => flagged.Where(labels.ContainsKey).Select(f => labels[f]).ToHashSet();

    /// <summary>Each label under every line it covers.</summary>
    private static Dictionary<(string, string, int), Label> ByLine(IEnumerable<Label> key)
    {
        var byLine = new Dictionary<(string, string, int), Label>();
        foreach (var label in key)
        {
            foreach (var line in label.Lines)
            {
                byLine[(label.Repo, label.Path, line)] = label;
            }
        }

        return byLine;
    }

    private static IEnumerable<Label> Misses(ScoredTool tool, IReadOnlyList<Label> key, IReadOnlyList<Finding> findings, IReadOnlyList<string> repos)
    {
        var hit = Hit(ByLine(key), Flagged(tool, findings));
        return key.Where(l => repos.Contains(l.Repo) && l.Blocking && !hit.Contains(l));
    }

    private static IEnumerable<Label> FalseAlarms(ScoredTool tool, IReadOnlyList<Label> key, IReadOnlyList<Finding> findings, IReadOnlyList<string> repos)
    {
        var hit = Hit(ByLine(key), Flagged(tool, findings));
        return key.Where(l => repos.Contains(l.Repo) && !l.Blocking && hit.Contains(l));
    }

    private static HashSet<(string, string, int)> Flagged(ScoredTool tool, IReadOnlyList<Finding> findings)
    {
        var ids = tool.Ids.ToHashSet(StringComparer.Ordinal);
        return findings.Where(f => ids.Contains(f.Id)).Select(f => (f.Repo, f.Path, f.Line)).ToHashSet();
    }

    private static void AppendGrouped(StringBuilder text, string title, IEnumerable<Label> labels)
    {
        var list = labels.ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {title} ({list.Count})");
        text.AppendLine();
        foreach (var group in list.GroupBy(l => l.Category).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"### {group.Key} ({group.Count()})");
            text.AppendLine();
            foreach (var l in group.OrderBy(l => l.Repo).ThenBy(l => l.Path, StringComparer.Ordinal).ThenBy(l => l.Line))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {l.Repo} `{l.Path}:{l.Line}`: {l.Reason}");
            }

            text.AppendLine();
        }
    }

    private static string CostToolName(ScoredTool tool, string unblockCostTool) => tool.Ids.Length > 1 ? unblockCostTool : tool.Name;

    /// <summary>ms per 10k lines over the repositories' projects, or null when the tool was not measured there.</summary>
    private static double? Cost(IReadOnlyList<ProjectCost> costs, IReadOnlyList<string> repos, string tool)
    {
        var rows = costs.Where(c => repos.Contains(c.Repo) && c.Tool.StartsWith(tool, StringComparison.Ordinal)).ToList();
        var lines = rows.Sum(r => r.Lines);
        return rows.Count == 0 || lines == 0 ? null : rows.Sum(r => r.CpuMs) / (lines / 10_000.0);
    }

    private static string Row(string name, (int Blocking, int Found, int Flagged, int FalseAlarms, int Unlabelled) s, double? cost)
    {
        var recall = s.Blocking == 0 ? "-" : ((double)s.Found / s.Blocking).ToString("F3", CultureInfo.InvariantCulture);
        var precision = s.Found + s.FalseAlarms == 0 ? "-" : ((double)s.Found / (s.Found + s.FalseAlarms)).ToString("F3", CultureInfo.InvariantCulture);
        var ms = cost is { } c ? c.ToString("F2", CultureInfo.InvariantCulture) : "-";
        return $"| {name} | {s.Blocking} | {s.Found} | {recall} | {s.FalseAlarms} | {precision} | {s.Unlabelled} | {ms} |";
    }
}
