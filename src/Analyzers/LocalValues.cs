using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers;

/// <summary>
/// Context: where a value comes from, followed without flow analysis: the initializer of a local that is never
/// assigned again, and what a small helper of the same file returns. Anything else is unknown (null or empty).
/// </summary>
internal static class LocalValues
{
    /// <summary>
    /// Until the result is disposed, notes in <paramref name="into"/> the declaration of every body that
    /// <see cref="ReturnedValues"/> reads on this thread for <paramref name="symbols"/>' compilation, at any depth: what a
    /// classification found depends on them (BLK007 keeps facts across edits only while those bodies are unchanged).
    /// </summary>
    public static BodiesRead BodiesReadInto(AsyncSymbols symbols, List<SyntaxNode> into)
    {
        var previous = symbols.BodiesRead.Value;
        symbols.BodiesRead.Value = into;
        return new BodiesRead(symbols, previous);
    }

    /// <summary>Ends <see cref="BodiesReadInto"/>.</summary>
    public readonly struct BodiesRead : System.IDisposable
    {
        private readonly AsyncSymbols _symbols;
        private readonly List<SyntaxNode>? _previous;

        public BodiesRead(AsyncSymbols symbols, List<SyntaxNode>? previous)
        {
            _symbols = symbols;
            _previous = previous;
        }

        public void Dispose() => _symbols.BodiesRead.Value = _previous;
    }

    /// <summary>
    /// The value a local is initialized with, when the local is declared once with an initializer in this tree and
    /// never assigned again (nor passed by <c>ref</c>/<c>out</c>) in the block that declares it; else null.
    /// </summary>
    public static IOperation? InitializerOf(ILocalReferenceOperation reference)
        => DeclaredInitializer(reference) is { } value && !IsAssignedAgain(reference) ? value : null;

    /// <summary>
    /// The value a local's declaration gives it, in this tree, whatever happens to it afterwards (check
    /// <see cref="IsAssignedAgain"/> before relying on it; that scan costs more, so callers do it last); else null.
    /// </summary>
    public static IOperation? DeclaredInitializer(ILocalReferenceOperation reference)
    {
        var local = reference.Local;
        var model = reference.SemanticModel;
        if (model is null || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator
            || declarator.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        // The operation of a suppressed expression (x!) is its operand's.
        while (value is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed)
        {
            value = suppressed.Operand;
        }

        return model.GetOperation(value);
    }

    /// <summary>
    /// Every value the local is given in the block that declares it: its initializer and the right side of each
    /// simple assignment to it (<c>result = result.Where(...)</c>), in this tree; null when one cannot be read (a
    /// compound assignment, a <c>ref</c>/<c>out</c> argument, no initializer).
    /// </summary>
    public static List<IOperation>? AssignedValues(ILocalReferenceOperation reference)
    {
        var local = reference.Local;
        var model = reference.SemanticModel;
        if (DeclaredInitializer(reference) is not { } initializer || model is null)
        {
            return null;
        }

        var values = new List<IOperation> { initializer };
        var scope = local.DeclaringSyntaxReferences[0].GetSyntax().FirstAncestorOrSelf<SyntaxNode>(static n => n is BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax);
        if (scope is null)
        {
            return null;
        }

        foreach (var node in scope.DescendantNodes())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment when target.Identifier.ValueText == local.Name
                                                                                                      && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(target).Symbol, local):
                    if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || model.GetOperation(assignment.Right) is not { } value)
                    {
                        return null;
                    }

                    values.Add(value);
                    break;
                case ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword, Expression: IdentifierNameSyntax passed }
                    when passed.Identifier.ValueText == local.Name:
                    return null;
            }
        }

        return values;
    }

    /// <summary>Whether the block that declares the local assigns it again (or passes it by <c>ref</c>/<c>out</c>); true when that cannot be read.</summary>
    public static bool IsAssignedAgain(ILocalReferenceOperation reference)
    {
        var local = reference.Local;
        if (local.DeclaringSyntaxReferences.Length != 1)
        {
            return true;
        }

        var scope = local.DeclaringSyntaxReferences[0].GetSyntax().FirstAncestorOrSelf<SyntaxNode>(static n => n is BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax);
        return scope is null || IsWrittenIn(scope, local.Name);
    }

    /// <summary>Whether <paramref name="scope"/> assigns a variable named <paramref name="name"/> or passes it by <c>ref</c>/<c>out</c> (by name: any same-named variable counts).</summary>
    private static bool IsWrittenIn(SyntaxNode scope, string name)
    {
        foreach (var node in scope.DescendantNodes())
        {
            var target = node switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left,
                ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument => argument.Expression,
                _ => null,
            };

            if (target is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The values <paramref name="method"/> returns, when it is an ordinary, non-virtual method or a local function
    /// declared once in the tree of <paramref name="model"/> (a private helper next to its caller: no other tree is bound for it); else empty.
    /// </summary>
    public static IReadOnlyList<IOperation> ReturnedValues(IMethodSymbol method, SemanticModel model, AsyncSymbols symbols)
    {
        var definition = method.OriginalDefinition;
        if (definition.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction) || definition.IsVirtual || definition.IsAbstract || definition.IsOverride
            || definition.DeclaringSyntaxReferences.Length != 1 || definition.DeclaringSyntaxReferences[0].SyntaxTree != model.SyntaxTree
            || model.GetOperation(definition.DeclaringSyntaxReferences[0].GetSyntax()) is not { } body)
        {
            return System.Array.Empty<IOperation>();
        }

        symbols.BodiesRead.Value?.Add(definition.DeclaringSyntaxReferences[0].GetSyntax());
        var values = new List<IOperation>();
        var stack = new Stack<IOperation>();
        stack.Push(body);
        while (stack.Count > 0)
        {
            var operation = stack.Pop();
            if (operation is IReturnOperation { Kind: OperationKind.Return, ReturnedValue: { } value })
            {
                values.Add(value);
                continue;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    stack.Push(child);
                }
            }
        }

        return values;
    }
}
