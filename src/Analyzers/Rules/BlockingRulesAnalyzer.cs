using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules;

/// <summary>
/// BLK001-BLK006 (and BLK008 for their findings in component code) as the package ships them: one analyzer with one
/// callback per operation kind that asks each rule of <see cref="BlockingRules.All"/> in turn. Six analyzers would each
/// pay the driver's callback, the async-code gate, the Razor filter, the options lookup and the async context for every
/// operation; here they are paid once (see <see cref="BlockingCallAnalyzer.Register"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingRulesAnalyzer : UnblockAnalyzer
{
    private readonly ImmutableArray<BlockingCallAnalyzer> _rules;
    private readonly ImmutableArray<OperationKind> _kinds;

    public BlockingRulesAnalyzer()
        : this(BlockingRules.All)
    {
    }

    /// <summary>For measurements: some of the rules.</summary>
    public BlockingRulesAnalyzer(ImmutableArray<BlockingCallAnalyzer> rules)
    {
        _rules = rules;
        _kinds = rules.SelectMany(rule => rule.OperationKinds).Distinct().ToImmutableArray();
        SupportedDiagnostics = rules.SelectMany(rule => rule.SupportedDiagnostics).Distinct().ToImmutableArray();
    }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

    protected override bool AnalyzesRazorCode => true;

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, AsyncSymbols symbols, UnblockOptions options)
        => BlockingCallAnalyzer.Register(context, symbols, options, _rules, _kinds);
}
