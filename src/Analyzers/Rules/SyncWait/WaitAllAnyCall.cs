using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers.Rules.SyncWait;

/// <summary>
/// A call of <c>Task.WaitAll</c> or <c>Task.WaitAny</c> read by the meaning of its arguments, whatever the overload:
/// the tasks (a <c>Task[]</c>, a <c>params</c> array or .NET 9's <c>params ReadOnlySpan&lt;Task&gt;</c> written as a list, an
/// <c>IEnumerable&lt;Task&gt;</c>), a time-out (<c>int</c> milliseconds or <c>TimeSpan</c>) and a token, found by
/// parameter type so named arguments in any order read the same. The analyzer decides from it whether the meaning can
/// be kept; the code fix builds the rewrite from it.
/// </summary>
public sealed class WaitAllAnyCall
{
    private WaitAllAnyCall(bool isWaitAll, ImmutableArray<IOperation> taskElements, IArgumentOperation tasks, IArgumentOperation? timeout, IArgumentOperation? token, bool resultUsed)
    {
        IsWaitAll = isWaitAll;
        TaskElements = taskElements;
        Tasks = tasks;
        Timeout = timeout;
        Token = token;
        ResultUsed = resultUsed;
    }

    /// <summary><c>WaitAll</c> (returns nothing, or whether all finished in time); otherwise <c>WaitAny</c> (returns the index, -1 on time-out).</summary>
    public bool IsWaitAll { get; }

    /// <summary>The tasks argument: one collection, or the elements of an expanded <c>params</c> list.</summary>
    public IArgumentOperation Tasks { get; }

    /// <summary>The tasks one by one when the call lists them (<c>WaitAll(a, b)</c>); empty when it passes a collection.</summary>
    public ImmutableArray<IOperation> TaskElements { get; }

    /// <summary>Whether the call lists its tasks (an expanded <c>params</c> array or span) rather than passing a collection.</summary>
    public bool Expanded => !TaskElements.IsDefault;

    public IArgumentOperation? Timeout { get; }

    /// <summary>The token argument when the call passes one (not a parameter's default value).</summary>
    public IArgumentOperation? Token { get; }

    /// <summary>Whether the bool (<c>WaitAll</c> with a time-out) or the index (<c>WaitAny</c>) is used.</summary>
    public bool ResultUsed { get; }

    /// <summary>
    /// Whether the tasks can be read twice with the same result, as <c>Array.IndexOf(tasks, await Task.WhenAny(tasks))</c>
    /// does: a local, a parameter or a field of <c>this</c> or of a type, or a list of those.
    /// </summary>
    public bool TasksCanBeReadTwice
        => Expanded ? TaskElements.All(IsStable) : Tasks.Value.Type is not { IsRefLikeType: true } && IsStable(Tasks.Value);

    /// <summary>The call read by argument meaning, or null when it is not <c>Task.WaitAll</c>/<c>Task.WaitAny</c> or has an unknown shape.</summary>
    public static WaitAllAnyCall? Of(IInvocationOperation invocation, AsyncSymbols symbols)
    {
        var method = invocation.TargetMethod;
        if (!method.IsStatic || method.Name is not ("WaitAll" or "WaitAny") || !SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Task))
        {
            return null;
        }

        IArgumentOperation? tasks = null, timeout = null, token = null;
        foreach (var argument in invocation.Arguments)
        {
            var type = argument.Parameter?.Type;
            if (type is null)
            {
                return null;
            }

            if (symbols.IsCancellationToken(type))
            {
                token = argument.ArgumentKind == ArgumentKind.DefaultValue ? null : argument;
            }
            else if (type.SpecialType == SpecialType.System_Int32 || type.Name == "TimeSpan")
            {
                timeout = argument;
            }
            else if (tasks is null && argument.Parameter!.Ordinal == 0)
            {
                tasks = argument;
            }
            else
            {
                return null;
            }
        }

        if (tasks is null)
        {
            return null;
        }

        // An expanded params array or span (ArgumentKind.ParamArray, or ParamCollection on newer compilers): its elements.
        var elements = default(ImmutableArray<IOperation>);
        if (tasks.ArgumentKind is not ArgumentKind.Explicit and not ArgumentKind.DefaultValue)
        {
            elements = tasks.Value switch
            {
                IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
                IArrayCreationOperation => ImmutableArray<IOperation>.Empty,
                { } other when other.ChildOperations.Count > 0 && other.Kind.ToString() == "CollectionExpression" => other.ChildOperations.ToImmutableArray(),
                _ => default,
            };
            if (elements.IsDefault)
            {
                return null;
            }
        }

        return new WaitAllAnyCall(method.Name == "WaitAll", elements, tasks, timeout, token, ResultIsUsed(invocation, method));
    }

    private static bool ResultIsUsed(IInvocationOperation invocation, IMethodSymbol method)
        => !method.ReturnsVoid && invocation.Parent is not IExpressionStatementOperation;

    private static bool IsStable(IOperation value)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
        }

        return value switch
        {
            ILocalReferenceOperation { Local.IsRef: false } or IParameterReferenceOperation { Parameter.RefKind: RefKind.None } => true,
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } => true,
            _ => false,
        };
    }
}
