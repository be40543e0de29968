using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers.Rules.Transitive;

/// <summary>
/// Which method body a call runs, when it is known statically: the method itself for non-virtual calls (static,
/// private, sealed, non-virtual members, local functions, constructors, accessors), the implementation on a sealed or
/// struct receiver, and (unless turned off) the statically bound body of a virtual call, the implementation on a class
/// receiver, or the interface or abstract member itself, which MethodSummaries resolves to its sole implementation.
/// </summary>
internal static class CallTargets
{
    /// <summary>The kinds of operation that call a method (<see cref="Of"/>).</summary>
    public static readonly ImmutableArray<OperationKind> Kinds =
        ImmutableArray.Create(OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.ObjectCreation);

    /// <summary>Whether an operation of <paramref name="kind"/> calls a method (one of <see cref="Kinds"/>).</summary>
    public static bool IsCall(OperationKind kind) => kind is OperationKind.Invocation or OperationKind.PropertyReference or OperationKind.ObjectCreation;

    /// <summary>The method called by <paramref name="operation"/> (invocation, property access, object creation), or null.</summary>
    public static IMethodSymbol? Of(IOperation operation, bool includeVirtual)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                if (method.MethodKind == MethodKind.DelegateInvoke)
                {
                    return null;
                }

                // Most calls are not virtual: the receiver's type (a new symbol per read under nullable analysis) is
                // read only for those that are (in Dispatch).
                return invocation.IsVirtual ? Dispatch(method, invocation.Instance, includeVirtual) : method;

            case IPropertyReferenceOperation property:
                // The accessor of the property's definition: a property of a constructed type (List<T>.Count, say) makes
                // a new accessor symbol each time it is asked for one.
                var written = IsWritten(property);
                var definition = property.Property.OriginalDefinition;
                var accessor = written ? definition.SetMethod : definition.GetMethod;
                if (accessor is null)
                {
                    return null;
                }

                var isVirtual = (accessor.IsVirtual || accessor.IsAbstract || accessor.IsOverride || accessor.ContainingType?.TypeKind == TypeKind.Interface)
                                && !accessor.IsStatic
                                && property.Instance?.Syntax.IsKind(SyntaxKind.BaseExpression) != true;
                if (!isVirtual)
                {
                    return accessor;
                }

                // The receiver's type may decide the body: that lookup needs the accessor of the constructed property.
                return includeVirtual || accessor.ContainingType?.TypeKind != TypeKind.Interface
                    ? Dispatch((written ? property.Property.SetMethod : property.Property.GetMethod)!, property.Instance, includeVirtual)
                    : null;

            case IObjectCreationOperation creation:
                return creation.Constructor;

            default:
                return null;
        }
    }

    /// <summary>The definition of <paramref name="method"/>, an extension method in its static form.</summary>
    public static IMethodSymbol Definition(IMethodSymbol method) => (method.ReducedFrom ?? method).OriginalDefinition;

    /// <summary>
    /// The method whose body runs for <paramref name="method"/> (a <see cref="Definition"/> declared in the
    /// compilation), or null when there is none to read.
    /// </summary>
    public static IMethodSymbol? WithBody(IMethodSymbol method)
    {
        if (method.PartialImplementationPart is { } implementation)
        {
            method = implementation;
        }
        else if (method.IsPartialDefinition)
        {
            // A partial method without an implementation has no body: calls to it are removed.
            return null;
        }

        switch (method.MethodKind)
        {
            case MethodKind.Ordinary:
            case MethodKind.LocalFunction:
            case MethodKind.PropertyGet:
            case MethodKind.PropertySet:
            case MethodKind.Constructor:
            case MethodKind.ExplicitInterfaceImplementation:
                break;
            default:
                return null;
        }

        if (method.IsAsync || method.IsExtern || method.IsAbstract || method.IsImplicitlyDeclared)
        {
            // Async methods return at their first await; extern and abstract methods have no body, implicit ones no syntax.
            return null;
        }

        if (method.MethodKind is MethodKind.PropertyGet or MethodKind.PropertySet
            && method.AssociatedSymbol?.DeclaringSyntaxReferences.Length == 1
            && method.DeclaringSyntaxReferences[0].GetSyntax() is AccessorDeclarationSyntax { Body: null, ExpressionBody: null })
        {
            // An auto-property accessor (get; set; init;) reads or writes a field: nothing to follow. A partial property
            // has two declarations and is read like any other accessor.
            return null;
        }

        return method;
    }

    /// <summary>Whether <paramref name="method"/> returns an enumerable or enumerator and its body has a <c>yield</c>.</summary>
    public static bool IsIterator(IMethodSymbol method)
    {
        switch (method.ReturnType.OriginalDefinition.SpecialType)
        {
            case SpecialType.System_Collections_Generic_IEnumerable_T:
            case SpecialType.System_Collections_Generic_IEnumerator_T:
            case SpecialType.System_Collections_IEnumerable:
            case SpecialType.System_Collections_IEnumerator:
                break;
            default:
                return false;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax();
            foreach (var node in declaration.DescendantNodes(n => n == declaration || n is not (LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)))
            {
                if (node is YieldStatementSyntax)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The body a virtual or interface call runs, when the receiver's type decides it (or when asked to follow such calls).</summary>
    private static IMethodSymbol? Dispatch(IMethodSymbol method, IOperation? receiver, bool includeVirtual)
    {
        if (!includeVirtual && method.ContainingType?.TypeKind == TypeKind.Interface)
        {
            // C# binds a call on a class or struct receiver to the type's own member, so an interface member is called
            // on an interface or type-parameter receiver, whose implementation is not known here.
            return null;
        }

        if (receiver?.Type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } concrete)
        {
            if ((concrete.IsSealed || concrete.IsValueType) && FindImplementation(concrete, method) is { } implementation)
            {
                return implementation;
            }

            if (method.IsSealed)
            {
                return method;
            }

            if (includeVirtual)
            {
                // An abstract receiver type leaves the member itself: MethodSummaries looks for its sole implementation.
                return method.IsAbstract || method.ContainingType?.TypeKind == TypeKind.Interface ? FindImplementation(concrete, method) ?? method : method;
            }

            return null;
        }

        // An interface, type-parameter or unknown receiver: the member itself (its sole implementation, see MethodSummaries).
        return includeVirtual ? method : null;
    }

    private static IMethodSymbol? FindImplementation(INamedTypeSymbol type, IMethodSymbol method)
    {
        if (method.ContainingType?.TypeKind == TypeKind.Interface)
        {
            return type.FindImplementationForInterfaceMember(method) as IMethodSymbol;
        }

        var target = method.OriginalDefinition;
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(method.Name))
            {
                for (var candidate = member as IMethodSymbol; candidate is not null; candidate = candidate.OverriddenMethod)
                {
                    if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, target))
                    {
                        return (IMethodSymbol)member;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>LINQ operators that enumerate their source before they return (the others are deferred).</summary>
    private static readonly System.Collections.Immutable.ImmutableHashSet<string> Enumerating = System.Collections.Immutable.ImmutableHashSet.Create(
        System.StringComparer.Ordinal,
        "ToList", "ToArray", "ToDictionary", "ToHashSet", "ToLookup", "Any", "All", "Count", "LongCount", "First", "FirstOrDefault",
        "Last", "LastOrDefault", "Single", "SingleOrDefault", "ElementAt", "ElementAtOrDefault", "Contains", "Sum", "Min", "Max",
        "Average", "Aggregate", "SequenceEqual");

    /// <summary>
    /// Whether the result of <paramref name="call"/> (an iterator) is enumerated right there: by a <c>foreach</c>, or by
    /// an enumerating LINQ operator, through deferred ones (<c>Files().Where(...).ToList()</c>). An iterator's body
    /// runs when it is enumerated, not when it is called.
    /// </summary>
    public static bool IsEnumeratedAt(IOperation call)
    {
        var current = call;
        while (true)
        {
            var parent = current.Parent;
            while (parent is IConversionOperation { IsImplicit: true })
            {
                current = parent;
                parent = parent.Parent;
            }

            switch (parent)
            {
                case IForEachLoopOperation loop when loop.Collection == current:
                    return true;
                case IArgumentOperation { Parent: IInvocationOperation invocation } argument
                    when invocation.Arguments.Length > 0 && invocation.Arguments[0] == argument
                         && invocation.TargetMethod.ContainingType?.Name == "Enumerable":
                    if (Enumerating.Contains(invocation.TargetMethod.Name))
                    {
                        return true;
                    }

                    current = invocation;
                    continue;
                default:
                    return false;
            }
        }
    }

    private static bool IsWritten(IPropertyReferenceOperation property)
        => property.Parent is ISimpleAssignmentOperation assignment && assignment.Target == property;
}
