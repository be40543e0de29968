using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.Transitive;

/// <summary>
/// What the methods of one compilation do, computed lazily and only for methods reached from async code (the async
/// functions of a type, see TransitiveBlockingAnalyzer): for each method, the first blocking operation a rule finds in its body (judged as if the body were async
/// code) and the methods it calls; for each method called there, the shortest chain to a blocking operation within a
/// depth limit. Thread safe (concurrent dictionaries; a value computed twice by two threads is the same value) and
/// iterative (a breadth-first search over the call graph and an explicit stack over each body), so cycles, deep
/// recursion and very large methods end.
/// </summary>
internal sealed class MethodSummaries
{
    /// <summary>Operations read in one body at most; a larger (generated) method is judged on this prefix.</summary>
    public const int MaxOperationsPerMethod = 200_000;

    /// <summary>Methods visited by one chain search at most.</summary>
    public const int MaxMethodsPerSearch = 5_000;

    private readonly Compilation _compilation;
    private readonly AsyncSymbols _symbols;
    private readonly UnblockOptions _options;
    private readonly ImmutableArray<ImmutableArray<BlockingCallAnalyzer>> _rulesByKind;
    private readonly ConcurrentDictionary<IMethodSymbol, MethodFacts> _facts = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<IMethodSymbol, BlockingChain?>> _chains = new();
    private readonly ConcurrentDictionary<UnblockOptions.TreeOptions, Settings> _settings = new();
    private readonly ConcurrentDictionary<IMethodSymbol, IMethodSymbol?> _bodies = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _iterators = new(SymbolEqualityComparer.Default);
    private Dictionary<IMethodSymbol, IMethodSymbol?>? _implementations;
    private Settings? _lastSettings;

    /// <param name="rulesByKind">The rules, indexed by the operation kinds they classify (<see cref="IndexByKind"/>).</param>
    public MethodSummaries(Compilation compilation, AsyncSymbols symbols, UnblockOptions options, ImmutableArray<ImmutableArray<BlockingCallAnalyzer>> rulesByKind)
    {
        _compilation = compilation;
        _symbols = symbols;
        _options = options;
        _rulesByKind = rulesByKind;
    }

    /// <summary>
    /// The rules indexed by operation kind, built once per analyzer: the lookup runs for every operation of every body
    /// read.
    /// </summary>
    public static ImmutableArray<ImmutableArray<BlockingCallAnalyzer>> IndexByKind(ImmutableArray<BlockingCallAnalyzer> rules)
    {
        var kinds = rules.SelectMany(rule => rule.OperationKinds).ToList();
        var rulesByKind = ImmutableArray.CreateBuilder<ImmutableArray<BlockingCallAnalyzer>>(kinds.Count == 0 ? 0 : (int)kinds.Max() + 1);
        for (var kind = 0; kind < rulesByKind.Capacity; kind++)
        {
            rulesByKind.Add(rules.Where(rule => rule.OperationKinds.Contains((OperationKind)kind)).ToImmutableArray());
        }

        return rulesByKind.MoveToImmutable();
    }

    /// <summary>The rules that classify operations of <paramref name="kind"/>.</summary>
    public ImmutableArray<BlockingCallAnalyzer> RulesFor(OperationKind kind)
        => (int)kind >= 0 && (int)kind < _rulesByKind.Length ? _rulesByKind[(int)kind] : ImmutableArray<BlockingCallAnalyzer>.Empty;

    /// <summary>The BLK007 options of one file, parsed once.</summary>
    public Settings SettingsFor(UnblockOptions.TreeOptions options)
    {
        // Calls come file by file: the last file's settings answer most lookups without hashing.
        var last = _lastSettings;
        if (last is not null && ReferenceEquals(last.Options, options))
        {
            return last;
        }

        if (!_settings.TryGetValue(options, out var settings))
        {
            settings = _settings.GetOrAdd(options, new Settings(options, TransitiveOptions.IncludeVirtual(options), TransitiveOptions.MaxDepth(options)));
        }

        _lastSettings = settings;
        return settings;
    }

    /// <summary>
    /// The method whose body in this compilation runs for the call at <paramref name="operation"/> (see
    /// <see cref="CallTargets"/>), or null. The answer is kept per called definition, metadata ones included: the same
    /// few methods are called from everywhere, and one lookup reads less than finding where a method is declared.
    /// </summary>
    public IMethodSymbol? TargetOf(IOperation operation, bool includeVirtual)
    {
        var called = CallTargets.Of(operation, includeVirtual);
        if (called is null)
        {
            return null;
        }

        var definition = CallTargets.Definition(called);
        var body = _bodies.TryGetValue(definition, out var known)
            ? known
            : _bodies.GetOrAdd(definition, SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, _compilation.Assembly) ? BodyOf(definition) : null);

        // An iterator runs where it is enumerated (files.Any() on the next line lists the folder), not where it is called.
        return body is not null && _iterators.GetOrAdd(body, static m => CallTargets.IsIterator(m)) && !CallTargets.IsEnumeratedAt(operation)
            ? null
            : body;
    }

    /// <summary>
    /// The body a call to <paramref name="definition"/> runs: its own, or for an interface or abstract member of this
    /// compilation, the body of its only implementation in the compilation (none when there are several: which one
    /// runs is decided at run time, by dependency injection or the caller).
    /// </summary>
    private IMethodSymbol? BodyOf(IMethodSymbol definition)
    {
        if (!definition.IsAbstract)
        {
            return CallTargets.WithBody(definition);
        }

        return Implementations().TryGetValue(definition, out var sole) && sole is not null ? CallTargets.WithBody(sole) : null;
    }

    /// <summary>
    /// Every interface and abstract member of this compilation to its only implementation in it (null when there are
    /// several), built once, on the first call through one, in one pass over the compilation's types.
    /// </summary>
    private Dictionary<IMethodSymbol, IMethodSymbol?> Implementations()
    {
        var known = Volatile.Read(ref _implementations);
        if (known is not null)
        {
            return known;
        }

        var map = new Dictionary<IMethodSymbol, IMethodSymbol?>(SymbolEqualityComparer.Default);
        var namespaces = new Stack<INamespaceOrTypeSymbol>();
        namespaces.Push(_compilation.Assembly.GlobalNamespace);
        while (namespaces.Count > 0)
        {
            foreach (var member in namespaces.Pop().GetMembers())
            {
                if (member is not INamespaceOrTypeSymbol container)
                {
                    continue;
                }

                namespaces.Push(container);
                if (container is INamedTypeSymbol { IsAbstract: false, TypeKind: TypeKind.Class or TypeKind.Struct } type)
                {
                    AddImplementations(type, map);
                }
            }
        }

        return Interlocked.CompareExchange(ref _implementations, map, null) ?? map;
    }

    private void AddImplementations(INamedTypeSymbol type, Dictionary<IMethodSymbol, IMethodSymbol?> map)
    {
        foreach (var implemented in type.AllInterfaces)
        {
            if (!SymbolEqualityComparer.Default.Equals(implemented.ContainingAssembly, _compilation.Assembly))
            {
                continue;
            }

            foreach (var member in implemented.GetMembers())
            {
                if (member is IMethodSymbol { IsAbstract: true } abstractMember
                    && type.FindImplementationForInterfaceMember(abstractMember) is IMethodSymbol implementation)
                {
                    Add(map, abstractMember.OriginalDefinition, implementation.OriginalDefinition);
                }
            }
        }

        for (var current = type; current is not null && SymbolEqualityComparer.Default.Equals(current.ContainingAssembly, _compilation.Assembly); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is not IMethodSymbol { IsOverride: true, IsAbstract: false } overriding)
                {
                    continue;
                }

                for (var overridden = overriding.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    if (overridden.IsAbstract && SymbolEqualityComparer.Default.Equals(overridden.ContainingAssembly, _compilation.Assembly))
                    {
                        Add(map, overridden.OriginalDefinition, overriding.OriginalDefinition);
                    }
                }
            }
        }
    }

    private static void Add(Dictionary<IMethodSymbol, IMethodSymbol?> map, IMethodSymbol member, IMethodSymbol implementation)
    {
        if (!map.TryGetValue(member, out var existing))
        {
            map[member] = implementation;
        }
        else if (existing is not null && !SymbolEqualityComparer.Default.Equals(existing, implementation))
        {
            map[member] = null;
        }
    }

    /// <summary>
    /// Whether <paramref name="method"/> is already known not to block within <paramref name="maxDepth"/> methods: most
    /// calls go to helpers judged before, and need not be kept until their type ends.
    /// </summary>
    public bool IsKnownNotToBlock(IMethodSymbol method, int maxDepth)
        => _chains.TryGetValue(maxDepth, out var known) && known.TryGetValue(method, out var chain) && chain is null;

    /// <summary>
    /// The shortest chain from <paramref name="method"/> (a result of <see cref="TargetOf"/>) to a blocking
    /// operation, with at most <paramref name="maxDepth"/> methods of the compilation on it; null when it does not block.
    /// </summary>
    public BlockingChain? ChainFrom(IMethodSymbol method, int maxDepth, CancellationToken cancellationToken)
    {
        var known = _chains.GetOrAdd(maxDepth, _ => new ConcurrentDictionary<IMethodSymbol, BlockingChain?>(SymbolEqualityComparer.Default));
        if (known.TryGetValue(method, out var chain))
        {
            return chain;
        }

        return known.GetOrAdd(method, Search(method, maxDepth, known, cancellationToken));
    }

    private BlockingChain? Search(IMethodSymbol start, int maxDepth, ConcurrentDictionary<IMethodSymbol, BlockingChain?> known, CancellationToken cancellationToken)
    {
        var parents = new Dictionary<IMethodSymbol, IMethodSymbol?>(SymbolEqualityComparer.Default) { [start] = null };
        var level = new List<IMethodSymbol> { start };
        IMethodSymbol? blocking = null;
        MethodFacts? blockingFacts = null;
        var cpuOnly = true;
        for (var depth = 1; depth <= maxDepth && level.Count > 0; depth++)
        {
            var next = new List<IMethodSymbol>();
            foreach (var method in level)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var facts = FactsOf(method, cancellationToken);
                if (facts.Finding is not null)
                {
                    if (blocking is null)
                    {
                        blocking = method;
                        blockingFacts = facts;
                    }

                    cpuOnly &= !facts.HasBlockingNotCpu;
                    if (!cpuOnly)
                    {
                        // The shortest chain is known and no Task.Run fix can apply: nothing further changes the answer.
                        return ChainTo(blocking, blockingFacts!, parents, cpuOnly);
                    }
                }

                if (depth == maxDepth)
                {
                    continue;
                }

                foreach (var callee in facts.Callees)
                {
                    // A method already known not to block within the limit does not block within less either.
                    if (parents.Count < MaxMethodsPerSearch && !parents.ContainsKey(callee)
                        && !(known.TryGetValue(callee, out var calleeChain) && calleeChain is null))
                    {
                        parents.Add(callee, method);
                        next.Add(callee);
                    }
                }
            }

            level = next;
        }

        return blocking is null || blockingFacts is null ? null : ChainTo(blocking, blockingFacts, parents, cpuOnly);
    }

    private static BlockingChain ChainTo(IMethodSymbol blocking, MethodFacts facts, Dictionary<IMethodSymbol, IMethodSymbol?> parents, bool cpuOnly)
    {
        var path = new List<IMethodSymbol>();
        for (IMethodSymbol? current = blocking; current is not null; current = parents[current])
        {
            path.Add(current);
        }

        path.Reverse();
        return new BlockingChain(path.ToImmutableArray(), facts.Finding!, facts.FindingRuleId!, cpuOnly);
    }

    /// <summary>The facts of one body, computed once.</summary>
    private MethodFacts FactsOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (_facts.TryGetValue(method, out var facts))
        {
            return facts;
        }

        return _facts.GetOrAdd(method, ComputeFacts(method, cancellationToken));
    }

    private MethodFacts ComputeFacts(IMethodSymbol method, CancellationToken cancellationToken)
    {
        var reference = method.DeclaringSyntaxReferences.FirstOrDefault();
        if (reference is null)
        {
            return MethodFacts.None;
        }

        var declaration = reference.GetSyntax(cancellationToken);
        var tree = declaration.SyntaxTree;
        var treeOptions = _options.For(tree);
        if (treeOptions.IsExcluded(DiagnosticIds.TransitiveBlockingCall, method))
        {
            return MethodFacts.None;
        }

        var model = ModelOf(tree);
        if (model is null)
        {
            return MethodFacts.None;
        }

        var root = model.GetOperation(declaration, cancellationToken);
        if (root is null)
        {
            return MethodFacts.None;
        }

        var includeVirtual = SettingsFor(treeOptions).IncludeVirtual;
        BlockingCall? finding = null;
        string? findingRuleId = null;
        var blockingNotCpu = false;
        var callees = new List<IMethodSymbol>();
        var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var stack = new Stack<IOperation>(64);
        var children = new List<IOperation>();
        stack.Push(root);
        var visited = 0;
        while (stack.Count > 0 && visited++ < MaxOperationsPerMethod)
        {
            var operation = stack.Pop();
            switch (operation)
            {
                case INameOfOperation:
                    continue;
                case IAnonymousFunctionOperation lambda when !AsyncContext.RunsOnEnclosingThread(lambda, _symbols):
                    // Task.Run, threads, timers, events and async lambdas do not block this method's caller.
                    continue;
                case ILocalFunctionOperation when operation != root:
                    // A local function blocks when it is called: the call is an edge like any other.
                    continue;
                case IConditionalOperation conditional when LazyInitialization.IsUnsetTest(conditional.Condition):
                    // Runs until a field is first set (see LazyInitialization): only the other branch runs on every call.
                    if (conditional.WhenFalse is { } otherwise)
                    {
                        stack.Push(otherwise);
                    }

                    continue;
                case ICoalesceAssignmentOperation coalesce when LazyInitialization.IsField(coalesce.Target):
                    continue;
                case IBlockOperation block when LazyInitialization.EveryCallPrefix(block) is var prefix && prefix < block.Operations.Length:
                    for (var i = prefix - 1; i >= 0; i--)
                    {
                        stack.Push(block.Operations[i]);
                    }

                    continue;
            }

            var classified = false;
            foreach (var rule in RulesFor(operation.Kind))
            {
                var call = rule.Classify(operation, _symbols, treeOptions, cancellationToken);
                if (call is null || treeOptions.IsExcluded(rule.Descriptor.Id, call.Symbol))
                {
                    continue;
                }

                classified = true;
                if (finding is null)
                {
                    finding = call;
                    findingRuleId = rule.Descriptor.Id;
                }

                blockingNotCpu |= !BlockingRules.IsCpuBound(rule.Descriptor.Id);
                break;
            }

            if (blockingNotCpu)
            {
                // A search that reaches this method ends here (see Search): the rest of the body, and its calls, are not needed.
                break;
            }

            if (!classified && TargetOf(operation, includeVirtual) is { } callee && seen.Add(callee))
            {
                callees.Add(callee);
            }

            // Children in reverse, so the first operation in source order is read first (through a reused buffer:
            // no allocation per operation).
            foreach (var child in operation.ChildOperations)
            {
                children.Add(child);
            }

            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }

            children.Clear();
        }

        return finding is null && callees.Count == 0
            ? MethodFacts.None
            : new MethodFacts(finding, findingRuleId, blockingNotCpu, callees.ToImmutableArray());
    }

    /// <summary>
    /// The model of another tree, from the analyzer driver's cache (CachingSemanticModelProvider): a body bound here is
    /// not bound again when the driver analyzes that tree. Not kept: holding every tree's model would hold every bound
    /// body of the project until the end of the compilation.
    /// </summary>
    private SemanticModel? ModelOf(SyntaxTree tree)
    {
        if (!_compilation.ContainsSyntaxTree(tree))
        {
            return null;
        }

#pragma warning disable RS1030, RS0030 // The helper's body lives in another tree: Roslyn 4.8 offers no other way to its operations than a semantic model of that tree, and the driver's provider serves its cached one.
        return _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030, RS0030
    }

    /// <param name="Finding">The first blocking operation of the body, in source order.</param>
    /// <param name="HasBlockingNotCpu">Whether some blocking operation of the body is not CPU-bound work.</param>
    /// <param name="Callees">
    /// The methods with a body in this compilation that the body calls, in source order; only up to the first
    /// blocking operation that is not CPU-bound work, where every search that reaches this method stops.
    /// </param>
    private sealed record MethodFacts(BlockingCall? Finding, string? FindingRuleId, bool HasBlockingNotCpu, ImmutableArray<IMethodSymbol> Callees)
    {
        public static readonly MethodFacts None = new(null, null, false, ImmutableArray<IMethodSymbol>.Empty);
    }
}

/// <summary>The BLK007 options of one file.</summary>
/// <param name="Options">The file's options these settings were read from.</param>
internal sealed record Settings(UnblockOptions.TreeOptions Options, bool IncludeVirtual, int MaxDepth);

/// <summary>A chain of calls from a method to the operation that blocks.</summary>
/// <param name="Methods">The called method first, the method holding the blocking operation last.</param>
/// <param name="RuleId">The rule that classified the blocking operation.</param>
/// <param name="CpuOnly">Whether every blocking operation found within the limit is CPU-bound work.</param>
internal sealed record BlockingChain(ImmutableArray<IMethodSymbol> Methods, BlockingCall BlockingCall, string RuleId, bool CpuOnly);
