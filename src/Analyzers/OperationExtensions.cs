using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers;

/// <summary>Small IOperation and model helpers shared by the rules.</summary>
internal static class OperationExtensions
{
    /// <summary>The operation under any implicit conversions the compiler inserted (<c>IQueryable&lt;T&gt;</c> to <c>IEnumerable&lt;T&gt;</c>, <c>null</c> to <c>object</c>).</summary>
    public static IOperation WithoutImplicitConversions(this IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>
    /// The model of another tree of <paramref name="compilation"/>, or null when the tree is not one of its own. Under the
    /// analyzer driver the compilation's provider serves its cached model (CachingSemanticModelProvider), so a body bound
    /// here is not bound again when the driver analyzes that tree. Not to be kept: holding every tree's model would hold
    /// every bound body of the project until the end of the compilation. The one place that asks for a model
    /// (src/BannedSymbols.txt): a method's body in another tree (a helper BLK007 reads, a repository method BLK003 reads)
    /// has no other way to its operations in Roslyn 4.8.
    /// </summary>
    public static SemanticModel? ModelOfTree(this Compilation compilation, SyntaxTree tree)
    {
        if (!compilation.ContainsSyntaxTree(tree))
        {
            return null;
        }

#pragma warning disable RS1030, RS0030 // See the summary: the driver's provider serves its cached model.
        return compilation.GetSemanticModel(tree);
#pragma warning restore RS1030, RS0030
    }
}
