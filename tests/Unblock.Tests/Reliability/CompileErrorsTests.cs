using System.Linq;
using Unblock.Fuzz;
using Xunit;

namespace Unblock.Tests.Reliability;

/// <summary>New compile errors after a fix run: the multiset difference the real-code fix run reports.</summary>
public class CompileErrorsTests
{
    private static CompileError E(string id, string file, int line, string message = "m") => new(id, message, file, line);

    [Fact]
    public void Errors_that_were_there_before_count_for_nothing_even_when_their_line_moved()
    {
        var before = new[] { E("CS0246", "a.cs", 10), E("CS0246", "a.cs", 20), E("CS1061", "b.cs", 5) };
        var after = new[] { E("CS0246", "a.cs", 12), E("CS0246", "a.cs", 22), E("CS1061", "b.cs", 5) };
        Assert.Empty(CompileError.New(before, after));
    }

    [Fact]
    public void A_surplus_occurrence_is_new_and_the_one_on_a_fresh_line_is_listed()
    {
        var before = new[] { E("CS0246", "a.cs", 10) };
        var after = new[] { E("CS0246", "a.cs", 30), E("CS0246", "a.cs", 10), E("CS0029", "a.cs", 10) };
        var added = CompileError.New(before, after);
        Assert.Equal(new[] { ("CS0246", 30), ("CS0029", 10) }, added.Select(e => (e.Id, e.Line)).OrderByDescending(p => p.Item2).ToArray());
    }

    [Fact]
    public void Same_id_in_another_file_or_with_another_message_is_new_and_errors_gone_are_not_counted()
    {
        var before = new[] { E("CS0246", "a.cs", 1), E("CS0103", "c.cs", 1), E("CS0103", "c.cs", 2) };
        var after = new[] { E("CS0246", "b.cs", 1), E("CS0246", "a.cs", 1, "other") };
        Assert.Equal(2, CompileError.New(before, after).Length);
    }
}
