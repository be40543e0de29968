using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Unblock.Analyzers;

/// <summary>A call (or property read) that blocks the thread, found by a rule independently of where it sits.</summary>
public sealed class BlockingCall
{
    /// <param name="member">How the message names the member; null for the usual <c>Type.Member</c> (<c>Type.Method()</c>), built only when reported.</param>
    public BlockingCall(SyntaxNode node, ISymbol symbol, string? member, string advice, ImmutableDictionary<string, string?>? properties = null)
    {
        Node = node;
        Symbol = symbol;
        _member = member;
        Advice = advice;
        Properties = properties ?? ImmutableDictionary<string, string?>.Empty;
    }

    /// <summary>A blocking construct reported at <paramref name="location"/> (inside <paramref name="node"/>), e.g. a loop's header.</summary>
    public BlockingCall(SyntaxNode node, Location location, ISymbol symbol, string? member, string advice, ImmutableDictionary<string, string?>? properties = null)
        : this(node, symbol, member, advice, properties)
        => _location = location;

    private readonly Location? _location;
    private readonly string? _member;

    /// <summary>The syntax the diagnostic is reported on.</summary>
    public SyntaxNode Node { get; }

    /// <summary>Where the diagnostic goes: <see cref="Node"/>'s location unless a narrower span was given (e.g. a loop header).</summary>
    public Location Location => _location ?? Node.GetLocation();

    /// <summary>The blocking member (used for <c>excluded_methods</c>).</summary>
    public ISymbol Symbol { get; }

    /// <summary>How the blocking member is named in the message, e.g. <c>Task&lt;TResult&gt;.Result</c>.</summary>
    public string Member => _member ?? MemberOf(Symbol);

    /// <summary>What to do instead, the message's second argument.</summary>
    public string Advice { get; }

    /// <summary>What the code fix needs (see <see cref="DiagnosticProperties"/>); empty when no fix applies.</summary>
    public ImmutableDictionary<string, string?> Properties { get; }

    /// <summary><c>Task&lt;TResult&gt;.Result</c>, <c>File.ReadAllText()</c>: the containing type as written in C#, the member, and <c>()</c> for a method.</summary>
    public static string MemberOf(ISymbol symbol)
        => (symbol.ContainingType is { } type ? type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "." : string.Empty)
           + symbol.Name + (symbol is IMethodSymbol ? "()" : string.Empty);

    /// <summary>Properties for a fix of kind <paramref name="fixKind"/>.</summary>
    public static ImmutableDictionary<string, string?> Fix(string fixKind, string? asyncName = null)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, string?>();
        builder.Add(DiagnosticProperties.FixKind, fixKind);
        if (asyncName is not null)
        {
            builder.Add(DiagnosticProperties.AsyncName, asyncName);
        }

        return builder.ToImmutable();
    }
}
