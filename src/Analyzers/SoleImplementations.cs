using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Unblock.Analyzers;

/// <summary>
/// Context: the only implementation in this compilation of an interface or abstract member (BLK007 follows a call
/// through an interface to it; BLK003 reads what a repository interface's method returns). The types that implement an
/// interface or derive from an abstract class are found once per such type, on the first call through one of its
/// members: their names are found in the base lists of the compilation's type declarations (<see cref="DeclaredNames"/>),
/// only the types declared with a base list are made (<see cref="TypesWithBaseList"/>), and only those of the names
/// found are bound. Each member's implementation is then looked up on the first call through it (wide interfaces have
/// many members that async code never calls). Re-analysing one document after an edit (a fresh compilation, in the
/// IDE) then costs the types of one interface, not every member of every type.
/// </summary>
internal sealed class SoleImplementations
{
    private readonly AsyncSymbols _symbols;
    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<INamedTypeSymbol, Implementors> _byType = new(SymbolEqualityComparer.Default);
    private Dictionary<string, List<INamedTypeSymbol>>? _typesWithBaseList;

    private SoleImplementations(AsyncSymbols symbols)
    {
        _symbols = symbols;
        _compilation = symbols.Compilation;
    }

    /// <summary>The compilation's index (built on first use).</summary>
    public static SoleImplementations For(AsyncSymbols symbols) => symbols.GetOrCreate(static s => new SoleImplementations(s));

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
        foreach (var name in DeclaredNames.Of(_symbols).DerivedFrom(abstractType.Name))
        {
            if (!TypesWithBaseList().TryGetValue(name, out var named))
            {
                continue;
            }

            foreach (var type in named)
            {
                if (type is { IsAbstract: false, TypeKind: TypeKind.Class or TypeKind.Struct } && seen.Add(type) && DerivesFrom(type, definition))
                {
                    types.Add(type);
                }
            }
        }

        return new Implementors(types.ToImmutable());
    }

    /// <summary>
    /// The compilation's types declared with a base list, by name: one search of the declarations that makes only those
    /// type symbols (not every type of the project, which in the IDE would be paid after every keystroke), instead of
    /// one search per name (which walks every declaration each time).
    /// </summary>
    private Dictionary<string, List<INamedTypeSymbol>> TypesWithBaseList()
    {
        var known = Volatile.Read(ref _typesWithBaseList);
        if (known is not null)
        {
            return known;
        }

        var names = DeclaredNames.Of(_symbols);
        var byName = new Dictionary<string, List<INamedTypeSymbol>>(System.StringComparer.Ordinal);
        foreach (var symbol in _compilation.GetSymbolsWithName(names.HasBaseList, SymbolFilter.Type))
        {
            if (symbol is INamedTypeSymbol type)
            {
                if (!byName.TryGetValue(type.Name, out var named))
                {
                    byName[type.Name] = named = new List<INamedTypeSymbol>();
                }

                named.Add(type);
            }
        }

        return Interlocked.CompareExchange(ref _typesWithBaseList, byName, null) ?? byName;
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
}
