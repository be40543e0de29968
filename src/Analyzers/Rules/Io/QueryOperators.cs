using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Unblock.Analyzers.Rules.Transitive;

namespace Unblock.Analyzers.Rules.Io;

/// <summary>
/// Knowledge: LINQ operators that run a database query synchronously when their source is an <c>IQueryable</c> of a
/// provider that ships asynchronous operators (EF Core's <c>EntityFrameworkQueryableExtensions</c>:
/// <c>_db.Orders.ToList()</c> → <c>ToListAsync</c>), and <c>foreach</c> over such a query. Resolved once per
/// compilation; without EF Core in the references nothing is reported. A source made in memory
/// (<c>list.AsQueryable()</c>) runs no query and is not reported. Without EF Core, a store's query
/// (<c>UserManager.Users</c>) is reported without a twin, and so is a MongoDB cursor enumerated synchronously
/// (<c>ToEnumerable()</c>). A query handed on as an <c>IEnumerable</c> runs when
/// it is enumerated: found down deferred LINQ-to-objects operators (<c>query.AsEnumerable().Where(...)</c>), locals
/// assigned once, and methods of this compilation that return it as an <c>IEnumerable&lt;T&gt;</c> (a repository's
/// <c>IEnumerable&lt;int&gt; GetIds() =&gt; _db.Items.Select(i =&gt; i.Id).AsEnumerable();</c>, through its interface
/// to the only implementation).
/// </summary>
#pragma warning disable CA1001 // Owns a ThreadLocal that lives as long as the compilation (see _reading).
internal sealed class QueryOperators
#pragma warning restore CA1001
{
    /// <summary>The materializing operators (Enumerable's and Queryable's) whose provider twin is <c>NameAsync</c>.</summary>
    private static readonly ImmutableHashSet<string> Operators = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "ToList", "ToArray", "ToDictionary", "ToHashSet", "ToLookup", "First", "FirstOrDefault", "Single", "SingleOrDefault",
        "Last", "LastOrDefault", "Count", "LongCount", "Any", "All", "Min", "Max", "Sum", "Average", "Contains",
        "ElementAt", "ElementAtOrDefault");

    /// <summary>LINQ-to-objects operators whose result is deferred: enumerating it enumerates their source.</summary>
    private static readonly ImmutableHashSet<string> Deferred = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "AsEnumerable", "Where", "Select", "SelectMany", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "Order",
        "OrderDescending", "Skip", "Take", "SkipWhile", "TakeWhile", "SkipLast", "TakeLast", "Distinct", "DistinctBy", "GroupBy",
        "Reverse", "Cast", "OfType", "DefaultIfEmpty", "Append", "Prepend", "Chunk", "Concat", "Union", "Except", "Intersect", "Zip");

    /// <summary>
    /// Methods that return an <c>IEnumerable</c> over a database cursor, which makes a round trip for each batch as it
    /// is enumerated (MongoDB's <c>ToEnumerable()</c>; its asynchronous ways are <c>ForEachAsync</c> and <c>ToListAsync</c>).
    /// </summary>
    private static readonly ImmutableArray<KnownMember> SyncCursors = ImmutableArray.Create(
        new KnownMember("MongoDB.Driver.IAsyncCursorSourceExtensions", "ToEnumerable"),
        new KnownMember("MongoDB.Driver.IAsyncCursorExtensions", "ToEnumerable"));

    /// <summary>
    /// Properties that expose a store's query over its database, whichever provider the store uses (ASP.NET Core
    /// Identity's user and role stores: EF Core, MongoDB, ...): materializing them runs the query.
    /// </summary>
    private static readonly ImmutableArray<KnownMember> StoreQueries = ImmutableArray.Create(
        new KnownMember("Microsoft.AspNetCore.Identity.UserManager`1", "Users"),
        new KnownMember("Microsoft.AspNetCore.Identity.RoleManager`1", "Roles"));

    /// <summary>Locals and methods followed from one sequence back to its query at most.</summary>
    private const int MaxDepth = 4;

    private readonly Compilation _compilation;
    private readonly AsyncSymbols _symbols;
    private readonly ConcurrentDictionary<IMethodSymbol, (bool Result, ImmutableArray<SyntaxTree> ReadFrom)> _returnsQuery = new(SymbolEqualityComparer.Default);

    // What ReturnsQuery answered in the compilation before an edit (the IDE): a helper in an unchanged file is not bound again.
    private readonly AnswersAcrossEdits<bool> _carried;

    // The answer ReturnsQuery is computing on each thread: what it has read so far. Lives as long as the compilation,
    // as AsyncSymbols.BodiesRead does; its finalizer releases it.
#pragma warning disable CA2213 // Disposable fields should be disposed: see above.
    private readonly ThreadLocal<Reading?> _reading = new();
#pragma warning restore CA2213
    private readonly INamedTypeSymbol? _enumerable;
    private readonly INamedTypeSymbol? _queryable;
    private readonly INamedTypeSymbol? _queryableInterface;
    private readonly HashSet<string> _asyncOperators = new(StringComparer.Ordinal);
    private readonly List<(INamedTypeSymbol Type, string Member)> _cursors = new();
    private readonly List<(INamedTypeSymbol Type, string Member)> _storeQueries = new();
    private readonly bool _enabled;

    private QueryOperators(AsyncSymbols symbols)
    {
        _symbols = symbols;
        _compilation = symbols.Compilation;
        _carried = new AnswersAcrossEdits<bool>(_compilation, nameof(ReturnsQuery));
        foreach (var (typeName, member) in SyncCursors)
        {
            if (symbols.TypeByMetadataName(typeName) is { } type)
            {
                _cursors.Add((type, member));
            }
        }

        foreach (var (typeName, member) in StoreQueries)
        {
            if (symbols.TypeByMetadataName(typeName) is { } type)
            {
                _storeQueries.Add((type, member));
            }
        }

        var provider = symbols.TypeByMetadataName("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions");
        if (provider is null && _cursors.Count == 0 && _storeQueries.Count == 0)
        {
            return;
        }

        _enumerable = symbols.TypeByMetadataName("System.Linq.Enumerable");
        _queryable = symbols.TypeByMetadataName("System.Linq.Queryable");
        _queryableInterface = symbols.TypeByMetadataName("System.Linq.IQueryable");
        foreach (var name in provider?.MemberNames ?? Enumerable.Empty<string>())
        {
            if (name.EndsWith(TwinLookup.AsyncSuffix, StringComparison.Ordinal))
            {
                _asyncOperators.Add(name);
            }
        }

        _enabled = _asyncOperators.Count > 0 || _cursors.Count > 0 || _storeQueries.Count > 0;
    }

    public static QueryOperators For(AsyncSymbols symbols) => symbols.GetOrCreate(static s => new QueryOperators(s));

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
    /// The query that <paramref name="invocation"/> (an enumerating operator of LINQ to objects) runs synchronously
    /// when its source is a provider's query handed on as an <c>IEnumerable</c>:
    /// <c>_db.People.AsEnumerable().Where(...).Count()</c>, <c>repository.GetIds().ToList()</c> where <c>GetIds</c>
    /// returns a query as <c>IEnumerable&lt;int&gt;</c>. No twin applies to an <c>IEnumerable</c>.
    /// </summary>
    public QuerySource? EnumeratedBy(IInvocationOperation invocation)
    {
        if (!_enabled || !Operators.Contains(invocation.TargetMethod.Name) || invocation.Arguments.Length == 0)
        {
            return null;
        }

        var declaring = invocation.TargetMethod.ContainingType?.OriginalDefinition;
        var source = invocation.Arguments[0].Value.WithoutImplicitConversions();
        if (source.Type is { } type && IsQueryable(type))
        {
            // With EF Core referenced, an IQueryable source is the provider operator's business (AsyncOperatorFor);
            // without it, a store's query (UserManager.Users) is reported without a twin.
            return _asyncOperators.Count == 0 && (SymbolEqualityComparer.Default.Equals(declaring, _queryable) || SymbolEqualityComparer.Default.Equals(declaring, _enumerable))
                   && IsStoreQuery(source, 0)
                ? QuerySource.Store
                : null;
        }

        return SymbolEqualityComparer.Default.Equals(declaring, _enumerable) ? Origin(source, 0) : null;
    }

    /// <summary>The query a <c>foreach</c> over <paramref name="collection"/> runs synchronously, or null.</summary>
    public QuerySource? LoopQuery(IOperation collection)
        => _enabled ? Origin(collection, 0) : null;

    /// <summary>
    /// The query of a LINQ-to-objects <c>SelectMany</c> whose selector returns a provider's query
    /// (<c>users.SelectMany(u =&gt; u.Chapters.Select(c =&gt; c.Id))</c> with <c>Chapters</c> an <c>IQueryable</c>):
    /// one query per element, run synchronously when the result is enumerated; null otherwise.
    /// </summary>
    public IOperation? QueryPerElement(IInvocationOperation invocation)
    {
        if (_asyncOperators.Count == 0 || invocation.TargetMethod.Name != "SelectMany"
            || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType?.OriginalDefinition, _enumerable))
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value;
            while (value is IDelegateCreationOperation or IConversionOperation)
            {
                value = value is IDelegateCreationOperation creation ? creation.Target : ((IConversionOperation)value).Operand;
            }

            if (value is IAnonymousFunctionOperation { Body.Operations.Length: 1 } lambda
                && lambda.Body.Operations[0] is IReturnOperation { ReturnedValue: { } returned }
                && IsProviderQuery(returned))
            {
                return returned.WithoutImplicitConversions();
            }
        }

        return null;
    }

    /// <summary>
    /// Where the sequence <paramref name="sequence"/> comes from when enumerating it runs a provider's query: down
    /// deferred LINQ-to-objects operators to an <c>IQueryable</c>, through locals assigned once and methods of this
    /// compilation that return a query as an <c>IEnumerable&lt;T&gt;</c>; null when it is not a query.
    /// </summary>
    private QuerySource? Origin(IOperation sequence, int depth)
    {
        var current = sequence.WithoutImplicitConversions();
        while (true)
        {
            if (current.Type is { TypeKind: TypeKind.Array })
            {
                // An array (like any concrete collection below) holds its elements already.
                return null;
            }

            if (current.Type is { } type && IsQueryable(type))
            {
                if (_asyncOperators.Count > 0)
                {
                    return IsProviderQuery(current) ? QuerySource.Direct : null;
                }

                return IsStoreQuery(current, depth) ? QuerySource.Store : null;
            }

            if (current.Type is { TypeKind: not TypeKind.Interface })
            {
                // List<T>, HashSet<T>, a DTO: materialized, whatever it was built from. Deferred sequences are typed by
                // interface (IEnumerable<T>, IOrderedEnumerable<T>); this keeps most locals and calls from being followed.
                return null;
            }

            if (current is IInvocationOperation cursor && IsSyncCursor(cursor.TargetMethod))
            {
                return QuerySource.Cursor;
            }

            if (current is IInvocationOperation { Arguments.Length: > 0 } call
                && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType?.OriginalDefinition, _enumerable))
            {
                if (!Deferred.Contains(call.TargetMethod.Name))
                {
                    return null;
                }

                current = call.Arguments[0].Value.WithoutImplicitConversions();
                continue;
            }

            break;
        }

        if (depth >= MaxDepth)
        {
            return null;
        }

        switch (current)
        {
            case ILocalReferenceOperation local:
                // The initializer first: the scan for later assignments costs more, and most locals are not queries.
                return LocalValues.DeclaredInitializer(local) is { } initializer && Origin(initializer, depth + 1) is { } origin
                       && !LocalValues.IsAssignedAgain(local)
                    ? origin
                    : null;
            case IInvocationOperation call when ReturnsQuery(call.TargetMethod, depth + 1, call.SemanticModel):
                return new QuerySource(QueryKind.Returned, call.TargetMethod);
            default:
                return null;
        }
    }

    /// <summary>
    /// Whether <paramref name="method"/>, a method of this compilation declared to return <c>IEnumerable&lt;T&gt;</c>
    /// (not an iterator), returns a provider's query from every <c>return</c>; an interface or abstract member is read
    /// through its only implementation. Cached per method; a method reached again while it is being read counts as no.
    /// A body in the call's own file is read through the call's model (the driver's, where it is bound already). The
    /// answer, with the trees it was read from, is carried to the next compilation after an edit elsewhere
    /// (<see cref="AnswersAcrossEdits{TValue}"/>).
    /// </summary>
    private bool ReturnsQuery(IMethodSymbol method, int depth, SemanticModel? callModel)
    {
        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        if (definition.ReturnType.OriginalDefinition.SpecialType != SpecialType.System_Collections_Generic_IEnumerable_T
            || !SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, _compilation.Assembly))
        {
            return false;
        }

        var outer = _reading.Value;
        if (_returnsQuery.TryGetValue(definition, out var known))
        {
            outer?.Add(known.ReadFrom);
            return known.Result;
        }

        var declaration = definition.DeclaringSyntaxReferences.Length == 1 ? definition.DeclaringSyntaxReferences[0].GetSyntax() : null;
        if (declaration is not null && _carried.TryFind(declaration, out var carried, out var carriedFrom))
        {
            _returnsQuery[definition] = (carried, carriedFrom);
            outer?.Add(carriedFrom);
            return carried;
        }

        _returnsQuery.TryAdd(definition, (false, default));
        var reading = new Reading();
        _reading.Value = reading;
        var result = false;
        try
        {
            if (declaration is not null)
            {
                reading.ReadFrom.Add(declaration.SyntaxTree);
            }

            var body = definition.IsAbstract ? SoleImplementations.For(_symbols).Of(definition) : definition;
            if (body is { IsAsync: false, DeclaringSyntaxReferences.Length: 1 }
                && (callModel?.SyntaxTree == body.DeclaringSyntaxReferences[0].SyntaxTree ? callModel : _compilation.ModelOfTree(body.DeclaringSyntaxReferences[0].SyntaxTree)) is { } model)
            {
                reading.ReadFrom.Add(model.SyntaxTree);
                var values = LocalValues.ReturnedValues(body, model, _symbols);
                result = values.Count > 0;
                foreach (var value in values)
                {
                    result &= Origin(value, depth) is not null;
                }
            }
        }
        finally
        {
            _reading.Value = outer;
        }

        var readFrom = reading.ReadFrom.Distinct().ToImmutableArray();
        _returnsQuery[definition] = (result, readFrom);
        outer?.Add(reading.Incomplete ? default : readFrom);
        if (declaration is not null && !reading.Incomplete)
        {
            _carried.Store(declaration, result, readFrom);
        }

        return result;
    }

    private bool IsSyncCursor(IMethodSymbol method)
    {
        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        foreach (var (type, member) in _cursors)
        {
            if (definition.Name == member && SymbolEqualityComparer.Default.Equals(definition.ContainingType, type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the <c>IQueryable</c> <paramref name="query"/> is a store's query (<see cref="StoreQueries"/>), down its
    /// LINQ operators, through locals whose every value is one (or the same local narrowed: <c>result =
    /// result.Where(...)</c>) and through local functions and same-file helpers whose every return is one.
    /// </summary>
    private bool IsStoreQuery(IOperation query, int depth)
    {
        if (_storeQueries.Count == 0)
        {
            return false;
        }

        var root = RootOf(query);
        switch (root)
        {
            case IPropertyReferenceOperation property:
                foreach (var (type, member) in _storeQueries)
                {
                    if (property.Property.Name == member && SymbolEqualityComparer.Default.Equals(property.Property.ContainingType?.OriginalDefinition, type))
                    {
                        return true;
                    }
                }

                return false;
            case ILocalReferenceOperation local when depth < MaxDepth:
                if (LocalValues.AssignedValues(local) is not { Count: > 0 } values)
                {
                    return false;
                }

                foreach (var value in values)
                {
                    if (!(RootOf(value) is ILocalReferenceOperation same && SymbolEqualityComparer.Default.Equals(same.Local, local.Local))
                        && !IsStoreQuery(value, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case IInvocationOperation call when depth < MaxDepth && call.SemanticModel is { } model:
                var returned = LocalValues.ReturnedValues(call.TargetMethod, model, _symbols);
                if (returned.Count == 0)
                {
                    return false;
                }

                foreach (var value in returned)
                {
                    if (!IsStoreQuery(value, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>The source of a chain of LINQ operators (<c>users</c> in <c>users.Where(...).OrderBy(...)</c>).</summary>
    private IOperation RootOf(IOperation query)
    {
        var current = query.WithoutImplicitConversions();
        while (current is IInvocationOperation { Arguments.Length: > 0 } call
               && (SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType?.OriginalDefinition, _queryable)
                   || SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType?.OriginalDefinition, _enumerable)))
        {
            current = call.Arguments[0].Value.WithoutImplicitConversions();
        }

        return current;
    }


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

    /// <summary>
    /// What the answer being computed has read: the trees of the bodies, its own and its helpers'; whether it used an
    /// answer still being computed (a cycle, another thread's), which is then not carried.
    /// </summary>
    private sealed class Reading
    {
        public List<SyntaxTree> ReadFrom { get; } = new();

        public bool Incomplete { get; private set; }

        public void Add(ImmutableArray<SyntaxTree> trees)
        {
            if (trees.IsDefault)
            {
                Incomplete = true;
            }
            else
            {
                ReadFrom.AddRange(trees);
            }
        }
    }
}

/// <summary>A member of a type, by metadata names (a row of <see cref="QueryOperators"/>' tables).</summary>
internal sealed record KnownMember(string Type, string Member);

/// <summary>What kind of query an enumerated sequence runs.</summary>
internal enum QueryKind
{
    /// <summary>A provider's query built where it is enumerated (<c>query.AsEnumerable().Where(...)</c>).</summary>
    Direct,

    /// <summary>A provider's query that a method of the compilation returns as an <c>IEnumerable&lt;T&gt;</c>.</summary>
    Returned,

    /// <summary>A database cursor enumerated synchronously (MongoDB's <c>ToEnumerable()</c>).</summary>
    Cursor,

    /// <summary>A store's query (<c>UserManager.Users</c>) in a project without EF Core's operators.</summary>
    Store,
}

/// <summary>Where a query enumerated synchronously comes from.</summary>
/// <param name="Method">For <see cref="QueryKind.Returned"/>, the method that returns it.</param>
internal sealed record QuerySource(QueryKind Kind, IMethodSymbol? Method)
{
    public static readonly QuerySource Direct = new(QueryKind.Direct, null);

    public static readonly QuerySource Cursor = new(QueryKind.Cursor, null);

    public static readonly QuerySource Store = new(QueryKind.Store, null);
}
