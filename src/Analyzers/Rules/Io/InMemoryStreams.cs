using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers.Rules.Io;

/// <summary>
/// Context: whether a call reads or writes only memory because every stream, reader or writer it touches is in
/// memory. The types come from <see cref="NonEquivalentTwins"/>: its in-memory receiver types (<c>MemoryStream</c>,
/// <c>StringWriter</c>, ...), <see cref="TwinExclusionKind.InMemorySource"/> (an embedded resource stream),
/// <see cref="TwinExclusionKind.StreamEndpoint"/> (streams, readers and writers: a call on one does its I/O on it, and
/// one constructed over another, its first constructor argument, does its I/O on that one) and
/// <see cref="TwinExclusionKind.StreamFormatter"/> (serializers that do I/O only on the streams passed to them). A
/// value is followed through conversions, conditionals, wrappers (<c>new JsonTextWriter(new StreamWriter(ms))</c>)
/// and locals that are initialized once and never assigned again; a parameter counts as in memory only when the
/// caller says so (BLK007 follows the arguments of a call into the helper it calls). Resolved once per compilation.
/// </summary>
internal sealed class InMemoryStreams
{
    /// <summary>Locals and wrappers followed from one value at most.</summary>
    private const int MaxDepth = 8;

    /// <summary>Parameters beyond this ordinal are never taken for in memory (the masks are 64 bits).</summary>
    public const int MaxParameters = 64;

    private readonly Dictionary<INamedTypeSymbol, TwinExclusion> _inMemoryTypes = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<INamedTypeSymbol, TwinExclusion> _endpoints = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<INamedTypeSymbol, TwinExclusion> _formatters = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<INamedTypeSymbol, List<TwinExclusion>> _sources = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, TwinExclusion?> _endpointOf = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _inMemoryType = new(SymbolEqualityComparer.Default);

    private InMemoryStreams(AsyncSymbols symbols)
    {
        foreach (var entry in NonEquivalentTwins.Entries)
        {
            var target = entry.Kind switch
            {
                TwinExclusionKind.InMemoryType => _inMemoryTypes,
                TwinExclusionKind.StreamEndpoint => _endpoints,
                TwinExclusionKind.StreamFormatter => _formatters,
                _ => null,
            };

            if (symbols.TypeByMetadataName(entry.Type) is not { } type)
            {
                continue;
            }

            if (target is not null)
            {
                target[type] = entry;
            }
            else if (entry.Kind == TwinExclusionKind.InMemorySource)
            {
                if (!_sources.TryGetValue(type, out var rows))
                {
                    _sources.Add(type, rows = new List<TwinExclusion>());
                }

                rows.Add(entry);
            }
        }
    }

    /// <summary>The compilation's instance (built once).</summary>
    public static InMemoryStreams For(AsyncSymbols symbols) => symbols.GetOrCreate(static s => new InMemoryStreams(s));

    /// <summary>
    /// The row that makes <paramref name="invocation"/> touch only memory, or null: the call is on a stream, reader or
    /// writer (or a formatter given some), and every one of them it touches (the receiver, the stream arguments) is in
    /// memory, taking the parameters of <paramref name="owner"/> in <paramref name="assumed"/> to be in memory; those
    /// relied on are added to <paramref name="used"/>.
    /// </summary>
    public TwinExclusion? OnlyTouchesMemory(IInvocationOperation invocation, IMethodSymbol? owner, ulong assumed, ref ulong used)
    {
        if (_endpoints.Count == 0)
        {
            return null;
        }

        var method = invocation.TargetMethod;
        TwinExclusion? row;
        var touched = false;
        if (invocation.Instance is { } receiver)
        {
            if (EndpointOf(receiver.Type) is { } endpoint)
            {
                // stream.Write(...), reader.ReadToEnd(), writer.Flush(): the I/O is on the receiver.
                if (!IsInMemory(receiver, owner, assumed, ref used, 0))
                {
                    return null;
                }

                row = endpoint;
                touched = true;
            }
            else if ((row = FormatterOf(method.ContainingType)) is null)
            {
                return null;
            }
        }
        else
        {
            // A static call: a formatter's (JsonSerializer.Serialize(stream, value)), or an extension method on a stream.
            row = FormatterOf(method.ContainingType);
            if (row is null && !(method.IsExtensionMethod && method.Parameters.Length > 0 && EndpointOf(method.Parameters[0].Type) is not null))
            {
                return null;
            }
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter is not { } parameter || EndpointOf(parameter.Type) is not { } endpoint)
            {
                continue;
            }

            if (!IsInMemory(argument.Value, owner, assumed, ref used, 0))
            {
                return null;
            }

            row ??= endpoint;
            touched = true;
        }

        return touched ? row : null;
    }

    /// <summary>
    /// Whether <paramref name="value"/>, a stream, reader or writer, is in memory, taking the parameters of
    /// <paramref name="owner"/> in <paramref name="assumed"/> to be (those relied on are added to <paramref name="used"/>).
    /// </summary>
    public bool IsInMemory(IOperation value, IMethodSymbol? owner, ulong assumed, ref ulong used, int depth)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (depth > MaxDepth)
        {
            return false;
        }

        if (value.Type is { } type && IsInMemoryType(type))
        {
            return true;
        }

        switch (value)
        {
            case IObjectCreationOperation creation:
                // new StreamReader(ms), new JsonTextWriter(writer): a wrapper does its I/O on its first argument.
                return EndpointOf(creation.Type) is not null
                       && creation.Constructor is { Parameters.Length: > 0 } constructor
                       && EndpointOf(constructor.Parameters[0].Type) is not null
                       && FirstArgument(creation) is { } inner
                       && IsInMemory(inner, owner, assumed, ref used, depth + 1);
            case IInvocationOperation call:
                return IsSource(call.TargetMethod);
            case ILocalReferenceOperation local:
                return LocalValues.InitializerOf(local) is { } initializer && IsInMemory(initializer, owner, assumed, ref used, depth + 1);
            case IParameterReferenceOperation parameter:
                var ordinal = parameter.Parameter.Ordinal;
                if (owner is null || ordinal >= MaxParameters || (assumed & (1UL << ordinal)) == 0
                    || !SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, owner))
                {
                    return false;
                }

                used |= 1UL << ordinal;
                return true;
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return IsInMemory(conditional.WhenTrue, owner, assumed, ref used, depth + 1) && IsInMemory(whenFalse, owner, assumed, ref used, depth + 1);
            default:
                return false;
        }
    }

    /// <summary>Whether a parameter of <paramref name="type"/> takes a stream, reader or writer (cached per type).</summary>
    public bool IsEndpoint(ITypeSymbol type) => _endpoints.Count > 0 && EndpointOf(type) is not null;

    private TwinExclusion? EndpointOf(ITypeSymbol? type)
    {
        // Streams, readers and writers are classes: strings, numbers, structs, delegates, arrays and type parameters
        // (most arguments) are decided without a lookup.
        if (type is null || _endpoints.Count == 0 || type.TypeKind != TypeKind.Class || type.SpecialType != SpecialType.None)
        {
            return null;
        }

        if (_endpointOf.TryGetValue(type, out var known))
        {
            return known;
        }

        TwinExclusion? found = null;
        for (var current = type as INamedTypeSymbol; current is not null && found is null; current = current.BaseType)
        {
            _endpoints.TryGetValue(current.OriginalDefinition, out found);
        }

        _endpointOf.TryAdd(type, found);
        return found;
    }

    private bool IsInMemoryType(ITypeSymbol type)
    {
        if (_inMemoryTypes.Count == 0 || type.TypeKind != TypeKind.Class)
        {
            return false;
        }

        if (_inMemoryType.TryGetValue(type, out var known))
        {
            return known;
        }

        var found = false;
        for (var current = type as INamedTypeSymbol; current is not null && !found; current = current.BaseType)
        {
            found = _inMemoryTypes.ContainsKey(current.OriginalDefinition);
        }

        _inMemoryType.TryAdd(type, found);
        return found;
    }

    private TwinExclusion? FormatterOf(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (_formatters.TryGetValue(current.OriginalDefinition, out var row))
            {
                return row;
            }
        }

        return null;
    }

    private bool IsSource(IMethodSymbol method)
    {
        if (method.ContainingType is not { } type || !_sources.TryGetValue(type.OriginalDefinition, out var rows))
        {
            return false;
        }

        foreach (var row in rows)
        {
            if (row.Member == method.Name)
            {
                return true;
            }
        }

        return false;
    }

    private static IOperation? FirstArgument(IObjectCreationOperation creation)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                return argument.Value;
            }
        }

        return null;
    }
}
