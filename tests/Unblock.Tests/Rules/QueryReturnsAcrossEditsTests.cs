using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using Unblock.Analyzers;
using Unblock.Analyzers.Rules.Io;
using Xunit;

namespace Unblock.Tests.Rules;

/// <summary>
/// BLK003 in the IDE: whether a repository's method returns a database query as an <c>IEnumerable</c> is read in its
/// body once; after an edit inside another body, the next compilation uses that answer without binding the method
/// again, unless its file (or a file the answer was read from) changed.
/// </summary>
public class QueryReturnsAcrossEditsTests
{
    private const string Controller = @"using System.Linq;
using System.Threading.Tasks;
class Controller
{
    private readonly Repository _repository = new Repository();

    async Task<int> Count()
    {
        await Task.Yield();
        return _repository.GetIds().ToList().Count;
    }
}
";

    private const string RepositoryFile = @"using System.Collections.Generic;
using System.Linq;
using Microsoft.EntityFrameworkCore;
class Repository
{
    public DbSet<Order> Orders { get; } = null!;

    public IEnumerable<int> GetIds() => Query.Ids(Orders);
}
";

    private const string QueryFile = @"using System.Collections.Generic;
using System.Linq;
using Microsoft.EntityFrameworkCore;
static class Query
{
    public static IEnumerable<int> Ids(DbSet<Order> orders) => orders.Select(o => o.Id);
}
";

    [Fact]
    public void A_helper_in_an_unchanged_file_is_not_read_again_after_an_edit_in_another_body()
    {
        var before = TransitiveHarness.Compile(new[] { Controller, RepositoryFile, QueryFile, BlockingIoTests.EfCoreQueries });
        Assert.Equal("Returned, read File1.cs File2.cs", Ask(before));

        // A build's compilation keeps nothing; the first edit reads again and keeps the answer for the edits after it.
        var first = Edit(before, "File0.cs", "await Task.Yield();", "await Task.Yield();\n        var w = 0;");
        Assert.Equal("Returned, read File1.cs File2.cs", Ask(first));

        var second = Edit(first, "File0.cs", "var w = 0;", "var w = 1;");
        Assert.Equal("Returned, read nothing", Ask(second));

        // The same trees again (a rebuild) are read from scratch.
        Assert.Equal("Returned, read File1.cs File2.cs", Ask(second.RemoveAllSyntaxTrees().AddSyntaxTrees(second.SyntaxTrees)));
    }

    [Fact]
    public void An_edit_in_a_body_the_answer_was_read_from_reads_it_again()
    {
        var before = TransitiveHarness.Compile(new[] { Controller, RepositoryFile, QueryFile, BlockingIoTests.EfCoreQueries });
        var first = Edit(before, "File0.cs", "await Task.Yield();", "await Task.Yield();\n        var w = 0;");
        Assert.Equal("Returned, read File1.cs File2.cs", Ask(first));

        // The helper's helper no longer returns the query: read again, and no longer reported.
        var edited = Edit(first, "File2.cs", "orders.Select(o => o.Id)", "new List<int>()");
        Assert.Equal("none, read File1.cs File2.cs", Ask(edited));

        // And back: the repository's own file is unchanged, but what it was read from is not.
        var back = Edit(edited, "File2.cs", "new List<int>()", "orders.Select(o => o.Id)");
        Assert.Equal("Returned, read File1.cs File2.cs", Ask(back));
        Assert.Equal("Returned, read nothing", Ask(Edit(back, "File0.cs", "var w = 0;", "var w = 1;")));
    }

    /// <summary>
    /// What BLK003's query reading says of <c>_repository.GetIds().ToList()</c> in the controller (File0.cs), on a new
    /// model as after a keystroke, and the files of the bodies it read to say it.
    /// </summary>
    private static string Ask(Compilation compilation)
    {
        var symbols = AsyncSymbols.TryCreate(compilation)!;
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == "File0.cs");
        var model = compilation.GetSemanticModel(tree);
        var call = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().Single(i => i.ToString().EndsWith(".ToList()", StringComparison.Ordinal));
        var read = new List<SyntaxNode>();
        QuerySource? source;
        using (LocalValues.BodiesReadInto(symbols, read))
        {
            source = QueryOperators.For(symbols).EnumeratedBy((IInvocationOperation)model.GetOperation(call)!);
        }

        var files = read.Select(n => n.SyntaxTree.FilePath).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToArray();
        return (source?.Kind.ToString() ?? "none") + ", read " + (files.Length == 0 ? "nothing" : string.Join(" ", files));
    }

    /// <summary>The first <paramref name="oldText"/> of the file at <paramref name="path"/> replaced, as a keystroke in the IDE makes it: a new compilation with that one tree changed.</summary>
    internal static Compilation Edit(Compilation compilation, string path, string oldText, string newText)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var text = tree.GetText().ToString();
        var at = text.IndexOf(oldText, StringComparison.Ordinal);
        Assert.True(at >= 0, oldText);
        return compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().WithChanges(new TextChange(new TextSpan(at, oldText.Length), newText))));
    }
}
