using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers;

/// <summary>Small IOperation helpers shared by the rules.</summary>
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
}
