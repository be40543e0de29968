using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Quality;

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

    public static DetectionResult Run(string repoRoot, IReadOnlyList<Tool> tools, Action<string> log)
    {
        var folder = Path.Combine(repoRoot, CorpusFolder);
        if (!Directory.Exists(folder))
        {
            log($"detection: corpus not found ({CorpusFolder}); recall/precision side by side skipped");
            return new DetectionResult { Found = false, Message = $"Corpus not found ({CorpusFolder}): detection side by side not measured in this run." };
        }

        // The labels and compilations of Unblock.Quality's scorer; the measured rules forced on (CA1849 is off by default).
        var files = CorpusScorer.Load(folder);
        var options = Measure.DiagnosticOptions(tools);
        var compilations = CorpusScorer.Compile(files)
            .Select(c => c.WithOptions(c.Options.WithSpecificDiagnosticOptions(options)))
            .ToList();
        var expectedLines = files.Sum(f => Enumerable.Range(1, f.LineCount).Count(l => !f.ExpectedAt(l).IsEmpty));
        var result = new DetectionResult
        {
            Found = true,
            Message = $"{files.Length} corpus files ({CorpusFolder}), {expectedLines} lines labelled `// expect: BLKnnn`, every other line must stay silent. "
                      + "Scored line by line as Unblock.Quality does: an Unblock diagnostic counts for its own family; a peer's rule stands for any "
                      + "family (a peer finding on a labelled line is a true positive whatever the family; on any other line a false positive). "
                      + "All families count.",
        };
        foreach (var tool in tools.Where(t => t.Name != Tools.FloorName))
        {
            var isUnblock = tool.Group == Tools.UnblockGroup;
            var reported = new HashSet<(string Path, int Line, string Family)>();
            foreach (var compilation in compilations)
            {
                var failures = new Dictionary<DiagnosticAnalyzer, string>();
                var diagnostics = compilation.WithAnalyzers(tool.Analyzers, Measure.Options(failures))
                    .GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
                foreach (var failure in failures.Values.Distinct())
                {
                    log($"detection: {tool.Name} threw: {failure}");
                }

                foreach (var d in diagnostics.Where(d => tool.Ids.Contains(d.Id) && d.Location.IsInSource))
                {
                    var span = d.Location.GetLineSpan();
                    reported.Add((span.Path, span.StartLinePosition.Line + 1, isUnblock ? d.Id : CorpusScorer.AnyFamily));
                }
            }

            int tp = 0, fp = 0, fn = 0;
            var byLine = reported.GroupBy(r => (r.Path, r.Line)).ToDictionary(g => g.Key, g => g.Select(r => r.Family).ToHashSet(StringComparer.Ordinal));
            foreach (var file in files)
            {
                for (var line = 1; line <= file.LineCount; line++)
                {
                    var expected = file.ExpectedAt(line);
                    var got = byLine.TryGetValue((file.Path, line), out var families) ? families : new HashSet<string>();
                    var any = got.Contains(CorpusScorer.AnyFamily);
                    foreach (var family in expected)
                    {
                        if (any || got.Contains(family))
                        {
                            tp++;
                        }
                        else
                        {
                            fn++;
                        }
                    }

                    fp += got.Count(f => f == CorpusScorer.AnyFamily ? expected.IsEmpty : !expected.Contains(f));
                }
            }

            result.Rows.Add(new DetectionRow(tool.Name, tp, fp, fn));
            log($"detection: {tool.Name}: recall {result.Rows[^1].Recall:F2}, precision {result.Rows[^1].Precision:F2}");
        }

        return result;
    }
}
