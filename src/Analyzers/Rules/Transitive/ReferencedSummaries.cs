using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Unblock.Analyzers.Rules.Transitive;

/// <summary>
/// Summaries: what the summaries of other assemblies (<see cref="BlockingSummaryFormat"/>) say about the methods this
/// compilation calls in them. A referenced assembly's summary is its <c>AssemblyMetadata("Unblock.Summary.v1", ...)</c>
/// attribute, read once per assembly and compilation, on the first call into it; an AdditionalFile
/// <c>*.unblock-summary</c> stands for an assembly without that attribute, or for one this project does not reference
/// (its implementations of interface members this project calls). One instance per compilation
/// (<see cref="AsyncSymbols.GetOrCreate{T}"/>); thread safe.
/// </summary>
internal sealed class ReferencedSummaries
{
    /// <summary>
    /// Public key tokens of the .NET runtime, ASP.NET Core and other Microsoft framework assemblies: built by Microsoft,
    /// never with Unblock, so their attributes are not read (most of a project's references, and of its calls).
    /// </summary>
    private static readonly ImmutableHashSet<string> FrameworkKeys = ImmutableHashSet.Create(
        StringComparer.Ordinal, "b77a5c561934e089", "b03f5f7f11d50a3a", "31bf3856ad364e35", "cc7b13ffcd2ddd51", "adb9793829ddae60", "7cec85d7bea7798e");
    private readonly Compilation _compilation;
    private readonly ImmutableArray<AdditionalText> _additionalFiles;
    private readonly ConcurrentDictionary<IAssemblySymbol, BlockingSummary?> _byAssembly = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, ExternalChain?> _found = new(SymbolEqualityComparer.Default);
    private Dictionary<string, BlockingSummary>? _files;
    private Dictionary<string, ExternalChain?>? _interfaceMembers;
    private HashSet<INamedTypeSymbol>? _implementedHere;

    private readonly SourceTypes _types;

    private ReferencedSummaries(Compilation compilation, SourceTypes types, ImmutableArray<AdditionalText> additionalFiles)
    {
        _compilation = compilation;
        _types = types;
        _additionalFiles = additionalFiles;
    }

    /// <summary>The compilation's summaries (read on first use).</summary>
    public static ReferencedSummaries For(AsyncSymbols symbols, ImmutableArray<AdditionalText> additionalFiles)
        => symbols.GetOrCreate(s => new ReferencedSummaries(s.Compilation, SourceTypes.Of(s), additionalFiles));

    /// <summary>
    /// The chain the summaries give for a call to <paramref name="definition"/> (an original definition of another
    /// assembly): its own entry, or for an interface member, the entry of its only implementation known from the
    /// summaries when no type of this compilation implements the interface; null when none says it blocks.
    /// </summary>
    public ExternalChain? Find(IMethodSymbol definition)
    {
        if (definition.ContainingAssembly is not { } assembly || SymbolEqualityComparer.Default.Equals(assembly, _compilation.Assembly))
        {
            return null;
        }

        return _found.TryGetValue(definition, out var known) ? known : _found.GetOrAdd(definition, Look(definition, assembly));
    }

    /// <summary>
    /// Whether a call to <paramref name="definition"/> (of another assembly) can have a summary at all: its assembly has
    /// one, or, for an interface member, some summary names implementations. Most calls go to assemblies without one
    /// and are then not looked up one by one.
    /// </summary>
    public bool MayKnow(IMethodSymbol definition)
        => definition.IsAbstract && definition.ContainingType is { TypeKind: TypeKind.Interface }
            ? InterfaceMembers().Count > 0
            : definition.ContainingAssembly is { } assembly && SummaryOf(assembly) is not null;

    private ExternalChain? Look(IMethodSymbol definition, IAssemblySymbol assembly)
    {
        if (definition.ContainingType is { TypeKind: TypeKind.Interface } type && definition.IsAbstract)
        {
            var index = InterfaceMembers();
            if (index.Count == 0 || definition.GetDocumentationCommentId() is not { } memberId
                || !index.TryGetValue(memberId, out var implementation) || implementation is null)
            {
                return null;
            }

            // A type of this compilation implementing the interface may be the one that runs.
            return ImplementedHere().Contains(type.OriginalDefinition) ? null : implementation;
        }

        if (SummaryOf(assembly) is not { } summary || definition.GetDocumentationCommentId() is not { } id)
        {
            return null;
        }

        return summary.ByKey.TryGetValue(id, out var entry) ? new ExternalChain(summary.AssemblyName, entry) : null;
    }

    /// <summary>The summary of a referenced assembly: its attribute, else an AdditionalFile for it, else null.</summary>
    private BlockingSummary? SummaryOf(IAssemblySymbol assembly)
        => _byAssembly.TryGetValue(assembly, out var known) ? known : _byAssembly.GetOrAdd(assembly, a => (IsFramework(a) ? null : FromAttributes(a)) ?? FromFile(a.Name));

    private static bool IsFramework(IAssemblySymbol assembly)
    {
        var token = assembly.Identity.PublicKeyToken;
        if (token.Length != 8)
        {
            return false;
        }

        var hex = new System.Text.StringBuilder(16);
        foreach (var b in token)
        {
            hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return FrameworkKeys.Contains(hex.ToString());
    }

    private static BlockingSummary? FromAttributes(IAssemblySymbol assembly)
    {
        foreach (var attribute in assembly.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "AssemblyMetadataAttribute" } attributeClass
                && attributeClass.ContainingNamespace?.ToDisplayString() == "System.Reflection"
                && attribute.ConstructorArguments.Length == 2
                && attribute.ConstructorArguments[0].Value is string key && key == BlockingSummaryFormat.AttributeKey
                && attribute.ConstructorArguments[1].Value is string text
                && BlockingSummaryFormat.Read(text) is { } summary
                && string.Equals(summary.AssemblyName, assembly.Name, StringComparison.Ordinal))
            {
                return summary;
            }
        }

        return null;
    }

    private BlockingSummary? FromFile(string assemblyName) => Files().TryGetValue(assemblyName, out var summary) ? summary : null;

    /// <summary>The summaries of the AdditionalFiles <c>*.unblock-summary</c>, by assembly name (this compilation's own left out).</summary>
    private Dictionary<string, BlockingSummary> Files()
    {
        var known = Volatile.Read(ref _files);
        if (known is not null)
        {
            return known;
        }

        var files = new Dictionary<string, BlockingSummary>(StringComparer.Ordinal);
        foreach (var file in _additionalFiles)
        {
            if (!file.Path.EndsWith(BlockingSummaryFormat.AdditionalFileSuffix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (BlockingSummaryFormat.Read(file.GetText()?.ToString()) is { } summary
                && summary.AssemblyName != _compilation.AssemblyName && !files.ContainsKey(summary.AssemblyName))
            {
                files.Add(summary.AssemblyName, summary);
            }
        }

        return Interlocked.CompareExchange(ref _files, files, null) ?? files;
    }

    /// <summary>
    /// Interface members (documentation IDs) to their only blocking implementation in the summaries: those of every
    /// referenced assembly, and the AdditionalFiles of assemblies not referenced. Null for a member two assemblies
    /// implement. Built once, on the first call through an interface of another assembly.
    /// </summary>
    private Dictionary<string, ExternalChain?> InterfaceMembers()
    {
        var known = Volatile.Read(ref _interfaceMembers);
        if (known is not null)
        {
            return known;
        }

        var index = new Dictionary<string, ExternalChain?>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assembly in _compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (SummaryOf(assembly) is { } summary && seen.Add(summary.AssemblyName))
            {
                AddImplementations(summary, index);
            }
        }

        foreach (var summary in Files().Values)
        {
            if (seen.Add(summary.AssemblyName))
            {
                AddImplementations(summary, index);
            }
        }

        return Interlocked.CompareExchange(ref _interfaceMembers, index, null) ?? index;
    }

    private static void AddImplementations(BlockingSummary summary, Dictionary<string, ExternalChain?> index)
    {
        foreach (var pair in summary.ByInterfaceMember)
        {
            index[pair.Key] = pair.Value is null || index.ContainsKey(pair.Key) ? null : new ExternalChain(summary.AssemblyName, pair.Value);
        }
    }

    /// <summary>The interfaces of other assemblies that a type of this compilation implements (built once, when first needed).</summary>
    private HashSet<INamedTypeSymbol> ImplementedHere()
    {
        var known = Volatile.Read(ref _implementedHere);
        if (known is not null)
        {
            return known;
        }

        var implemented = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var type in _types.All)
        {
            if (type.TypeKind is TypeKind.Class or TypeKind.Struct)
            {
                foreach (var contract in type.AllInterfaces)
                {
                    implemented.Add(contract.OriginalDefinition);
                }
            }
        }

        return Interlocked.CompareExchange(ref _implementedHere, implemented, null) ?? implemented;
    }
}
