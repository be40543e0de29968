using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Analyzers;
using Unblock.Analyzers.Options;

namespace Unblock.Benchmarks;

/// <summary>
/// <c>--profile</c>: where Unblock's time goes. Probes run the shared machinery step by step on every operation the
/// rules inspect (options lookup; the rule's <c>Classify</c>; <c>AsyncContext.Of</c>), each metered on its own,
/// next to the real rules and the floor, over several repetitions (to see JIT warm-up settle).
/// </summary>
public static class Profile
{
    public static async Task RunAsync(int lines, int repetitions, Action<string> log)
    {
        var unblock = Tools.Unblock();
        var rules = unblock.Where(t => t.IsUnblockRule).ToList();
        var kinds = rules.SelectMany(t => t.Analyzers).OfType<BlockingCallAnalyzer>().SelectMany(a => a.OperationKinds).Distinct().ToImmutableArray();
        var tools = new List<Tool>(unblock) { Tools.Floor(Tools.Unblock().Single(t => t.Name == Tools.UnblockTotal).Analyzers) };
        if (Environment.GetEnvironmentVariable("UNBLOCK_BIND_FIRST") == "1")
        {
            // Before every rule, a probe binds every member body through the driver's model cache: the rules then run on
            // bound code, and BLK007 shows its cost without the binding of helper bodies it otherwise does ahead of the
            // driver (which reuses it).
            tools.Insert(0, AsTool("probe: bind every member body first", new Probe(kinds, ProbeStep.BindAll, null)));
        }
        else if (Environment.GetEnvironmentVariable("UNBLOCK_NO_PROBES") != "1")
        {
            // UNBLOCK_NO_PROBES=1: only the rules and the floor, for a sampling profiler (dotnet-trace) attached to this run.
            tools.Add(AsTool("probe: options lookup", new Probe(kinds, ProbeStep.Options, null)));
            foreach (var rule in rules.SelectMany(t => t.Analyzers).OfType<BlockingCallAnalyzer>())
            {
                tools.Add(AsTool($"probe: {rule.Descriptor.Id} Classify", new Probe(rule.OperationKinds, ProbeStep.Classify, rule)));
            }

            tools.Add(AsTool("probe: AsyncContext.Of on every operation", new Probe(kinds, ProbeStep.Context, null)));
            if (Environment.GetEnvironmentVariable("UNBLOCK_PROBES_FIRST") == "1")
            {
                // The driver runs analyzers in array order: probes first shows what the first analyzer to touch a node pays.
                tools = tools.Where(t => t.Group == "Probe").Concat(tools.Where(t => t.Group != "Probe")).ToList();
            }
        }

        var files = new CodeGenerator().GenerateProject(lines);
        var compilation = Measure.Compile(files, tools);
        Measure.AssertCompiles(compilation);
        log($"profile: {files.Sum(f => CodeGenerator.CountLines(f.Text))} lines");
        var results = await Measure.CostAsync(compilation, lines, tools, repetitions, warmUp: true, log);
        Console.WriteLine("| tool | " + string.Join(" | ", Enumerable.Range(1, repetitions).Select(i => $"run {i} CPU ms")) + " | callbacks | KB allocated |");
        Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---:|", repetitions)) + "---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Tool.Name} | " + string.Join(" | ", r.Samples.Select(s => s.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))
                              + $" | {r.Callbacks} | {r.AllocatedBytes / 1024} |");
        }
    }

    private static Tool AsTool(string name, DiagnosticAnalyzer analyzer) => new(name, "Probe", ImmutableArray.Create(analyzer), ImmutableArray.Create("PROBE"));

    private enum ProbeStep
    {
        Options,
        Classify,
        Context,
        BindAll,
    }

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class Probe : UnblockAnalyzer
    {
        private static readonly DiagnosticDescriptor Descriptor = new("PROBE", "Probe", "Probe", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        private readonly ImmutableArray<OperationKind> _kinds;
        private readonly ProbeStep _step;
        private readonly BlockingCallAnalyzer? _rule;

        public Probe(ImmutableArray<OperationKind> kinds, ProbeStep step, BlockingCallAnalyzer? rule)
        {
            _kinds = kinds;
            _step = step;
            _rule = rule;
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptor);

        protected override void OnCompilationStart(CompilationStartAnalysisContext context, AsyncSymbols symbols, UnblockOptions options)
        {
            var bound = 0;
            context.RegisterOperationAction(
                c =>
                {
                    if (_step == ProbeStep.BindAll && System.Threading.Interlocked.Exchange(ref bound, 1) == 0)
                    {
                        BindAll(context.Compilation, c.CancellationToken);
                    }

                    var treeOptions = options.For(c.Operation.Syntax.SyntaxTree);
                    switch (_step)
                    {
                        case ProbeStep.Classify:
                            _rule!.Classify(c.Operation, symbols, treeOptions, c.CancellationToken);
                            break;
                        case ProbeStep.Context:
                            AsyncContext.Of(c.Operation, c.ContainingSymbol, symbols, treeOptions);
                            break;
                    }
                },
                _kinds);
        }

        /// <summary>Binds every member body through the driver's semantic model cache (the models the rules get).</summary>
        private static void BindAll(Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            foreach (var tree in compilation.SyntaxTrees)
            {
#pragma warning disable RS1030 // Measurement only: the point is to bind ahead of the rules.
                var model = compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (node is Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.AccessorDeclarationSyntax)
                    {
                        model.GetOperation(node, cancellationToken);
                    }
                }
            }
        }
    }
}
