using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Unblock.Benchmarks;

public sealed record DetectionRow(string Tool, int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Recall => TruePositives + FalseNegatives == 0 ? double.NaN : (double)TruePositives / (TruePositives + FalseNegatives);

    public double Precision => TruePositives + FalsePositives == 0 ? double.NaN : (double)TruePositives / (TruePositives + FalsePositives);
}

public sealed class DetectionResult
{
    public bool Found { get; init; }

    public required string Message { get; init; }

    public List<DetectionRow> Rows { get; } = new();

    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine(Message);
        if (Rows.Count == 0)
        {
            return sb.ToString();
        }

        sb.AppendLine();
        sb.AppendLine("| tool | true positives | false positives | false negatives | recall | precision |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in Rows)
        {
            sb.AppendLine($"| {r.Tool} | {r.TruePositives} | {r.FalsePositives} | {r.FalseNegatives} | {r.Recall:F2} | {r.Precision:F2} |");
        }

        return sb.ToString();
    }
}

/// <summary>
/// Detection side by side: every tool over the labelled corpus (<c>tests/Unblock.Tests/Corpus</c>, lines marked
/// <c>// expect: BLKnnn</c>), scored line by line: a line counts as found when the tool reports any of its rules on
/// it, whatever the rule id (the peers have their own ids).
/// </summary>
public static class Detection
{
    public const string CorpusFolder = "tests/Unblock.Tests/Corpus";

    private static readonly Regex Expect = new(@"//\s*expect:\s*(BLK\d{3})", RegexOptions.Compiled);

    public static DetectionResult Run(string repoRoot, IReadOnlyList<Tool> tools, Action<string> log)
    {
        var folder = Path.Combine(repoRoot, CorpusFolder);
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).ToList() : new List<string>();
        if (files.Count == 0)
        {
            log($"detection: corpus not found ({CorpusFolder}); recall/precision side by side skipped");
            return new DetectionResult { Found = false, Message = $"Corpus not found ({CorpusFolder}): detection side by side not measured in this run." };
        }

        var sources = files.Select(f => (Path.GetRelativePath(folder, f), File.ReadAllText(f))).ToList();
        var expected = new HashSet<(string File, int Line)>();
        foreach (var (name, text) in sources)
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (Expect.IsMatch(lines[i]))
                {
                    expected.Add((name, i));
                }
            }
        }

        var compilation = Measure.Compile(sources, tools);
        var result = new DetectionResult { Found = true, Message = $"{files.Count} corpus files, {expected.Count} lines marked `// expect:`; scored line by line (a tool's finding on a marked line is a true positive whatever its id)." };
        foreach (var tool in tools.Where(t => t.Name != Tools.FloorName))
        {
            var failures = new Dictionary<DiagnosticAnalyzer, string>();
            var diagnostics = compilation.WithAnalyzers(tool.Analyzers, Measure.Options(failures))
                .GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
            if (failures.Count > 0)
            {
                log($"detection: {tool.Name} threw: {failures.Values.First()}");
            }

            var flagged = diagnostics
                .Where(d => tool.Ids.Contains(d.Id) && d.Location.IsInSource)
                .Select(d => (d.Location.SourceTree!.FilePath, d.Location.GetLineSpan().StartLinePosition.Line))
                .ToHashSet();
            var tp = flagged.Count(expected.Contains);
            result.Rows.Add(new DetectionRow(tool.Name, tp, flagged.Count - tp, expected.Count - tp));
        }

        return result;
    }
}
