using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Unblock.Analyzers.Options;
using Unblock.Analyzers.Rules.Io;

namespace Unblock.Analyzers.Rules.Transitive;

/// <summary>
/// What the methods of one compilation do, computed lazily and only for methods reached from async code (the async
/// functions of a type, see TransitiveBlockingAnalyzer): for each method, the first blocking operation a rule finds in its body, preferring one that runs on every call (judged as if the body were async
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

    /// <summary>Blocking operations on a method's stream parameters kept per method at most (see <see cref="ConditionalFinding"/>).</summary>
    private const int MaxConditionalFindings = 4;

    private readonly Compilation _compilation;
    private readonly AsyncSymbols _symbols;
    private readonly UnblockOptions _options;
    private readonly ImmutableArray<ImmutableArray<BlockingCallAnalyzer>> _rulesByKind;
    private readonly ConcurrentDictionary<IMethodSymbol, MethodFacts> _facts;
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<IMethodSymbol, BlockingChain?>> _chains = new();
    private readonly ConcurrentDictionary<UnblockOptions.TreeOptions, Settings> _settings = new();
    private readonly ConcurrentDictionary<IMethodSymbol, Body> _bodies;
    private readonly ReferencedSummaries _referenced;
    private readonly FactsAcrossEdits _carried;
    private readonly ConcurrentDictionary<SyntaxTree, WeakReference<SemanticModel>> _driverModels = new();
    private SemanticModel? _lastSeen;
    private Settings? _lastSettings;

    /// <param name="rulesByKind">The rules, indexed by the operation kinds they classify (<see cref="IndexByKind"/>).</param>
    public MethodSummaries(Compilation compilation, AsyncSymbols symbols, UnblockOptions options, ImmutableArray<ImmutableArray<BlockingCallAnalyzer>> rulesByKind)
    {
        _compilation = compilation;
        _symbols = symbols;
        _options = options;
        _rulesByKind = rulesByKind;
        _facts = symbols.NewTable<IMethodSymbol, MethodFacts>(perFile: 8, SymbolEqualityComparer.Default);
        _bodies = symbols.NewTable<IMethodSymbol, Body>(perFile: 8, SymbolEqualityComparer.Default);
        _referenced = ReferencedSummaries.For(symbols, options.AdditionalFiles);
        _carried = new FactsAcrossEdits(compilation, options, rulesByKind);
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

    /// <summary>
    /// Notes the model the driver analyzes <paramref name="model"/>'s file with: a body of that file is then read
    /// through it (<see cref="ModelOf"/>), where the driver has bound it. Under the IDE the open document's model is
    /// not the one the compilation hands out for its file, and reading a helper there would bind it again. Held weakly:
    /// the driver releases a file's model when it is done with the file.
    /// </summary>
    public void Saw(SemanticModel? model)
    {
        if (model is null || ReferenceEquals(Volatile.Read(ref _lastSeen), model))
        {
            return;
        }

        _lastSeen = model;
        if (!_driverModels.TryGetValue(model.SyntaxTree, out var known) || !known.TryGetTarget(out var knownModel) || !ReferenceEquals(knownModel, model))
        {
            _driverModels[model.SyntaxTree] = new WeakReference<SemanticModel>(model);
        }
    }

    /// <summary>The model to read a body of <paramref name="tree"/> through: the driver's (<see cref="Saw"/>), else the compilation's.</summary>
    private SemanticModel? ModelOf(SyntaxTree tree)
        => _driverModels.TryGetValue(tree, out var known) && known.TryGetTarget(out var model) ? model : _compilation.ModelOfTree(tree);

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
    /// <see cref="CallTargets"/>), or a method of another assembly that its summary says blocks
    /// (<see cref="ReferencedSummaries"/>), or null. The answer is kept per called definition of this compilation or of
    /// an assembly with a summary (<see cref="BodyOf"/>).
    /// </summary>
    public IMethodSymbol? TargetOf(IOperation operation, bool includeVirtual) => TargetOf(operation, includeVirtual, out _);

    /// <summary>As <see cref="TargetOf(IOperation, bool)"/>, with the body looked up (an iterator's too).</summary>
    private IMethodSymbol? TargetOf(IOperation operation, bool includeVirtual, out Body body)
    {
        body = default;
        var called = CallTargets.Of(operation, includeVirtual);
        if (called is null)
        {
            return null;
        }

        var definition = CallTargets.Definition(called);
        if (!SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, _compilation.Assembly) && !_referenced.MayKnow(definition))
        {
            // Most calls: a method of a referenced assembly without a summary. Nothing to read or keep (a dictionary
            // that every thread adds each called definition to costs more to fill than this check).
            return null;
        }

        if (!_bodies.TryGetValue(definition, out body))
        {
            body = _bodies.GetOrAdd(definition, BodyOf(definition));
        }

        // An iterator runs where it is enumerated (files.Any() on the next line lists the folder), not where it is called.
        return body.IsIterator && !CallTargets.IsEnumeratedAt(operation) ? null : body.Method;
    }

    /// <summary>
    /// What a call to <paramref name="definition"/> (of this compilation, or of an assembly whose summary may know it)
    /// runs, looked up once per called definition: the same few methods are called from everywhere, and one lookup reads
    /// less than finding where a method is declared.
    /// </summary>
    private Body BodyOf(IMethodSymbol definition)
    {
        if (!SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, _compilation.Assembly))
        {
            return new Body(Summarized(definition), false);
        }

        var body = definition.IsAbstract
            ? SoleImplementations.For(_symbols).Of(definition) is { } sole ? CallTargets.WithBody(sole) : null
            : CallTargets.WithBody(definition);
        return new Body(body, body is not null && CallTargets.IsIterator(body));
    }

    /// <summary>
    /// <paramref name="definition"/> itself when it belongs to another assembly whose summary says it blocks (its facts
    /// then come from the summary), else null.
    /// </summary>
    private IMethodSymbol? Summarized(IMethodSymbol definition) => _referenced.Find(definition) is null ? null : definition;

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
        => ChainFrom(method, 0, maxDepth, cancellationToken);

    /// <summary>
    /// As <see cref="ChainFrom(IMethodSymbol, int, CancellationToken)"/>, when the call passes in-memory streams for
    /// the parameters of <paramref name="method"/> in <paramref name="inMemoryParameters"/> (bits by ordinal, see
    /// <see cref="InMemoryArguments"/>): what the helper does only to those streams does not block.
    /// </summary>
    public BlockingChain? ChainFrom(IMethodSymbol method, ulong inMemoryParameters, int maxDepth, CancellationToken cancellationToken)
    {
        var known = _chains.GetOrAdd(maxDepth, _ => new ConcurrentDictionary<IMethodSymbol, BlockingChain?>(SymbolEqualityComparer.Default));
        if (known.TryGetValue(method, out var chain) && (chain is null || inMemoryParameters == 0))
        {
            // Passing in-memory streams never makes a helper that does not block start blocking.
            return chain;
        }

        if (inMemoryParameters != 0)
        {
            // Rare (a helper given a MemoryStream): not kept.
            return Search(new State(method, inMemoryParameters), maxDepth, known, cancellationToken);
        }

        return known.GetOrAdd(method, Search(new State(method, 0), maxDepth, known, cancellationToken));
    }

    /// <summary>
    /// The parameters of the method called at <paramref name="operation"/> (bits by ordinal) whose arguments are
    /// in-memory streams, readers or writers (<see cref="InMemoryStreams"/>), when nothing is known of the caller's
    /// own parameters; 0 for most calls.
    /// </summary>
    public ulong InMemoryArguments(IOperation operation)
    {
        var arguments = ArgumentsOf(operation);
        if (arguments.IsDefaultOrEmpty)
        {
            return 0;
        }

        var inMemory = InMemoryStreams.For(_symbols);
        var mask = 0UL;
        foreach (var argument in arguments)
        {
            var used = 0UL;
            if (IsStreamArgument(argument, inMemory, out var ordinal) && inMemory.IsInMemory(argument.Value, null, 0, ref used, 0))
            {
                mask |= 1UL << ordinal;
            }
        }

        return mask;
    }

    /// <summary>The parameters of <paramref name="method"/> (bits by ordinal) that take streams, readers or writers.</summary>
    public ulong StreamParameters(IMethodSymbol method)
    {
        var inMemory = InMemoryStreams.For(_symbols);
        var mask = 0UL;
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Ordinal < InMemoryStreams.MaxParameters && inMemory.IsEndpoint(parameter.Type))
            {
                mask |= 1UL << parameter.Ordinal;
            }
        }

        return mask;
    }

    private static ImmutableArray<IArgumentOperation> ArgumentsOf(IOperation operation)
        => operation switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => ImmutableArray<IArgumentOperation>.Empty,
        };

    private static bool IsStreamArgument(IArgumentOperation argument, InMemoryStreams inMemory, out int ordinal)
    {
        ordinal = argument.Parameter?.Ordinal ?? -1;
        return ordinal >= 0 && ordinal < InMemoryStreams.MaxParameters && argument.ArgumentKind != ArgumentKind.DefaultValue
               && inMemory.IsEndpoint(argument.Parameter!.Type);
    }

    /// <summary>
    /// The edge of a call in the body of <paramref name="owner"/> to <paramref name="callee"/>: which of the callee's
    /// stream parameters receive in-memory streams, outright or when some of <paramref name="owner"/>'s parameters do.
    /// </summary>
    private Callee EdgeTo(IMethodSymbol callee, IOperation operation, IMethodSymbol owner)
    {
        var arguments = ArgumentsOf(operation);
        if (arguments.IsDefaultOrEmpty)
        {
            return new Callee(callee, 0, ImmutableArray<ForwardedStream>.Empty);
        }

        var inMemory = InMemoryStreams.For(_symbols);
        var mask = 0UL;
        var forwarded = ImmutableArray<ForwardedStream>.Empty;
        foreach (var argument in arguments)
        {
            var used = 0UL;
            if (IsStreamArgument(argument, inMemory, out var ordinal) && inMemory.IsInMemory(argument.Value, owner, ulong.MaxValue, ref used, 0))
            {
                if (used == 0)
                {
                    mask |= 1UL << ordinal;
                }
                else
                {
                    forwarded = forwarded.Add(new ForwardedStream(ordinal, used));
                }
            }
        }

        return new Callee(callee, mask, forwarded);
    }

    private BlockingChain? Search(State start, int maxDepth, ConcurrentDictionary<IMethodSymbol, BlockingChain?> known, CancellationToken cancellationToken)
    {
        var parents = new Dictionary<State, State?> { [start] = null };
        var level = new List<State> { start };
        State? blocking = null;
        Finding? blockingFinding = null;
        var cpuOnly = true;
        for (var depth = 1; depth <= maxDepth && level.Count > 0; depth++)
        {
            var next = new List<State>();
            foreach (var state in level)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var facts = FactsOf(state.Method, cancellationToken);
                if (facts.FindingGiven(state.InMemoryParameters) is { } finding)
                {
                    if (blocking is null)
                    {
                        blocking = state;
                        blockingFinding = finding;
                    }

                    cpuOnly &= !finding.NotCpu;
                    if (!cpuOnly)
                    {
                        // The shortest chain is known and no Task.Run fix can apply: nothing further changes the answer.
                        return ChainTo(blocking.Value, blockingFinding!, parents, cpuOnly);
                    }
                }

                if (depth == maxDepth)
                {
                    continue;
                }

                foreach (var callee in facts.Callees)
                {
                    // A method already known not to block within the limit does not block within less either.
                    var calleeState = new State(callee.Method, callee.InMemoryGiven(state.InMemoryParameters));
                    if (parents.Count < MaxMethodsPerSearch && !parents.ContainsKey(calleeState)
                        && !(known.TryGetValue(callee.Method, out var calleeChain) && calleeChain is null))
                    {
                        parents.Add(calleeState, state);
                        next.Add(calleeState);
                    }
                }
            }

            level = next;
        }

        return blocking is null || blockingFinding is null ? null : ChainTo(blocking.Value, blockingFinding, parents, cpuOnly);
    }

    private static BlockingChain ChainTo(State blocking, Finding finding, Dictionary<State, State?> parents, bool cpuOnly)
    {
        var path = new List<IMethodSymbol>();
        for (State? current = blocking; current is not null; current = parents[current.Value])
        {
            path.Add(current.Value.Method);
        }

        path.Reverse();
        return new BlockingChain(path.ToImmutableArray(), finding.Call, finding.RuleId, cpuOnly, finding.External);
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
        if (!SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, _compilation.Assembly))
        {
            // A method of another assembly (see Summarized): what its summary says.
            return _referenced.Find(method) is { } external
                ? new MethodFacts(null, external.Entry.RuleId, !external.Entry.CpuOnly, ImmutableArray<Callee>.Empty, ImmutableArray<ConditionalFinding>.Empty, external)
                : MethodFacts.None;
        }

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

        // An edit elsewhere leaves most bodies as they were (see FactsAcrossEdits): their facts need no binding.
        var storable = FactsAcrossEdits.IsStorable(declaration) && _carried.Stores(cancellationToken);
        if (storable && _carried.Find(declaration, Resolve, cancellationToken) is { } carried)
        {
            return carried;
        }

        var model = ModelOf(tree);
        if (model is null)
        {
            return MethodFacts.None;
        }

        // The trees, besides the body's own, that the facts are read from: the type's other parts, the called bodies.
        HashSet<SyntaxTree>? readFrom = null;
        if (storable)
        {
            readFrom = new HashSet<SyntaxTree>();
            foreach (var part in method.ContainingType.DeclaringSyntaxReferences)
            {
                readFrom.Add(part.SyntaxTree);
            }
        }

        var root = declaration is LocalFunctionStatementSyntax ? LocalFunction(declaration, model, cancellationToken) : model.GetOperation(declaration, cancellationToken);
        if (root is null)
        {
            return MethodFacts.None;
        }

        var includeVirtual = SettingsFor(treeOptions).IncludeVirtual;
        BlockedAt? finding = null;
        string? findingRuleId = null;
        var findingConditional = false;
        var blockingNotCpu = false;
        var callees = new List<Callee>();
        var seen = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
        List<ConditionalFinding>? onParameters = null;

        // The bodies besides this one that the rules read to classify its operations (a helper's returned values).
        var alsoRead = storable ? new List<SyntaxNode>() : null;
        using var bodiesRead = alsoRead is null ? (LocalValues.BodiesRead?)null : LocalValues.BodiesReadInto(_symbols, alsoRead);
        var stack = new Stack<IOperation>(64);
        stack.Push(root);
        var visited = 0;
        while (stack.Count > 0 && visited++ < MaxOperationsPerMethod)
        {
            var operation = stack.Pop();

            // By kind, read once, rather than a type test of every operation against each of these interfaces.
            switch (operation.Kind)
            {
                case OperationKind.NameOf:
                    continue;
                case OperationKind.AnonymousFunction when !AsyncContext.RunsOnEnclosingThread((IAnonymousFunctionOperation)operation, _symbols):
                    // Task.Run, threads, timers, events and async lambdas do not block this method's caller.
                    continue;
                case OperationKind.LocalFunction when operation != root:
                    // A local function blocks when it is called: the call is an edge like any other.
                    continue;
                case OperationKind.Conditional when LazyInitialization.IsUnsetTest(((IConditionalOperation)operation).Condition):
                    // Runs until a field is first set (see LazyInitialization): only the other branch runs on every call.
                    if (((IConditionalOperation)operation).WhenFalse is { } otherwise)
                    {
                        stack.Push(otherwise);
                    }

                    continue;
                case OperationKind.CoalesceAssignment when LazyInitialization.IsField(((ICoalesceAssignmentOperation)operation).Target):
                    continue;
                case OperationKind.Block when LazyInitialization.EveryCallPrefix((IBlockOperation)operation) is var prefix
                                              && prefix < ((IBlockOperation)operation).Operations.Length:
                    var statements = ((IBlockOperation)operation).Operations;
                    for (var i = prefix - 1; i >= 0; i--)
                    {
                        stack.Push(statements[i]);
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
                storable = storable && !CallsQuerySource(operation);
                var silencedBy = rule.SilencedByInMemoryParameters(operation, method, _symbols, treeOptions);
                if (silencedBy != 0)
                {
                    // Blocks unless the callers pass in-memory streams for these parameters (see Search).
                    if ((onParameters ??= new List<ConditionalFinding>()).Count < MaxConditionalFindings)
                    {
                        onParameters.Add(new ConditionalFinding(BlockedAt.Of(call), rule.Descriptor.Id, silencedBy));
                    }

                    break;
                }

                // The block that runs on every call is the one to show (see RunsOnEveryCall): an earlier conditional one gives way to it.
                if ((finding is null || findingConditional) && RunsOnEveryCall(operation, root) is var everyCall && (finding is null || everyCall))
                {
                    finding = BlockedAt.Of(call);
                    findingRuleId = rule.Descriptor.Id;
                    findingConditional = !everyCall;
                }

                blockingNotCpu |= !BlockingRules.IsCpuBound(rule.Descriptor.Id);
                break;
            }

            if (blockingNotCpu && !findingConditional)
            {
                // A search that reaches this method ends here (see Search): the rest of the body, and its calls, are not
                // needed; after a conditional finding, only a block on every call would still change what is shown.
                break;
            }

            if (!classified && CallTargets.IsCall(operation.Kind))
            {
                var callee = TargetOf(operation, includeVirtual, out var body);
                if (callee is not null)
                {
                    var edge = EdgeTo(callee, operation, method);
                    if (!seen.TryGetValue(callee, out var index))
                    {
                        seen.Add(callee, callees.Count);
                        callees.Add(edge);
                        storable = storable && ReadsFrom(callee, body.IsIterator, readFrom!);
                    }
                    else if (callees[index] != edge)
                    {
                        // Called twice with different streams: nothing is assumed of them.
                        callees[index] = new Callee(callee, 0, ImmutableArray<ForwardedStream>.Empty);
                    }
                }
                else if (body.Method is { } iterator)
                {
                    // An iterator not enumerated here: whether it is one was read in its body.
                    storable = storable && ReadsFrom(iterator, isIterator: true, readFrom!);
                }
            }

            // Children in reverse, so the first operation in source order is read first.
            foreach (var child in operation.ChildOperations.Reverse())
            {
                stack.Push(child);
            }
        }

        var facts = finding is null && callees.Count == 0 && onParameters is null
            ? MethodFacts.None
            : new MethodFacts(finding, findingRuleId, blockingNotCpu, callees.ToImmutableArray(), onParameters?.ToImmutableArray() ?? ImmutableArray<ConditionalFinding>.Empty, null);
        if (storable)
        {
            readFrom!.Remove(tree);
            var stored = facts.Callees.Select(c => new StoredCallee(c.Method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken), c.InMemoryArguments, c.Forwarded)).ToImmutableArray();
            _carried.Store(new StoredFacts(declaration, facts with { Callees = ImmutableArray<Callee>.Empty }, stored, readFrom.ToImmutableArray(),
                alsoRead!.ToImmutableArray()), cancellationToken);
        }

        return facts;
    }

    /// <summary>
    /// The operation of the local function declared at <paramref name="declaration"/>, found in its member's operations
    /// (which the driver has built when it analyzed that member): asked for directly, the local function is bound
    /// again with the whole member.
    /// </summary>
    private static IOperation? LocalFunction(SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken)
    {
        var member = declaration.Ancestors().FirstOrDefault(static n => n is MemberDeclarationSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax { Parent: MemberDeclarationSyntax });
        if (member is not null && model.GetOperation(member, cancellationToken) is { } memberRoot)
        {
            foreach (var operation in memberRoot.Descendants())
            {
                if (operation is ILocalFunctionOperation local && local.Syntax == declaration)
                {
                    return local;
                }
            }
        }

        return model.GetOperation(declaration, cancellationToken);
    }

    /// <summary>
    /// Notes the tree of <paramref name="callee"/>'s body in <paramref name="readFrom"/>; false when facts that call it
    /// cannot be carried to the next compilation (<see cref="FactsAcrossEdits"/>): it is not found again from its
    /// declaration, is another assembly's (from a summary), or returns an <c>IEnumerable&lt;T&gt;</c> (not as an
    /// iterator) that the query rules read through into further bodies.
    /// </summary>
    private bool ReadsFrom(IMethodSymbol callee, bool isIterator, HashSet<SyntaxTree> readFrom)
    {
        if (!SymbolEqualityComparer.Default.Equals(callee.ContainingAssembly, _compilation.Assembly) || (!isIterator && ReturnsEnumerable(callee)))
        {
            return false;
        }

        var references = callee.DeclaringSyntaxReferences;
        if (references.Length != 1 || !FactsAcrossEdits.IsStorable(references[0].GetSyntax()))
        {
            return false;
        }

        readFrom.Add(references[0].SyntaxTree);
        return true;
    }

    private static bool ReturnsEnumerable(IMethodSymbol method)
        => method.ReturnType.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T;

    /// <summary>
    /// Whether a blocking operation's classification may have read the body of a method of this compilation returning
    /// a query (<see cref="QueryOperators"/>, which keeps what it read per method): then its facts are not carried to the
    /// next compilation.
    /// </summary>
    private bool CallsQuerySource(IOperation operation)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is IInvocationOperation { TargetMethod: var target } && ReturnsEnumerable(target.OriginalDefinition)
                && SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, _compilation.Assembly) && !CallTargets.IsIterator(target.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Carried facts (<see cref="FactsAcrossEdits"/>) with their callees found in this compilation; null when one is gone.</summary>
    private MethodFacts? Resolve(StoredFacts stored, CancellationToken cancellationToken)
    {
        if (stored.Callees.IsEmpty)
        {
            return stored.Facts;
        }

        var callees = ImmutableArray.CreateBuilder<Callee>(stored.Callees.Length);
        foreach (var callee in stored.Callees)
        {
            if (_carried.Find(callee.Declaration, static (facts, _) => IsInert(facts) ? MethodFacts.None : null, cancellationToken) is not null)
            {
                // A callee whose own carried facts neither block nor call anything adds nothing to a search: it is not
                // looked up again (finding a local function's symbol binds its whole method).
                continue;
            }

            if (ModelOf(callee.Declaration.SyntaxTree) is not { } model
                || FactsAcrossEdits.Resolve(callee.Declaration, model, cancellationToken) is not { } method)
            {
                return null;
            }

            callees.Add(new Callee(method, callee.InMemoryArguments, callee.Forwarded));
        }

        return stored.Facts with { Callees = callees.ToImmutable() };
    }

    private static bool IsInert(StoredFacts stored)
        => stored.Facts is { Finding: null, External: null, Conditional.IsEmpty: true } && stored.Callees.IsEmpty;

    /// <summary>
    /// Whether <paramref name="operation"/> runs on every call of the body at <paramref name="root"/>, as far as its
    /// place tells: not in a branch of an <c>if</c> or <c>?:</c>, a switch section or arm, a <c>catch</c>, the right side
    /// of <c>??</c> or the access after <c>?.</c> (loops and <c>&amp;&amp;</c>, <c>||</c> are not told apart).
    /// </summary>
    private static bool RunsOnEveryCall(IOperation operation, IOperation root)
    {
        for (var current = operation; current != root && current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when current != conditional.Condition:
                case ICoalesceOperation coalesce when current == coalesce.WhenNull:
                case IConditionalAccessOperation access when current == access.WhenNotNull:
                case ISwitchCaseOperation or ISwitchExpressionArmOperation or ICatchClauseOperation:
                    return false;
            }
        }

        return true;
    }

    /// <param name="Finding">
    /// The first blocking operation of the body that runs on every call (see <see cref="RunsOnEveryCall"/>), in source
    /// order; the first one when every one is conditional.
    /// </param>
    /// <param name="HasBlockingNotCpu">Whether some blocking operation of the body is not CPU-bound work.</param>
    /// <param name="Callees">
    /// The methods with a body in this compilation that the body calls, in source order; only up to the first
    /// blocking operation that is not CPU-bound work and runs on every call (or follows a finding that does), where
    /// every search that reaches this method stops.
    /// </param>
    /// <param name="Conditional">Blocking operations that do not block when the callers pass in-memory streams (<see cref="ConditionalFinding"/>).</param>
    /// <param name="External">For a method of another assembly, the chain its summary gives.</param>
    internal sealed record MethodFacts(BlockedAt? Finding, string? FindingRuleId, bool HasBlockingNotCpu, ImmutableArray<Callee> Callees, ImmutableArray<ConditionalFinding> Conditional, ExternalChain? External)
    {
        public static readonly MethodFacts None = new(null, null, false, ImmutableArray<Callee>.Empty, ImmutableArray<ConditionalFinding>.Empty, null);

        /// <summary>The finding of the body when the parameters in <paramref name="inMemory"/> hold in-memory streams, or null.</summary>
        public Finding? FindingGiven(ulong inMemory)
        {
            if (Finding is not null)
            {
                return new Finding(Finding, null, FindingRuleId!, HasBlockingNotCpu);
            }

            if (External is not null && External.Entry.BlocksGiven(inMemory))
            {
                return new Finding(null, External, External.Entry.RuleId, HasBlockingNotCpu);
            }

            foreach (var candidate in Conditional)
            {
                if ((candidate.Parameters & ~inMemory) != 0)
                {
                    return new Finding(candidate.Call, null, candidate.RuleId, !BlockingRules.IsCpuBound(candidate.RuleId));
                }
            }

            return null;
        }
    }

    /// <summary>A blocking operation of a body, or the chain a summary gives for a method of another assembly.</summary>
    internal sealed record Finding(BlockedAt? Call, ExternalChain? External, string RuleId, bool NotCpu);

    /// <summary>A blocking operation on streams that are the method's parameters (bits by ordinal): it blocks unless every one of them is in memory.</summary>
    internal sealed record ConditionalFinding(BlockedAt Call, string RuleId, ulong Parameters);

    /// <summary>A method at the end of a call chain, and the parameters (bits by ordinal) it was given in-memory streams for.</summary>
    private readonly struct State : IEquatable<State>
    {
        public State(IMethodSymbol method, ulong inMemoryParameters)
        {
            Method = method;
            InMemoryParameters = inMemoryParameters;
        }

        public IMethodSymbol Method { get; }

        public ulong InMemoryParameters { get; }

        public bool Equals(State other) => InMemoryParameters == other.InMemoryParameters && SymbolEqualityComparer.Default.Equals(Method, other.Method);

        public override bool Equals(object? obj) => obj is State other && Equals(other);

        public override int GetHashCode() => (SymbolEqualityComparer.Default.GetHashCode(Method) * 31) ^ InMemoryParameters.GetHashCode();
    }
}

/// <summary>A stream parameter of a callee that receives one of the caller's parameters (or a wrapper over them).</summary>
/// <param name="CalleeParameter">The callee's parameter ordinal.</param>
/// <param name="CallerParameters">The caller's parameters (bits by ordinal) that must all be in memory for it to be.</param>
internal readonly record struct ForwardedStream(int CalleeParameter, ulong CallerParameters);

/// <summary>A call from a body to a method of the compilation, with what is known of the streams it passes.</summary>
/// <param name="InMemoryArguments">The callee's parameters (bits by ordinal) given in-memory streams outright.</param>
internal readonly record struct Callee(IMethodSymbol Method, ulong InMemoryArguments, ImmutableArray<ForwardedStream> Forwarded)
{
    /// <summary>The callee's in-memory parameters when the caller's parameters in <paramref name="callerInMemory"/> are.</summary>
    public ulong InMemoryGiven(ulong callerInMemory)
    {
        var mask = InMemoryArguments;
        foreach (var forwarded in Forwarded)
        {
            if ((forwarded.CallerParameters & ~callerInMemory) == 0)
            {
                mask |= 1UL << forwarded.CalleeParameter;
            }
        }

        return mask;
    }

    public bool Equals(Callee other)
        => InMemoryArguments == other.InMemoryArguments && SymbolEqualityComparer.Default.Equals(Method, other.Method) && Forwarded.SequenceEqual(other.Forwarded);

    public override int GetHashCode() => SymbolEqualityComparer.Default.GetHashCode(Method) ^ InMemoryArguments.GetHashCode();
}

/// <summary>
/// The body a call runs: its own, or for an interface or abstract member of this compilation, the body of its only
/// implementation in the compilation (none when there are several: which one runs is decided at run time, by
/// dependency injection or the caller); or a method of another assembly that its summary says blocks (its facts then
/// come from the summary); null when there is nothing to read.
/// </summary>
/// <param name="IsIterator">Whether the body is an iterator (see <see cref="CallTargets.IsIterator"/>).</param>
internal readonly record struct Body(IMethodSymbol? Method, bool IsIterator);

/// <summary>The BLK007 options of one file.</summary>
/// <param name="Options">The file's options these settings were read from.</param>
internal sealed record Settings(UnblockOptions.TreeOptions Options, bool IncludeVirtual, int MaxDepth);

/// <summary>A chain of calls from a method to the operation that blocks.</summary>
/// <param name="Methods">The called method first, the method holding the blocking operation last (or the method of another assembly whose summary says it blocks).</param>
/// <param name="BlockingCall">The blocking operation, when it is in this compilation (else <paramref name="External"/>).</param>
/// <param name="RuleId">The rule that classified the blocking operation.</param>
/// <param name="CpuOnly">Whether every blocking operation found within the limit is CPU-bound work.</param>
/// <param name="External">The rest of the chain, in another assembly, as its summary gives it.</param>
internal sealed record BlockingChain(ImmutableArray<IMethodSymbol> Methods, BlockedAt? BlockingCall, string RuleId, bool CpuOnly, ExternalChain? External)
{
    /// <summary>How the message names the blocking member.</summary>
    public string BlockingMember => BlockingCall?.Member ?? External!.Entry.Steps[External.Entry.Steps.Length - 1];

    /// <summary>
    /// The chain as BLK007's message and the summaries name it: each method of this compilation
    /// (<see cref="TransitiveBlockingAnalyzer.QualifiedName"/>), then the blocking member; for a chain into another
    /// assembly, the methods before its last one, then the steps that assembly's summary gives.
    /// </summary>
    public ImmutableArray<string> Steps()
    {
        var steps = ImmutableArray.CreateBuilder<string>();
        var own = External is null ? Methods.Length : Methods.Length - 1;
        for (var i = 0; i < own; i++)
        {
            steps.Add(TransitiveBlockingAnalyzer.QualifiedName(Methods[i]));
        }

        if (External is { } external)
        {
            // The last method is the other assembly's: its summary names it and the rest of the way.
            steps.AddRange(external.Entry.Steps);
        }
        else
        {
            steps.Add(BlockingMember);
        }

        return steps.ToImmutable();
    }
}

/// <summary>
/// A blocking operation as a chain shows it: where it is and how the message names its member. Holds no symbol, so facts
/// of a body can outlive their compilation (<see cref="FactsAcrossEdits"/>).
/// </summary>
internal sealed record BlockedAt(SyntaxNode Node, string Member)
{
    public static BlockedAt Of(BlockingCall call) => new(call.Node, call.Member);
}

/// <summary>The chain of a method of another assembly, from that assembly's summary.</summary>
internal sealed record ExternalChain(string AssemblyName, SummaryEntry Entry);
