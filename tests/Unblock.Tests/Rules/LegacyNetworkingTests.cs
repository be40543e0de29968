using System.Threading.Tasks;
using Xunit;
using Verify = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.LegacyNetworking.LegacyNetworkingAnalyzer, Unblock.CodeFixes.Rules.LegacyNetworking.LegacyNetworkingCodeFixProvider>;

namespace Unblock.Tests.Rules;

public class LegacyNetworkingTests
{
    private const string Usings = "using System;\nusing System.Collections.Specialized;\nusing System.IO;\nusing System.Net;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private static Task Analyze(string members, string? editorConfig = null)
        => Verify.VerifyAnalyzerAsync(Usings + "class C\n{\n    " + members + "\n}", editorConfig);

    [Theory]
    [InlineData("async Task M(WebClient c, string u) { var s = [|c.DownloadString(u)|]; }")]
    [InlineData("async Task M(WebClient c, Uri u) { var s = [|c.DownloadString(u)|]; }")]
    [InlineData("async Task M(WebClient c, string u) { var b = [|c.DownloadData(u)|]; }")]
    [InlineData("async Task M(WebClient c, string u) { [|c.DownloadFile(u, \"f\")|]; }")]
    [InlineData("async Task M(WebClient c, string u) { var s = [|c.UploadString(u, \"x\")|]; }")]
    [InlineData("async Task M(WebClient c, string u, byte[] b) { var r = [|c.UploadData(u, b)|]; }")]
    [InlineData("async Task M(WebClient c, string u) { var r = [|c.UploadFile(u, \"f\")|]; }")]
    [InlineData("async Task M(WebClient c, string u, NameValueCollection v) { var r = [|c.UploadValues(u, v)|]; }")]
    [InlineData("async Task M(WebClient c, string u) { using var s = [|c.OpenRead(u)|]; }")]
    [InlineData("async Task M(WebClient c, string u) { using var s = [|c.OpenWrite(u)|]; }")]
    [InlineData("async Task M(WebRequest r) { using var x = [|r.GetResponse()|]; }")]
    [InlineData("async Task M(HttpWebRequest r) { using var x = [|r.GetResponse()|]; }")]
    [InlineData("async Task M(HttpWebRequest r) { using var s = [|r.GetRequestStream()|]; }")]
    [InlineData("async Task M(FtpWebRequest r) { using var x = [|r.GetResponse()|]; }")]
    [InlineData("void M(WebClient c) { Func<Task> f = async () => { var s = [|c.DownloadString(\"u\")|]; }; }")]
    public async Task Reports_legacy_networking_in_async_code(string member) => await Analyze(member);

    [Theory]
    [InlineData("void M(WebClient c) { var s = c.DownloadString(\"u\"); }")]
    [InlineData("async Task M(WebClient c) { await Task.Run(() => c.DownloadString(\"u\")); }")]
    [InlineData("async Task M(WebClient c) { var s = await c.DownloadStringTaskAsync(\"u\"); }")]
    [InlineData("async Task M(WebClient c) { c.DownloadStringAsync(new Uri(\"http://x\")); await Task.Yield(); }")]
    [InlineData("async Task M(Fake c) { var s = c.DownloadString(\"u\"); await Task.Yield(); } class Fake { public string DownloadString(string u) => u; public Task<string> DownloadStringTaskAsync(string u) => Task.FromResult(u); }")]
    public async Task Stays_silent_where_nothing_blocks_or_it_is_not_WebClient(string member) => await Analyze(member);

    [Fact]
    public async Task Excluded_methods_are_not_reported()
        => await Analyze("async Task M(WebClient c) { var s = c.DownloadString(\"u\"); await Task.Yield(); }", "dotnet_code_quality.BLK004.excluded_methods = T:System.Net.WebClient");

    [Fact]
    public async Task Message_recommends_HttpClient()
        => await Verify.VerifyAnalyzerAsync(
            Usings + "class C { async Task M(WebClient c) { var s = {|#0:c.DownloadString(\"u\")|}; } }",
            Verify.Diagnostic("BLK004").WithLocation(0).WithArguments("WebClient.DownloadString()", "use 'await DownloadStringTaskAsync(...)', or better, replace it with HttpClient"));

    [Fact]
    public async Task Fix_awaits_the_TaskAsync_twin()
        => await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task<int> M(WebClient c, string u, CancellationToken ct) { var s = [|c.DownloadString(u)|]; [|c.DownloadFile(u, \"f\")|]; return [|c.DownloadData(u)|].Length; } }",
            Usings + "class C { async Task<int> M(WebClient c, string u, CancellationToken ct) { var s = await c.DownloadStringTaskAsync(u); await c.DownloadFileTaskAsync(u, \"f\"); return (await c.DownloadDataTaskAsync(u)).Length; } }");

    [Fact]
    public async Task Fix_awaits_GetResponseAsync()
        => await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task M(HttpWebRequest r) { using var s = [|r.GetRequestStream()|]; using var x = [|r.GetResponse()|]; } }",
            Usings + "class C { async Task M(HttpWebRequest r) { using var s = await r.GetRequestStreamAsync(); using var x = await r.GetResponseAsync(); } }");

    [Fact]
    public async Task Fix_all_in_project()
    {
        var test = new Verify.Test
        {
            TestState = { Sources = { Usings + "class A { async Task M(WebClient c) { var a = [|c.DownloadString(\"u\")|]; var b = [|c.DownloadData(\"u\")|]; } }", Usings + "class B { async Task M(WebRequest r) { var x = [|r.GetResponse()|]; } }" } },
            FixedState = { Sources = { Usings + "class A { async Task M(WebClient c) { var a = await c.DownloadStringTaskAsync(\"u\"); var b = await c.DownloadDataTaskAsync(\"u\"); } }", Usings + "class B { async Task M(WebRequest r) { var x = await r.GetResponseAsync(); } }" } },
            NumberOfFixAllIterations = 1,
            NumberOfFixAllInDocumentIterations = 2,
        };
        await test.RunAsync();
    }
}
