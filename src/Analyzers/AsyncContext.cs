using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers;

/// <summary>Where a blocking operation sits: in async code or not, and whether inside a <c>lock</c>.</summary>
public readonly struct AsyncContext
{
    private AsyncContext(bool isAsync, bool insideLock, IOperation? function)
    {
        IsAsync = isAsync;
        InsideLock = insideLock;
        Function = function;
    }

    /// <summary>True when the nearest enclosing function that does not run inline is async code.</summary>
    public bool IsAsync { get; }

    /// <summary>True when a <c>lock</c> statement of that function encloses the operation (<c>await</c> is illegal there).</summary>
    public bool InsideLock { get; }

    /// <summary>The nearest async lambda or local function operation; null when it is the containing member itself.</summary>
    public IOperation? Function { get; }

    private static readonly AsyncContext NotAsync = new(false, false, null);

    /// <summary>
    /// Decides whether <paramref name="operation"/> is inside async code. The nearest enclosing function decides:
    /// an async method, lambda, anonymous method or local function is async code (so are top-level statements that
    /// await); a synchronous lambda is not, unless it is run inline by the caller (LINQ to objects,
    /// <c>List&lt;T&gt;.ForEach</c>, ...), in which case the function around it decides. Expression trees and
    /// <c>nameof</c> are never async code. With the task-returning option, a non-async function returning an
    /// awaitable counts as async code too.
    /// </summary>
    public static AsyncContext Of(IOperation operation, ISymbol containingSymbol, AsyncSymbols symbols, UnblockOptions.TreeOptions options)
    {
        var insideLock = false;
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILockOperation:
                    insideLock = true;
                    break;

                case INameOfOperation:
                    return NotAsync;

                case IAnonymousFunctionOperation lambda:
                    if (IsExpressionTree(lambda, symbols))
                    {
                        return NotAsync;
                    }

                    if (lambda.Symbol.IsAsync)
                    {
                        return new AsyncContext(true, insideLock, lambda);
                    }

                    if (RunsInline(lambda, symbols))
                    {
                        // The caller runs this delegate on its own thread before it returns: keep looking outward.
                        // A lock around the call is still a lock around the delegate.
                        continue;
                    }

                    return options.TaskReturningMethodsAreAsync && symbols.IsAwaitable(lambda.Symbol.ReturnType)
                        ? new AsyncContext(true, insideLock, lambda)
                        : NotAsync;

                case ILocalFunctionOperation localFunction:
                    return IsAsyncFunction(localFunction.Symbol, symbols, options)
                        ? new AsyncContext(true, insideLock, localFunction)
                        : NotAsync;
            }
        }

        return containingSymbol is IMethodSymbol method && IsAsyncFunction(method, symbols, options)
            ? new AsyncContext(true, insideLock, null)
            : NotAsync;
    }

    /// <summary>True for an async method or local function, top-level statements that await, and (with the option) awaitable-returning methods.</summary>
    public static bool IsAsyncFunction(IMethodSymbol method, AsyncSymbols symbols, UnblockOptions.TreeOptions options)
    {
        if (method.IsAsync)
        {
            return true;
        }

        switch (method.MethodKind)
        {
            case MethodKind.Ordinary:
            case MethodKind.LocalFunction:
            case MethodKind.ExplicitInterfaceImplementation:
                break;
            default:
                // Accessors, constructors, operators and static constructors are never async code.
                return false;
        }

        if (method.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName)
        {
            // Top-level statements that use await compile to a Task-returning entry point.
            return symbols.IsTask(method.ReturnType);
        }

        return options.TaskReturningMethodsAreAsync && symbols.IsAwaitable(method.ReturnType);
    }

    /// <summary>
    /// True when a synchronous lambda runs on the thread of the function around it: it is run inline by the caller
    /// (LINQ to objects, <c>List&lt;T&gt;.ForEach</c>, ...) and is neither async nor an expression tree.
    /// </summary>
    public static bool RunsOnEnclosingThread(IAnonymousFunctionOperation lambda, AsyncSymbols symbols)
        => !lambda.Symbol.IsAsync && !IsExpressionTree(lambda, symbols) && RunsInline(lambda, symbols);

    private static bool IsExpressionTree(IAnonymousFunctionOperation lambda, AsyncSymbols symbols)
    {
        for (var parent = lambda.Parent; parent is IDelegateCreationOperation or IConversionOperation; parent = parent.Parent)
        {
            var type = parent.Type;
            if (type is not null && type.TypeKind != TypeKind.Delegate)
            {
                return AsyncSymbols.InheritsFrom(type, symbols.LambdaExpression)
                       || AsyncSymbols.InheritsFrom(type, symbols.ExpressionOfT);
            }
        }

        return false;
    }

    internal static bool RunsInline(IAnonymousFunctionOperation lambda, AsyncSymbols symbols)
    {
        var containingType = InvocationTaking(lambda)?.TargetMethod.ContainingType?.OriginalDefinition;
        return containingType is not null && symbols.InlineDelegateRunners.Contains(containingType);
    }

    /// <summary>The call that <paramref name="lambda"/> is passed to as an argument (through its delegate conversion), or null.</summary>
    internal static IInvocationOperation? InvocationTaking(IAnonymousFunctionOperation lambda)
    {
        var parent = lambda.Parent;
        while (parent is IDelegateCreationOperation or IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent is IArgumentOperation { Parent: IInvocationOperation invocation } ? invocation : null;
    }
}
