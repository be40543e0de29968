using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Unblock.Scan.Tests;

public sealed class OutputTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "unblock-scan-output");

    private static Finding Make(string id, DiagnosticSeverity severity, string file = "Web/OrdersController.cs", int line = 12)
        => new(id, severity, $"message of {id}", new SourceSpan(Path.Combine(Root, file), line, 9, line, 30), "Web", null, ImmutableArray<ChainStep>.Empty);

    private static Finding Chain()
        => new("BLK007", DiagnosticSeverity.Warning, "'GetAsync' calls 'FileStore.Load(string)', which blocks on 'File.ReadAllText' (GetAsync → FileStore.Load(string) → File.ReadAllText)",
            new SourceSpan(Path.Combine(Root, "Web/OrdersController.cs"), 20, 16, 20, 40), "Web", "GetAsync → FileStore.Load(string) → File.ReadAllText",
            ImmutableArray.Create(new ChainStep(new SourceSpan(Path.Combine(Root, "Infrastructure/File Store.cs"), 15, 39, 15, 80), "File.ReadAllText")));

    private static ScanResult Result(params Finding[] findings) => new(findings, new[] { "Broken.csproj: could not be loaded (bad XML): skipped" }, 3, 2);

    [Theory]
    [InlineData(DiagnosticSeverity.Info, FailOn.Warning, ExitCodes.Clean)]
    [InlineData(DiagnosticSeverity.Warning, FailOn.Warning, ExitCodes.Findings)]
    [InlineData(DiagnosticSeverity.Error, FailOn.Warning, ExitCodes.Findings)]
    [InlineData(DiagnosticSeverity.Warning, FailOn.Error, ExitCodes.Clean)]
    [InlineData(DiagnosticSeverity.Error, FailOn.Error, ExitCodes.Findings)]
    [InlineData(DiagnosticSeverity.Error, FailOn.None, ExitCodes.Clean)]
    public void Exit_code_follows_the_highest_severity_and_fail_on(DiagnosticSeverity severity, FailOn failOn, int expected)
    {
        Assert.Equal(expected, Program.ExitCode(Result(Make("BLK001", DiagnosticSeverity.Info), Make("BLK002", severity)), failOn));
        Assert.Equal(ExitCodes.Clean, Program.ExitCode(Result(), failOn));
    }

    [Fact]
    public void A_finding_prints_like_a_compiler_diagnostic_with_its_chain_below()
    {
        Assert.Equal("Web/OrdersController.cs(12,9): error BLK002: message of BLK002", Program.Format(Make("BLK002", DiagnosticSeverity.Error), Root));
        var lines = Program.Format(Chain(), Root).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(
            new[]
            {
                "Web/OrdersController.cs(20,16): warning BLK007: 'GetAsync' calls 'FileStore.Load(string)', which blocks on 'File.ReadAllText' (GetAsync → FileStore.Load(string) → File.ReadAllText)",
                "    blocks at Infrastructure/File Store.cs(15,39): File.ReadAllText",
            },
            lines);
        Assert.Equal("2 findings (1 error, 1 info) in 2 projects, 1 skipped, 1 load or analysis problem (stderr)",
            Program.Summary(Result(Make("BLK002", DiagnosticSeverity.Error), Make("BLK008", DiagnosticSeverity.Info))));
    }

    [Fact]
    public void Sarif_has_the_2_1_0_shape_rules_results_and_related_locations()
    {
        var rules = new Scanner(_ => { }).Rules;
        using var stream = new MemoryStream();
        SarifWriter.Write(stream, Result(Make("BLK002", DiagnosticSeverity.Error), Make("BLK008", DiagnosticSeverity.Info, line: 3), Chain()), rules, "1.2.3", Root);
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(stream.ToArray()));
        var log = document.RootElement;
        Assert.Equal("2.1.0", log.GetProperty("version").GetString());
        Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", log.GetProperty("$schema").GetString());
        var run = Assert.Single(log.GetProperty("runs").EnumerateArray());

        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("Unblock", driver.GetProperty("name").GetString());
        Assert.Equal("1.2.3", driver.GetProperty("version").GetString());
        var ruleIds = driver.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(new[] { "BLK001", "BLK002", "BLK003", "BLK004", "BLK005", "BLK006", "BLK007", "BLK008", "BLK099" }, ruleIds);
        foreach (var rule in driver.GetProperty("rules").EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
            Assert.StartsWith("https://", rule.GetProperty("helpUri").GetString(), System.StringComparison.Ordinal);
            Assert.Contains(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), new[] { "error", "warning", "note", "none" });
        }

        Assert.EndsWith("/unblock-scan-output/", run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString(), System.StringComparison.Ordinal);
        var invocation = Assert.Single(run.GetProperty("invocations").EnumerateArray());
        Assert.True(invocation.GetProperty("executionSuccessful").GetBoolean());
        Assert.Contains("Broken.csproj", Assert.Single(invocation.GetProperty("toolExecutionNotifications").EnumerateArray()).GetProperty("message").GetProperty("text").GetString(), System.StringComparison.Ordinal);

        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(new[] { "error", "note", "warning" }, results.Select(r => r.GetProperty("level").GetString()));
        foreach (var result in results)
        {
            var id = result.GetProperty("ruleId").GetString();
            Assert.Equal(id, ruleIds[result.GetProperty("ruleIndex").GetInt32()]);
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
            var location = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            Assert.Equal("Web/OrdersController.cs", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.Equal("%SRCROOT%", location.GetProperty("artifactLocation").GetProperty("uriBaseId").GetString());
            Assert.True(location.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
            Assert.True(location.GetProperty("region").GetProperty("startColumn").GetInt32() >= 1);
        }

        var chain = results[2];
        Assert.Equal("GetAsync → FileStore.Load(string) → File.ReadAllText", chain.GetProperty("properties").GetProperty("chain").GetString());
        var related = Assert.Single(chain.GetProperty("relatedLocations").EnumerateArray());
        Assert.Equal("Infrastructure/File%20Store.cs", related.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(15, related.GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal("File.ReadAllText", related.GetProperty("message").GetProperty("text").GetString());
    }
}
