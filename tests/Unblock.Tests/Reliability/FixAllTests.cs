using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Unblock.Fuzz;
using Xunit;
using Xunit.Abstractions;

namespace Unblock.Tests.Reliability;

/// <summary>
/// Every fix compiles, at scale: on every positive case of the rule tests, samples, seeds and corpus, each offered
/// code action alone and Fix All at document, project and solution scope leave no compiler error, a second Fix All
/// finds nothing left and applying it twice changes nothing; under C# 7.3 too.
/// </summary>
public class FixAllTests
{
    private readonly ITestOutputHelper _output;

    public FixAllTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Every_rule_has_positive_programs()
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var program in ReliabilityData.Positive)
        {
            var tree = CSharpSyntaxTree.ParseText(program.Text, Harness.ParseOptions());
            reported.UnionWith(Harness.AnalyzeAsync(Harness.Compile(new[] { tree })).GetAwaiter().GetResult().Diagnostics.Select(d => d.Id));
        }

        foreach (var id in Harness.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct())
        {
            Assert.True(reported.Contains(id), $"no harvested program reports {id}: its tests could not be turned into programs; add a seed under tests/Unblock.Tests/Reliability/Seeds");
        }
    }

    [Fact]
    public Task Every_fix_and_every_Fix_All_compiles_leaves_nothing_and_is_idempotent()
        => CheckAllAsync(ReliabilityData.Positive, LanguageVersion.Latest);

    [Fact]
    public Task Fixes_respect_the_CSharp_7_3_language_version()
        => CheckAllAsync(ReliabilityData.PositiveCSharp73, LanguageVersion.CSharp7_3);

    private async Task CheckAllAsync(IReadOnlyList<Fuzz.SourceFile> programs, LanguageVersion version)
    {
        Assert.NotEmpty(programs);
        var results = new (IReadOnlyList<string> Problems, int Actions, int FixAlls)[programs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, programs.Count), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (i, _) =>
            results[i] = await FixChecker.CheckAsync(programs[i], version));

        var problems = results.SelectMany(r => r.Problems).ToList();
        var actions = results.Sum(r => r.Actions);
        var fixAlls = results.Sum(r => r.FixAlls);
        _output.WriteLine($"{version}: {programs.Count} positive programs, {actions} code actions, {fixAlls} Fix All runs, {problems.Count} problems");
        Assert.True(actions > 0 && fixAlls > 0, "no fix was exercised");
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n\n" + string.Join("\n\n", problems.Take(5)));
    }
}
