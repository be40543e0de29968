using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Unblock.Analyzers;

/// <summary>
/// The compilation's own types, nested ones included, from one walk over its namespaces that creates type symbols only
/// (no member is bound), shared by every rule (<see cref="AsyncSymbols.GetOrCreate{T}"/>): the types by name (the
/// implementers of an interface, <see cref="SoleImplementations"/>), the member names of the types that may declare
/// extension methods (<see cref="TwinLookup"/>), and the list itself (BLK007's summaries).
/// </summary>
internal sealed class SourceTypes
{
    private readonly Compilation _compilation;
    private Index? _index;

    private SourceTypes(Compilation compilation) => _compilation = compilation;

    public static SourceTypes Of(AsyncSymbols symbols) => symbols.GetOrCreate(static s => new SourceTypes(s.Compilation));

    /// <summary>Every type declared in the compilation, nested types after the type that contains them.</summary>
    public IReadOnlyList<INamedTypeSymbol> All => Built().All;

    /// <summary>The types named <paramref name="name"/>.</summary>
    public IReadOnlyList<INamedTypeSymbol> Named(string name)
        => Built().ByName.TryGetValue(name, out var types) ? types : Array.Empty<INamedTypeSymbol>();

    /// <summary>
    /// Whether a type that may declare extension methods (a static class that declares one, as the declarations say)
    /// has a member named <paramref name="name"/>.
    /// </summary>
    public bool HasExtensionMemberNamed(string name) => Built().ExtensionMemberNames.Contains(name);

    private Index Built()
    {
        var known = Volatile.Read(ref _index);
        return known ?? Interlocked.CompareExchange(ref _index, new Index(_compilation), null) ?? _index!;
    }

    private sealed class Index
    {
        public Index(Compilation compilation)
        {
            var containers = new Stack<INamespaceOrTypeSymbol>();
            containers.Push(compilation.Assembly.GlobalNamespace);
            while (containers.Count > 0)
            {
                var container = containers.Pop();
                if (container is INamespaceSymbol ns)
                {
                    foreach (var nested in ns.GetNamespaceMembers())
                    {
                        containers.Push(nested);
                    }
                }

                foreach (var type in container.GetTypeMembers())
                {
                    containers.Push(type);
                    All.Add(type);
                    if (!ByName.TryGetValue(type.Name, out var named))
                    {
                        ByName[type.Name] = named = new List<INamedTypeSymbol>();
                    }

                    named.Add(type);
                    if (type.MightContainExtensionMethods)
                    {
                        ExtensionMemberNames.UnionWith(type.MemberNames);
                    }
                }
            }
        }

        public List<INamedTypeSymbol> All { get; } = new();

        public Dictionary<string, List<INamedTypeSymbol>> ByName { get; } = new(StringComparer.Ordinal);

        public HashSet<string> ExtensionMemberNames { get; } = new(StringComparer.Ordinal);
    }
}
