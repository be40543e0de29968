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

    protected sealed override void OnCompilationStart(CompilationStartAnalysisContext context, AsyncSymbols symbols, UnblockOptions options)
    {
        var descriptor = Descriptor;
        var contextFirst = DecidesContextFirst;
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

                // Costly rules decide the context first; outside async code only Blazor component code still matters.
                AsyncContext? asyncContext = null;
                if (contextFirst)
                {
                    asyncContext = AsyncContext.Of(operation, operationContext.ContainingSymbol, symbols, treeOptions);
                    if (!asyncContext.Value.IsAsync && components is null)
                    {
                        return;
                    }
                }

                var call = Classify(operation, symbols, treeOptions, cancellationToken);
                if (call is null || treeOptions.IsExcluded(descriptor.Id, call.Symbol))
                {
                    return;
                }

                var context = asyncContext ?? AsyncContext.Of(operation, operationContext.ContainingSymbol, symbols, treeOptions);
                Diagnostic diagnostic;
                if (context.IsAsync)
                {
                    diagnostic = context.InsideLock
                        ? Diagnostic.Create(descriptor, call.Location, call.Member, InsideLockAdvice)
                        : Diagnostic.Create(descriptor, call.Location, call.Properties, call.Member, call.Advice);
                }
                else if (components?.SyncComponentCode(operation, operationContext.ContainingSymbol, cancellationToken) is { } component
                         && !treeOptions.IsExcluded(DiagnosticIds.BlockingInBlazorComponent, call.Symbol))
                {
                    // No fix: moving the work to an async lifecycle method or making a handler async changes signatures.
                    diagnostic = Diagnostic.Create(Descriptors.BlockingInBlazorComponent, call.Location, call.Member, component.Runner, component.Remedy, call.Advice);
                }
                else
                {
                    return;
                }

                if (razor.CanReportAt(diagnostic.Location, cancellationToken))
                {
                    operationContext.ReportDiagnostic(diagnostic);
                }
            },
            OperationKinds);
    }
}
