using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers.Rules.CpuBound;

/// <summary>Loop trip-count estimation from constants, constant locals and constant-sized collections.</summary>
public static partial class CpuWork
{
    /// <summary>The number of iterations when the code says it with constants, else null (unknown).</summary>
    public static double? TripCount(ILoopOperation loop, AsyncSymbols symbols)
        => loop switch
        {
            IForLoopOperation forLoop => ForTripCount(forLoop),
            IForEachLoopOperation forEach => CollectionCount(forEach.Collection, symbols),
            _ => null,
        };

    private static double? ForTripCount(IForLoopOperation loop)
    {
        // for (var i = start; i < end; i += step), in any of the usual spellings.
        if (loop.Before.Length != 1 || loop.AtLoopBottom.Length != 1 || loop.Condition is not IBinaryOperation condition)
        {
            return null;
        }

        ILocalSymbol? variable = null;
        decimal? start = null;
        switch (loop.Before[0])
        {
            case IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
                when group.Declarations[0].Declarators.Length == 1 && group.Declarations[0].Declarators[0].Initializer is { } initializer:
                variable = group.Declarations[0].Declarators[0].Symbol;
                start = Constant(initializer.Value);
                break;
            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Value: var value } }:
                variable = target.Local;
                start = Constant(value);
                break;
        }

        if (variable is null || start is null)
        {
            return null;
        }

        decimal? step = loop.AtLoopBottom[0] switch
        {
            IExpressionStatementOperation { Operation: IIncrementOrDecrementOperation { Target: ILocalReferenceOperation target } change }
                when SymbolEqualityComparer.Default.Equals(target.Local, variable)
                => change.Kind == OperationKind.Increment ? 1 : -1,
            IExpressionStatementOperation { Operation: ICompoundAssignmentOperation { Target: ILocalReferenceOperation target, OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } compound }
                when SymbolEqualityComparer.Default.Equals(target.Local, variable) && Constant(compound.Value) is { } amount && amount != 0
                => compound.OperatorKind == BinaryOperatorKind.Add ? amount : -amount,
            _ => null,
        };

        if (step is null)
        {
            return null;
        }

        var kind = condition.OperatorKind;
        decimal? end;
        if (IsLocal(condition.LeftOperand, variable))
        {
            end = Constant(condition.RightOperand);
        }
        else if (IsLocal(condition.RightOperand, variable))
        {
            end = Constant(condition.LeftOperand);
            kind = kind switch
            {
                BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
                BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
                BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
                BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
                _ => kind,
            };
        }
        else
        {
            return null;
        }

        if (end is null || WritesLocal(loop.Body, variable))
        {
            return null;
        }

        var distance = end.Value - start.Value;
        var s = step.Value;
        decimal count = kind switch
        {
            BinaryOperatorKind.LessThan when s > 0 => Math.Ceiling(distance / s),
            BinaryOperatorKind.LessThanOrEqual when s > 0 => Math.Floor(distance / s) + 1,
            BinaryOperatorKind.GreaterThan when s < 0 => Math.Ceiling(distance / s),
            BinaryOperatorKind.GreaterThanOrEqual when s < 0 => Math.Floor(distance / s) + 1,
            BinaryOperatorKind.NotEquals when distance % s == 0 && distance / s >= 0 => distance / s,
            _ => -1,
        };

        // A negative count means the loop never ends (or the step goes the wrong way): no estimate, no absurd number.
        return count >= 0 ? (double)count : null;
    }

    private static bool IsLocal(IOperation operation, ILocalSymbol local)
        => Unwrap(operation) is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    private static bool WritesLocal(IOperation? body, ILocalSymbol local)
    {
        if (body is null)
        {
            return false;
        }

        foreach (var descendant in body.DescendantsAndSelf())
        {
            switch (descendant)
            {
                case IAssignmentOperation assignment when IsLocal(assignment.Target, local):
                case IIncrementOrDecrementOperation change when IsLocal(change.Target, local):
                case IArgumentOperation { Parameter.RefKind: not RefKind.None } argument when IsLocal(argument.Value, local):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An integral constant as a decimal (no overflow possible), or null. Constant-derived locals count too:
    /// <c>var n = 1_000_000;</c> never written again in its block.
    /// </summary>
    private static decimal? Constant(IOperation? operation)
    {
        if (operation is null)
        {
            return null;
        }

        if (operation.ConstantValue is { HasValue: true, Value: { } value })
        {
            return ToDecimal(value);
        }

        var unwrapped = operation;
        while (unwrapped is IConversionOperation { IsImplicit: true } conversion)
        {
            unwrapped = conversion.Operand;
        }

        switch (unwrapped)
        {
            case ILocalReferenceOperation { Local: { IsConst: false, IsRef: false } local } when operation.SemanticModel is { } model:
                return ConstantLocal(local, model);
            case IParameterReferenceOperation { Parameter: { HasExplicitDefaultValue: true, RefKind: RefKind.None } parameter }:
                // A sieve's 'int limit = 10_000_000': the default is the size the author had in mind.
                return parameter.ExplicitDefaultValue is { } defaultValue && !ParameterWritten(parameter) ? ToDecimal(defaultValue) : null;
            default:
                return null;
        }
    }

    /// <summary>The constant initializer of a local that nothing in its scope writes again (assignment, <c>++</c>, <c>ref</c>/<c>out</c>), or null.</summary>
    private static decimal? ConstantLocal(ILocalSymbol local, SemanticModel model)
    {
        if (UnwrittenLocalInitializer(local, model) is not { } initializer)
        {
            return null;
        }

        var constant = model.GetConstantValue(initializer);
        return constant.HasValue && constant.Value is { } value ? ToDecimal(value) : null;
    }

    /// <summary>
    /// The initializer of a local declared in this tree that nothing in its scope writes again, or null. With
    /// <paramref name="elementsMayChange"/>, writes to its elements or members (<c>a[i] = x</c>) do not count.
    /// </summary>
    private static ExpressionSyntax? UnwrittenLocalInitializer(ILocalSymbol local, SemanticModel model, bool elementsMayChange = false)
    {
        if (local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
            || declarator.SyntaxTree != model.SyntaxTree
            || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax { Parent: { } parent })
        {
            return null;
        }

        var scope = parent is GlobalStatementSyntax { Parent: { } unit } ? unit : parent;
        return IsWrittenIn(scope, local.Name, elementsMayChange) ? null : initializer;
    }

    /// <summary>True when the parameter's function writes it (assignment, <c>++</c>, <c>ref</c>/<c>out</c>) or it has no source.</summary>
    private static bool ParameterWritten(IParameterSymbol parameter)
    {
        if (parameter.DeclaringSyntaxReferences.Length != 1
            || parameter.DeclaringSyntaxReferences[0].GetSyntax() is not ParameterSyntax { Parent.Parent: { } function })
        {
            return true;
        }

        return IsWrittenIn(function, parameter.Name);
    }

    /// <summary>True when something inside <paramref name="scope"/> writes a variable named <paramref name="name"/>.</summary>
    private static bool IsWrittenIn(SyntaxNode scope, string name, bool elementsMayChange = false)
    {
        foreach (var node in scope.DescendantNodes())
        {
            var written = node switch
            {
                AssignmentExpressionSyntax assignment => Names(assignment.Left, name, elementsMayChange),
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => Names(prefix.Operand, name, elementsMayChange),
                PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix => Names(postfix.Operand, name, elementsMayChange),
                ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } argument => Names(argument.Expression, name, elementsMayChange),
                RefExpressionSyntax reference => Names(reference.Expression, name, elementsMayChange),
                _ => false,
            };
            if (written)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The length of an array the code sizes with a constant: <c>new T[n]</c>, or a local initialised so and never written again.</summary>
    private static double? KnownLength(IOperation array)
    {
        var unwrapped = Unwrap(array);
        if (unwrapped is ILocalReferenceOperation { Local: { IsRef: false } local } && array.SemanticModel is { } model)
        {
            // One step only: 'var a = a;' on broken code must not recurse.
            unwrapped = UnwrittenLocalInitializer(local, model, elementsMayChange: true) is { } initializer && model.GetOperation(initializer) is { } value ? Unwrap(value) : unwrapped;
        }

        return unwrapped is IArrayCreationOperation { DimensionSizes.Length: 1 } creation && Constant(creation.DimensionSizes[0]) is { } size && size > 0
            ? (double)size
            : null;
    }

    private static bool Names(ExpressionSyntax target, string name, bool elementsMayChange = false)
    {
        foreach (var node in target.DescendantNodesAndSelf())
        {
            if (elementsMayChange
                && node.Parent is ElementAccessExpressionSyntax or MemberAccessExpressionSyntax or ConditionalAccessExpressionSyntax
                && node.Parent switch
                {
                    ElementAccessExpressionSyntax element => element.Expression == node,
                    MemberAccessExpressionSyntax member => member.Expression == node,
                    ConditionalAccessExpressionSyntax conditional => conditional.Expression == node,
                    _ => false,
                })
            {
                // 'a[i] = x' or 'a.Field = x' writes into the array, not the variable.
                continue;
            }

            if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name)
            {
                return true;
            }
        }

        return false;
    }

    private static decimal? ToDecimal(object value)
    {
        return value switch
        {
            int v => v,
            long v => v,
            uint v => v,
            ulong v => v,
            short v => v,
            ushort v => v,
            byte v => v,
            sbyte v => v,
            char v => v,
            _ => null,
        };
    }

    /// <summary>Elements of <c>Enumerable.Range(_, n)</c> / <c>Enumerable.Repeat(_, n)</c> / <c>new T[n]</c>, through element-preserving LINQ operators.</summary>
    private static double? CollectionCount(IOperation collection, AsyncSymbols symbols)
    {
        var current = Unwrap(collection);
        while (true)
        {
            switch (current)
            {
                case IArrayCreationOperation { DimensionSizes.Length: 1 } array:
                    return (double?)Constant(array.DimensionSizes[0]);
                case IInvocationOperation invocation when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.Enumerable):
                    switch (invocation.TargetMethod.Name)
                    {
                        case "Range" or "Repeat" when invocation.Arguments.Length == 2:
                            return Constant(ArgumentValue(invocation.Arguments, "count")) is { } count && count > 0 ? (double)count : null;
                        case "Select" or "Where" or "Reverse" or "OrderBy" or "OrderByDescending" or "Distinct" or "Cast" or "OfType" or "AsEnumerable"
                            when invocation.Arguments.Length > 0:
                            current = Unwrap(invocation.Arguments[0].Value);
                            continue;
                        default:
                            return null;
                    }

                default:
                    return null;
            }
        }
    }

    private static IOperation? ArgumentValue(ImmutableArray<IArgumentOperation> arguments, string parameterName)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == parameterName)
            {
                return argument.ArgumentKind == ArgumentKind.DefaultValue ? null : argument.Value;
            }
        }

        return null;
    }
}
