using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Unblock.Analyzers.Options;
using Xunit;
using VerifyFile = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.BlockingMethodsFile.BlockingMethodsFileAnalyzer, Microsoft.CodeAnalysis.Testing.EmptyCodeFixProvider>;
using VerifyIo = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.Io.BlockingIoAnalyzer, Unblock.CodeFixes.Rules.Io.BlockingIoCodeFixProvider>;

namespace Unblock.Tests.Rules;

/// <summary>The AdditionalFiles list <c>Unblock.BlockingMethods.txt</c> (read by BLK003) and its BLK099 diagnostic.</summary>
public class BlockingMethodsFileTests
{
    private const string FilePath = "/0/Unblock.BlockingMethods.txt";

    private const string Library = @"using System.Threading;
using System.Threading.Tasks;
namespace Contoso
{
    public class Client
    {
        public string Fetch(string url) => url;
        public Task<string> DownloadAsync(string url, CancellationToken cancellationToken = default) => Task.FromResult(url);
        public void Ping() { }
        public void Ping(int times) { }
    }
    public class LegacyClient { public void Connect() { } public int Query(string q) => 0; }
}
";

    [Fact]
    public async Task Listed_methods_are_reported_with_their_twin_and_fixed()
    {
        var test = new VerifyIo.Test
        {
            TestState =
            {
                Sources = { Library, "using System.Threading;\nusing System.Threading.Tasks;\nclass C { async Task M(Contoso.Client c, CancellationToken ct) { var s = [|c.Fetch(\"u\")|]; } }" },
                AdditionalFiles = { (FilePath, "# Contoso's blocking API\nM:Contoso.Client.Fetch(System.String) => DownloadAsync\n") },
            },
            FixedState =
            {
                Sources = { Library, "using System.Threading;\nusing System.Threading.Tasks;\nclass C { async Task M(Contoso.Client c, CancellationToken ct) { var s = await c.DownloadAsync(\"u\", ct); } }" },
                AdditionalFiles = { (FilePath, "# Contoso's blocking API\nM:Contoso.Client.Fetch(System.String) => DownloadAsync\n") },
            },
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task Listed_methods_without_a_twin_are_reported_without_a_fix()
    {
        var source = "using System.Threading.Tasks;\nclass C { async Task M(Contoso.Client c, Contoso.LegacyClient l) { [|c.Ping()|]; [|c.Ping(2)|]; [|l.Connect()|]; var n = [|l.Query(\"q\")|]; await Task.Yield(); } }";
        const string list = "M:Contoso.Client.Ping\n  T:Contoso.LegacyClient  \n";
        var test = new VerifyIo.Test
        {
            TestState = { Sources = { Library, source }, AdditionalFiles = { (FilePath, list) } },
            FixedState = { Sources = { Library, source }, AdditionalFiles = { (FilePath, list) }, MarkupHandling = MarkupMode.Allow },
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task Unlisted_methods_and_other_file_names_are_ignored()
    {
        var source = "using System.Threading.Tasks;\nclass C { async Task M(Contoso.Client c) { c.Ping(); var s = c.Fetch(\"u\"); await Task.Yield(); } }";
        var test = new VerifyIo.Test
        {
            TestState = { Sources = { Library, source }, AdditionalFiles = { ("/0/Other.txt", "M:Contoso.Client.Ping\n"), (FilePath, "M:Contoso.Client.Other\n") } },
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task Listed_methods_respect_the_async_context_and_exclusions()
    {
        var source = "using System.Threading.Tasks;\nclass C { void Sync(Contoso.Client c) { c.Ping(); } async Task M(Contoso.Client c) { c.Ping(); await Task.Yield(); } }";
        var test = new VerifyIo.Test
        {
            TestState =
            {
                Sources = { Library, source },
                AdditionalFiles = { (FilePath, "M:Contoso.Client.Ping\n") },
                AnalyzerConfigFiles = { ("/.editorconfig", "root = true\n[*]\ndotnet_code_quality.BLK003.excluded_methods = T:Contoso.Client\n") },
            },
        };
        await test.RunAsync();
    }

    [Theory]
    [InlineData("Contoso.Client.Fetch", "an entry starts with a documentation ID")]
    [InlineData("P:Contoso.Client.Name", "an entry starts with a documentation ID")]
    [InlineData("M:Contoso.Client.Fetch => ", "after '=>' comes the name of the asynchronous twin")]
    [InlineData("M:Contoso.Client.Fetch => Fetch Async", "after '=>' comes the name of the asynchronous twin")]
    [InlineData("M:Contoso.Client.Fetch => A => B", "at most one '=>'")]
    [InlineData("M:Contoso.Client.Fetch FetchAsync", "no spaces")]
    [InlineData("M:Contoso.Client.Fetch(System.String", "parameter list")]
    [InlineData("T:Contoso.LegacyClient => ConnectAsync", "cannot name a twin")]
    public async Task A_malformed_line_gets_an_explanatory_diagnostic_on_that_line(string line, string reason)
    {
        var text = "# list\nM:Contoso.Client.Ping\n  " + line + "\n";

        // The reader skips the line, explains why, and keeps the good lines.
        var parsed = BlockingMethodsFile.Parse(FilePath, SourceText.From(text));
        var error = Assert.Single(parsed.Errors);
        Assert.Contains(reason, error.Reason, System.StringComparison.Ordinal);
        Assert.Equal(line.Trim(), error.Text);
        Assert.True(parsed.Entries.ContainsKey("M:Contoso.Client.Ping"), "the good lines still apply");

        // BLK099 is reported on that line of the file (column 3: after the two leading spaces).
        var test = new VerifyFile.Test { TestState = { Sources = { "class C { }" }, AdditionalFiles = { (FilePath, text) } } };
        test.ExpectedDiagnostics.Add(VerifyFile.Diagnostic("BLK099").WithSpan(FilePath, 3, 3, 3, 3 + line.Trim().Length).WithArguments(error.Text, error.Reason));
        await test.RunAsync();
    }

    [Fact]
    public async Task A_malformed_line_is_skipped_and_the_rest_still_applies()
    {
        var test = new VerifyIo.Test
        {
            TestState =
            {
                Sources = { Library, "using System.Threading.Tasks;\nclass C { async Task M(Contoso.Client c) { [|c.Ping()|]; await Task.Yield(); } }" },
                AdditionalFiles = { (FilePath, "Contoso.Client.Fetch\nM:Contoso.Client.Ping\n") },
            },
        };
        await test.RunAsync();
    }

    [Fact]
    public async Task A_well_formed_file_and_no_file_give_no_diagnostic()
    {
        var test = new VerifyFile.Test
        {
            TestState = { Sources = { "class C { }" }, AdditionalFiles = { (FilePath, "# comment\n\nM:A.B.C   # every overload\nM:A.B.C(System.Int32) => CAsync\t# with its twin\nM:A.B.#ctor\nT:A.B\n") } },
        };
        await test.RunAsync();
        await VerifyFile.VerifyAnalyzerAsync("class C { }");
    }
}
