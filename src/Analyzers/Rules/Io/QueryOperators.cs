using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers.Rules.Io;

/// <summary>
/// Knowledge: LINQ operators that run a database query synchronously when their source is an <c>IQueryable</c> of a
/// provider that ships asynchronous operators (EF Core's <c>EntityFrameworkQueryableExtensions</c>:
/// <c>_db.Orders.ToList()</c> → <c>ToListAsync</c>), and <c>foreach</c> over such a query. Resolved once per
/// compilation; without EF Core in the references nothing is reported. A source made in memory
/// (<c>list.AsQueryable()</c>) runs no query and is not reported.
/// </summary>
internal sealed class QueryOperators
{
    /// <summary>The materializing operators (Enumerable's and Queryable's) whose provider twin is <c>NameAsync</c>.</summary>
    private static readonly ImmutableHashSet<string> Operators = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "ToList", "ToArray", "ToDictionary", "ToHashSet", "ToLookup", "First", "FirstOrDefault", "Single", "SingleOrDefault",
        "Last", "LastOrDefault", "Count", "LongCount", "Any", "All", "Min", "Max", "Sum", "Average", "Contains",
        "ElementAt", "ElementAtOrDefault");

    private readonly INamedTypeSymbol? _enumerable;
    private readonly INamedTypeSymbol? _queryable;
    private readonly INamedTypeSymbol? _queryableInterface;
    private readonly HashSet<string> _asyncOperators = new(StringComparer.Ordinal);

    private QueryOperators(Compilation compilation)
    {
        var provider = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions");
        if (provider is null)
        {
            return;
        }

        _enumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");
        _queryable = compilation.GetTypeByMetadataName("System.Linq.Queryable");
        _queryableInterface = compilation.GetTypeByMetadataName("System.Linq.IQueryable");
        foreach (var name in provider.MemberNames)
        {
            if (name.EndsWith(TwinLookup.AsyncSuffix, StringComparison.Ordinal))
            {
                _asyncOperators.Add(name);
            }
        }
    }

    public static QueryOperators For(AsyncSymbols symbols) => symbols.GetOrCreate(static s => new QueryOperators(s.Compilation));

    /// <summary>The provider's asynchronous operator for <paramref name="invocation"/> when it runs a query synchronously, else null.</summary>
    public string? AsyncOperatorFor(IInvocationOperation invocation)
    {
        if (_asyncOperators.Count == 0)
        {
            return null;
        }

        var method = invocation.TargetMethod;
        if (!Operators.Contains(method.Name) || invocation.Arguments.Length == 0)
        {
            return null;
        }

        var declaring = method.ContainingType?.OriginalDefinition;
        if (!SymbolEqualityComparer.Default.Equals(declaring, _enumerable) && !SymbolEqualityComparer.Default.Equals(declaring, _queryable))
        {
            return null;
        }

        var asyncName = method.Name + TwinLookup.AsyncSuffix;
        return _asyncOperators.Contains(asyncName) && IsProviderQuery(invocation.Arguments[0].Value) ? asyncName : null;
    }

    /// <summary>
    /// Whether <paramref name="invocation"/> (an enumerating operator of LINQ to objects) runs a provider's query that
    /// was turned into an <c>IEnumerable</c> first: <c>_db.People.AsEnumerable().Where(...).Count()</c> reads every row
    /// synchronously. No twin applies after <c>AsEnumerable()</c>.
    /// </summary>
    public bool RunsQueryAfterAsEnumerable(IInvocationOperation invocation)
    {
        if (_asyncOperators.Count == 0 || !Operators.Contains(invocation.TargetMethod.Name)
            || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, _enumerable))
        {
            return false;
        }

        return AsEnumerableOfQuery(invocation.Arguments[0].Value.WithoutImplicitConversions());
    }

    /// <summary>Whether <paramref name="operation"/> is LINQ to objects (any operators) over <c>query.AsEnumerable()</c>.</summary>
    private bool AsEnumerableOfQuery(IOperation operation)
    {
        // Down the chain of LINQ to objects operators to its source.
        for (var current = operation; current is IInvocationOperation call && call.Arguments.Length > 0;)
        {
            if (!SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType?.OriginalDefinition, _enumerable))
            {
                return false;
            }

            var source = call.Arguments[0].Value.WithoutImplicitConversions();
            if (call.TargetMethod.Name is "AsEnumerable")
            {
                return IsProviderQuery(source);
            }

            current = source;
        }

        return false;
    }

    /// <summary>Whether a <c>foreach</c> over <paramref name="collection"/> runs a provider's query synchronously.</summary>
    public bool IsQueryLoop(IOperation collection) => _asyncOperators.Count > 0 && (IsProviderQuery(collection) || AsEnumerableOfQuery(collection.WithoutImplicitConversions()));

    private bool IsProviderQuery(IOperation source)
    {
        source = source.WithoutImplicitConversions();
        if (source.Type is not { } type || !IsQueryable(type))
        {
            return false;
        }

        // list.AsQueryable() (also further down a chain of operators) queries memory, not a database.
        var current = source;
        for (; current is IInvocationOperation call && call.Arguments.Length > 0; current = call.Arguments[0].Value.WithoutImplicitConversions())
        {
            if (call.TargetMethod.Name == "AsQueryable" && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType?.OriginalDefinition, _queryable))
            {
                return false;
            }
        }

        // Code the compiler could not bind (a type from a missing reference): its "IQueryable" is a guess from an
        // overload it could not apply, not a query.
        return current is not IInvalidOperation;
    }

    private bool IsQueryable(ITypeSymbol type)
        => SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _queryableInterface)
           || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, _queryableInterface));
}
