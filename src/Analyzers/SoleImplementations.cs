using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Unblock.Analyzers;

/// <summary>
/// Context: the only implementation in this compilation of each of its interface and abstract members (BLK007 follows
/// a call through an interface to it; BLK003 reads what a repository interface's method returns), built once per
/// compilation, on first use, in one pass over its types.
/// </summary>
internal sealed class SoleImplementations
{
    private readonly Compilation _compilation;
    private Dictionary<IMethodSymbol, IMethodSymbol?>? _implementations;

    private SoleImplementations(Compilation compilation) => _compilation = compilation;

    /// <summary>The compilation's index (built on first use).</summary>
    public static SoleImplementations For(AsyncSymbols symbols) => symbols.GetOrCreate(static s => new SoleImplementations(s.Compilation));

    /// <summary>
    /// The only implementation in the compilation of <paramref name="member"/> (an interface or abstract member's
    /// original definition), or null when there are several or none: which one runs is decided at run time.
    /// </summary>
    public IMethodSymbol? Of(IMethodSymbol member) => Map().TryGetValue(member, out var sole) ? sole : null;

    /// <summary>
    /// Every interface and abstract member of this compilation to its only implementation in it (null when there are
    /// several), built once, on the first call through one, in one pass over the compilation's types.
    /// </summary>
    private Dictionary<IMethodSymbol, IMethodSymbol?> Map()
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
}
