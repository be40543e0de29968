using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Analyzers.Rules.Sleep;
using Unblock.Analyzers.Rules.SyncWait;
using Unblock.Quality;
using Xunit;

namespace Unblock.Tests.Quality;

/// <summary>The scorer counts what it should, on a corpus small enough to check by hand.</summary>
public sealed class CorpusScorerTests
{
    private const string Sample = @"using System.Threading;
using System.Threading.Tasks;

namespace Sample;

public static class C
{
    public static async Task M()
    {
        Thread.Sleep(1); // expect: BLK002
        var a = Task.Run(() => 1).Result; // expect: BLK001
        var b = Task.Run(() => 2).Result; // silent: deliberately wrong label, a false positive
        var c = 3; // expect: BLK001, BLK003
        await Task.Yield();
    }
}
";

    private static ImmutableArray<CorpusScorer.CorpusFile> Files(params (string Path, string Text)[] files)
        => files.Select(f => CorpusScorer.CorpusFile.Parse(f.Path, f.Text)).ToImmutableArray();

    [Fact]
    public void Counts_true_and_false_positives_and_negatives_per_family()
    {
        var report = CorpusScorer.Score(Files(("Sample.cs", Sample)), new DiagnosticAnalyzer[] { new SyncWaitAnalyzer(), new SleepAnalyzer() }, CorpusScorer.IdentityFamily);

        Assert.Empty(report.CompilerErrors);
        Assert.Equal(4, report.Cases);
        var blk001 = report.Rules.Single(r => r.Family == "BLK001");
        Assert.Equal((2, 1, 1, 1), (blk001.Expected, blk001.TruePositives, blk001.FalsePositives, blk001.FalseNegatives));
        Assert.Equal(0.5, blk001.Recall);
        Assert.Equal(0.5, blk001.Precision);
        var blk002 = report.Rules.Single(r => r.Family == "BLK002");
        Assert.Equal((1, 1, 0, 0), (blk002.Expected, blk002.TruePositives, blk002.FalsePositives, blk002.FalseNegatives));
        Assert.True(report.Rules.Single(r => r.Family == "BLK003").Pending);
        Assert.Equal(3, report.Total.TruePositives + report.Total.FalseNegatives);

        Assert.Contains(report.Misses, m => m.Line == 12 && m.Kind == MissKind.FalsePositive && m.Family == "BLK001");
        Assert.Contains(report.Misses, m => m.Line == 13 && m.Kind == MissKind.FalseNegative && m.Family == "BLK001");
        var text = report.Format();
        Assert.Contains("| BLK001 | 2 | 1 | 1 | 1 | 0.500 | 0.500 |", text, StringComparison.Ordinal);
        Assert.Contains("| BLK003 | 1 | pending |", text, StringComparison.Ordinal);
        Assert.Contains("Sample.cs:12: FP BLK001", text, StringComparison.Ordinal);
        Assert.DoesNotContain("FN BLK003", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_peer_mapped_to_any_family_matches_every_expectation_on_its_line()
    {
        var report = CorpusScorer.Score(Files(("Sample.cs", Sample)), new DiagnosticAnalyzer[] { new SyncWaitAnalyzer() }, id => id == "BLK001" ? CorpusScorer.AnyFamily : null);

        Assert.All(report.Rules, r => Assert.False(r.Pending));
        Assert.Equal(1, report.Rules.Single(r => r.Family == "BLK001").TruePositives);
        Assert.Equal(1, report.Rules.Single(r => r.Family == "*").FalsePositives);
    }

    [Fact]
    public void Reports_compiler_errors_and_compiles_top_level_programs_on_their_own()
    {
        var report = CorpusScorer.Score(
            Files(
                ("Broken.cs", "namespace B; class C { void M() { int x = ; } }"),
                ("One.cs", "await System.Threading.Tasks.Task.Yield();\nSystem.Threading.Thread.Sleep(1); // expect: BLK002\n"),
                ("Two.cs", "await System.Threading.Tasks.Task.Yield();\n")),
            new DiagnosticAnalyzer[] { new SleepAnalyzer() },
            CorpusScorer.IdentityFamily);

        Assert.Single(report.CompilerErrors.Select(e => e.Location.SourceTree!.FilePath).Distinct(), "Broken.cs");
        Assert.Equal(1, report.Rules.Single(r => r.Family == "BLK002").TruePositives);
    }

    [Fact]
    public void Parses_labels()
    {
        var file = CorpusScorer.CorpusFile.Parse("a.cs", "x(); // expect: BLK001,BLK003\ny(); // silent: why\nz(); // expect:\n// silent:\n");
        Assert.Equal(new[] { "BLK001", "BLK003" }, file.ExpectedAt(1));
        Assert.True(file.IsMarkedSilent(2));
        Assert.Empty(file.ExpectedAt(3));
        Assert.False(file.IsMarkedSilent(4));
    }
}
