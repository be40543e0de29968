using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers;

/// <summary>
/// Context: where a value comes from, followed without flow analysis: the initializer of a local that is never
/// assigned again. Anything else is unknown (null).
/// </summary>
internal static class LocalValues
{
    /// <summary>
    /// The value a local is initialized with, when the local is declared once with an initializer in this tree and
    /// never assigned again (nor passed by <c>ref</c>/<c>out</c>) in the block that declares it; else null.
    /// </summary>
    public static IOperation? InitializerOf(ILocalReferenceOperation reference)
    {
        var local = reference.Local;
        var model = reference.SemanticModel;
        if (model is null || local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value } declarator
            || declarator.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        var scope = declarator.FirstAncestorOrSelf<SyntaxNode>(static n => n is BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax);
        if (scope is null || IsWrittenIn(scope, local.Name))
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
}
