using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.SyncWait;

/// <summary>BLK001: <c>.Result</c>, <c>.Wait()</c>, <c>GetAwaiter().GetResult()</c>, <c>Task.WaitAll</c>, <c>Task.WaitAny</c> inside async code.</summary>
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

    /// <summary>
    /// Every overload of <c>Task.WaitAll</c>/<c>Task.WaitAny</c> (see <see cref="WaitAllAnyCall"/>), fixed where the meaning
    /// can be kept: <c>await Task.WhenAll(...)</c>, with <c>.WaitAsync(token)</c> for a token; a time-out whose result is
    /// unused races <c>Task.Delay(timeout)</c>; <c>WaitAny</c>'s index comes back through <c>Array.IndexOf</c> when the
    /// tasks can be read twice. A time-out whose bool or index is used has no fix, and the message says what to write.
    /// </summary>
    private static BlockingCall? ClassifyWaitAllAny(IInvocationOperation invocation, AsyncSymbols symbols)
    {
        var method = invocation.TargetMethod;
        if (!method.IsStatic || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Task))
        {
            return null;
        }

        var call = WaitAllAnyCall.Of(invocation, symbols);
        var isWaitAll = method.Name == "WaitAll";
        var when = isWaitAll ? "Task.WhenAll(...)" : "Task.WhenAny(...)";
        if (call is null)
        {
            return new BlockingCall(invocation.Syntax, method, null, $"use 'await {when}' instead");
        }

        var hasWaitAsync = !symbols.Task.GetMembers("WaitAsync").IsEmpty;
        string advice;
        bool fixable;
        if (call.Timeout is not null)
        {
            var delay = call.Token is null ? "Task.Delay(timeout)" : "Task.Delay(timeout, cancellationToken)";
            if (call.ResultUsed)
            {
                advice = isWaitAll
                    ? $"its bool says whether all finished in time: race '{when}' with '{delay}' in 'await Task.WhenAny(...)' and compare the winner"
                    : $"its index is -1 on time-out: race '{when}' with '{delay}' in 'await Task.WhenAny(...)' and find the winner with 'Array.IndexOf'";
                fixable = false;
            }
            else
            {
                advice = isWaitAll || call.Token is not null
                    ? $"use 'await await Task.WhenAny({when}, {delay})' instead"
                    : $"use 'await Task.WhenAny({when}, {delay})' instead";
                fixable = true;
            }
        }
        else
        {
            var index = !isWaitAll && call.ResultUsed;
            fixable = (call.Token is null || hasWaitAsync) && (!index || call.TasksCanBeReadTwice);
            advice = call.Token is null ? $"use 'await {when}' instead" : $"use 'await {when}.WaitAsync(cancellationToken)' instead";
            if (index && !call.TasksCanBeReadTwice)
            {
                advice += " (it returns the task, not its index)";
            }
        }

        return fixable
            ? new BlockingCall(invocation.Syntax, method, null, advice, BlockingCall.Fix(isWaitAll ? FixKinds.WhenAll : FixKinds.WhenAny, isWaitAll ? "WhenAll" : "WhenAny"))
            : new BlockingCall(invocation.Syntax, method, null, advice);
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
