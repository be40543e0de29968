using System;
using System.Collections.Generic;
using System.IO;
using Xunit;

namespace Unblock.RealWorld.Tests;

/// <summary>
/// The answer key's format and how the report counts a tool's findings against it: a call written over several lines is
/// one label over them (<c>first-last</c>), found by a diagnostic on any of its lines, counted once.
/// </summary>
public sealed class AnswerKeyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("unblock-key-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private List<Label> Key(string tsv, List<string> problems)
    {
        File.WriteAllText(Path.Combine(_folder, "repo.tsv"), "# repo\tpath\tline\tlabel\tcategory\treason\n" + tsv);
        return Scoring.ReadKey(_folder, problems);
    }

    private static Finding At(string id, int line) => new("repo", "p.csproj", id, "A.cs", line, "message");

    [Fact]
    public void A_call_over_several_lines_is_found_by_a_diagnostic_on_any_of_its_lines_and_counts_once()
    {
        var problems = new List<string>();
        var key = Key("repo\tA.cs\t10-14\tblocking\tsync-wait\tone call\nrepo\tA.cs\t20\tblocking\tsync-db\tanother\nrepo\tA.cs\t30\tclean\tno-io\tnothing\n", problems);
        Assert.Empty(problems);

        var atStart = new ScoredTool("starts", new[] { "X" });
        var atName = new ScoredTool("names", new[] { "Y" });
        var both = new ScoredTool("both", new[] { "X", "Y" });
        var findings = new[] { At("X", 10), At("Y", 14), At("Y", 30), At("X", 99) };
        var repos = new[] { "repo" };

        Assert.Equal((2, 1, 2, 0, 1), Scoring.Score(atStart, key, findings, repos));
        Assert.Equal((2, 1, 2, 1, 0), Scoring.Score(atName, key, findings, repos));

        // Lines 10 and 14 are the same call: found once, not twice.
        Assert.Equal((2, 1, 4, 1, 1), Scoring.Score(both, key, findings, repos));
    }

    [Theory]
    [InlineData("repo\tA.cs\t14-10\tblocking\tsync-wait\tbackwards\n")]
    [InlineData("repo\tA.cs\t10-10\tblocking\tsync-wait\tnot a range\n")]
    [InlineData("repo\tA.cs\t1-200\tblocking\tsync-wait\tlonger than a call\n")]
    [InlineData("repo\tA.cs\t10-12-14\tblocking\tsync-wait\tthree parts\n")]
    [InlineData("repo\tA.cs\t10-14\tblocking\tsync-wait\tone call\nrepo\tA.cs\t12\tclean\tno-io\tinside it\n")]
    public void A_malformed_or_overlapping_range_is_reported(string tsv)
    {
        var problems = new List<string>();
        Key(tsv, problems);
        Assert.Single(problems);
    }
}
