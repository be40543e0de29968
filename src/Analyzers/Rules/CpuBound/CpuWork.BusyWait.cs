using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers.Rules.CpuBound;

/// <summary>Busy-wait detection: loops that spin on state or on the clock without giving the thread back.</summary>
public static partial class CpuWork
{
    /// <summary>A busy-wait found in a loop.</summary>
    /// <param name="Description">The message's first argument.</param>
    /// <param name="CanPollWithDelay">True when the spinning body can become <c>await Task.Delay(...)</c> without changing what the loop waits for.</param>
    public readonly record struct BusyWaitInfo(string Description, bool CanPollWithDelay);

    /// <summary>
    /// A busy-wait: a <c>while</c>/<c>do</c> (or header-only <c>for</c>) loop whose body is empty or only spins
    /// (<c>Thread.SpinWait</c>, <c>Thread.Yield</c>, <c>SpinWait.SpinOnce</c>) while the condition only reads state, or a
    /// loop whose condition polls the clock while its body calls nothing.
    /// </summary>
    public static BusyWaitInfo? BusyWait(ILoopOperation loop, AsyncSymbols symbols)
    {
        IOperation? condition;
        switch (loop)
        {
            case IWhileLoopOperation whileLoop:
                condition = whileLoop.Condition;
                break;
            case IForLoopOperation forLoop when forLoop.Before.IsEmpty && forLoop.AtLoopBottom.IsEmpty:
                condition = forLoop.Condition;
                break;
            default:
                return null;
        }

        var body = Statements(loop.Body);
        string? spin = null;
        var onlySpins = true;
        var callsSomething = false;
        var exitChecks = 0;
        var exitOnTheClock = false;
        foreach (var statement in body)
        {
            if (statement is IExpressionStatementOperation { Operation: IInvocationOperation invocation } && SpinName(invocation.TargetMethod, symbols) is { } name)
            {
                spin ??= name;
                continue;
            }

            if (ExitCheck(statement, symbols) is { } check)
            {
                // 'if (_released) break;': the loop's real condition, spelled inside the body.
                exitChecks++;
                exitOnTheClock |= ReadsTheClock(check, symbols);
                continue;
            }

            onlySpins = false;
            callsSomething |= CallsAnything(statement, symbols);
        }

        var constantTrue = condition is null || condition.ConstantValue is { HasValue: true, Value: true };
        if (onlySpins)
        {
            if (constantTrue && exitChecks == 0)
            {
                return new BusyWaitInfo(spin is null ? "This loop (an endless empty loop)" : $"This loop (spins forever with '{spin}')", CanPollWithDelay: false);
            }

            if (exitOnTheClock)
            {
                return new BusyWaitInfo("This busy-wait (polls the clock without awaiting)", CanPollWithDelay: false);
            }

            if (constantTrue || (condition is not null && ConditionOnlyReadsState(condition, symbols)))
            {
                var what = spin is null ? "an empty body" : $"'{spin}'";
                return new BusyWaitInfo(
                    $"This busy-wait (spins with {what} until its condition changes)",
                    CanPollWithDelay: loop.Syntax is WhileStatementSyntax && exitChecks == 0);
            }

            return null;
        }

        if (!callsSomething && condition is not null && ReadsTheClock(condition, symbols))
        {
            return new BusyWaitInfo("This busy-wait (polls the clock without awaiting)", CanPollWithDelay: false);
        }

        return null;
    }

    /// <summary>
    /// The condition of <c>if (condition) break;</c> (or <c>return;</c>, or a block holding only that) when it only reads
    /// state or the clock; null for anything else.
    /// </summary>
    private static IOperation? ExitCheck(IOperation statement, AsyncSymbols symbols)
    {
        if (statement is not IConditionalOperation { WhenFalse: null, Condition: { } condition, WhenTrue: { } whenTrue }
            || !ConditionOnlyReadsState(condition, symbols))
        {
            return null;
        }

        var exits = Statements(whenTrue);
        if (exits.Length != 1)
        {
            return null;
        }

        return exits[0] switch
        {
            IBranchOperation { BranchKind: BranchKind.Break } => condition,
            IReturnOperation { ReturnedValue: null } => condition,
            IReturnOperation { ReturnedValue: { } value } when !CallsAnything(value, symbols) => condition,
            _ => null,
        };
    }

    private static ImmutableArray<IOperation> Statements(IOperation? body)
        => body switch
        {
            null => ImmutableArray<IOperation>.Empty,
            IBlockOperation block => block.Operations,
            IEmptyOperation => ImmutableArray<IOperation>.Empty,
            _ => ImmutableArray.Create(body),
        };

    private static string? SpinName(IMethodSymbol method, AsyncSymbols symbols)
    {
        switch (method.Name)
        {
            case "SpinWait" when SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Thread):
                return "Thread.SpinWait";
            case "Yield" when SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Thread):
                return "Thread.Yield";
            case "SpinOnce" when SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.SpinWait):
                return "SpinWait.SpinOnce";
            default:
                return null;
        }
    }

    private static bool CallsAnything(IOperation operation, AsyncSymbols symbols)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is IInvocationOperation invocation && !IsClockOrMemoryRead(invocation.TargetMethod, symbols) && SpinName(invocation.TargetMethod, symbols) is null)
            {
                return true;
            }

            if (descendant is IObjectCreationOperation or IAnonymousFunctionOperation or IDynamicInvocationOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The condition makes no progress of its own: no calls except clock and memory reads (so <c>while (reader.Read()) { }</c> is not a busy-wait).</summary>
    private static bool ConditionOnlyReadsState(IOperation condition, AsyncSymbols symbols) => !CallsAnything(condition, symbols);

    private static bool IsClockOrMemoryRead(IMethodSymbol method, AsyncSymbols symbols)
    {
        var type = method.ContainingType;
        return SymbolEqualityComparer.Default.Equals(type, symbols.Volatile)
               || SymbolEqualityComparer.Default.Equals(type, symbols.Interlocked)
               || (SymbolEqualityComparer.Default.Equals(type, symbols.Stopwatch) && method.Name == "GetTimestamp");
    }

    private static bool ReadsTheClock(IOperation condition, AsyncSymbols symbols)
    {
        foreach (var descendant in condition.DescendantsAndSelf())
        {
            switch (descendant)
            {
                case IPropertyReferenceOperation { Property: var property }:
                    var type = property.ContainingType;
                    if ((SymbolEqualityComparer.Default.Equals(type, symbols.DateTime) || SymbolEqualityComparer.Default.Equals(type, symbols.DateTimeOffset))
                        && property.Name is "Now" or "UtcNow")
                    {
                        return true;
                    }

                    if (SymbolEqualityComparer.Default.Equals(type, symbols.Stopwatch) && property.Name.StartsWith("Elapsed", StringComparison.Ordinal))
                    {
                        return true;
                    }

                    if (SymbolEqualityComparer.Default.Equals(type, symbols.Environment) && property.Name.StartsWith("TickCount", StringComparison.Ordinal))
                    {
                        return true;
                    }

                    break;
                case IInvocationOperation { TargetMethod.Name: "GetTimestamp" } invocation
                    when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.Stopwatch):
                    return true;
            }
        }

        return false;
    }
}
