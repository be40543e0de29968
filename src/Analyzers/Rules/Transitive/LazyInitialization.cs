using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers.Rules.Transitive;

/// <summary>
/// Code that runs only until a field is first set: the branch of <c>if (_x == null)</c> (or <c>_x is null</c>,
/// <c>!_ready</c>), the value of <c>_x ??= ...</c>, and what follows <c>if (_x != null) return _x;</c>. A helper that
/// blocks only there blocks once, on first use, and is not blamed at every later use (MongoDB repositories' lazily
/// created collections, cached configuration).
/// </summary>
internal static class LazyInitialization
{
    /// <summary>Whether <paramref name="condition"/> is true only while a field is still unset.</summary>
    public static bool IsUnsetTest(IOperation condition) => Tests(condition) == true;

    /// <summary>
    /// The number of leading operations of <paramref name="block"/> that run on every call: those before an
    /// <c>if (_x != null) return ...;</c> guard and the guard itself; the rest runs only until the field is set.
    /// </summary>
    public static int EveryCallPrefix(IBlockOperation block)
    {
        var operations = block.Operations;
        for (var i = 0; i < operations.Length - 1; i++)
        {
            if (operations[i] is IConditionalOperation { WhenFalse: null } conditional
                && Tests(conditional.Condition) == false
                && EndsInReturn(conditional.WhenTrue))
            {
                return i + 1;
            }
        }

        return operations.Length;
    }

    /// <summary>Whether <paramref name="operation"/> is a field, as the target of <c>??=</c> is for a cached value.</summary>
    public static bool IsField(IOperation operation) => operation.WithoutImplicitConversions() is IFieldReferenceOperation;

    /// <summary>True: the condition holds while a field is unset; false: while it is set; null: neither.</summary>
    private static bool? Tests(IOperation condition)
    {
        switch (condition.WithoutImplicitConversions())
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                when (IsField(binary.LeftOperand) && IsNull(binary.RightOperand)) || (IsField(binary.RightOperand) && IsNull(binary.LeftOperand)):
                return binary.OperatorKind == BinaryOperatorKind.Equals;
            case IIsPatternOperation { Pattern: IConstantPatternOperation constant } pattern when IsField(pattern.Value) && IsNull(constant.Value):
                return true;
            case IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation constant } } pattern
                when IsField(pattern.Value) && IsNull(constant.Value):
                return false;
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not when IsBooleanField(not.Operand):
                return true;
            case var other when IsBooleanField(other):
                return false;
            default:
                return null;
        }
    }

    private static bool EndsInReturn(IOperation operation)
        => operation switch
        {
            IReturnOperation => true,
            IBlockOperation { Operations.Length: > 0 } block => block.Operations[block.Operations.Length - 1] is IReturnOperation,
            _ => false,
        };

    private static bool IsBooleanField(IOperation operation)
        => operation.WithoutImplicitConversions() is IFieldReferenceOperation { Field.Type.SpecialType: SpecialType.System_Boolean };

    private static bool IsNull(IOperation operation)
        => operation.WithoutImplicitConversions() is ILiteralOperation { ConstantValue: { HasValue: true, Value: null } };
}
