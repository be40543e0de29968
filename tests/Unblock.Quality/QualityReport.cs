using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Unblock.Quality;

/// <summary>Line-by-line counts of one rule family on the corpus.</summary>
public sealed class RuleScore
{
    public RuleScore(string family) => Family = family;

    public string Family { get; }

    /// <summary>Lines that expect this family.</summary>
    public int Expected { get; internal set; }

    public int TruePositives { get; internal set; }

    public int FalsePositives { get; internal set; }

    public int FalseNegatives { get; internal set; }

    /// <summary>True when no analyzer given to the scorer reports this family: its lines are counted, not scored.</summary>
    public bool Pending { get; internal set; }

    /// <summary>TP / (TP + FN); 1 when nothing is expected.</summary>
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>TP / (TP + FP); 1 when nothing is reported.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
}

public enum MissKind
{
    /// <summary>An expected line without the family's diagnostic.</summary>
    FalseNegative,

    /// <summary>A diagnostic of the family on a line that does not expect it.</summary>
    FalsePositive,
}

/// <summary>One wrong line: where, which family, what was expected and what was reported.</summary>
public sealed record Miss(string Path, int Line, string Family, MissKind Kind, ImmutableArray<string> Expected, ImmutableArray<string> Got, string Text)
{
    public override string ToString()
        => string.Format(
            CultureInfo.InvariantCulture,
            "{0}:{1}: {2} {3}: expected [{4}], got [{5}]   {6}",
            Path,
            Line,
            Kind == MissKind.FalseNegative ? "FN" : "FP",
            Family,
            string.Join(", ", Expected),
            string.Join(", ", Got),
            Text);
}

/// <summary>The result of scoring analyzers on the corpus.</summary>
public sealed class QualityReport
{
    public QualityReport(int files, int expectedLines, int silentLines, ImmutableArray<RuleScore> rules, ImmutableArray<Miss> misses, ImmutableArray<Diagnostic> compilerErrors, ImmutableArray<string> analyzerExceptions)
    {
        Files = files;
        ExpectedLines = expectedLines;
        SilentLines = silentLines;
        Rules = rules;
        Misses = misses;
        CompilerErrors = compilerErrors;
        AnalyzerExceptions = analyzerExceptions;
    }

    public int Files { get; }

    /// <summary>Expected lines plus lines marked <c>// silent:</c>.</summary>
    public int Cases => ExpectedLines + SilentLines;

    /// <summary>Lines with an <c>// expect:</c> label (a line expecting two families counts once).</summary>
    public int ExpectedLines { get; }

    /// <summary>Deliberate negatives: lines marked <c>// silent: reason</c>.</summary>
    public int SilentLines { get; }

    /// <summary>One entry per family that is expected somewhere or reported by a given analyzer, ordered by family.</summary>
    public ImmutableArray<RuleScore> Rules { get; }

    public ImmutableArray<Miss> Misses { get; }

    public ImmutableArray<Diagnostic> CompilerErrors { get; }

    public ImmutableArray<string> AnalyzerExceptions { get; }

    /// <summary>The families some analyzer reports (the ones whose numbers mean something).</summary>
    public ImmutableArray<RuleScore> Scored => Rules.Where(r => !r.Pending).ToImmutableArray();

    /// <summary>The sum over the scored families.</summary>
    public RuleScore Total
    {
        get
        {
            var total = new RuleScore("total");
            foreach (var rule in Scored)
            {
                total.Expected += rule.Expected;
                total.TruePositives += rule.TruePositives;
                total.FalsePositives += rule.FalsePositives;
                total.FalseNegatives += rule.FalseNegatives;
            }

            return total;
        }
    }

    /// <summary>The report as text: a Markdown table, the pending families, then every miss.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.AppendLine(string.Format(CultureInfo.InvariantCulture, "Corpus: {0} files, {1} cases ({2} expected lines, {3} marked silent)", Files, Cases, ExpectedLines, SilentLines));
        text.AppendLine();
        text.AppendLine("| Rule | Expected | TP | FP | FN | Recall | Precision |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var rule in Rules)
        {
            text.AppendLine(rule.Pending
                ? string.Format(CultureInfo.InvariantCulture, "| {0} | {1} | pending | | | | |", rule.Family, rule.Expected)
                : Row(rule));
        }

        text.AppendLine(Row(Total).Replace("| total |", "| **total** |", StringComparison.Ordinal));
        var pending = Rules.Where(r => r.Pending).Select(r => r.Family).ToList();
        if (pending.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Pending (no analyzer reports them yet, not scored): " + string.Join(", ", pending));
        }

        var misses = Misses.Where(m => Rules.Any(r => r.Family == m.Family && !r.Pending) || m.Family == CorpusScorer.AnyFamily).ToList();
        text.AppendLine();
        text.AppendLine(misses.Count == 0 ? "Misses: none" : "Misses (" + misses.Count + "):");
        foreach (var miss in misses)
        {
            text.AppendLine("  " + miss);
        }

        foreach (var error in CompilerErrors)
        {
            text.AppendLine("Compiler error: " + error);
        }

        foreach (var exception in AnalyzerExceptions)
        {
            text.AppendLine("Analyzer exception: " + exception);
        }

        return text.ToString();
    }

    private static string Row(RuleScore rule)
        => string.Format(
            CultureInfo.InvariantCulture,
            "| {0} | {1} | {2} | {3} | {4} | {5:0.000} | {6:0.000} |",
            rule.Family,
            rule.Expected,
            rule.TruePositives,
            rule.FalsePositives,
            rule.FalseNegatives,
            rule.Recall,
            rule.Precision);
}
