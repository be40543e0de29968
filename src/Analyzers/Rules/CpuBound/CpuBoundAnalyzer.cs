using System.Threading;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.CpuBound;

/// <summary>
/// BLK006: CPU-bound work on the async path. Loops with no <c>await</c> whose estimated cost reaches the budget
/// (iterations times the nominal cost of the body, from <see cref="CpuCostTable"/>), busy-waits, and single calls
/// whose cost alone does (image work, large sorts, PBKDF2 key derivation, password hashing, large
/// <c>Enumerable.Range</c> pipelines, the user's <c>heavy_methods</c>). Work whose cost is sync I/O or a wait is left
/// to the rule for that call. The estimates live in <see cref="CpuWork"/>.
/// </summary>
public sealed class CpuBoundAnalyzer : BlockingCallAnalyzer
{
    public const string MoveToThreadPoolAdvice = "move it to the thread pool with 'await Task.Run(...)'";

    public const string BusyWaitAdvice =
        "await instead of spinning: poll with 'await Task.Delay(...)', or complete a TaskCompletionSource when the condition becomes true and await its Task";

    public const string KeyDerivationAdvice =
        "derive the key inside 'await Task.Run(...)' (the work happens when the bytes are requested)";

    public override DiagnosticDescriptor Descriptor => Descriptors.CpuBoundWork;

    public override ImmutableArray<OperationKind> OperationKinds { get; } =
        ImmutableArray.Create(OperationKind.Loop, OperationKind.Invocation, OperationKind.ObjectCreation);

    public override BlockingCall? Classify(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options, CancellationToken cancellationToken)
        => operation switch
        {
            ILoopOperation loop => ClassifyLoop(loop, symbols, options, cancellationToken),
            IInvocationOperation invocation => ClassifyCall(invocation, invocation.TargetMethod, invocation.Arguments, symbols, options, cancellationToken),
            IObjectCreationOperation { Constructor: { } constructor } creation => ClassifyCall(creation, constructor, creation.Arguments, symbols, options, cancellationToken),
            _ => null,
        };

    private static BlockingCall? ClassifyLoop(ILoopOperation loop, AsyncSymbols symbols, UnblockOptions.TreeOptions options, CancellationToken cancellationToken)
    {
        if (CpuWork.HeaderSpan(loop.Syntax) is not { } header || CpuWork.YieldsTheThread(loop.Syntax))
        {
            return null;
        }

        var location = Location.Create(loop.Syntax.SyntaxTree, header);
        if (CpuWork.BusyWait(loop, symbols) is { } busyWait)
        {
            return new BlockingCall(loop.Syntax, location, ContainingMember(loop), busyWait.Description, BusyWaitAdvice,
                busyWait.CanPollWithDelay ? BlockingCall.Fix(FixKinds.DelayPolling) : null);
        }

        var description = CpuWork.DescribeHeavyLoop(loop, symbols, options, cancellationToken);
        if (description is null || CpuWork.EnclosingHeavyLoop(loop, symbols, options, cancellationToken) is not null)
        {
            // Only the outermost heavy loop is reported: it is the one to move.
            return null;
        }

        return new BlockingCall(loop.Syntax, location, ContainingMember(loop), description, MoveToThreadPoolAdvice, BlockingCall.Fix(FixKinds.TaskRunBlock));
    }

    private static BlockingCall? ClassifyCall(
        IOperation call, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments, AsyncSymbols symbols, UnblockOptions.TreeOptions options, CancellationToken cancellationToken)
    {
        if (CpuWork.DescribeHeavyCall(call, method, arguments, symbols, options) is not { } heavy)
        {
            return null;
        }

        if (CpuWork.EnclosingHeavyLoop(call, symbols, options, cancellationToken) is not null)
        {
            // The loop around it is reported (and moved) as a whole.
            return null;
        }

        if (CpuWork.IsWaitOrIo(call, symbols, options, cancellationToken))
        {
            // Sync I/O with CPU work in it (an image read from a stream): the I/O rule reports it, with its async twin.
            return null;
        }

        var node = heavy.Node;
        if (heavy.IsKeyDerivationObject)
        {
            return new BlockingCall(node.Syntax, method, heavy.Description, KeyDerivationAdvice);
        }

        return new BlockingCall(node.Syntax, method, heavy.Description, MoveToThreadPoolAdvice,
            node.Syntax is ExpressionSyntax && IsMovableResult(node.Type, symbols) ? BlockingCall.Fix(FixKinds.TaskRun) : null);
    }

    /// <summary>A result <c>Task.Run</c> can carry unchanged: not a ref struct, and not itself awaitable (Task.Run would unwrap it).</summary>
    private static bool IsMovableResult(ITypeSymbol? type, AsyncSymbols symbols)
        => type is null || type.SpecialType == SpecialType.System_Void || (!type.IsRefLikeType && type.TypeKind != TypeKind.Error && !symbols.IsAwaitable(type));

    /// <summary>The member whose body holds <paramref name="operation"/> (lambdas and local functions belong to it), for <c>excluded_methods</c>.</summary>
    private static ISymbol ContainingMember(IOperation operation)
    {
        var symbol = operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart);
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } && symbol.ContainingSymbol is { } outer)
        {
            symbol = outer;
        }

        return symbol ?? operation.SemanticModel!.Compilation.Assembly;
    }
}
