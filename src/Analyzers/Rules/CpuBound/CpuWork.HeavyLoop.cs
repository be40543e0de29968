using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.CpuBound;

/// <summary>Heavy loops: the work of a loop nest (trip counts multiplied, CPU-heavy calls inside) against the thresholds.</summary>
public static partial class CpuWork
{
    /// <summary>Work found inside a loop nest.</summary>
    private struct Work
    {
        /// <summary>Product of the known trip counts (at least 1).</summary>
        public double Known;

        /// <summary>Deepest nesting of loops whose trip count is unknown (loops over collections).</summary>
        public int UnknownDepth;

        /// <summary>A known CPU-heavy call inside the nest, described.</summary>
        public string? HeavyCall;

        /// <summary>Nanoseconds of the CPU table's calls for one run of the reported loop (unknown sizes count <c>unknown_count</c>).</summary>
        public double CallNanoseconds;

        /// <summary>The table call with the largest share of <see cref="CallNanoseconds"/>.</summary>
        public CostlyCall? Costliest;
    }

    /// <summary>A call of the CPU table inside a loop nest, with how often it runs.</summary>
    private sealed record CostlyCall(string Name, string Work, double TotalNanoseconds, double KnownRuns, int UnknownDepth);

    /// <summary>How often the body being measured runs: the product of the known trip counts around it, and the unknown ones.</summary>
    private readonly record struct Runs(double Known, int UnknownDepth);

    /// <summary>Why the loop is heavy (the message's first argument), or null when it is not.</summary>
    public static string? DescribeHeavyLoop(ILoopOperation loop, AsyncSymbols symbols, UnblockOptions.TreeOptions options, CancellationToken cancellationToken)
    {
        if (loop.Body is null)
        {
            return null;
        }

        var unknownCount = UnknownCount(options);
        var work = Measure(loop, new Runs(1, 0), unknownCount, symbols, options);
        var description = Describe(work, unknownCount, options);

        // A loop whose cost is sync I/O or a wait is reported by the rule for that call (or by BLK007 with the chain).
        return description is not null && WaitsOrDoesIo(loop, symbols, options, cancellationToken) ? null : description;
    }

    private static string? Describe(Work work, double unknownCount, UnblockOptions.TreeOptions options)
    {
        if (work.HeavyCall is not null)
        {
            return $"This loop (calls {work.HeavyCall} on every iteration, no await)";
        }

        var plain = Math.Min(work.Known * PlainIterationNanoseconds, double.MaxValue);
        var total = Math.Min(plain + work.CallNanoseconds, double.MaxValue);
        if (total >= BudgetNanoseconds(options))
        {
            if (work.Costliest is { } call && call.TotalNanoseconds >= plain)
            {
                if (call.UnknownDepth == 0)
                {
                    return $"This loop (an estimated {FormatCount(call.KnownRuns)} iterations of {call.Name} ({call.Work}), {Duration(total)} of CPU, no await)";
                }

                // Per 1,000 elements: every table call of the loop, not only the costliest one the message names.
                return call.UnknownDepth == 1
                    ? $"This loop ({call.Name} ({call.Work}) for every element of a collection of unknown size, {Duration(work.CallNanoseconds / unknownCount * 1_000)} per 1,000 elements, no await)"
                    : $"This loop ({call.Name} ({call.Work}) for every element of {call.UnknownDepth} nested collections of unknown size, {Duration(call.TotalNanoseconds)} at {FormatCount(unknownCount)} elements each, no await)";
            }

            return work.UnknownDepth == 0
                ? $"This loop (an estimated {FormatCount(work.Known)} iterations, {Duration(total)} of CPU, no await)"
                : $"This loop (at least {FormatCount(work.Known)} iterations, {Duration(total)} of CPU, no await)";
        }

        var minNested = options.GetInt64(Id, MinNestedCollectionLoopsOption, DefaultMinNestedCollectionLoops);
        if (minNested > 0 && work.UnknownDepth >= minNested)
        {
            return $"This loop ({work.UnknownDepth} nested loops over collections, no await)";
        }

        return null;
    }

    /// <summary>The nearest enclosing loop of the same function that is itself reported, or null.</summary>
    public static ILoopOperation? EnclosingHeavyLoop(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options, CancellationToken cancellationToken)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case ILoopOperation loop when HeaderSpan(loop.Syntax) is not null && !YieldsTheThread(loop.Syntax):
                    if (BusyWait(loop, symbols) is not null || DescribeHeavyLoop(loop, symbols, options, cancellationToken) is not null)
                    {
                        return loop;
                    }

                    break;
            }
        }

        return null;
    }

    private static Work Measure(ILoopOperation loop, Runs outer, double unknownCount, AsyncSymbols symbols, UnblockOptions.TreeOptions options)
    {
        var count = TripCount(loop, symbols);
        var runs = count is { } known
            ? new Runs(Math.Min(outer.Known * known, double.MaxValue), outer.UnknownDepth)
            : new Runs(outer.Known, outer.UnknownDepth + 1);
        var inner = new Work { Known = 0 };
        if (loop.Body is not null)
        {
            MeasureBody(loop.Body, runs, unknownCount, symbols, options, ref inner);
        }

        return new Work
        {
            Known = Math.Min((count ?? 1) * Math.Max(1, inner.Known), double.MaxValue),
            UnknownDepth = inner.UnknownDepth + (count is null ? 1 : 0),
            HeavyCall = inner.HeavyCall,
            CallNanoseconds = inner.CallNanoseconds,
            Costliest = inner.Costliest,
        };
    }

    private static void MeasureBody(IOperation operation, Runs runs, double unknownCount, AsyncSymbols symbols, UnblockOptions.TreeOptions options, ref Work work)
    {
        switch (operation)
        {
            case IAnonymousFunctionOperation or ILocalFunctionOperation:
                return;
            case ILoopOperation nested:
                var nestedWork = Measure(nested, runs, unknownCount, symbols, options);
                work.Known += nestedWork.Known;
                work.UnknownDepth = Math.Max(work.UnknownDepth, nestedWork.UnknownDepth);
                work.HeavyCall ??= nestedWork.HeavyCall;
                work.CallNanoseconds = Math.Min(work.CallNanoseconds + nestedWork.CallNanoseconds, double.MaxValue);
                if (nestedWork.Costliest is { } nestedCall && nestedCall.TotalNanoseconds > (work.Costliest?.TotalNanoseconds ?? 0))
                {
                    work.Costliest = nestedCall;
                }

                return;
            case IInvocationOperation invocation:
                MeasureCall(invocation, invocation.TargetMethod, invocation.Arguments, runs, unknownCount, symbols, options, ref work);
                break;
            case IObjectCreationOperation { Constructor: { } constructor } creation:
                MeasureCall(creation, constructor, creation.Arguments, runs, unknownCount, symbols, options, ref work);
                break;
        }

        foreach (var child in operation.ChildOperations)
        {
            MeasureBody(child, runs, unknownCount, symbols, options, ref work);
        }
    }

    private static void MeasureCall(
        IOperation call, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments, Runs runs, double unknownCount, AsyncSymbols symbols, UnblockOptions.TreeOptions options, ref Work work)
    {
        if (work.HeavyCall is null)
        {
            work.HeavyCall = DescribeHeavyCall(call, method, arguments, symbols, options)?.Name;
        }

        if (CallCost(method, arguments, unknownCount) is not { } cost)
        {
            return;
        }

        var total = Math.Min(cost.Nanoseconds * runs.Known * Math.Pow(unknownCount, runs.UnknownDepth), double.MaxValue);
        work.CallNanoseconds = Math.Min(work.CallNanoseconds + total, double.MaxValue);
        if (total > (work.Costliest?.TotalNanoseconds ?? 0))
        {
            work.Costliest = new CostlyCall(cost.Name, cost.Entry.Work, total, runs.Known, runs.UnknownDepth);
        }
    }
}
