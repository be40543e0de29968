using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.CpuBound;

/// <summary>The right reason: work whose cost is sync I/O or a wait belongs to the rule for that call, not to BLK006.</summary>
public static partial class CpuWork
{
    /// <summary>
    /// True when another rule of <see cref="BlockingRules"/> (BLK001-BLK005) classifies an operation of
    /// <paramref name="operation"/> (the call itself, or a loop body outside nested functions): that rule reports it, with
    /// the right advice. Ask only once the work is known to be heavy: the other rules' lookups are not free.
    /// </summary>
    public static bool WaitsOrDoesIo(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options, CancellationToken cancellationToken)
    {
        if (operation is IAnonymousFunctionOperation or ILocalFunctionOperation)
        {
            return false;
        }

        if (IsWaitOrIo(operation, symbols, options, cancellationToken))
        {
            return true;
        }

        foreach (var child in operation.ChildOperations)
        {
            if (WaitsOrDoesIo(child, symbols, options, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when another rule of <see cref="BlockingRules"/> classifies this one operation (not its children).</summary>
    public static bool IsWaitOrIo(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options, CancellationToken cancellationToken)
    {
        foreach (var rule in BlockingRules.All)
        {
            if (!BlockingRules.IsCpuBound(rule.Descriptor.Id) && rule.OperationKinds.Contains(operation.Kind)
                && rule.Classify(operation, symbols, options, cancellationToken) is not null)
            {
                return true;
            }
        }

        return false;
    }
}
