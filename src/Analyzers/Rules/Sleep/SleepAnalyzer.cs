using System.Threading;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.Sleep;

/// <summary>BLK002: <c>Thread.Sleep</c> and <c>SpinWait.SpinUntil</c> inside async code.</summary>
public sealed class SleepAnalyzer : BlockingCallAnalyzer
{
    public override DiagnosticDescriptor Descriptor => Descriptors.ThreadSleep;

    public override ImmutableArray<OperationKind> OperationKinds { get; } = ImmutableArray.Create(OperationKind.Invocation);

    public override BlockingCall? Classify(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options, CancellationToken cancellationToken)
    {
        if (operation is not IInvocationOperation invocation)
        {
            return null;
        }

        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case "Sleep" when SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Thread) && method.Parameters.Length == 1:
                return new BlockingCall(invocation.Syntax, method, "Thread.Sleep", "use 'await Task.Delay(...)' instead", BlockingCall.Fix(FixKinds.Delay, "Delay"));
            case "SpinUntil" when SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.SpinWait):
                return new BlockingCall(invocation.Syntax, method, "SpinWait.SpinUntil",
                    "poll with 'await Task.Delay(...)' in a loop, or complete a TaskCompletionSource when the condition becomes true and await its Task");
            default:
                return null;
        }
    }
}
