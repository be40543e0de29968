using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.CpuBound;

/// <summary>
/// How much CPU work a loop or a call does, estimated from the code alone (no flow analysis beyond constants).
/// Pure functions of the operation tree, so other rules (the transitive BLK007) can ask the same questions.
/// Defaults were measured with tests/Unblock.Calibration (docs/rules/BLK006.md): about a millisecond of work.
/// </summary>
public static class CpuWork
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

    /// <summary>Iterations of <c>new Rfc2898DeriveBytes(password, salt)</c> when none are given.</summary>
    private const long Rfc2898DefaultIterations = 1_000;

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

    /// <summary>A busy-wait found in a loop.</summary>
    public readonly struct BusyWaitInfo
    {
        public BusyWaitInfo(string description, bool canPollWithDelay)
        {
            Description = description;
            CanPollWithDelay = canPollWithDelay;
        }

        /// <summary>The message's first argument.</summary>
        public string Description { get; }

        /// <summary>True when the spinning body can become <c>await Task.Delay(...)</c> without changing what the loop waits for.</summary>
        public bool CanPollWithDelay { get; }
    }

    /// <summary>
    /// A busy-wait: a <c>while</c>/<c>do</c> (or header-only <c>for</c>) loop whose body is empty or only spins
    /// (<c>Thread.SpinWait</c>, <c>Thread.Yield</c>, <c>SpinWait.SpinOnce</c>) while the condition only reads state, or a
    /// loop whose condition polls the clock while its body calls nothing.
    /// </summary>
    public static BusyWaitInfo? BusyWait(ILoopOperation loop, AsyncSymbols symbols)
    {
        IOperation? condition;
        switch (loop)
        {
            case IWhileLoopOperation whileLoop:
                condition = whileLoop.Condition;
                break;
            case IForLoopOperation forLoop when forLoop.Before.IsEmpty && forLoop.AtLoopBottom.IsEmpty:
                condition = forLoop.Condition;
                break;
            default:
                return null;
        }

        var body = Statements(loop.Body);
        string? spin = null;
        var onlySpins = true;
        var callsSomething = false;
        foreach (var statement in body)
        {
            if (statement is IExpressionStatementOperation { Operation: IInvocationOperation invocation } && SpinName(invocation.TargetMethod, symbols) is { } name)
            {
                spin ??= name;
                continue;
            }

            onlySpins = false;
            callsSomething |= CallsAnything(statement, symbols);
        }

        var constantTrue = condition is null || condition.ConstantValue is { HasValue: true, Value: true };
        if (onlySpins)
        {
            if (constantTrue)
            {
                return new BusyWaitInfo(spin is null ? "This loop (an endless empty loop)" : $"This loop (spins forever with '{spin}')", canPollWithDelay: false);
            }

            if (condition is not null && ConditionOnlyReadsState(condition, symbols))
            {
                var what = spin is null ? "an empty body" : $"'{spin}'";
                return new BusyWaitInfo(
                    $"This busy-wait (spins with {what} until its condition changes)",
                    canPollWithDelay: loop.Syntax is WhileStatementSyntax);
            }

            return null;
        }

        if (!callsSomething && condition is not null && ReadsTheClock(condition, symbols))
        {
            return new BusyWaitInfo("This busy-wait (polls the clock without awaiting)", canPollWithDelay: false);
        }

        return null;
    }

    private static ImmutableArray<IOperation> Statements(IOperation? body)
        => body switch
        {
            null => ImmutableArray<IOperation>.Empty,
            IBlockOperation block => block.Operations,
            IEmptyOperation => ImmutableArray<IOperation>.Empty,
            _ => ImmutableArray.Create(body),
        };

    private static string? SpinName(IMethodSymbol method, AsyncSymbols symbols)
    {
        switch (method.Name)
        {
            case "SpinWait" when SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Thread):
                return "Thread.SpinWait";
            case "Yield" when SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Thread):
                return "Thread.Yield";
            case "SpinOnce" when SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.SpinWait):
                return "SpinWait.SpinOnce";
            default:
                return null;
        }
    }

    private static bool CallsAnything(IOperation operation, AsyncSymbols symbols)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is IInvocationOperation invocation && !IsClockOrMemoryRead(invocation.TargetMethod, symbols) && SpinName(invocation.TargetMethod, symbols) is null)
            {
                return true;
            }

            if (descendant is IObjectCreationOperation or IAnonymousFunctionOperation or IDynamicInvocationOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The condition makes no progress of its own: no calls except clock and memory reads (so <c>while (reader.Read()) { }</c> is not a busy-wait).</summary>
    private static bool ConditionOnlyReadsState(IOperation condition, AsyncSymbols symbols) => !CallsAnything(condition, symbols);

    private static bool IsClockOrMemoryRead(IMethodSymbol method, AsyncSymbols symbols)
    {
        var type = method.ContainingType;
        return SymbolEqualityComparer.Default.Equals(type, symbols.Volatile)
               || SymbolEqualityComparer.Default.Equals(type, symbols.Interlocked)
               || (SymbolEqualityComparer.Default.Equals(type, symbols.Stopwatch) && method.Name == "GetTimestamp");
    }

    private static bool ReadsTheClock(IOperation condition, AsyncSymbols symbols)
    {
        foreach (var descendant in condition.DescendantsAndSelf())
        {
            switch (descendant)
            {
                case IPropertyReferenceOperation { Property: var property }:
                    var type = property.ContainingType;
                    if ((SymbolEqualityComparer.Default.Equals(type, symbols.DateTime) || SymbolEqualityComparer.Default.Equals(type, symbols.DateTimeOffset))
                        && property.Name is "Now" or "UtcNow")
                    {
                        return true;
                    }

                    if (SymbolEqualityComparer.Default.Equals(type, symbols.Stopwatch) && property.Name.StartsWith("Elapsed", StringComparison.Ordinal))
                    {
                        return true;
                    }

                    if (SymbolEqualityComparer.Default.Equals(type, symbols.Environment) && property.Name.StartsWith("TickCount", StringComparison.Ordinal))
                    {
                        return true;
                    }

                    break;
                case IInvocationOperation { TargetMethod.Name: "GetTimestamp" } invocation
                    when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, symbols.Stopwatch):
                    return true;
            }
        }

        return false;
    }

    /// <summary>Work found inside a loop nest.</summary>
    private struct Work
    {
        /// <summary>Product of the known trip counts (at least 1).</summary>
        public double Known;

        /// <summary>Deepest nesting of loops whose trip count is unknown (loops over collections).</summary>
        public int UnknownDepth;

        /// <summary>A known CPU-heavy call inside the nest, described.</summary>
        public string? HeavyCall;
    }

    /// <summary>Why the loop is heavy (the message's first argument), or null when it is not.</summary>
    public static string? DescribeHeavyLoop(ILoopOperation loop, AsyncSymbols symbols, UnblockOptions.TreeOptions options)
    {
        if (loop.Body is null)
        {
            return null;
        }

        var work = Measure(loop, symbols, options);
        if (work.HeavyCall is not null)
        {
            return $"This loop (calls {work.HeavyCall} on every iteration, no await)";
        }

        if (work.Known >= options.GetInt64(Id, MinIterationsOption, DefaultMinIterations))
        {
            return work.UnknownDepth == 0
                ? $"This loop (an estimated {FormatCount(work.Known)} iterations, no await)"
                : $"This loop (at least {FormatCount(work.Known)} iterations, no await)";
        }

        var minNested = options.GetInt64(Id, MinNestedCollectionLoopsOption, DefaultMinNestedCollectionLoops);
        if (minNested > 0 && work.UnknownDepth >= minNested)
        {
            return $"This loop ({work.UnknownDepth} nested loops over collections, no await)";
        }

        return null;
    }

    /// <summary>The nearest enclosing loop of the same function that is itself reported, or null.</summary>
    public static ILoopOperation? EnclosingHeavyLoop(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case ILoopOperation loop when HeaderSpan(loop.Syntax) is not null && !YieldsTheThread(loop.Syntax):
                    if (BusyWait(loop, symbols) is not null || DescribeHeavyLoop(loop, symbols, options) is not null)
                    {
                        return loop;
                    }

                    break;
            }
        }

        return null;
    }

    private static Work Measure(ILoopOperation loop, AsyncSymbols symbols, UnblockOptions.TreeOptions options)
    {
        var inner = new Work { Known = 0 };
        if (loop.Body is not null)
        {
            MeasureBody(loop.Body, symbols, options, ref inner);
        }

        var count = TripCount(loop, symbols);
        return new Work
        {
            Known = Math.Min((count ?? 1) * Math.Max(1, inner.Known), double.MaxValue),
            UnknownDepth = inner.UnknownDepth + (count is null ? 1 : 0),
            HeavyCall = inner.HeavyCall,
        };
    }

    private static void MeasureBody(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options, ref Work work)
    {
        switch (operation)
        {
            case IAnonymousFunctionOperation or ILocalFunctionOperation:
                return;
            case ILoopOperation nested:
                var nestedWork = Measure(nested, symbols, options);
                work.Known += nestedWork.Known;
                work.UnknownDepth = Math.Max(work.UnknownDepth, nestedWork.UnknownDepth);
                work.HeavyCall ??= nestedWork.HeavyCall;
                return;
            case IInvocationOperation invocation when work.HeavyCall is null:
                work.HeavyCall = DescribeHeavyCall(invocation, invocation.TargetMethod, invocation.Arguments, symbols, options)?.Name;
                break;
            case IObjectCreationOperation { Constructor: { } constructor } creation when work.HeavyCall is null:
                work.HeavyCall = DescribeHeavyCall(creation, constructor, creation.Arguments, symbols, options)?.Name;
                break;
        }

        foreach (var child in operation.ChildOperations)
        {
            MeasureBody(child, symbols, options, ref work);
        }
    }

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

        return unwrapped is ILocalReferenceOperation { Local: { IsConst: false, IsRef: false } local } && operation.SemanticModel is { } model
            ? ConstantLocal(local, model)
            : null;
    }

    /// <summary>The constant initializer of a local that nothing in its scope writes again (assignment, <c>++</c>, <c>ref</c>/<c>out</c>), or null.</summary>
    private static decimal? ConstantLocal(ILocalSymbol local, SemanticModel model)
    {
        if (local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
            || declarator.SyntaxTree != model.SyntaxTree
            || declarator.Parent?.Parent is not LocalDeclarationStatementSyntax { Parent: { } parent })
        {
            return null;
        }

        var scope = parent is GlobalStatementSyntax { Parent: { } unit } ? unit : parent;
        var name = local.Name;
        foreach (var node in scope.DescendantNodes())
        {
            var written = node switch
            {
                AssignmentExpressionSyntax assignment => Names(assignment.Left, name),
                PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } prefix => Names(prefix.Operand, name),
                PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } postfix => Names(postfix.Operand, name),
                ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } argument => Names(argument.Expression, name),
                RefExpressionSyntax reference => Names(reference.Expression, name),
                _ => false,
            };
            if (written)
            {
                return null;
            }
        }

        var constant = model.GetConstantValue(initializer);
        return constant.HasValue && constant.Value is { } value ? ToDecimal(value) : null;
    }

    private static bool Names(ExpressionSyntax target, string name)
    {
        foreach (var node in target.DescendantNodesAndSelf())
        {
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

    /// <summary>A CPU-heavy call found by <see cref="DescribeHeavyCall"/>.</summary>
    public sealed class HeavyCall
    {
        public HeavyCall(IOperation node, string name, string detail, bool isKeyDerivationObject = false)
        {
            Node = node;
            Name = name;
            Detail = detail;
            IsKeyDerivationObject = isKeyDerivationObject;
        }

        /// <summary>The whole expression to move (for a pipeline, its last operator).</summary>
        public IOperation Node { get; }

        /// <summary>How the API is named in messages, e.g. <c>'Rfc2898DeriveBytes.Pbkdf2'</c>.</summary>
        public string Name { get; }

        /// <summary>Why it is heavy, e.g. <c>key derivation, 600,000 iterations</c>.</summary>
        public string Detail { get; }

        /// <summary>A <c>new Rfc2898DeriveBytes(...)</c> whose work happens later, in <c>GetBytes</c>.</summary>
        public bool IsKeyDerivationObject { get; }

        /// <summary>The message's first argument.</summary>
        public string Description => $"{Name} ({Detail})";
    }

    /// <summary>A known CPU-heavy API with heavy arguments, or a method the user listed in <c>heavy_methods</c>; null otherwise.</summary>
    public static HeavyCall? DescribeHeavyCall(IOperation call, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments, AsyncSymbols symbols, UnblockOptions.TreeOptions options)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return null;
        }

        switch (method.Name)
        {
            case "Pbkdf2" when SymbolEqualityComparer.Default.Equals(type, symbols.Rfc2898DeriveBytes):
                return KeyDerivation(call, "'Rfc2898DeriveBytes.Pbkdf2'", ArgumentValue(arguments, "iterations"), null, options);
            case WellKnownMemberNames.InstanceConstructorName when SymbolEqualityComparer.Default.Equals(type, symbols.Rfc2898DeriveBytes):
                return KeyDerivationObject(call, method, arguments, options);
            case "Pbkdf2" when IsType(type, "Microsoft.AspNetCore.Cryptography.KeyDerivation", "KeyDerivation"):
                return KeyDerivation(call, "'KeyDerivation.Pbkdf2'", ArgumentValue(arguments, "iterationCount"), null, options);
            case "HashPassword" or "VerifyHashedPassword" when IsType(type, "Microsoft.AspNetCore.Identity", "PasswordHasher`1"):
                return new HeavyCall(call, $"'PasswordHasher.{method.Name}'", "password hashing, PBKDF2 with 100,000 iterations by default");
            case "HashPassword" or "Verify" or "EnhancedHashPassword" or "EnhancedVerify" or "ValidateAndReplacePassword" or "HashString"
                when IsType(type, "BCrypt.Net", "BCrypt"):
                return new HeavyCall(call, $"'BCrypt.{method.Name}'", "password hashing, bcrypt");
            case "Range" when SymbolEqualityComparer.Default.Equals(type, symbols.Enumerable):
                return RangePipeline((IInvocationOperation)call, symbols, options);
        }

        if (call is IInvocationOperation or IObjectCreationOperation && options.IsListed(Id, HeavyMethodsOption, method))
        {
            return new HeavyCall(call, $"'{type.Name}.{(method.MethodKind == MethodKind.Constructor ? type.Name : method.Name)}'", "listed in heavy_methods");
        }

        return null;
    }

    private static HeavyCall? KeyDerivation(IOperation call, string name, IOperation? iterations, long? defaultIterations, UnblockOptions.TreeOptions options)
    {
        var count = iterations is null ? defaultIterations : (long?)(Constant(iterations) is { } c && c <= long.MaxValue ? (long)c : null);
        if (count is null)
        {
            // Not a constant: key derivation is slow by design, the iteration count is chosen to make it so.
            return iterations is null ? null : new HeavyCall(call, name, "key derivation, slow by design");
        }

        return count >= options.GetInt64(Id, MinKdfIterationsOption, DefaultMinKdfIterations)
            ? new HeavyCall(call, name, $"key derivation, {FormatCount(count.Value)} iterations")
            : null;
    }

    private static HeavyCall? KeyDerivationObject(IOperation creation, IMethodSymbol constructor, ImmutableArray<IArgumentOperation> arguments, UnblockOptions.TreeOptions options)
    {
        var iterations = ArgumentValue(arguments, "iterations");
        var hasIterations = false;
        foreach (var parameter in constructor.Parameters)
        {
            hasIterations |= parameter.Name == "iterations";
        }

        // new Rfc2898DeriveBytes(password, saltSize) derives on GetBytes with 1,000 iterations.
        var heavy = KeyDerivation(creation, "'Rfc2898DeriveBytes'", iterations, hasIterations ? null : Rfc2898DefaultIterations, options);
        if (heavy is null)
        {
            return null;
        }

        // new Rfc2898DeriveBytes(...).GetBytes(n): the whole call is the work, and it can move.
        var parent = creation.Parent;
        if (parent is IInvocationOperation { TargetMethod.Name: "GetBytes" } getBytes && getBytes.Instance == creation)
        {
            return new HeavyCall(getBytes, heavy.Name, heavy.Detail);
        }

        return new HeavyCall(creation, heavy.Name, heavy.Detail, isKeyDerivationObject: true);
    }

    /// <summary><c>Enumerable.Range(_, n)</c> with a large constant <c>n</c>, consumed on the spot by LINQ operators ending in an aggregate or a materialization.</summary>
    private static HeavyCall? RangePipeline(IInvocationOperation range, AsyncSymbols symbols, UnblockOptions.TreeOptions options)
    {
        if (Constant(ArgumentValue(range.Arguments, "count")) is not { } count
            || count < options.GetInt64(Id, MinIterationsOption, DefaultMinIterations))
        {
            return null;
        }

        IInvocationOperation last = range;
        for (var parent = range.Parent; ; parent = parent.Parent)
        {
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            if (parent is IArgumentOperation { Parent: IInvocationOperation next } argument
                && next.Arguments.Length > 0 && next.Arguments[0] == argument
                && SymbolEqualityComparer.Default.Equals(next.TargetMethod.ContainingType, symbols.Enumerable))
            {
                last = next;
                parent = next;
                continue;
            }

            break;
        }

        if (last == range || IsDeferred(last.TargetMethod))
        {
            // Nothing runs here: the sequence is enumerated later (a foreach over it is measured as a loop).
            return null;
        }

        return new HeavyCall(last, "'Enumerable.Range' pipeline", $"{FormatCount((double)count)} elements");
    }

    private static bool IsDeferred(IMethodSymbol method)
    {
        if (method.Name.StartsWith("To", StringComparison.Ordinal))
        {
            return false;
        }

        var type = method.ReturnType;
        if (type.TypeKind != TypeKind.Interface)
        {
            return false;
        }

        if (type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
        {
            return true;
        }

        foreach (var face in type.AllInterfaces)
        {
            if (face.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            {
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
