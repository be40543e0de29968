using System.Threading;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.BlockingSync;

/// <summary>
/// BLK005: blocking synchronization primitives inside async code. <c>SemaphoreSlim.Wait</c> has a real twin
/// (<c>WaitAsync</c>, same arguments, token in scope) and a fix; the others get a message naming the async design.
/// A zero time-out (<c>Wait(0)</c>, <c>WaitOne(TimeSpan.Zero)</c>) only polls and is not reported.
/// <c>SpinWait.SpinUntil</c> belongs to BLK002.
/// </summary>
public sealed class BlockingSyncAnalyzer : BlockingCallAnalyzer
{
    private const string SignalAdvice = "await a TaskCompletionSource's Task (or 'SemaphoreSlim.WaitAsync') that the other side completes";

    public override DiagnosticDescriptor Descriptor => Descriptors.BlockingSynchronization;

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
            case "Wait" or "WaitOne" or "WaitAll" or "WaitAny" or "SignalAndWait" or "Join" or "Take" or "For" or "ForEach" or "Invoke":
                break;
            default:
                return null;
        }

        var types = symbols.Blocking;
        var type = method.ContainingType;
        string? advice = method.Name switch
        {
            "Wait" when Is(type, types.SemaphoreSlim) => "semaphore",
            "Wait" when Is(type, types.ManualResetEventSlim) || Is(type, types.CountdownEvent) => SignalAdvice,
            "WaitOne" when AsyncSymbols.InheritsFrom(type, types.WaitHandle) => AsyncSymbols.InheritsFrom(invocation.Instance?.Type, types.Mutex)
                ? "a Mutex cannot be held across 'await' (thread affinity): use 'SemaphoreSlim(1, 1)' with 'await WaitAsync()'"
                : SignalAdvice,
            "WaitAll" or "WaitAny" or "SignalAndWait" when Is(type, types.WaitHandle) => "await 'Task.WhenAll'/'Task.WhenAny' over TaskCompletionSource tasks instead of wait handles",
            "Wait" when Is(type, types.Monitor) => "use 'SemaphoreSlim' with 'await WaitAsync()', or a TaskCompletionSource, instead of Monitor.Wait/Pulse",
            "Join" when Is(type, symbols.Thread) => "run the work as a Task and await it instead of joining a thread",
            "Take" when Is(type, types.BlockingCollection) => "use a Channel<T> and 'await reader.ReadAsync()' instead of BlockingCollection",
            "SignalAndWait" when Is(type, types.Barrier) => "await 'Task.WhenAll' over the participants' tasks instead of a Barrier",
            "For" or "ForEach" when Is(type, types.Parallel) => "use 'await Parallel.ForEachAsync(...)', which does not block the calling thread",
            "Invoke" when Is(type, types.Parallel) => "use 'await Task.WhenAll(Task.Run(...), ...)', which does not block the calling thread",
            _ => null,
        };

        if (advice is null || HasZeroTimeout(invocation, types))
        {
            return null;
        }

        var display = type.Name + "." + method.Name + "()";
        if (advice != "semaphore")
        {
            return new BlockingCall(invocation.Syntax, method, display, advice);
        }

        var twin = TwinLookup.Of(symbols).Find(invocation, "WaitAsync");
        if (twin is null)
        {
            return new BlockingCall(invocation.Syntax, method, display, "use 'await semaphore.WaitAsync(...)' instead");
        }

        return new BlockingCall(invocation.Syntax, method, display, "use 'await semaphore.WaitAsync(...)' instead", twin.FixProperties);
    }

    private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? expected)
        => type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    /// <summary>A time-out argument that is the constant 0 or <c>TimeSpan.Zero</c>: the call polls and never blocks.</summary>
    private static bool HasZeroTimeout(IInvocationOperation invocation, AsyncSymbols.BlockingTypes types)
    {
        foreach (var argument in invocation.Arguments)
        {
            var parameter = argument.Parameter;
            if (parameter is null || !parameter.Name.Contains("imeout"))
            {
                continue;
            }

            var value = argument.Value;
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            if (value.ConstantValue is { HasValue: true, Value: int or long } constant && System.Convert.ToInt64(constant.Value, System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return true;
            }

            if (value is IFieldReferenceOperation { Field: { Name: "Zero", IsStatic: true } field } && Is(field.ContainingType, types.TimeSpan))
            {
                return true;
            }
        }

        return false;
    }
}
