using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Unblock.Analyzers.Rules.CpuBound;

/// <summary>
/// How much CPU work a loop or a call does, estimated from the code alone (no flow analysis beyond constants).
/// Pure functions of the operation tree, so other rules (the transitive BLK007) can ask the same questions.
/// Defaults were measured with tests/Unblock.Calibration (docs/rules/BLK006.md): about a millisecond of work.
/// </summary>
public static partial class CpuWork
{
    /// <summary>Estimated loop iterations (product over nested loops) from which a loop is heavy.</summary>
    public const string MinIterationsOption = "min_iterations";

    /// <summary>PBKDF2 iterations from which one key derivation is heavy.</summary>
    public const string MinKdfIterationsOption = "min_kdf_iterations";

    /// <summary>Nesting depth of loops over collections of unknown size from which the nest is heavy; 0 (the default) turns the check off.</summary>
    public const string MinNestedCollectionLoopsOption = "min_nested_collection_loops";

    /// <summary>Documentation IDs of the user's own CPU-heavy methods (or types).</summary>
    public const string HeavyMethodsOption = "heavy_methods";

    public const long DefaultMinIterations = 1_000_000;
    public const long DefaultMinKdfIterations = 1_000;
    /// <summary>
    /// Off: on the real-code evaluation every nest it reported (7, three and four deep) was cheap work over a request's
    /// already-loaded rows, and none was a block a reviewer confirmed.
    /// </summary>
    public const long DefaultMinNestedCollectionLoops = 0;

    /// <summary>Estimates beyond this are printed as "more than" it: never an absurd number in a message.</summary>
    private const double MaxPrintedCount = 1e12;


    private static string Id => DiagnosticIds.CpuBoundWork;

    /// <summary>The loop's header: <c>for (...)</c>, <c>foreach (...)</c>, <c>while (...)</c>, or the <c>do</c> keyword.</summary>
    public static TextSpan? HeaderSpan(SyntaxNode loop)
        => loop switch
        {
            ForStatementSyntax f when !f.CloseParenToken.IsMissing => TextSpan.FromBounds(f.ForKeyword.SpanStart, f.CloseParenToken.Span.End),
            CommonForEachStatementSyntax f when !f.CloseParenToken.IsMissing => TextSpan.FromBounds(f.SpanStart, f.CloseParenToken.Span.End),
            WhileStatementSyntax w when !w.CloseParenToken.IsMissing => TextSpan.FromBounds(w.WhileKeyword.SpanStart, w.CloseParenToken.Span.End),
            DoStatementSyntax d => d.DoKeyword.Span,
            _ => null,
        };

    /// <summary>True when the loop gives the thread back on its own: <c>await</c>, <c>await foreach</c>, <c>await using</c> or <c>yield</c> outside nested functions.</summary>
    public static bool YieldsTheThread(SyntaxNode loop)
    {
        if (loop is CommonForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword })
        {
            return true;
        }

        foreach (var node in loop.DescendantNodes(n => n == loop || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            switch (node)
            {
                case AwaitExpressionSyntax or YieldStatementSyntax:
                case CommonForEachStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                case UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                case LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.AwaitKeyword }:
                    return true;
            }
        }

        return false;
    }

    private static bool IsType(INamedTypeSymbol type, string containingNamespace, string metadataName)
        => type.MetadataName == metadataName && type.ContainingNamespace?.ToDisplayString() == containingNamespace;

    /// <summary>A count as users write it (<c>10,000,000</c>); never more than twelve digits.</summary>
    public static string FormatCount(double count)
        => count > MaxPrintedCount
            ? "more than " + MaxPrintedCount.ToString("N0", CultureInfo.InvariantCulture)
            : Math.Round(count).ToString("N0", CultureInfo.InvariantCulture);
}
