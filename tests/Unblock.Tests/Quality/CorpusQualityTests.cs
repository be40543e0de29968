using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Quality;
using Xunit;

namespace Unblock.Tests.Quality;

/// <summary>
/// The labelled corpus (tests/Unblock.Tests/Corpus) scored with every shipped analyzer: it compiles, it is big
/// enough and covers every family, and every shipped rule keeps recall and precision of at least 0.95.
/// </summary>
public sealed class CorpusQualityTests : IClassFixture<CorpusQualityTests.ScoredCorpus>
{
    public const double Bar = 0.95;

    private static readonly string[] Families = { "BLK001", "BLK002", "BLK003", "BLK004", "BLK005", "BLK006", "BLK007", "BLK008" };

    private readonly ScoredCorpus _corpus;

    public CorpusQualityTests(ScoredCorpus corpus) => _corpus = corpus;

    /// <summary>Scores the corpus once for all tests.</summary>
    public sealed class ScoredCorpus
    {
        public ScoredCorpus()
        {
            Directory = RepositoryPaths.Combine("tests", "Unblock.Tests", "Corpus");
            Files = CorpusScorer.Load(Directory);
            Report = CorpusScorer.Score(Files, AllAnalyzers.CreateAnalyzers(), CorpusScorer.IdentityFamily);
        }

        public string Directory { get; }

        public ImmutableArray<CorpusScorer.CorpusFile> Files { get; }

        public QualityReport Report { get; }
    }

    [Fact]
    public void Corpus_compiles_without_errors()
    {
        Assert.True(_corpus.Report.CompilerErrors.IsEmpty, string.Join(Environment.NewLine, _corpus.Report.CompilerErrors));
    }

    [Fact]
    public void No_analyzer_throws_on_the_corpus()
    {
        Assert.True(_corpus.Report.AnalyzerExceptions.IsEmpty, string.Join(Environment.NewLine, _corpus.Report.AnalyzerExceptions));
    }

    [Fact]
    public void Corpus_has_at_least_250_cases_and_every_family()
    {
        Assert.True(_corpus.Report.Cases >= 250, "cases: " + _corpus.Report.Cases);
        foreach (var family in Families)
        {
            Assert.True(_corpus.Report.Rules.Any(r => r.Family == family && r.Expected >= 3), family + " has fewer than 3 expected lines");
        }
    }

    [Fact]
    public void Every_shipped_rule_reaches_the_bar()
    {
        var report = _corpus.Report;
        var shipped = AllAnalyzers.CreateAnalyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id)
            .Where(id => !CorpusScorer.IsConfigurationDiagnostic(id)).Distinct().ToList();
        Assert.NotEmpty(shipped);
        foreach (var id in shipped)
        {
            var score = report.Rules.SingleOrDefault(r => r.Family == id);
            Assert.True(score is not null && !score.Pending, id + " is shipped but not scored");
            Assert.True(score!.Expected > 0, id + " is shipped but the corpus expects it nowhere");
            Assert.True(score.Recall >= Bar && score.Precision >= Bar, $"{id}: recall {score.Recall:0.000}, precision {score.Precision:0.000}\n{report.Format()}");
        }
    }

    [Fact]
    public void Labels_are_well_formed()
    {
        foreach (var file in _corpus.Files)
        {
            foreach (var (line, family) in file.Expectations)
            {
                Assert.True(Families.Contains(family), $"{file.Path}:{line}: unknown family {family}");
                Assert.False(file.IsStubs, $"{file.Path}:{line}: stub lines are never expected");
            }
        }

        Assert.Contains(_corpus.Files, f => f.IsStubs);
    }

    [Fact]
    public void Readme_shows_the_command_and_a_quality_row_for_every_shipped_rule()
    {
        var readme = File.ReadAllText(RepositoryPaths.Combine("README.md"));
        var section = readme.IndexOf("## Quality", StringComparison.Ordinal);
        Assert.True(section >= 0, "README.md has no Quality section");
        var text = readme.Substring(section);
        Assert.Contains("dotnet run --project tests/Unblock.Quality -c Release", text, StringComparison.Ordinal);
        foreach (var rule in _corpus.Report.Scored)
        {
            Assert.Contains("| " + rule.Family + " | ", text, StringComparison.Ordinal);
        }
    }
}
