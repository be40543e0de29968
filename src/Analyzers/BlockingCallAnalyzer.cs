using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Analyzers.Options;

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

    public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptor);

    /// <summary>Returns the blocking call at <paramref name="operation"/>, or null. Must not look at the async context.</summary>
    public abstract BlockingCall? Classify(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options);

    /// <summary>
    /// When true, the async context is decided before <see cref="Classify"/> runs: for rules whose classification is
    /// costly (a twin lookup) and would otherwise run on every call of the program.
    /// </summary>
    protected virtual bool DecidesContextFirst => false;

    protected sealed override void OnCompilationStart(CompilationStartAnalysisContext context, AsyncSymbols symbols, UnblockOptions options)
    {
        var descriptor = Descriptor;
        var contextFirst = DecidesContextFirst;
        context.RegisterOperationAction(
            operationContext =>
            {
                var operation = operationContext.Operation;
                var treeOptions = options.For(operation.Syntax.SyntaxTree);
                AsyncContext asyncContext = default;
                if (contextFirst)
                {
                    asyncContext = AsyncContext.Of(operation, operationContext.ContainingSymbol, symbols, treeOptions);
                    if (!asyncContext.IsAsync)
                    {
                        return;
                    }
                }

                var call = Classify(operation, symbols, treeOptions);
                if (call is null)
                {
                    return;
                }

                if (!contextFirst)
                {
                    asyncContext = AsyncContext.Of(operation, operationContext.ContainingSymbol, symbols, treeOptions);
                }

                if (!asyncContext.IsAsync || treeOptions.IsExcluded(descriptor.Id, call.Symbol))
                {
                    return;
                }

                operationContext.ReportDiagnostic(asyncContext.InsideLock
                    ? Diagnostic.Create(descriptor, call.Node.GetLocation(), call.Member, InsideLockAdvice)
                    : Diagnostic.Create(descriptor, call.Node.GetLocation(), call.Properties, call.Member, call.Advice));
            },
            OperationKinds);
    }
}
