using System;
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
    }

    /// <summary>Why the loop is heavy (the message's first argument), or null when it is not.</summary>
    public static string? DescribeHeavyLoop(ILoopOperation loop, AsyncSymbols symbols, UnblockOptions.TreeOptions options)
    {
        if (loop.Body is null)
        {
            return null;
        }

        var work = Measure(loop, symbols, options);
        if (work.HeavyCall is not null)
        {
            return $"This loop (calls {work.HeavyCall} on every iteration, no await)";
        }

        if (work.Known >= options.GetInt64(Id, MinIterationsOption, DefaultMinIterations))
        {
            return work.UnknownDepth == 0
                ? $"This loop (an estimated {FormatCount(work.Known)} iterations, no await)"
                : $"This loop (at least {FormatCount(work.Known)} iterations, no await)";
        }

        var minNested = options.GetInt64(Id, MinNestedCollectionLoopsOption, DefaultMinNestedCollectionLoops);
        if (minNested > 0 && work.UnknownDepth >= minNested)
        {
            return $"This loop ({work.UnknownDepth} nested loops over collections, no await)";
        }

        return null;
    }

    /// <summary>The nearest enclosing loop of the same function that is itself reported, or null.</summary>
    public static ILoopOperation? EnclosingHeavyLoop(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case ILoopOperation loop when HeaderSpan(loop.Syntax) is not null && !YieldsTheThread(loop.Syntax):
                    if (BusyWait(loop, symbols) is not null || DescribeHeavyLoop(loop, symbols, options) is not null)
                    {
                        return loop;
                    }

                    break;
            }
        }

        return null;
    }

    private static Work Measure(ILoopOperation loop, AsyncSymbols symbols, UnblockOptions.TreeOptions options)
    {
        var inner = new Work { Known = 0 };
        if (loop.Body is not null)
        {
            MeasureBody(loop.Body, symbols, options, ref inner);
        }

        var count = TripCount(loop, symbols);
        return new Work
        {
            Known = Math.Min((count ?? 1) * Math.Max(1, inner.Known), double.MaxValue),
            UnknownDepth = inner.UnknownDepth + (count is null ? 1 : 0),
            HeavyCall = inner.HeavyCall,
        };
    }

    private static void MeasureBody(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options, ref Work work)
    {
        switch (operation)
        {
            case IAnonymousFunctionOperation or ILocalFunctionOperation:
                return;
            case ILoopOperation nested:
                var nestedWork = Measure(nested, symbols, options);
                work.Known += nestedWork.Known;
                work.UnknownDepth = Math.Max(work.UnknownDepth, nestedWork.UnknownDepth);
                work.HeavyCall ??= nestedWork.HeavyCall;
                return;
            case IInvocationOperation invocation when work.HeavyCall is null:
                work.HeavyCall = DescribeHeavyCall(invocation, invocation.TargetMethod, invocation.Arguments, symbols, options)?.Name;
                break;
            case IObjectCreationOperation { Constructor: { } constructor } creation when work.HeavyCall is null:
                work.HeavyCall = DescribeHeavyCall(creation, constructor, creation.Arguments, symbols, options)?.Name;
                break;
        }

        foreach (var child in operation.ChildOperations)
        {
            MeasureBody(child, symbols, options, ref work);
        }
    }
}
