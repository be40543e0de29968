using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Unblock.Fuzz;
using Xunit;
using Xunit.Abstractions;

namespace Unblock.Tests.Reliability;

/// <summary>
/// The same diagnostics (id, file, span, message) whatever the order of the files in the compilation, with
/// concurrent execution on or off, and when several analyses share the analyzer instances at the same time.
/// </summary>
public class DeterminismTests
{
    private readonly ITestOutputHelper _output;

    public DeterminismTests(ITestOutputHelper output) => _output = output;

    /// <summary>As many positive programs as compile together in one compilation, each with a fixed file name.</summary>
    private static List<SyntaxTree> CombinedTrees()
    {
        var trees = new List<SyntaxTree>();
        var index = 0;
        foreach (var program in ReliabilityData.Positive)
        {
            var tree = CSharpSyntaxTree.ParseText(program.Text, Harness.ParseOptions(), path: $"/File{index++:D3}.cs");
            var candidate = trees.Append(tree).ToList();
            if (!Harness.Compile(candidate).GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                trees = candidate;
            }
        }

        return trees;
    }

    private static List<string> Describe(IEnumerable<Diagnostic> diagnostics)
        => diagnostics
            .Select(d => $"{d.Id} {d.Location.SourceTree?.FilePath}{d.Location.SourceSpan} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
            .OrderBy(s => s, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public async Task Diagnostics_do_not_depend_on_file_order_or_concurrency()
    {
        var trees = CombinedTrees();
        Assert.True(trees.Count >= 3, $"only {trees.Count} programs compile together");
        var baseline = await Harness.AnalyzeAsync(Harness.Compile(trees), concurrent: false);
        Assert.Empty(baseline.Exceptions);
        var expected = Describe(baseline.Diagnostics);
        Assert.NotEmpty(expected);
        _output.WriteLine($"{trees.Count} files, {expected.Count} diagnostics");

        var orders = new List<List<SyntaxTree>> { trees, Enumerable.Reverse(trees).ToList() };
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var random = new Random(seed);
            orders.Add(trees.OrderBy(_ => random.Next()).ToList());
        }

        foreach (var order in orders)
        {
            foreach (var concurrent in new[] { false, true })
            {
                var result = await Harness.AnalyzeAsync(Harness.Compile(order), concurrent);
                Assert.Empty(result.Exceptions);
                Assert.Equal(expected, Describe(result.Diagnostics));
            }
        }
    }

    [Fact]
    public async Task Simultaneous_analyses_sharing_the_analyzers_agree()
    {
        var trees = CombinedTrees();
        var expected = Describe((await Harness.AnalyzeAsync(Harness.Compile(trees), concurrent: false)).Diagnostics);
        var runs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var order = i % 2 == 0 ? trees : Enumerable.Reverse(trees).ToList();
            return await Harness.AnalyzeAsync(Harness.Compile(order), concurrent: true);
        })));
        foreach (var run in runs)
        {
            Assert.Empty(run.Exceptions);
            Assert.Equal(expected, Describe(run.Diagnostics));
        }
    }
}
