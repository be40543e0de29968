using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Unblock.Fuzz;
using Xunit;
using Xunit.Abstractions;

namespace Unblock.Tests.Reliability;

/// <summary>
/// No analyzer and no code fix throws on broken, half-typed code: a fast slice of the fuzzer
/// (<c>tests/Unblock.Fuzz</c> runs 10,000 programs), the unmutated sources, and every saved failing input.
/// </summary>
public class FuzzTests
{
    private readonly ITestOutputHelper _output;

    public FuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Sources_come_from_every_rule_test_file_the_samples_and_the_seeds()
    {
        var names = ReliabilityData.Sources.Select(s => s.Name).ToList();
        foreach (var file in Directory.GetFiles(RepositoryPaths.Combine("tests", "Unblock.Tests", "Rules"), "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(RepositoryPaths.Root, file).Replace('\\', '/');
            Assert.Contains(names, n => n.StartsWith(relative + "#", StringComparison.Ordinal));
        }

        Assert.Contains(names, n => n.StartsWith("samples/", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("tests/Unblock.Tests/Reliability/Seeds/", StringComparison.Ordinal));
        Assert.All(ReliabilityData.Sources, s => Assert.DoesNotContain("[|", s.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Theories_are_expanded_with_each_inline_data_row()
    {
        const string test = @"
class T
{
    private const string Usings = ""using System;\n"";
    [Theory]
    [InlineData(""var x = [|F().Result|];"")]
    [InlineData(""G().Wait();"")]
    public async Task M(string statement)
    {
        var source = Usings + ""class C { async Task M() { "" + statement + "" } }"";
        await Verify.VerifyAnalyzerAsync(source.Replace(""{|#0:"", string.Empty));
    }
}";
        var values = Unblock.Fuzz.Sources.EvaluateStrings(test).Select(Unblock.Fuzz.Sources.StripMarkup).ToList();
        Assert.Contains("using System;\nclass C { async Task M() { var x = F().Result; } }", values);
        Assert.Contains("using System;\nclass C { async Task M() { G().Wait(); } }", values);
    }

    [Fact]
    public void Mutations_are_deterministic_and_break_the_programs()
    {
        var sources = ReliabilityData.Sources;
        var first = Enumerable.Range(0, 50).Select(i => Mutator.Create(sources, 7, i).Text).ToList();
        var second = Enumerable.Range(0, 50).Select(i => Mutator.Create(sources, 7, i).Text).ToList();
        Assert.Equal(first, second);
        var broken = first.Count(text => CSharpSyntaxTree.ParseText(text).GetDiagnostics().Any());
        Assert.True(broken > 25, $"only {broken} of 50 mutated programs have syntax errors");
    }

    [Fact]
    public void Fast_slice_of_the_fuzzer_finds_no_exception()
    {
        var report = FuzzRunner.Run(ReliabilityData.Sources, count: 300, seed: 20261129, jobs: Environment.ProcessorCount);
        _output.WriteLine($"programs: {report.Programs}, diagnostics: {report.Diagnostics}, code actions applied: {report.CodeActionsApplied}");
        Assert.Equal(300, report.Programs);
        Assert.True(report.Diagnostics > 0, "the slice produced no diagnostic: the fixes were never exercised");
        Assert.True(report.Failures.IsEmpty, string.Join("\n\n", report.Failures.Take(3).Select(f => $"{f.Kind} on #{f.Index} from {f.Origin}:\n{f.Source}\n{f.Exception}")));
    }

    [Fact]
    public void Unmutated_sources_and_saved_failing_inputs_run_clean()
    {
        var regressions = Directory.GetFiles(RepositoryPaths.Combine("tests", "Unblock.Tests", "Reliability", "Regressions"), "*.cs")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new SourceFile(Path.GetFileName(p), File.ReadAllText(p)));
        var programs = ReliabilityData.Sources.Concat(regressions).ToList();
        var report = FuzzRunner.RunAll(programs, Environment.ProcessorCount);
        _output.WriteLine($"programs: {report.Programs}, diagnostics: {report.Diagnostics}, code actions applied: {report.CodeActionsApplied}");
        Assert.True(report.Failures.IsEmpty, string.Join("\n\n", report.Failures.Take(3).Select(f => $"{f.Kind} on {f.Origin}:\n{f.Exception}")));
    }
}
