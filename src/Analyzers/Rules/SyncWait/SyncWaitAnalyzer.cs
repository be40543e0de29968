using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.SyncWait;

/// <summary>BLK001: <c>.Result</c>, <c>.Wait()</c>, <c>GetAwaiter().GetResult()</c>, <c>Task.WaitAll</c>, <c>Task.WaitAny</c> inside async code.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SyncWaitAnalyzer : BlockingCallAnalyzer
{
    private const string AwaitAdvice = "use 'await' instead";

    public override DiagnosticDescriptor Descriptor => Descriptors.SyncWaitOnTask;

    public override ImmutableArray<OperationKind> OperationKinds { get; } =
        ImmutableArray.Create(OperationKind.PropertyReference, OperationKind.Invocation);

    public override BlockingCall? Classify(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options, CancellationToken cancellationToken)
        => operation switch
        {
            IPropertyReferenceOperation property => ClassifyResult(property, symbols, cancellationToken),
            IInvocationOperation invocation => invocation.TargetMethod.Name switch
            {
                "Wait" => ClassifyWait(invocation, symbols, cancellationToken),
                "WaitAll" or "WaitAny" => ClassifyWaitAllAny(invocation, symbols),
                "GetResult" => ClassifyGetResult(invocation, symbols, cancellationToken),
                _ => null,
            },
            _ => null,
        };

    private static BlockingCall? ClassifyResult(IPropertyReferenceOperation property, AsyncSymbols symbols, CancellationToken cancellationToken)
    {
        if (property.Property.Name != "Result" || property.Instance is null)
        {
            return null;
        }

        var type = property.Property.ContainingType.OriginalDefinition;
        if (!SymbolEqualityComparer.Default.Equals(type, symbols.TaskOfT) && !SymbolEqualityComparer.Default.Equals(type, symbols.ValueTaskOfT))
        {
            return null;
        }

        if (CompletedTasks.IsKnownComplete(property.Instance, symbols, cancellationToken))
        {
            return null;
        }

        return new BlockingCall(property.Syntax, property.Property, null, AwaitAdvice, BlockingCall.Fix(FixKinds.AwaitTask));
    }

    private static BlockingCall? ClassifyWait(IInvocationOperation invocation, AsyncSymbols symbols, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (method.IsStatic || invocation.Instance is null || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Task))
        {
            return null;
        }

        if (CompletedTasks.IsKnownComplete(invocation.Instance, symbols, cancellationToken))
        {
            return null;
        }

        var parameters = method.Parameters;
        if (parameters.IsEmpty)
        {
            return new BlockingCall(invocation.Syntax, method, null, AwaitAdvice, BlockingCall.Fix(FixKinds.AwaitTask));
        }

        var hasWaitAsync = !symbols.Task.GetMembers("WaitAsync").IsEmpty;
        if (parameters.Length == 1 && symbols.IsCancellationToken(parameters[0].Type))
        {
            return hasWaitAsync
                ? new BlockingCall(invocation.Syntax, method, null, "use 'await task.WaitAsync(cancellationToken)' instead", BlockingCall.Fix(FixKinds.WaitAsync, "WaitAsync"))
                : new BlockingCall(invocation.Syntax, method, null, AwaitAdvice);
        }

        // Wait(timeout) returns false on time-out where WaitAsync(timeout) throws TimeoutException: the fix is only
        // offered when the result is discarded, and its title says so; otherwise the message explains the choice.
        var resultUnused = invocation.Parent is IExpressionStatementOperation;
        return hasWaitAsync && resultUnused
            ? new BlockingCall(invocation.Syntax, method, null, "use 'await task.WaitAsync(timeout)' instead (it throws TimeoutException on time-out)", BlockingCall.Fix(FixKinds.WaitAsync, "WaitAsync"))
            : new BlockingCall(invocation.Syntax, method, null, "use 'await task.WaitAsync(timeout)' and catch TimeoutException where the code tests the returned bool");
    }

    private static BlockingCall? ClassifyWaitAllAny(IInvocationOperation invocation, AsyncSymbols symbols)
    {
        var method = invocation.TargetMethod;
        if (!method.IsStatic || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Task))
        {
            return null;
        }

        var isWaitAll = method.Name == "WaitAll";
        var onlyTasks = invocation.Arguments.Length == 1 && method.Parameters.Length == 1 && method.Parameters[0].Type is IArrayTypeSymbol;
        if (isWaitAll)
        {
            return onlyTasks
                ? new BlockingCall(invocation.Syntax, method, null, "use 'await Task.WhenAll(...)' instead", BlockingCall.Fix(FixKinds.WhenAll, "WhenAll"))
                : new BlockingCall(invocation.Syntax, method, null, "use 'await Task.WhenAll(...)' instead (with 'WaitAsync' for a time-out or token)");
        }

        // WaitAny returns an index: keep it with Array.IndexOf(tasks, await Task.WhenAny(tasks)), which needs the
        // array twice, so only a plain variable qualifies; a discarded index needs nothing.
        var resultUnused = invocation.Parent is IExpressionStatementOperation;
        var arrayIsVariable = onlyTasks && !invocation.Arguments[0].IsImplicit
                              && invocation.Arguments[0].ArgumentKind == ArgumentKind.Explicit
                              && invocation.Arguments[0].Value is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation;
        return onlyTasks && (resultUnused || arrayIsVariable)
            ? new BlockingCall(invocation.Syntax, method, null, "use 'await Task.WhenAny(...)' instead", BlockingCall.Fix(FixKinds.WhenAny, "WhenAny"))
            : new BlockingCall(invocation.Syntax, method, null, "use 'await Task.WhenAny(...)' instead (it returns the task, not its index)");
    }

    private static BlockingCall? ClassifyGetResult(IInvocationOperation invocation, AsyncSymbols symbols, CancellationToken cancellationToken)
    {
        var awaiterType = invocation.TargetMethod.ContainingType?.OriginalDefinition;
        if (awaiterType is null || !symbols.TaskAwaiters.Contains(awaiterType)
            || invocation.Instance is not IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaitable })
        {
            return null;
        }

        var task = awaitable is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured } ? configured : awaitable;
        if (CompletedTasks.IsKnownComplete(task, symbols, cancellationToken))
        {
            return null;
        }

        return new BlockingCall(invocation.Syntax, invocation.TargetMethod, "GetAwaiter().GetResult()", AwaitAdvice, BlockingCall.Fix(FixKinds.AwaitTask));
    }
}
