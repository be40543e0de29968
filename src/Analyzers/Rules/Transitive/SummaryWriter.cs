using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.Transitive;

/// <summary>
/// Summaries: the entries of this compilation's summary (<see cref="BlockingSummaryFormat"/>), from the same
/// <see cref="MethodSummaries"/> BLK007 uses: each method, property accessor and constructor with a body that another
/// assembly can call and that blocks within BLK007's depth, and each blocking implementation (in a type of any
/// accessibility) that is the only one in this compilation of an interface member another assembly can call.
/// </summary>
internal static class SummaryWriter
{
    public static List<SummaryEntry> Collect(Compilation compilation, SourceTypes types, MethodSummaries summaries, UnblockOptions options, CancellationToken cancellationToken)
    {
        var internalsVisible = compilation.Assembly.GetAttributes().Any(a => a.AttributeClass?.Name == "InternalsVisibleToAttribute");
        var entries = new Dictionary<IMethodSymbol, (BlockingChain Chain, List<string> Implements)>(SymbolEqualityComparer.Default);
        var implementations = new Dictionary<IMethodSymbol, IMethodSymbol?>(SymbolEqualityComparer.Default);
        var judged = new Dictionary<IMethodSymbol, (BlockingChain? Chain, ulong InMemory)>(SymbolEqualityComparer.Default);
        var generated = new Dictionary<SyntaxTree, bool>();

        bool IsGenerated(SyntaxTree tree)
        {
            if (!generated.TryGetValue(tree, out var isGenerated))
            {
                isGenerated = Razor.RazorCode.IsGeneratedCode(tree, cancellationToken);
                generated.Add(tree, isGenerated);
            }

            return isGenerated;
        }

        (BlockingChain? Chain, ulong InMemory) Judge(IMethodSymbol method)
        {
            if (!judged.TryGetValue(method, out var verdict))
            {
                // Generated code (EF Core migrations and model snapshots, designer files) is skipped, as the analyzers skip it.
                if (CallTargets.WithBody(method) is { } body && !CallTargets.IsIterator(body) && body.DeclaringSyntaxReferences.Length > 0
                    && !body.DeclaringSyntaxReferences.All(r => IsGenerated(r.SyntaxTree)))
                {
                    var maxDepth = summaries.SettingsFor(options.For(body.DeclaringSyntaxReferences[0].SyntaxTree)).MaxDepth;
                    verdict.Chain = summaries.ChainFrom(body, maxDepth, cancellationToken);

                    // A method that blocks only on the streams it is given (a serializer helper): said so, for callers passing in-memory ones.
                    if (verdict.Chain is not null && summaries.StreamParameters(body) is var streams && streams != 0
                        && summaries.ChainFrom(body, streams, maxDepth, cancellationToken) is null)
                    {
                        verdict.InMemory = streams;
                    }
                }

                judged.Add(method, verdict);
            }

            return verdict;
        }

        BlockingChain? ChainOf(IMethodSymbol method) => Judge(method).Chain;

        foreach (var type in types.All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (type is not { TypeKind: TypeKind.Class or TypeKind.Struct } || type.IsImplicitlyDeclared)
            {
                continue;
            }

            if (IsVisibleOutside(type, internalsVisible))
            {
                foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
                {
                    if (method.MethodKind is MethodKind.Ordinary or MethodKind.PropertyGet or MethodKind.PropertySet or MethodKind.Constructor
                        && IsVisibleOutside(method, internalsVisible) && ChainOf(method) is { } chain)
                    {
                        entries[method] = (chain, new List<string>());
                    }
                }
            }

            if (type.IsAbstract)
            {
                continue;
            }

            foreach (var contract in type.AllInterfaces)
            {
                if (!IsVisibleOutside(contract, internalsVisible))
                {
                    continue;
                }

                foreach (var abstractMember in contract.GetMembers().OfType<IMethodSymbol>())
                {
                    if (abstractMember.IsAbstract && type.FindImplementationForInterfaceMember(abstractMember) is IMethodSymbol implementation
                        && SymbolEqualityComparer.Default.Equals(implementation.ContainingAssembly, compilation.Assembly))
                    {
                        var key = abstractMember.OriginalDefinition;
                        var value = implementation.OriginalDefinition;
                        implementations[key] = implementations.TryGetValue(key, out var existing) && !SymbolEqualityComparer.Default.Equals(existing, value) ? null : value;
                    }
                }
            }
        }

        foreach (var pair in implementations)
        {
            if (pair.Value is not { } implementation || pair.Key.GetDocumentationCommentId() is not { } memberId)
            {
                continue;
            }

            if (entries.TryGetValue(implementation, out var existing))
            {
                existing.Implements.Add(memberId);
            }
            else if (ChainOf(implementation) is { } chain)
            {
                entries[implementation] = (chain, new List<string> { memberId });
            }
        }

        var result = new List<SummaryEntry>(entries.Count);
        foreach (var pair in entries)
        {
            if (pair.Key.GetDocumentationCommentId() is { } id)
            {
                var (steps, site) = StepsOf(pair.Value.Chain);
                pair.Value.Implements.Sort(System.StringComparer.Ordinal);
                result.Add(new SummaryEntry(id, pair.Value.Chain.RuleId, pair.Value.Chain.CpuOnly, steps, site, pair.Value.Implements.ToImmutableArray())
                {
                    InMemoryParameters = Judge(pair.Key).InMemory,
                });
            }
        }

        return result;
    }

    /// <summary>
    /// The chain as the summary writes it: each method as BLK007's message names it
    /// (<see cref="TransitiveBlockingAnalyzer.QualifiedName"/>: <c>Type.Member(parameter types)</c>), then the blocking
    /// member; and the blocking operation's <c>file:line</c>.
    /// </summary>
    public static (ImmutableArray<string> Steps, string? Site) StepsOf(BlockingChain chain)
    {
        if (chain.External is { } external)
        {
            return (chain.Steps(), external.Entry.Site is { } nested ? nested + " in " + external.AssemblyName : "in " + external.AssemblyName);
        }

        var span = chain.BlockingCall!.Node.GetLocation().GetLineSpan();
        var path = span.Path ?? string.Empty;
        var file = path.Substring(System.Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\')) + 1);
        return (chain.Steps(), file.Length == 0 ? null : file + ":" + (span.StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Whether another assembly can call <paramref name="symbol"/>: public or protected all the way out, or internal too when the assembly has InternalsVisibleTo.</summary>
    private static bool IsVisibleOutside(ISymbol symbol, bool internalsVisible)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            switch (current.DeclaredAccessibility)
            {
                case Accessibility.Public:
                case Accessibility.Protected:
                case Accessibility.ProtectedOrInternal:
                    break;
                case Accessibility.Internal:
                case Accessibility.ProtectedAndInternal:
                    if (!internalsVisible)
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        return true;
    }
}
