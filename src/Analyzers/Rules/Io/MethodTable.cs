using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Unblock.Analyzers.Rules.Io;

/// <summary>
/// A data table of methods of named types, each with a value (advice, a twin's name): matched by method name first,
/// then by the declaring type's own name, then by its full name (a string built only then: the tables' method names,
/// Delete, Load, Save, Send, are common in user code too). Shared by <see cref="BlockingWithoutTwin"/> and
/// <see cref="RenamedTwins"/>.
/// </summary>
internal sealed class MethodTable
{
    private readonly ImmutableDictionary<string, ImmutableArray<Row>> _rows;

    private MethodTable(ImmutableDictionary<string, ImmutableArray<Row>> rows) => _rows = rows;

    /// <param name="entries">
    /// Per declaring type (full metadata name): its methods, whether only the overloads taking a path (a string first)
    /// are meant, and the value.
    /// </param>
    public static MethodTable Build(params (string Type, ImmutableArray<string> Methods, bool PathOnly, string Value)[] entries)
    {
        var table = new Dictionary<string, ImmutableArray<Row>.Builder>(StringComparer.Ordinal);
        foreach (var (type, methods, pathOnly, value) in entries)
        {
            foreach (var method in methods)
            {
                if (!table.TryGetValue(method, out var rows))
                {
                    table[method] = rows = ImmutableArray.CreateBuilder<Row>();
                }

                rows.Add(new Row(type, pathOnly, value));
            }
        }

        return new MethodTable(table.ToImmutableDictionary(e => e.Key, e => e.Value.ToImmutable(), StringComparer.Ordinal));
    }

    /// <summary>The value for <paramref name="method"/> (an extension method in its static form) when the table lists it, else null.</summary>
    public string? Find(IMethodSymbol method)
    {
        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        if (!_rows.TryGetValue(definition.Name, out var rows) || definition.ContainingType is not { } type)
        {
            return null;
        }

        string? name = null;
        foreach (var row in rows)
        {
            if (string.Equals(type.MetadataName, row.TypeName, StringComparison.Ordinal)
                && string.Equals(name ??= FullName(type), row.Type, StringComparison.Ordinal)
                && (!row.PathOnly || (definition.Parameters.Length > 0 && definition.Parameters[0].Type.SpecialType == SpecialType.System_String)))
            {
                return row.Value;
            }
        }

        return null;
    }

    /// <summary><c>System.IO.File</c>: the namespace and the metadata name.</summary>
    public static string FullName(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? type.MetadataName : ns.ToDisplayString() + "." + type.MetadataName;
    }

    /// <summary>One declaring type of a listed method name: whether only its path overloads are meant, and the value.</summary>
    private sealed record Row(string Type, bool PathOnly, string Value)
    {
        /// <summary>The type's own name (the full name after its last dot).</summary>
        public string TypeName { get; } = Type.Substring(Type.LastIndexOf('.') + 1);
    }
}
