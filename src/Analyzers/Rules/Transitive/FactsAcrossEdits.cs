using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.Transitive;

/// <summary>
/// The facts of method bodies (what <see cref="MethodSummaries"/> reads in a body) carried from one compilation to the
/// next across an edit. In the IDE every keystroke makes a new compilation and the open document is analysed again;
/// without this, BLK007 binds again every helper in other files that the document's async code reaches.
/// <para>
/// Compilations of one project (one <see cref="CompilationOptions"/> instance) form an epoch while only the insides of
/// member bodies change: a compilation joins the epoch of the one before when it has the same assembly name, references,
/// options, additional files and rules, and the same trees except some whose text outside member bodies
/// (<see cref="SkeletonOf"/>) is unchanged. Declarations, and so every binding outside the edited bodies, are then the
/// same. Within an epoch the facts of a method are reused when its own tree and the trees they were read from (its
/// type's other parts, the trees of the methods its body calls) are the same objects as when they were computed.
/// </para>
/// <para>
/// A compilation with exactly the same trees as the one before (a rebuild, a clone) starts a new epoch: what is measured
/// on it is a full analysis. Facts hold no symbol (a callee is kept as its declaration, resolved again in the new
/// compilation), so no compilation is kept alive, and an epoch holds only the trees of its latest compilation.
/// </para>
/// </summary>
internal sealed class FactsAcrossEdits
{
    // Keyed by the project's options, collected with them: one epoch per project at a time.
    private static readonly ConditionalWeakTable<CompilationOptions, Holder> Projects = new();

    // The text outside member bodies of a tree, hashed once per tree object.
    private static readonly ConditionalWeakTable<SyntaxTree, Skeleton> Skeletons = new();

    private readonly Compilation _compilation;
    private readonly UnblockOptions _options;
    private readonly ImmutableArray<ImmutableArray<BlockingCallAnalyzer>> _rules;
    private Decision? _decision;

    public FactsAcrossEdits(Compilation compilation, UnblockOptions options, ImmutableArray<ImmutableArray<BlockingCallAnalyzer>> rules)
    {
        _compilation = compilation;
        _options = options;
        _rules = rules;
    }

    /// <summary>
    /// The facts computed for the method declared at <paramref name="declaration"/> in an earlier compilation of this
    /// epoch, with callees resolved in this one by <paramref name="resolve"/>; null when there are none to reuse.
    /// </summary>
    public MethodSummaries.MethodFacts? Find(SyntaxNode declaration, Func<StoredFacts, CancellationToken, MethodSummaries.MethodFacts?> resolve, CancellationToken cancellationToken)
    {
        var decision = Decide(cancellationToken);
        if (!decision.Reuses
            || !decision.Epoch.Facts.TryGetValue(declaration.SyntaxTree, out var methods)
            || !methods.TryGetValue(declaration.SpanStart, out var facts)
            || facts.Declaration.Span != declaration.Span || facts.Declaration.RawKind != declaration.RawKind)
        {
            return null;
        }

        foreach (var tree in facts.ReadFrom)
        {
            if (!decision.Trees.Contains(tree))
            {
                return null;
            }
        }

        return resolve(facts, cancellationToken);
    }

    /// <summary>
    /// Whether facts computed in this compilation are kept (<see cref="Store"/>): only when it joined the epoch of an
    /// earlier one, that is when the project has been compiled again after an edit (the IDE). A build's compilation, or
    /// the first after a change of declarations, starts an epoch and keeps nothing: most of them are never followed by
    /// another, and keeping facts costs a build time for nothing.
    /// </summary>
    public bool Stores(CancellationToken cancellationToken) => Decide(cancellationToken).Reuses;

    /// <summary>Keeps the facts of the method declared at <paramref name="facts"/>' declaration for later compilations of this epoch (when <see cref="Stores"/>).</summary>
    public void Store(StoredFacts facts, CancellationToken cancellationToken)
    {
        var methods = Decide(cancellationToken).Epoch.Facts.GetOrAdd(facts.Declaration.SyntaxTree, static _ => new ConcurrentDictionary<int, StoredFacts>());
        methods[facts.Declaration.SpanStart] = facts;
    }

    /// <summary>
    /// The method declared at <paramref name="declaration"/> (a <see cref="IsStorable">storable</see> declaration) in
    /// <paramref name="model"/>'s compilation, or null when it is no longer declared there.
    /// </summary>
    public static IMethodSymbol? Resolve(SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (declaration)
        {
            case ArrowExpressionClauseSyntax { Parent: { } property }:
                return Declared((model.GetDeclaredSymbol(property, cancellationToken) as IPropertySymbol)?.GetMethod, declaration);
            case TypeDeclarationSyntax:
                // A primary constructor.
                if (model.GetDeclaredSymbol(declaration, cancellationToken) is INamedTypeSymbol type)
                {
                    foreach (var constructor in type.InstanceConstructors)
                    {
                        if (Declared(constructor, declaration) is { } primary)
                        {
                            return primary;
                        }
                    }
                }

                return null;
            default:
                return Declared(model.GetDeclaredSymbol(declaration, cancellationToken) as IMethodSymbol, declaration);
        }
    }

    /// <summary><paramref name="method"/> when it is declared at <paramref name="declaration"/>.</summary>
    private static IMethodSymbol? Declared(IMethodSymbol? method, SyntaxNode declaration)
    {
        foreach (var reference in method?.DeclaringSyntaxReferences ?? ImmutableArray<SyntaxReference>.Empty)
        {
            if (reference.SyntaxTree == declaration.SyntaxTree && reference.Span == declaration.Span)
            {
                return method;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a method declared at <paramref name="declaration"/> can be found again from it (<see cref="Resolve"/>):
    /// methods, local functions, constructors (primary ones too) and accessors, not top-level statements.
    /// </summary>
    public static bool IsStorable(SyntaxNode declaration)
        => declaration is MethodDeclarationSyntax or LocalFunctionStatementSyntax or ConstructorDeclarationSyntax or AccessorDeclarationSyntax
            or ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax }
            or TypeDeclarationSyntax { ParameterList: not null };

    private Decision Decide(CancellationToken cancellationToken)
    {
        var decision = Volatile.Read(ref _decision);
        if (decision is not null)
        {
            return decision;
        }

        var holder = Projects.GetValue(_compilation.Options, static _ => new Holder());
        lock (holder)
        {
            decision = Volatile.Read(ref _decision);
            if (decision is null)
            {
                var trees = _compilation.SyntaxTrees.ToImmutableArray();
                if (holder.Epochs.TryGetValue(_rules, out var current) && Follows(current, trees, cancellationToken) is { } treeSet)
                {
                    decision = new Decision(current, treeSet, Reuses: true);
                }
                else
                {
                    current = new Epoch(_compilation);
                    holder.Epochs[_rules] = current;
                    decision = new Decision(current, new HashSet<SyntaxTree>(trees), Reuses: false);
                }

                current.Latest = new Snapshot(trees, _options);
                Volatile.Write(ref _decision, decision);
            }
        }

        return decision;
    }

    /// <summary>
    /// This compilation's trees when it belongs to <paramref name="epoch"/> (see the summary), dropping the facts of
    /// trees it no longer has; otherwise null.
    /// </summary>
    private HashSet<SyntaxTree>? Follows(Epoch epoch, ImmutableArray<SyntaxTree> trees, CancellationToken cancellationToken)
    {
        var latest = epoch.Latest;
        if (latest is null
            || !epoch.SameProject(_compilation)
            || latest.Trees.Length != trees.Length
            || !_options.ReadsAs(latest.Options, trees))
        {
            return null;
        }

        if (EditedInsideBodies(latest.Trees, trees, cancellationToken) is not { } pairs)
        {
            return null;
        }

        // Every tree that is gone was edited inside bodies (above): facts read where the edit did not touch move to the
        // new tree, shifted by the edit; the others are not used again. First the facts of the edited trees themselves.
        var edited = pairs.ToDictionary(pair => pair.Old, pair => new NodeMap(pair.Old, pair.New, cancellationToken));

        foreach (var map in edited.Values)
        {
            if (epoch.Facts.TryRemove(map.Old, out var methods))
            {
                var moved = new ConcurrentDictionary<int, StoredFacts>();
                foreach (var stored in methods.Values)
                {
                    if (Move(stored, edited) is { } facts)
                    {
                        moved[facts.Declaration.SpanStart] = facts;
                    }
                }

                epoch.Facts[map.New] = moved;
            }
        }

        // Then the facts of other trees that were read from an edited one (a callee declared there).
        foreach (var entry in epoch.Facts)
        {
            if (edited.Values.Any(map => map.New == entry.Key))
            {
                continue;
            }

            foreach (var method in entry.Value)
            {
                if (method.Value.ReadFrom.Any(edited.ContainsKey))
                {
                    if (Move(method.Value, edited) is { } facts)
                    {
                        entry.Value[method.Key] = facts;
                    }
                    else
                    {
                        entry.Value.TryRemove(method.Key, out _);
                    }
                }
            }
        }

        return new HashSet<SyntaxTree>(trees);
    }

    /// <summary>
    /// The trees of <paramref name="before"/> that <paramref name="now"/> replaces, each with its replacement, when
    /// <paramref name="now"/> differs from <paramref name="before"/> only by edits inside member bodies (the same trees
    /// but some, each replaced by one of the same path, parse options and declarations, <see cref="SkeletonOf"/>); null
    /// otherwise, and when the trees are the same (a rebuild: analysed from scratch).
    /// </summary>
    internal static List<(SyntaxTree Old, SyntaxTree New)>? EditedInsideBodies(ImmutableArray<SyntaxTree> before, ImmutableArray<SyntaxTree> now, CancellationToken cancellationToken)
    {
        if (before.Length != now.Length)
        {
            return null;
        }

        var nowSet = new HashSet<SyntaxTree>(now);
        var removedByPath = new Dictionary<string, SyntaxTree>(StringComparer.Ordinal);
        foreach (var tree in before)
        {
            if (!nowSet.Contains(tree))
            {
                if (removedByPath.ContainsKey(tree.FilePath))
                {
                    return null;
                }

                removedByPath.Add(tree.FilePath, tree);
            }
        }

        if (removedByPath.Count == 0)
        {
            return null;
        }

        var beforeSet = new HashSet<SyntaxTree>(before);
        var pairs = new List<(SyntaxTree Old, SyntaxTree New)>(removedByPath.Count);
        foreach (var tree in now)
        {
            if (beforeSet.Contains(tree))
            {
                continue;
            }

            if (!removedByPath.TryGetValue(tree.FilePath, out var old) || !tree.Options.Equals(old.Options)
                || (!ChangedOnlyInsideBodies(old, tree, cancellationToken) && SkeletonOf(tree, cancellationToken) != SkeletonOf(old, cancellationToken)))
            {
                return null;
            }

            pairs.Add((old, tree));
        }

        return pairs;
    }

    /// <summary>
    /// Whether every change from <paramref name="old"/> to <paramref name="new"/> lies inside a member body (strictly
    /// between its braces, or within an arrow body's expression) that <paramref name="new"/> has at the same place: a
    /// body of the same kind under a declaration of the same kind, starting where it did and ending where it did, both
    /// shifted by the changes before them. The text outside bodies is then the same, and so are its tokens and the
    /// declarations (<see cref="SkeletonOf"/>), without walking the file (a keystroke's case). False otherwise, when
    /// <see cref="SkeletonOf"/> decides.
    /// </summary>
    internal static bool ChangedOnlyInsideBodies(SyntaxTree old, SyntaxTree @new, CancellationToken cancellationToken)
    {
        var changes = @new.GetChanges(old).OrderBy(static change => change.Span.Start).ToList();
        if (changes.Count == 0)
        {
            return false;
        }

        var oldRoot = old.GetRoot(cancellationToken);
        var newRoot = @new.GetRoot(cancellationToken);
        var shift = 0;
        for (var i = 0; i < changes.Count;)
        {
            if (OutermostBodyAround(oldRoot, changes[i].Span) is not { } body)
            {
                return false;
            }

            // The changes inside this body, and what they add to its length.
            var delta = 0;
            var next = i;
            for (; next < changes.Count && body.Span.Contains(changes[next].Span); next++)
            {
                if (OutermostBodyAround(oldRoot, changes[next].Span) != body)
                {
                    return false;
                }

                delta += (changes[next].NewText?.Length ?? 0) - changes[next].Span.Length;
            }

            var start = body.SpanStart + shift;
            var length = body.Span.Length + delta;
            var same = false;
            for (var node = newRoot.FindToken(start).Parent; node is not null && node.SpanStart == start && !same; node = node.Parent)
            {
                same = node.Span.Length == length && node.RawKind == body.RawKind && node.Parent?.RawKind == body.Parent!.RawKind && IsBody(node);
            }

            if (!same)
            {
                return false;
            }

            shift += delta;
            i = next;
        }

        return true;
    }

    /// <summary>The outermost member body whose inside holds <paramref name="span"/>, or null.</summary>
    private static SyntaxNode? OutermostBodyAround(SyntaxNode root, TextSpan span)
    {
        SyntaxNode? found = null;
        for (var node = root.FindToken(span.Start).Parent; node is not null; node = node.Parent)
        {
            var inside = node switch
            {
                BlockSyntax block when IsBody(block) => !block.OpenBraceToken.IsMissing && !block.CloseBraceToken.IsMissing
                                                        && span.Start >= block.OpenBraceToken.Span.End && span.End <= block.CloseBraceToken.SpanStart,
                ArrowExpressionClauseSyntax arrow when IsBody(arrow) => span.Start >= arrow.Expression.SpanStart && span.End <= arrow.Expression.Span.End,
                _ => false,
            };
            if (inside)
            {
                found = node;
            }
        }

        return found;
    }

    /// <summary>
    /// <paramref name="stored"/> with its nodes in the edited trees moved to their new trees (<see cref="NodeMap"/>); null
    /// when an edit touched one of them (the body itself, its blocking operation, a callee's declaration, a helper whose
    /// body the classification read).
    /// </summary>
    private static StoredFacts? Move(StoredFacts stored, Dictionary<SyntaxTree, NodeMap> edited)
    {
        SyntaxNode? Map(SyntaxNode node) => edited.TryGetValue(node.SyntaxTree, out var map) ? map.Find(node) : node;

        // Every item with its node moved; default when an edit touched one of them.
        ImmutableArray<T> MoveEach<T>(ImmutableArray<T> items, Func<T, SyntaxNode> nodeOf, Func<T, SyntaxNode, T> withNode)
        {
            var moved = ImmutableArray.CreateBuilder<T>(items.Length);
            foreach (var item in items)
            {
                if (Map(nodeOf(item)) is not { } node)
                {
                    return default;
                }

                moved.Add(withNode(item, node));
            }

            return moved.MoveToImmutable();
        }

        var facts = stored.Facts;
        var finding = facts.Finding is { } blocking && Map(blocking.Node) is { } blockingNode ? blocking with { Node = blockingNode } : null;
        if (Map(stored.Declaration) is not { } declaration
            || (facts.Finding is not null && finding is null)
            || MoveEach(facts.Conditional, static c => c.Call.Node, static (c, node) => c with { Call = c.Call with { Node = node } }) is not { IsDefault: false } conditional
            || MoveEach(stored.Callees, static c => c.Declaration, static (c, node) => c with { Declaration = node }) is not { IsDefault: false } callees
            || MoveEach(stored.AlsoRead, static n => n, static (_, node) => node) is not { IsDefault: false } alsoRead)
        {
            return null;
        }

        var readFrom = stored.ReadFrom.Select(tree => edited.TryGetValue(tree, out var map) ? map.New : tree).ToImmutableArray();
        return new StoredFacts(declaration, facts with { Finding = finding, Conditional = conditional }, callees, readFrom, alsoRead);
    }

    /// <summary>
    /// A hash of <paramref name="tree"/>'s declarations: its tokens outside the bodies of methods, constructors,
    /// accessors and operators, with its directives (<c>#if</c>, <c>#nullable</c>) and disabled text; comments and
    /// whitespace aside. Field initializers, attributes and top-level statements are part of it.
    /// </summary>
    internal static long SkeletonOf(SyntaxTree tree, CancellationToken cancellationToken)
        => Skeletons.GetValue(tree, t => new Skeleton(Hash(t, cancellationToken))).Hash;

    private static long Hash(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var hash = unchecked((long)14695981039346656037UL);
        void Add(string text)
        {
            foreach (var c in text)
            {
                hash = unchecked((hash ^ c) * 1099511628211L);
            }

            hash = unchecked((hash ^ 0xFFFF) * 1099511628211L);
        }

        foreach (var item in tree.GetRoot(cancellationToken).DescendantNodesAndTokens(static n => !IsBody(n)))
        {
            if (item.IsNode)
            {
                if (IsBody(item.AsNode()!))
                {
                    Add("{}");
                }

                continue;
            }

            var token = item.AsToken();
            Add(token.Text);
            if (token.ContainsDirectives || token.HasLeadingTrivia || token.HasTrailingTrivia)
            {
                foreach (var trivia in token.LeadingTrivia.Concat(token.TrailingTrivia))
                {
                    if (trivia.IsDirective || trivia.IsKind(SyntaxKind.DisabledTextTrivia))
                    {
                        Add(trivia.ToFullString());
                    }
                }
            }
        }

        return hash;
    }

    private static bool IsBody(SyntaxNode node)
        => node is BlockSyntax or ArrowExpressionClauseSyntax
           && node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or IndexerDeclarationSyntax or LocalFunctionStatementSyntax;

    /// <summary>The current epoch of a project, per set of rules (an analyzer and the summary writer have their own).</summary>
    private sealed class Holder
    {
        public Dictionary<ImmutableArray<ImmutableArray<BlockingCallAnalyzer>>, Epoch> Epochs { get; } = new();
    }

    private sealed class Skeleton
    {
        public Skeleton(long hash) => Hash = hash;

        public long Hash { get; }
    }

    /// <summary>Compilations of one project with the same declarations, and the facts computed in them.</summary>
    private sealed class Epoch : EditEpoch
    {
        public Epoch(Compilation compilation)
            : base(compilation)
        {
        }

        /// <summary>The latest compilation that joined.</summary>
        public Snapshot? Latest { get; set; }

        /// <summary>Per tree, per declaration start, the facts of the method declared there.</summary>
        public ConcurrentDictionary<SyntaxTree, ConcurrentDictionary<int, StoredFacts>> Facts { get; } = new();
    }

    private sealed record Snapshot(ImmutableArray<SyntaxTree> Trees, UnblockOptions Options);

    /// <summary>
    /// Where the nodes of a tree edited inside bodies are in its new tree: a node the edit did not touch is the node of
    /// the same kind and length at its start shifted by the edits before it.
    /// </summary>
    private sealed class NodeMap
    {
        private readonly IReadOnlyList<TextChangeRange> _changes;
        private readonly SyntaxNode _newRoot;

        public NodeMap(SyntaxTree old, SyntaxTree @new, CancellationToken cancellationToken)
        {
            Old = old;
            New = @new;
            // The differences of the two trees (cheap when one was parsed incrementally from the other, or both from
            // one text, as the IDE's documents are): spans of the old text and the length of their new text, in order.
            _changes = @new.GetChanges(old)
                .Select(static change => new TextChangeRange(change.Span, change.NewText?.Length ?? 0))
                .OrderBy(static change => change.Span.Start)
                .ToArray();
            _newRoot = @new.GetRoot(cancellationToken);
        }

        public SyntaxTree Old { get; }

        public SyntaxTree New { get; }

        /// <summary>The node of the new tree that <paramref name="old"/> (a node of the old tree) is; null when an edit touched it.</summary>
        public SyntaxNode? Find(SyntaxNode old)
        {
            var span = old.Span;
            var shift = 0;
            foreach (var change in _changes)
            {
                if (change.Span.Start > span.End)
                {
                    break;
                }

                if (change.Span.End >= span.Start)
                {
                    return null;
                }

                shift += change.NewLength - change.Span.Length;
            }

            var start = span.Start + shift;
            for (var node = _newRoot.FindToken(start).Parent; node is not null && node.SpanStart == start; node = node.Parent)
            {
                if (node.Span.Length == span.Length && node.RawKind == old.RawKind)
                {
                    return node;
                }
            }

            return null;
        }
    }

    /// <summary>Whether this compilation reuses facts of <paramref name="Epoch"/>, and its trees.</summary>
    private sealed record Decision(Epoch Epoch, HashSet<SyntaxTree> Trees, bool Reuses);
}

/// <summary>
/// What the compilations of one epoch share, whatever an epoch keeps (<see cref="FactsAcrossEdits"/>,
/// <see cref="AnswersAcrossEdits{TValue}"/>): the assembly name and the very same references as the compilation that
/// started it; whether the trees differ only inside bodies is <see cref="FactsAcrossEdits.EditedInsideBodies"/>.
/// </summary>
internal abstract class EditEpoch
{
    private readonly string? _assemblyName;
    private readonly ImmutableArray<MetadataReference> _references;

    protected EditEpoch(Compilation compilation)
    {
        _assemblyName = compilation.AssemblyName;
        _references = compilation.ExternalReferences;
    }

    /// <summary>Whether <paramref name="compilation"/> has the assembly name and the references this epoch started with.</summary>
    public bool SameProject(Compilation compilation)
    {
        var references = compilation.ExternalReferences;
        if (_assemblyName != compilation.AssemblyName || _references.Length != references.Length)
        {
            return false;
        }

        for (var i = 0; i < references.Length; i++)
        {
            if (!ReferenceEquals(_references[i], references[i]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The facts of one body as <see cref="FactsAcrossEdits"/> keeps them: no symbol.</summary>
/// <param name="Declaration">The method's declaration.</param>
/// <param name="Facts">The facts, without their callees.</param>
/// <param name="Callees">The callees' declarations (<see cref="FactsAcrossEdits.IsStorable"/>), with what the call passes.</param>
/// <param name="ReadFrom">The trees, other than the declaration's, that the facts depend on.</param>
/// <param name="AlsoRead">Declarations in the declaration's tree whose bodies a blocking operation's classification may have read.</param>
internal sealed record StoredFacts(SyntaxNode Declaration, MethodSummaries.MethodFacts Facts, ImmutableArray<StoredCallee> Callees, ImmutableArray<SyntaxTree> ReadFrom,
    ImmutableArray<SyntaxNode> AlsoRead);

/// <summary>A callee of a stored body: its declaration and what the call passes it (see <see cref="Callee"/>).</summary>
internal readonly record struct StoredCallee(SyntaxNode Declaration, ulong InMemoryArguments, ImmutableArray<ForwardedStream> Forwarded);
