using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Unblock.Analyzers;

/// <summary>
/// The compilation's own types, nested ones included, from one walk over its namespaces that creates type symbols only
/// (no member is bound), shared by every rule (<see cref="AsyncSymbols.GetOrCreate{T}"/>): what a summary of the
/// compilation lists, and the interfaces of other assemblies that its types implement. Rules that need the types of
/// one name look them up by name instead (<see cref="DeclaredNames"/>): in the IDE this walk would be paid again after
/// every keystroke.
/// </summary>
internal sealed class SourceTypes
{
    private readonly Compilation _compilation;
    private List<INamedTypeSymbol>? _all;

    private SourceTypes(Compilation compilation) => _compilation = compilation;

    public static SourceTypes Of(AsyncSymbols symbols) => symbols.GetOrCreate(static s => new SourceTypes(s.Compilation));

    /// <summary>Every type declared in the compilation, nested types after the type that contains them.</summary>
    public IReadOnlyList<INamedTypeSymbol> All
    {
        get
        {
            var known = Volatile.Read(ref _all);
            return known ?? Interlocked.CompareExchange(ref _all, Walk(_compilation), null) ?? _all!;
        }
    }

    private static List<INamedTypeSymbol> Walk(Compilation compilation)
    {
        var all = new List<INamedTypeSymbol>();
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
                all.Add(type);
            }
        }

        return all;
    }
}
