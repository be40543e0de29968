using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Unblock.Scan.Tests;

public sealed class FindingTests
{
    private static readonly DiagnosticDescriptor Transitive = new("BLK007", "title", "'{0}' calls '{1}', which blocks on '{2}' ({3})", "Unblock", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    private static Location At(string path, int line)
        => Location.Create(path, new TextSpan(0, 1), new LinePositionSpan(new LinePosition(line - 1, 4), new LinePosition(line - 1, 10)));

    [Fact]
    public void A_chain_inside_the_project_keeps_the_blocking_call_of_the_additional_location()
    {
        var diagnostic = Diagnostic.Create(Transitive, At("/src/Web/A.cs", 12), new[] { At("/src/Web/B.cs", 30) }, "GetAsync", "FileStore.Load(string)", "File.ReadAllText()", "GetAsync → FileStore.Load(string) → File.ReadAllText()");
        var finding = Finding.From(diagnostic, "Web")!;
        Assert.Equal("GetAsync → FileStore.Load(string) → File.ReadAllText()", finding.Chain);
        var step = Assert.Single(finding.Steps);
        Assert.Equal(("/src/Web/B.cs", 30, 5, "File.ReadAllText()"), (step.At.Path, step.At.Line, step.At.Column, step.Text));
    }

    [Theory]
    [InlineData("GetAsync → FileDocumentStore.Load(string) → File.ReadAllText(), in Infrastructure at FileDocumentStore.cs:15", "Infrastructure", "FileDocumentStore.cs")]
    [InlineData("GetAsync → Store.Load() → Io.Read(string, int) → File.ReadAllText(), in Infrastructure at Io.cs:15 in Io", "Io", "Io.cs")]
    // Parameter types may hold " (" themselves (a tuple after another parameter): the chain starts after the blocking member.
    [InlineData("GetAsync → Store.Load(string, (int, int)) → File.ReadAllText(), in Infrastructure at Store.cs:15", "Infrastructure", "Store.cs")]
    public void A_chain_into_another_project_is_resolved_to_the_file_of_that_project(string chain, string assembly, string file)
    {
        var diagnostic = Diagnostic.Create(Transitive, At("/src/Web/A.cs", 12), "GetAsync", "Store.Load()", "File.ReadAllText()", chain);
        string? Resolve(string a, string f) => a == assembly && f == file ? "/src/" + a + "/" + f : null;
        var finding = Finding.From(diagnostic, "Web", Resolve)!;
        Assert.Equal(chain, finding.Chain);
        var step = Assert.Single(finding.Steps);
        Assert.Equal(("/src/" + assembly + "/" + file, 15, 0, "File.ReadAllText()"), (step.At.Path, step.At.Line, step.At.Column, step.Text));
        Assert.Equal("/src/" + assembly + "/" + file + "(15)", step.At.Format(null));

        // A file the scan cannot place (two of that name, or not in the solution): the chain text still names it.
        Assert.Empty(Finding.From(diagnostic, "Web", (_, _) => null)!.Steps);
    }
}
