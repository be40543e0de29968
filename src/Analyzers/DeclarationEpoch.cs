using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Unblock.Analyzers;

/// <summary>
/// The compilations of one project that have the same declarations and the very same referenced assemblies: in the
/// IDE, the compilation after each keystroke inside a member body continues the epoch of the one before. What depends
/// only on declarations and references is then made once per epoch instead of once per keystroke: the types looked up
/// by metadata name (<see cref="TypeByMetadataName"/>), the names read from declarations (<see cref="DeclaredNames"/>).
/// A build's compilation, or the same trees again, starts a new epoch (<see cref="Rules.Transitive.FactsAcrossEdits.EditedInsideBodies"/>).
/// </summary>
internal sealed class DeclarationEpoch
{
    // Per project, the epoch of its latest compilation and that compilation's trees.
    private static readonly ConditionalWeakTable<CompilationOptions, Latest> Projects = new();

    private readonly ImmutableArray<IAssemblySymbol> _referenced;
    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _metadataTypes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, object> _shared = new();

    private DeclarationEpoch(ImmutableArray<IAssemblySymbol> referenced) => _referenced = referenced;

    /// <summary>The epoch of <paramref name="compilation"/>: its project's latest one when only member bodies were edited since.</summary>
    public static DeclarationEpoch For(Compilation compilation)
    {
        var trees = compilation.SyntaxTrees.ToImmutableArray();
        var referenced = compilation.SourceModule.ReferencedAssemblySymbols;
        var latest = Projects.GetValue(compilation.Options, static _ => new Latest());
        lock (latest)
        {
            if (latest.Epoch is { } epoch && SameAssemblies(epoch._referenced, referenced)
                && Rules.Transitive.FactsAcrossEdits.EditedInsideBodies(latest.Trees, trees, CancellationToken.None) is not null)
            {
                latest.Trees = trees;
                return epoch;
            }

            latest.Trees = trees;
            return latest.Epoch = new DeclarationEpoch(referenced);
        }
    }

    /// <summary>
    /// <see cref="Compilation.GetTypeByMetadataName"/>, answered once per epoch for a type of a referenced assembly (or
    /// no type): with the same declarations and the same referenced assemblies, the answer cannot change. A type of the
    /// compilation's own source is looked up in each compilation (its symbol is new in each).
    /// </summary>
    public INamedTypeSymbol? TypeByMetadataName(Compilation compilation, string metadataName)
    {
        if (_metadataTypes.TryGetValue(metadataName, out var known))
        {
            return known;
        }

        var type = compilation.GetTypeByMetadataName(metadataName);
        if (type is null || !SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly))
        {
            _metadataTypes.TryAdd(metadataName, type);
        }

        return type;
    }

    /// <summary>
    /// The value of type <typeparamref name="T"/> that the first compilation of the epoch to ask made with
    /// <paramref name="create"/>: a value read from declarations only, or holding symbols of referenced assemblies only.
    /// </summary>
    public T Shared<T>(Compilation compilation, Func<Compilation, T> create)
        where T : class
        => _shared.TryGetValue(typeof(T), out var known) ? (T)known : (T)_shared.GetOrAdd(typeof(T), create(compilation));

    private static bool SameAssemblies(ImmutableArray<IAssemblySymbol> before, ImmutableArray<IAssemblySymbol> now)
    {
        if (before.Length != now.Length)
        {
            return false;
        }

        for (var i = 0; i < now.Length; i++)
        {
            if (!ReferenceEquals(before[i], now[i]))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Latest
    {
        public ImmutableArray<SyntaxTree> Trees { get; set; } = ImmutableArray<SyntaxTree>.Empty;

        public DeclarationEpoch? Epoch { get; set; }
    }
}
