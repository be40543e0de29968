using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.CpuBound;

/// <summary>
/// How much CPU work a loop or a call does, estimated from the code alone (no flow analysis beyond constants).
/// Pure functions of the operation tree, so other rules (the transitive BLK007) can ask the same questions.
/// The model: estimated iterations (constants, constant locals, parameter defaults; collections of unknown size count as
/// <see cref="UnknownCountOption"/> elements for the calls of the CPU table) times the nominal cost of one iteration (a
/// plain iteration, plus the calls of <see cref="CpuCostTable"/>), against a budget in milliseconds.
/// Defaults were measured with tests/Unblock.Calibration (docs/rules/BLK006.md): about a millisecond of work.
/// </summary>
public static partial class CpuWork
{
    /// <summary>Milliseconds of estimated CPU work (at nominal costs) from which a loop or a call is reported.</summary>
    public const string BudgetOption = "budget_ms";

    /// <summary>Elements assumed in a collection of unknown size, for the calls of the CPU table made once per element.</summary>
    public const string UnknownCountOption = "unknown_count";

    /// <summary>
    /// Kept for compatibility: the budget in plain loop iterations (<see cref="PlainIterationNanoseconds"/> each), used when
    /// <see cref="BudgetOption"/> is not set. Also the elements from which an <c>Enumerable.Range</c> pipeline is heavy.
    /// </summary>
    public const string MinIterationsOption = "min_iterations";

    /// <summary>PBKDF2 iterations from which one key derivation is heavy.</summary>
    public const string MinKdfIterationsOption = "min_kdf_iterations";

    /// <summary>Nesting depth of loops over collections of unknown size from which the nest is heavy; 0 (the default) turns the check off.</summary>
    public const string MinNestedCollectionLoopsOption = "min_nested_collection_loops";

    /// <summary>Documentation IDs of the user's own CPU-heavy methods (or types).</summary>
    public const string HeavyMethodsOption = "heavy_methods";

    /// <summary>One millisecond: the point where one request's work starts to delay others measurably (calibration).</summary>
    public const long DefaultBudgetMilliseconds = 1;

    /// <summary>A request-sized collection: a thousand rows, lines, files or blobs.</summary>
    public const long DefaultUnknownCount = 1_000;

    /// <summary>Nominal cost of one plain loop iteration: the cheapest body measured (a multiply-add, 0.6 ns), rounded up.</summary>
    public const double PlainIterationNanoseconds = 1;

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

    /// <summary>The budget in nanoseconds: <c>budget_ms</c>, else <c>min_iterations</c> plain iterations (1 ms by default).</summary>
    public static double BudgetNanoseconds(UnblockOptions.TreeOptions options)
        => options.Get(Id, BudgetOption) is not null
            ? options.GetInt64(Id, BudgetOption, DefaultBudgetMilliseconds) * 1e6
            : options.GetInt64(Id, MinIterationsOption, DefaultMinIterations) * PlainIterationNanoseconds;

    /// <summary>Elements assumed in a collection of unknown size (<c>unknown_count</c>).</summary>
    public static double UnknownCount(UnblockOptions.TreeOptions options) => options.GetInt64(Id, UnknownCountOption, DefaultUnknownCount);

    /// <summary>A cost as users read it: <c>about 1,000 ms</c> (two significant digits), never an absurd number.</summary>
    public static string Duration(double nanoseconds)
    {
        var milliseconds = nanoseconds / 1e6;
        if (double.IsNaN(milliseconds) || milliseconds > MaxPrintedCount)
        {
            return FormatCount(MaxPrintedCount + 1) + " ms";
        }

        if (milliseconds < 1)
        {
            return "less than 1 ms";
        }

        var magnitude = Math.Pow(10, Math.Max(0, Math.Floor(Math.Log10(milliseconds)) - 1));
        return "about " + FormatCount(Math.Round(milliseconds / magnitude) * magnitude) + " ms";
    }

    private static bool IsType(INamedTypeSymbol type, string containingNamespace, string metadataName)
        => type.MetadataName == metadataName && type.ContainingNamespace?.ToDisplayString() == containingNamespace;

    /// <summary>A count as users write it (<c>10,000,000</c>); never more than twelve digits.</summary>
    public static string FormatCount(double count)
        => count > MaxPrintedCount
            ? "more than " + MaxPrintedCount.ToString("N0", CultureInfo.InvariantCulture)
            : Math.Round(count).ToString("N0", CultureInfo.InvariantCulture);
}
