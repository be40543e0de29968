using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Unblock.Analyzers.Rules.Transitive;

/// <summary>
/// The async twins of a method of the compilation: <c>NameAsync</c> in the same type, same static-ness, type
/// parameters and parameters (optionally plus a trailing <c>CancellationToken</c>), returning <c>Task</c>/<c>ValueTask</c>
/// for <c>void</c> and <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c> for <c>T</c>, not obsolete, accessible from the caller,
/// and not the calling method itself (which would make it call itself).
/// </summary>
public static class SourceAsyncTwins
{
    /// <summary>The twins of <paramref name="method"/> usable inside <paramref name="caller"/>, without a token parameter first.</summary>
    public static IEnumerable<IMethodSymbol> Find(IMethodSymbol method, ISymbol caller, AsyncSymbols symbols)
    {
        var original = (method.ReducedFrom ?? method).OriginalDefinition;
        var type = original.ContainingType;
        if (type is null || original.MethodKind != MethodKind.Ordinary)
        {
            return Enumerable.Empty<IMethodSymbol>();
        }

        var within = caller as INamedTypeSymbol ?? caller.ContainingType;
        var callerMember = OutermostMember(caller);
        return type.GetMembers(original.Name + "Async")
            .OfType<IMethodSymbol>()
            .Where(twin => IsTwin(original, twin, symbols)
                           && !SymbolEqualityComparer.Default.Equals(twin, callerMember)
                           && (within is null || symbols.Compilation.IsSymbolAccessibleWithin(twin, within))
                           && !twin.GetAttributes().Any(a => a.AttributeClass?.Name == "ObsoleteAttribute"))
            .OrderBy(twin => twin.Parameters.Length)
            .ToList();
    }

    /// <summary>Whether <paramref name="twin"/> ends with a <c>CancellationToken</c> parameter that <paramref name="method"/> lacks.</summary>
    public static bool TakesToken(IMethodSymbol method, IMethodSymbol twin)
        => twin.Parameters.Length == (method.ReducedFrom ?? method).Parameters.Length + 1;

    private static bool IsTwin(IMethodSymbol method, IMethodSymbol twin, AsyncSymbols symbols)
    {
        if (twin.IsStatic != method.IsStatic || twin.IsExtensionMethod != method.IsExtensionMethod
            || twin.TypeParameters.Length != method.TypeParameters.Length || twin.MethodKind != MethodKind.Ordinary)
        {
            return false;
        }

        var count = method.Parameters.Length;
        if (twin.Parameters.Length == count + 1)
        {
            if (!symbols.IsCancellationToken(twin.Parameters[count].Type) || (count > 0 && method.Parameters[count - 1].IsParams))
            {
                return false;
            }
        }
        else if (twin.Parameters.Length != count)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (twin.Parameters[i].RefKind != method.Parameters[i].RefKind || !SameType(twin.Parameters[i].Type, method.Parameters[i].Type))
            {
                return false;
            }
        }

        var returnType = twin.ReturnType as INamedTypeSymbol;
        if (method.ReturnsVoid)
        {
            return SymbolEqualityComparer.Default.Equals(returnType, symbols.Task) || SymbolEqualityComparer.Default.Equals(returnType, symbols.ValueTask);
        }

        return returnType is { IsGenericType: true, TypeArguments.Length: 1 }
               && (SymbolEqualityComparer.Default.Equals(returnType.OriginalDefinition, symbols.TaskOfT)
                   || SymbolEqualityComparer.Default.Equals(returnType.OriginalDefinition, symbols.ValueTaskOfT))
               && SameType(returnType.TypeArguments[0], method.ReturnType);
    }

    /// <summary>Equal types; the type parameters of two generic methods are equal by name (<c>Load&lt;T&gt;</c> and <c>LoadAsync&lt;T&gt;</c>).</summary>
    private static bool SameType(ITypeSymbol left, ITypeSymbol right)
        => SymbolEqualityComparer.Default.Equals(left, right)
           || (left.ToDisplayString() == right.ToDisplayString() && ContainsMethodTypeParameter(left) && ContainsMethodTypeParameter(right));

    private static bool ContainsMethodTypeParameter(ITypeSymbol type)
        => type switch
        {
            ITypeParameterSymbol parameter => parameter.TypeParameterKind == TypeParameterKind.Method,
            IArrayTypeSymbol array => ContainsMethodTypeParameter(array.ElementType),
            INamedTypeSymbol named => named.TypeArguments.Any(ContainsMethodTypeParameter),
            _ => false,
        };

    private static ISymbol OutermostMember(ISymbol symbol)
    {
        var current = symbol;
        while (current is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } && current.ContainingSymbol is { } parent)
        {
            current = parent;
        }

        return current;
    }
}
