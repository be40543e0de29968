using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers.Rules.Blazor;

/// <summary>
/// Synchronous code of a Blazor component that runs on the renderer's synchronization context: lifecycle overrides
/// (<c>OnInitialized</c>, <c>OnParametersSet</c>, <c>OnAfterRender</c>, <c>BuildRenderTree</c>, ...), synchronous
/// <c>@onclick</c>-style handlers (methods or lambdas given to <c>EventCallback.Factory.Create</c>). On Blazor Server
/// one circuit runs its events one at a time on that context, so a blocking call there freezes the user's UI just as
/// it would in an async handler. One instance per compilation; null when the compilation has no Blazor.
/// </summary>
public sealed class BlazorComponents
{
    private readonly AsyncSymbols _symbols;
    private readonly INamedTypeSymbol _componentBase;
    private readonly INamedTypeSymbol? _eventCallbackFactory;
    private readonly INamedTypeSymbol? _binderExtensions;
    private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _components = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, ImmutableHashSet<string>> _handlerNames = new(SymbolEqualityComparer.Default);

    private BlazorComponents(AsyncSymbols symbols, INamedTypeSymbol componentBase)
    {
        _symbols = symbols;
        _componentBase = componentBase;
        _eventCallbackFactory = symbols.TypeByMetadataName("Microsoft.AspNetCore.Components.EventCallbackFactory");
        _binderExtensions = symbols.TypeByMetadataName("Microsoft.AspNetCore.Components.EventCallbackFactoryBinderExtensions");
    }

    /// <summary>The component context of a compilation, or null when it does not reference Blazor.</summary>
    public static BlazorComponents? TryCreate(AsyncSymbols symbols)
        => symbols.TypeByMetadataName("Microsoft.AspNetCore.Components.ComponentBase") is { TypeKind: not TypeKind.Error } componentBase
            ? new BlazorComponents(symbols, componentBase)
            : null;

    /// <summary>Whether <paramref name="type"/> is a component (derives from <c>ComponentBase</c>).</summary>
    public bool IsComponent(INamedTypeSymbol? type)
        => type is not null
           && (_components.TryGetValue(type, out var isComponent)
               ? isComponent
               : _components.GetOrAdd(type, AsyncSymbols.InheritsFrom(type, _componentBase)));

    /// <summary>
    /// When <paramref name="operation"/> (already known not to be in async code) runs synchronously on a component's
    /// synchronization context, returns what runs it and how to move the work off it; otherwise null.
    /// </summary>
    public ComponentCode? SyncComponentCode(IOperation operation, ISymbol containingSymbol, CancellationToken cancellationToken)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case INameOfOperation:
                case ILocalFunctionOperation:
                    return null;
                case IAnonymousFunctionOperation lambda:
                    if (AsyncContext.RunsInline(lambda, _symbols))
                    {
                        continue;
                    }

                    return IsEventCallbackArgument(lambda)
                        ? new ComponentCode("a synchronous event handler lambda", "make the lambda 'async'")
                        : null;
            }
        }

        if (containingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method
            || !AsyncSymbols.InheritsFrom(method.ContainingType, _componentBase))
        {
            return null;
        }

        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(overridden.ContainingType, _componentBase))
            {
                return new ComponentCode(method.Name == "BuildRenderTree" ? "the component's markup ('BuildRenderTree')" : $"'{method.Name}'", LifecycleRemedy(method));
            }
        }

        return HandlerNames(method.ContainingType, cancellationToken).Contains(method.Name)
            ? new ComponentCode($"the synchronous event handler '{method.Name}'", "make the handler 'async Task'")
            : null;
    }

    private static string LifecycleRemedy(IMethodSymbol method)
        => method.Name switch
        {
            "OnInitialized" => "move it to 'async Task OnInitializedAsync()'",
            "OnParametersSet" => "move it to 'async Task OnParametersSetAsync()'",
            "OnAfterRender" => "move it to 'async Task OnAfterRenderAsync(bool firstRender)'",
            "BuildRenderTree" => "load the value in 'OnInitializedAsync' or 'OnParametersSetAsync' into a field and render the field",
            _ when method.Name.EndsWith("Async", StringComparison.Ordinal) => "make the method 'async'",
            _ => "move it to an async lifecycle method",
        };

    private bool IsEventCallbackArgument(IAnonymousFunctionOperation lambda)
    {
        var type = AsyncContext.InvocationTaking(lambda)?.TargetMethod.ContainingType?.OriginalDefinition;
        return type is not null
               && (SymbolEqualityComparer.Default.Equals(type, _eventCallbackFactory) || SymbolEqualityComparer.Default.Equals(type, _binderExtensions));
    }

    /// <summary>
    /// Names of the methods that the component's markup binds as event handlers: the identifiers passed to
    /// <c>EventCallback.Factory.Create(this, Name)</c> in its own syntax (the Razor generator writes them there).
    /// </summary>
    private ImmutableHashSet<string> HandlerNames(INamedTypeSymbol type, CancellationToken cancellationToken)
        => _handlerNames.TryGetValue(type, out var names)
            ? names
            : _handlerNames.GetOrAdd(type, CollectHandlerNames(type, cancellationToken));

    private static ImmutableHashSet<string> CollectHandlerNames(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                if (node is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation
                    || !IsFactoryMethodName(access.Name.Identifier.ValueText)
                    || !IsEventCallbackFactory(access.Expression))
                {
                    continue;
                }

                foreach (var argument in invocation.ArgumentList.Arguments)
                {
                    var name = argument.Expression switch
                    {
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: { } member } => member.Identifier.ValueText,
                        _ => null,
                    };
                    if (name is not null)
                    {
                        builder.Add(name);
                    }
                }
            }
        }

        return builder.ToImmutable();
    }

    private static bool IsFactoryMethodName(string name)
        => name is "Create" or "CreateInferred" or "CreateBinder";

    private static bool IsEventCallbackFactory(ExpressionSyntax expression)
        => expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Factory", Expression: var owner }
           && owner switch
           {
               MemberAccessExpressionSyntax { Name.Identifier.ValueText: "EventCallback" } => true,
               IdentifierNameSyntax { Identifier.ValueText: "EventCallback" } => true,
               AliasQualifiedNameSyntax { Name.Identifier.ValueText: "EventCallback" } => true,
               _ => false,
           };
}

/// <summary>Synchronous component code: what runs it (for the message) and how to move the work off the circuit.</summary>
/// <param name="Runner">E.g. <c>'OnInitialized'</c> or <c>the synchronous event handler 'Increment'</c>.</param>
/// <param name="Remedy">E.g. <c>move it to 'async Task OnInitializedAsync()'</c>.</param>
public readonly record struct ComponentCode(string Runner, string Remedy);
