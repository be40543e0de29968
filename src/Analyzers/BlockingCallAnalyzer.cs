using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Analyzers.Options;
using Unblock.Analyzers.Razor;
using Unblock.Analyzers.Rules.Blazor;

namespace Unblock.Analyzers;

/// <summary>
/// Base of the rules that flag one blocking operation at a time: the rule says what blocks
/// (<see cref="Classify"/>); this class decides whether it sits in async code, applies the user's exclusions,
/// handles <c>lock</c> and reports.
/// </summary>
public abstract class BlockingCallAnalyzer : UnblockAnalyzer
{
    /// <summary>The advice when the blocking call sits inside a <c>lock</c> statement, where no fix is possible.</summary>
    public const string InsideLockAdvice =
        "it is inside a 'lock' statement, where 'await' is not allowed: move it out of the lock, or replace the lock with 'await SemaphoreSlim.WaitAsync()'";

    /// <summary>The rule's descriptor.</summary>
    public abstract DiagnosticDescriptor Descriptor { get; }

    /// <summary>The operation kinds the rule inspects.</summary>
    public abstract ImmutableArray<OperationKind> OperationKinds { get; }

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptor, Descriptors.BlockingInBlazorComponent);

    /// <summary>Every blocking-call rule also covers the user code of <c>.razor</c>/<c>.cshtml</c> files (see <see cref="RazorCode"/>).</summary>
    protected sealed override bool AnalyzesRazorCode => true;

    /// <summary>
    /// Returns the blocking call at <paramref name="operation"/>, or null. Must not look at the async context. A rule
    /// that walks user code beyond the operation (a flow check, a call chain) passes the token to every loop and
    /// semantic query.
    /// </summary>
    public abstract BlockingCall? Classify(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// For a finding of this rule in a helper's body (BLK007 reads helpers as if they were async code): the parameters
    /// of <paramref name="owner"/>, as bits by ordinal, that would make <paramref name="operation"/> no finding if the
    /// caller passed an in-memory stream for each (the helper reads or writes the stream it is given); 0 when it blocks
    /// whatever the caller passes.
    /// </summary>
    public virtual ulong SilencedByInMemoryParameters(IOperation operation, IMethodSymbol owner, AsyncSymbols symbols, UnblockOptions.TreeOptions options) => 0;

    /// <summary>
    /// When true, the async context is decided before <see cref="Classify"/> runs: for rules whose classification is
    /// costly (a twin lookup) and would otherwise run on every call of the program.
    /// </summary>
    protected virtual bool DecidesContextFirst => false;

    /// <summary>
    /// The rule alone (tests, and rules measured one by one); the package ships the rules together in
    /// <see cref="Rules.BlockingRulesAnalyzer"/>, through the same <see cref="Register"/>.
    /// </summary>
    protected sealed override void OnCompilationStart(CompilationStartAnalysisContext context, AsyncSymbols symbols, UnblockOptions options)
        => Register(context, symbols, options, ImmutableArray.Create(this), OperationKinds);

    /// <summary>
    /// Registers <paramref name="rules"/> as one callback per operation kind: the async-code gate, the Razor filter, the
    /// file's options and the async context are paid once per operation, whatever the number of rules; each rule then
    /// classifies the operation and reports on its own.
    /// </summary>
    internal static void Register(CompilationStartAnalysisContext context, AsyncSymbols symbols, UnblockOptions options,
        ImmutableArray<BlockingCallAnalyzer> rules, ImmutableArray<OperationKind> kinds)
    {
        var rulesByKind = Rules.Transitive.MethodSummaries.IndexByKind(rules);
        var razor = new RazorCode(context.Options.AdditionalFiles);
        var components = BlazorComponents.TryCreate(symbols);
        var asyncCode = AsyncCode.Of(symbols);
        context.RegisterOperationAction(
            operationContext =>
            {
                var operation = operationContext.Operation;
                var cancellationToken = operationContext.CancellationToken;

                // Most code is not async (models, migrations, synchronous helpers): set aside by a span comparison. Of
                // that code, only a Blazor component's still matters (BLK008).
                if (!asyncCode.MayContain(operation, operationContext.ContainingSymbol, options, cancellationToken)
                    && components?.IsComponent(operationContext.ContainingSymbol.ContainingType) != true)
                {
                    return;
                }

                var tree = operation.Syntax.SyntaxTree;
                if (!razor.ShouldAnalyze(tree, operationContext.IsGeneratedCode, cancellationToken))
                {
                    return;
                }

                // Razor code takes its options from its .razor/.cshtml file: .editorconfig sections do not reach generated trees.
                var treeOptions = operationContext.IsGeneratedCode && razor.RazorFile(tree, cancellationToken) is { } razorFile
                    ? options.For(razorFile)
                    : options.For(tree);

                AsyncContext? asyncContext = null;
                foreach (var rule in (int)operation.Kind < rulesByKind.Length ? rulesByKind[(int)operation.Kind] : ImmutableArray<BlockingCallAnalyzer>.Empty)
                {
                    // Costly rules decide the context first; outside async code only Blazor component code still matters.
                    if (rule.DecidesContextFirst)
                    {
                        asyncContext ??= AsyncContext.Of(operation, operationContext.ContainingSymbol, symbols, treeOptions);
                        if (!asyncContext.Value.IsAsync && components is null)
                        {
                            continue;
                        }
                    }

                    var call = rule.Classify(operation, symbols, treeOptions, cancellationToken);
                    if (call is null || treeOptions.IsExcluded(rule.Descriptor.Id, call.Symbol))
                    {
                        continue;
                    }

                    asyncContext ??= AsyncContext.Of(operation, operationContext.ContainingSymbol, symbols, treeOptions);
                    if (Diagnose(rule.Descriptor, call, asyncContext.Value, operation, operationContext.ContainingSymbol, components, treeOptions, cancellationToken) is { } diagnostic
                        && razor.CanReportAt(diagnostic.Location, cancellationToken))
                    {
                        operationContext.ReportDiagnostic(diagnostic);
                    }
                }
            },
            kinds);
    }

    private static Diagnostic? Diagnose(DiagnosticDescriptor descriptor, BlockingCall call, AsyncContext context, IOperation operation, ISymbol containingSymbol,
        BlazorComponents? components, UnblockOptions.TreeOptions treeOptions, CancellationToken cancellationToken)
    {
        if (context.IsAsync)
        {
            return context.InsideLock
                ? Diagnostic.Create(descriptor, call.Location, call.Member, InsideLockAdvice)
                : Diagnostic.Create(descriptor, call.Location, call.Properties, call.Member, call.Advice);
        }

        if (components?.SyncComponentCode(operation, containingSymbol, cancellationToken) is { } component
            && !treeOptions.IsExcluded(DiagnosticIds.BlockingInBlazorComponent, call.Symbol))
        {
            // No fix: moving the work to an async lifecycle method or making a handler async changes signatures.
            return Diagnostic.Create(Descriptors.BlockingInBlazorComponent, call.Location, call.Member, component.Runner, component.Remedy, call.Advice);
        }

        return null;
    }
}
