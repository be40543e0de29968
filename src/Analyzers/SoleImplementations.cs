using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Unblock.Analyzers;

/// <summary>
/// Context: the only implementation in this compilation of an interface or abstract member (BLK007 follows a call
/// through an interface to it; BLK003 reads what a repository interface's method returns). The types that implement an
/// interface or derive from an abstract class are found once per such type, on the first call through one of its
/// members: their names are found in the base lists of the compilation's type declarations (syntax only, indexed once),
/// and only those types are bound. Each member's implementation is then looked up on the first call through it (wide
/// interfaces have many members that async code never calls). Re-analysing one document after an edit (a fresh
/// compilation, in the IDE) then costs the types of one interface, not every member of every type.
/// </summary>
internal sealed class SoleImplementations
{
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<INamedTypeSymbol, Implementors> _byType = new(SymbolEqualityComparer.Default);
    private DerivedNames? _derivedNames;

    private readonly SourceTypes _types;

    private SoleImplementations(Compilation compilation, SourceTypes types)
    {
        _compilation = compilation;
        _types = types;
    }

    /// <summary>The compilation's index (built on first use).</summary>
    public static SoleImplementations For(AsyncSymbols symbols) => symbols.GetOrCreate(static s => new SoleImplementations(s.Compilation, SourceTypes.Of(s)));

    /// <summary>
    /// The only implementation in the compilation of <paramref name="member"/> (an interface or abstract member's
    /// original definition), or null when there are several or none: which one runs is decided at run time.
    /// </summary>
    public IMethodSymbol? Of(IMethodSymbol member)
    {
        if (member.ContainingType is not { } type || !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, _compilation.Assembly))
        {
            return null;
        }

        var implementors = _byType.TryGetValue(type, out var known) ? known : _byType.GetOrAdd(type, ImplementorsOf(type));
        if (implementors.Types.IsEmpty)
        {
            return null;
        }

        // Per member, on first call: an interface's members that are never called are never looked up.
        return implementors.ByMember.TryGetValue(member, out var sole)
            ? sole
            : implementors.ByMember.GetOrAdd(member, SoleImplementationOf(member, type.OriginalDefinition, implementors.Types));
    }

    /// <summary>The non-abstract classes and structs of the compilation that derive from or implement <paramref name="abstractType"/>.</summary>
    private Implementors ImplementorsOf(INamedTypeSymbol abstractType)
    {
        var definition = abstractType.OriginalDefinition;
        var types = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
        var seen = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in Derived().From(abstractType.Name))
        {
            foreach (var type in _types.Named(name))
            {
                if (type is { IsAbstract: false, TypeKind: TypeKind.Class or TypeKind.Struct } && seen.Add(type) && DerivesFrom(type, definition))
                {
                    types.Add(type);
                }
            }
        }

        return new Implementors(types.ToImmutable());
    }

    private bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol definition)
    {
        if (definition.TypeKind == TypeKind.Interface)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, definition))
                {
                    return true;
                }
            }

            return false;
        }

        for (var current = type.BaseType; current is not null && SymbolEqualityComparer.Default.Equals(current.ContainingAssembly, _compilation.Assembly); current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, definition))
            {
                return true;
            }
        }

        return false;
    }

    private DerivedNames Derived()
    {
        var known = Volatile.Read(ref _derivedNames);
        return known ?? Interlocked.CompareExchange(ref _derivedNames, DerivedNames.For(_compilation), null) ?? _derivedNames!;
    }

    /// <summary>What runs for <paramref name="member"/> (of <paramref name="definition"/>) on each of <paramref name="types"/>, if the same body everywhere.</summary>
    private IMethodSymbol? SoleImplementationOf(IMethodSymbol member, INamedTypeSymbol definition, ImmutableArray<INamedTypeSymbol> types)
    {
        var found = new Found();
        foreach (var type in types)
        {
            AddImplementations(type, member, definition, ref found);
            if (found.Several)
            {
                return null;
            }
        }

        return found.Implementation;
    }

    private void AddImplementations(INamedTypeSymbol type, IMethodSymbol member, INamedTypeSymbol definition, ref Found found)
    {
        if (definition.TypeKind == TypeKind.Interface)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (!SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, definition))
                {
                    continue;
                }

                // The member of the constructed interface (IStore<string>.Load) that stands for the definition's.
                foreach (var candidate in implemented.GetMembers(member.Name))
                {
                    if (candidate is IMethodSymbol { IsAbstract: true } abstractMember
                        && SymbolEqualityComparer.Default.Equals(abstractMember.OriginalDefinition, member)
                        && type.FindImplementationForInterfaceMember(abstractMember) is IMethodSymbol implementation)
                    {
                        found.Add(MostDerived(type, implementation).OriginalDefinition);
                    }
                }
            }

            return;
        }

        for (var current = type; current is not null && SymbolEqualityComparer.Default.Equals(current.ContainingAssembly, _compilation.Assembly); current = current.BaseType)
        {
            foreach (var candidate in current.GetMembers(member.Name))
            {
                if (candidate is not IMethodSymbol { IsOverride: true, IsAbstract: false } overriding)
                {
                    continue;
                }

                for (var overridden = overriding.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    if (overridden.IsAbstract && SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, member))
                    {
                        found.Add(overriding.OriginalDefinition);
                    }
                }
            }
        }
    }

    /// <summary>
    /// What runs on an instance of <paramref name="type"/> for the interface member mapped to <paramref name="implementation"/>:
    /// its most derived override in the type's base chain (an abstract or virtual method of a base class that
    /// <paramref name="type"/> or a class between overrides).
    /// </summary>
    private static IMethodSymbol MostDerived(INamedTypeSymbol type, IMethodSymbol implementation)
    {
        if (!implementation.IsAbstract && !implementation.IsVirtual && !implementation.IsOverride)
        {
            return implementation;
        }

        for (var current = type; current is not null && !SymbolEqualityComparer.Default.Equals(current, implementation.ContainingType); current = current.BaseType)
        {
            foreach (var member in current.GetMembers(implementation.Name))
            {
                for (var overridden = (member as IMethodSymbol)?.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, implementation.OriginalDefinition))
                    {
                        return (IMethodSymbol)member;
                    }
                }
            }
        }

        return implementation;
    }

    /// <summary>The types deriving from or implementing one interface or abstract class, and each member's sole implementation once asked.</summary>
    private sealed class Implementors
    {
        public Implementors(ImmutableArray<INamedTypeSymbol> types) => Types = types;

        public ImmutableArray<INamedTypeSymbol> Types { get; }

        public ConcurrentDictionary<IMethodSymbol, IMethodSymbol?> ByMember { get; } = new(SymbolEqualityComparer.Default);
    }

    /// <summary>The implementations found so far: none, one, or several.</summary>
    private struct Found
    {
        public IMethodSymbol? Implementation { get; private set; }

        public bool Several { get; private set; }

        public void Add(IMethodSymbol implementation)
        {
            if (Several)
            {
                return;
            }

            if (Implementation is null)
            {
                Implementation = implementation;
            }
            else if (!SymbolEqualityComparer.Default.Equals(Implementation, implementation))
            {
                Implementation = null;
                Several = true;
            }
        }
    }

    /// <summary>
    /// From the syntax of every type declaration: which type names name a given type in their base list. A type that
    /// implements an interface or derives from an abstract class names it, or names a type that does (transitively);
    /// a base named through a <c>using</c> alias counts as naming the alias's target too (any file's alias of that
    /// name: aliases are few, and a type too many only costs its binding).
    /// </summary>
    private sealed class DerivedNames
    {
        // Per project, the index of its latest compilation: an edit inside member bodies (a keystroke in the IDE) leaves
        // every base list and alias as it was, so the next compilation uses it again instead of reading every file.
        private static readonly ConditionalWeakTable<CompilationOptions, Latest> Projects = new();

        private readonly Dictionary<string, List<string>> _byBaseName = new(System.StringComparer.Ordinal);

        /// <summary>The index of <paramref name="compilation"/>: the one before's when only member bodies were edited since.</summary>
        public static DerivedNames For(Compilation compilation)
        {
            var trees = compilation.SyntaxTrees.ToImmutableArray();
            var latest = Projects.GetValue(compilation.Options, static _ => new Latest());
            lock (latest)
            {
                if (latest.Names is { } names && Rules.Transitive.FactsAcrossEdits.EditedInsideBodies(latest.Trees, trees, CancellationToken.None) is not null)
                {
                    latest.Trees = trees;
                    return names;
                }
            }

            var created = new DerivedNames(compilation);
            lock (latest)
            {
                latest.Trees = trees;
                latest.Names = created;
            }

            return created;
        }

        public DerivedNames(Compilation compilation)
        {
            var aliases = new Dictionary<string, List<string>>(System.StringComparer.Ordinal);
            var declarations = new List<BaseTypeDeclarationSyntax>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                Collect(tree.GetRoot(), aliases, declarations);
            }

            foreach (var declaration in declarations)
            {
                foreach (var baseType in declaration.BaseList!.Types)
                {
                    if (SimpleName(baseType.Type) is not { } name)
                    {
                        continue;
                    }

                    Add(name, declaration.Identifier.ValueText);
                    if (aliases.TryGetValue(name, out var targets))
                    {
                        foreach (var target in targets)
                        {
                            Add(target, declaration.Identifier.ValueText);
                        }
                    }
                }
            }
        }

        private sealed class Latest
        {
            public ImmutableArray<SyntaxTree> Trees { get; set; } = ImmutableArray<SyntaxTree>.Empty;

            public DerivedNames? Names { get; set; }
        }

        /// <summary>The names of the types that may derive from a type named <paramref name="name"/>.</summary>
        public HashSet<string> From(string name)
        {
            var found = new HashSet<string>(System.StringComparer.Ordinal);
            var queue = new Queue<string>();
            queue.Enqueue(name);
            while (queue.Count > 0)
            {
                if (_byBaseName.TryGetValue(queue.Dequeue(), out var derived))
                {
                    foreach (var type in derived)
                    {
                        if (found.Add(type))
                        {
                            queue.Enqueue(type);
                        }
                    }
                }
            }

            return found;
        }

        private void Add(string baseName, string derivedName)
        {
            if (!_byBaseName.TryGetValue(baseName, out var derived))
            {
                _byBaseName[baseName] = derived = new List<string>();
            }

            derived.Add(derivedName);
        }

        /// <summary>Namespaces and types only: member bodies are never walked.</summary>
        private static void Collect(SyntaxNode node, Dictionary<string, List<string>> aliases, List<BaseTypeDeclarationSyntax> declarations)
        {
            foreach (var child in node.ChildNodes())
            {
                switch (child)
                {
                    case UsingDirectiveSyntax { Alias: { } alias, NamespaceOrType: { } target }:
                        // using Store = N.IStore<string>; (an alias of a namespace adds a name no base list holds)
                        if (SimpleName(target) is { } targetName && targetName != alias.Name.Identifier.ValueText)
                        {
                            if (!aliases.TryGetValue(alias.Name.Identifier.ValueText, out var targets))
                            {
                                aliases[alias.Name.Identifier.ValueText] = targets = new List<string>();
                            }

                            targets.Add(targetName);
                        }

                        break;
                    case BaseNamespaceDeclarationSyntax:
                        Collect(child, aliases, declarations);
                        break;
                    case BaseTypeDeclarationSyntax type:
                        if (type.BaseList is not null)
                        {
                            declarations.Add(type);
                        }

                        if (type is TypeDeclarationSyntax)
                        {
                            Collect(child, aliases, declarations);
                        }

                        break;
                }
            }
        }

        private static string? SimpleName(TypeSyntax type)
            => type switch
            {
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax aliasQualified => aliasQualified.Name.Identifier.ValueText,
                _ => null,
            };
    }
}
