using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Unblock.Analyzers;

/// <summary>
/// Well-known symbols, resolved once per compilation. Rules compare against these instead of calling
/// <see cref="Compilation.GetTypeByMetadataName"/> in per-node callbacks.
/// </summary>
public sealed class AsyncSymbols
{
    private AsyncSymbols(Compilation compilation, DeclarationEpoch epoch, INamedTypeSymbol task)
    {
        Compilation = compilation;
        Epoch = epoch;
        Task = task;
        TaskOfT = TypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = TypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = TypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        TaskStatus = TypeByMetadataName("System.Threading.Tasks.TaskStatus");
        CancellationToken = TypeByMetadataName("System.Threading.CancellationToken");
        Thread = TypeByMetadataName("System.Threading.Thread");
        SpinWait = TypeByMetadataName("System.Threading.SpinWait");
        Enumerable = TypeByMetadataName("System.Linq.Enumerable");
        ParallelEnumerable = TypeByMetadataName("System.Linq.ParallelEnumerable");
        ListOfT = TypeByMetadataName("System.Collections.Generic.List`1");
        Array = TypeByMetadataName("System.Array");
        LambdaExpression = TypeByMetadataName("System.Linq.Expressions.LambdaExpression");
        ExpressionOfT = TypeByMetadataName("System.Linq.Expressions.Expression`1");

        TaskAwaiters = Resolve(
            System.Array.Empty<INamedTypeSymbol?>(),
            "System.Runtime.CompilerServices.TaskAwaiter",
            "System.Runtime.CompilerServices.TaskAwaiter`1",
            "System.Runtime.CompilerServices.ValueTaskAwaiter",
            "System.Runtime.CompilerServices.ValueTaskAwaiter`1",
            "System.Runtime.CompilerServices.ConfiguredTaskAwaitable+ConfiguredTaskAwaiter",
            "System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1+ConfiguredTaskAwaiter",
            "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable+ConfiguredValueTaskAwaiter",
            "System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1+ConfiguredValueTaskAwaiter");

        // Types whose delegate-taking members run the delegate inline, on the caller's thread.
        InlineDelegateRunners = Resolve(
            new[] { Enumerable, ParallelEnumerable, ListOfT, Array },
            "System.Collections.Concurrent.ConcurrentDictionary`2",
            "System.Collections.Immutable.ImmutableArray",
            "System.Collections.Immutable.ImmutableList`1",
            "System.MemoryExtensions");

        // BLK006: CPU-bound work.
        Rfc2898DeriveBytes = TypeByMetadataName("System.Security.Cryptography.Rfc2898DeriveBytes");
        Stopwatch = TypeByMetadataName("System.Diagnostics.Stopwatch");
        DateTime = TypeByMetadataName("System.DateTime");
        DateTimeOffset = TypeByMetadataName("System.DateTimeOffset");
        Environment = TypeByMetadataName("System.Environment");
        Volatile = TypeByMetadataName("System.Threading.Volatile");
        Interlocked = TypeByMetadataName("System.Threading.Interlocked");
    }

    /// <summary>The given symbols and the types of <paramref name="names"/> that this compilation has, as a set.</summary>
    private ImmutableHashSet<INamedTypeSymbol> Resolve(INamedTypeSymbol?[] known, params string[] names)
    {
        var set = ImmutableHashSet.CreateBuilder<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var type in known.Concat(names.Select(TypeByMetadataName)))
        {
            if (type is not null)
            {
                set.Add(type);
            }
        }

        return set.ToImmutable();
    }

    public Compilation Compilation { get; }

    /// <summary>What this compilation shares with the compilations before it that differ only inside member bodies (the IDE's keystrokes).</summary>
    internal DeclarationEpoch Epoch { get; }

    /// <summary>
    /// <see cref="Compilation.GetTypeByMetadataName"/>, looked up once per <see cref="DeclarationEpoch"/> for the types
    /// of referenced assemblies: each one searches every referenced assembly, and in the IDE every keystroke makes a
    /// new compilation.
    /// </summary>
    public INamedTypeSymbol? TypeByMetadataName(string metadataName) => Epoch.TypeByMetadataName(Compilation, metadataName);

    public INamedTypeSymbol Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? TaskStatus { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? Thread { get; }

    public INamedTypeSymbol? SpinWait { get; }

    public INamedTypeSymbol? Enumerable { get; }

    public INamedTypeSymbol? ParallelEnumerable { get; }

    public INamedTypeSymbol? ListOfT { get; }

    public INamedTypeSymbol? Array { get; }

    public INamedTypeSymbol? LambdaExpression { get; }

    public INamedTypeSymbol? ExpressionOfT { get; }

    /// <summary>The awaiter structs of Task, ValueTask and their ConfigureAwait forms (original definitions).</summary>
    public ImmutableHashSet<INamedTypeSymbol> TaskAwaiters { get; }

    /// <summary>Types whose methods run a delegate argument inline (LINQ to objects, <c>List&lt;T&gt;.ForEach</c>, ...).</summary>
    public ImmutableHashSet<INamedTypeSymbol> InlineDelegateRunners { get; }

    /// <summary>Resolves the symbols, or returns null when the compilation has no <c>System.Threading.Tasks.Task</c>.</summary>
    /// <remarks>
    /// One instance per compilation, shared by every Unblock analyzer (and the caches it holds through
    /// <see cref="GetOrCreate{T}"/>): the table holds it only as long as the compilation lives.
    /// </remarks>
    public static AsyncSymbols? TryCreate(Compilation compilation)
    {
        var shared = PerCompilation.GetValue(compilation, static c =>
        {
            var epoch = DeclarationEpoch.For(c);
            var task = epoch.TypeByMetadataName(c, "System.Threading.Tasks.Task");
            return new Box(task is null || task.TypeKind == TypeKind.Error ? null : new AsyncSymbols(c, epoch, task));
        });
        return shared.Symbols;
    }

    private static readonly ConditionalWeakTable<Compilation, Box> PerCompilation = new();

    /// <summary>Holds null too: a compilation without <c>Task</c> is looked at once.</summary>
    private sealed class Box
    {
        public Box(AsyncSymbols? symbols) => Symbols = symbols;

        public AsyncSymbols? Symbols { get; }
    }

    /// <summary>True for <c>Task</c>, <c>Task&lt;T&gt;</c> and types derived from them.</summary>
    public bool IsTask(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, Task))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for <c>Task&lt;T&gt;</c> (or a derived type).</summary>
    public bool IsGenericTask(ITypeSymbol? type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, TaskOfT))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for <c>ValueTask</c> and <c>ValueTask&lt;T&gt;</c>.</summary>
    public bool IsValueTask(ITypeSymbol? type)
        => type is INamedTypeSymbol named
           && (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, ValueTask)
               || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, ValueTaskOfT));

    /// <summary>True for Task, ValueTask and any type with an accessible instance <c>GetAwaiter()</c> method.</summary>
    public bool IsAwaitable(ITypeSymbol? type)
    {
        if (type is null || type.TypeKind == TypeKind.Error)
        {
            return false;
        }

        if (IsTask(type) || IsValueTask(type))
        {
            return true;
        }

        if (type.SpecialType != SpecialType.None || type.TypeKind is TypeKind.TypeParameter or TypeKind.Dynamic)
        {
            return false;
        }

        if (type is INamedTypeSymbol named && !named.MemberNames.Contains("GetAwaiter"))
        {
            // The common case (List<T>, a user's class): a name lookup, no member symbols created.
            return false;
        }

        foreach (var member in type.GetMembers("GetAwaiter"))
        {
            if (member is IMethodSymbol { IsStatic: false, Parameters.IsEmpty: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="type"/> is <c>System.Threading.CancellationToken</c>.</summary>
    public bool IsCancellationToken(ITypeSymbol? type)
        => type is not null && SymbolEqualityComparer.Default.Equals(type, CancellationToken);

    /// <summary>True when <paramref name="type"/> is, or derives from, <paramref name="baseType"/> (original definitions compared).</summary>
    public static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    public INamedTypeSymbol? Rfc2898DeriveBytes { get; }

    public INamedTypeSymbol? Stopwatch { get; }

    public INamedTypeSymbol? DateTime { get; }

    public INamedTypeSymbol? DateTimeOffset { get; }

    public INamedTypeSymbol? Environment { get; }

    public INamedTypeSymbol? Volatile { get; }

    public INamedTypeSymbol? Interlocked { get; }

    private readonly ConcurrentDictionary<Type, object> _perCompilation = new();

    /// <summary>Where <see cref="LocalValues.ReturnedValues"/> notes the bodies it reads on a thread, while BLK007 records them (<see cref="LocalValues.BodiesReadInto"/>).</summary>
    internal ThreadLocal<List<SyntaxNode>?> BodiesRead { get; } = new();

    // Locks of a table made by NewTable: threads adding at the same time rarely share one (the default is one per core).
    private const int TableLocks = 64;

    private int _fileCount = -1;

    /// <summary>
    /// A per-compilation table that the analysis threads fill together, made large enough for
    /// <paramref name="perFile"/> entries per file of the compilation: it is filled without growing (growing takes every
    /// lock while the whole table is copied) and with enough locks that two threads adding at once rarely wait for each
    /// other. Profiles of real projects had a third of BLK007's time waiting for such locks.
    /// </summary>
    public ConcurrentDictionary<TKey, TValue> NewTable<TKey, TValue>(int perFile, IEqualityComparer<TKey>? comparer = null)
        where TKey : notnull
    {
        if (_fileCount < 0)
        {
            _fileCount = Compilation.SyntaxTrees.Count();
        }

        return new ConcurrentDictionary<TKey, TValue>(TableLocks, Math.Max(31, _fileCount * perFile), comparer ?? EqualityComparer<TKey>.Default);
    }

    /// <summary>
    /// A per-compilation object a rule builds once (a resolved data table, a cache of twin lookups): created on first
    /// use and shared by every callback of this compilation, never outliving it.
    /// </summary>
    public T GetOrCreate<T>(Func<AsyncSymbols, T> factory)
        where T : class
        => _perCompilation.TryGetValue(typeof(T), out var existing) ? (T)existing : Create(factory);

    // Apart, so that the lambda's closure is allocated on the first call only, not on every lookup (the rules look their
    // tables up per operation).
    private T Create<T>(Func<AsyncSymbols, T> factory)
        where T : class
        => (T)_perCompilation.GetOrAdd(typeof(T), _ => factory(this));

    /// <summary>Legacy networking and blocking synchronization types (BLK004, BLK005), resolved on first use.</summary>
    public BlockingTypes Blocking => GetOrCreate(static symbols => new BlockingTypes(symbols));

    /// <summary>The types BLK004 and BLK005 compare against.</summary>
    public sealed class BlockingTypes
    {
        internal BlockingTypes(AsyncSymbols symbols)
        {
            WebClient = symbols.TypeByMetadataName("System.Net.WebClient");
            WebRequest = symbols.TypeByMetadataName("System.Net.WebRequest");
            SemaphoreSlim = symbols.TypeByMetadataName("System.Threading.SemaphoreSlim");
            ManualResetEventSlim = symbols.TypeByMetadataName("System.Threading.ManualResetEventSlim");
            WaitHandle = symbols.TypeByMetadataName("System.Threading.WaitHandle");
            Mutex = symbols.TypeByMetadataName("System.Threading.Mutex");
            Monitor = symbols.TypeByMetadataName("System.Threading.Monitor");
            BlockingCollection = symbols.TypeByMetadataName("System.Collections.Concurrent.BlockingCollection`1");
            CountdownEvent = symbols.TypeByMetadataName("System.Threading.CountdownEvent");
            Barrier = symbols.TypeByMetadataName("System.Threading.Barrier");
            Parallel = symbols.TypeByMetadataName("System.Threading.Tasks.Parallel");
            TimeSpan = symbols.TypeByMetadataName("System.TimeSpan");
        }

        public INamedTypeSymbol? WebClient { get; }

        public INamedTypeSymbol? WebRequest { get; }

        public INamedTypeSymbol? SemaphoreSlim { get; }

        public INamedTypeSymbol? ManualResetEventSlim { get; }

        public INamedTypeSymbol? WaitHandle { get; }

        public INamedTypeSymbol? Mutex { get; }

        public INamedTypeSymbol? Monitor { get; }

        public INamedTypeSymbol? BlockingCollection { get; }

        public INamedTypeSymbol? CountdownEvent { get; }

        public INamedTypeSymbol? Barrier { get; }

        public INamedTypeSymbol? Parallel { get; }

        public INamedTypeSymbol? TimeSpan { get; }
    }
}
