using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers.Rules.SyncWait;

/// <summary>
/// Decides whether reading a task's result cannot block because the task is already complete: a task created
/// complete (<c>Task.FromResult</c>, <c>Task.CompletedTask</c>, <c>new ValueTask&lt;T&gt;(value)</c>), or a task
/// variable that every path to the read has awaited (<c>await t</c>, <c>await Task.WhenAll(..., t)</c>, an
/// <c>await Task.WhenAll(list)</c> before reading an element of <c>list</c>) or checked
/// (<c>if (t.IsCompleted)</c>, an early-exit guard, <c>t.IsCompletedSuccessfully ? t.Result : ...</c>), with no
/// write to the variable in between (an assignment, a <c>ref</c>/<c>out</c> argument, or one inside an enclosing
/// loop, which reaches the read through the back edge). The walk is syntactic over the statements that dominate
/// the read, so it stays cheap; anything it does not understand counts as "not known complete", so a real block
/// is never hidden.
/// </summary>
public static class CompletedTasks
{
    public static bool IsKnownComplete(IOperation? task, AsyncSymbols symbols, CancellationToken cancellationToken = default)
    {
        task = Strip(task);
        if (task is null)
        {
            return false;
        }

        if (IsCreatedComplete(task, symbols))
        {
            return true;
        }

        var model = task.SemanticModel;
        if (model is null || !TryGetTracked(task, out var tracked))
        {
            return false;
        }

        return IsCompleteAt(task.Syntax, tracked, model, symbols, cancellationToken);
    }

    private static IOperation? Strip(IOperation? operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } or IParenthesizedOperation)
        {
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
        }

        return operation;
    }

    private static bool IsCreatedComplete(IOperation task, AsyncSymbols symbols)
    {
        switch (task)
        {
            case IInvocationOperation invocation when invocation.TargetMethod.IsStatic:
                var name = invocation.TargetMethod.Name;
                var type = invocation.TargetMethod.ContainingType?.OriginalDefinition;
                return name is "FromResult" or "FromException" or "FromCanceled"
                       && (SymbolEqualityComparer.Default.Equals(type, symbols.Task) || symbols.IsValueTask(type));
            case IPropertyReferenceOperation property:
                return property.Property.Name == "CompletedTask" && property.Property.IsStatic
                       && (SymbolEqualityComparer.Default.Equals(property.Property.ContainingType, symbols.Task)
                           || symbols.IsValueTask(property.Property.ContainingType));
            case IObjectCreationOperation creation when symbols.IsValueTask(creation.Type):
                // new ValueTask<T>(value) is complete; new ValueTask<T>(task) is not.
                return creation.Arguments.Length == 1
                       && !symbols.IsTask(creation.Arguments[0].Value.Type)
                       && creation.Arguments[0].Value.Type?.Name != "IValueTaskSource";
            case IDefaultValueOperation when symbols.IsValueTask(task.Type):
                return true;
            default:
                return false;
        }
    }

    /// <summary>The variable whose completion is tracked: the task itself, or a collection whose elements are read.</summary>
    private readonly record struct Tracked(ISymbol Symbol, bool IsElement);

    private static bool TryGetTracked(IOperation task, out Tracked tracked)
    {
        var symbol = ReferencedVariable(task);
        if (symbol is not null)
        {
            tracked = new Tracked(symbol, IsElement: false);
            return true;
        }

        // kv.Value, pair.Item2: a task held by a foreach or lambda variable (an element of a collection, once the loop
        // or the LINQ lambda is left).
        var owner = task switch
        {
            IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Instance,
            IFieldReferenceOperation field => field.Instance,
            _ => null,
        };
        if (owner is ILocalReferenceOperation or IParameterReferenceOperation && ReferencedVariable(owner) is { } holder)
        {
            tracked = new Tracked(holder, IsElement: false);
            return true;
        }

        // tasks[i], list[i]
        var collection = task switch
        {
            IArrayElementReferenceOperation element => element.ArrayReference,
            IPropertyReferenceOperation { Property.IsIndexer: true } indexer => indexer.Instance,
            _ => null,
        };
        symbol = ReferencedVariable(Strip(collection));
        tracked = symbol is null ? default : new Tracked(symbol, IsElement: true);
        return symbol is not null;
    }

    private static ISymbol? ReferencedVariable(IOperation? operation)
        => operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
            _ => null,
        };

    private static bool IsCompleteAt(SyntaxNode read, Tracked tracked, SemanticModel model, AsyncSymbols symbols, CancellationToken cancellationToken)
    {
        SyntaxNode node = read;

        // Guards inside the expression: t.IsCompleted ? t.Result : x, t.IsCompleted && t.Result > 0.
        while (node.Parent is ExpressionSyntax or ArgumentSyntax or ArgumentListSyntax or EqualsValueClauseSyntax or VariableDeclaratorSyntax or VariableDeclarationSyntax)
        {
            var parent = node.Parent;
            switch (parent)
            {
                case ConditionalExpressionSyntax conditional when node == conditional.WhenTrue && Implies(conditional.Condition, tracked, true, model):
                case ConditionalExpressionSyntax conditional2 when node == conditional2.WhenFalse && Implies(conditional2.Condition, tracked, false, model):
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } andAlso when node == andAlso.Right && Implies(andAlso.Left, tracked, true, model):
                case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression } orElse when node == orElse.Right && Implies(orElse.Left, tracked, false, model):
                    return true;
                case AnonymousFunctionExpressionSyntax lambda:
                    if (!TryLeaveLambda(lambda, ref tracked, model, out var antecedentIsComplete))
                    {
                        return antecedentIsComplete;
                    }

                    break;
            }

            node = parent;
        }

        // Statements that dominate the read, innermost block first.
        while (node.Parent is { } parent)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (parent)
            {
                case BlockSyntax block:
                    {
                        var result = ScanPreceding(block.Statements, node, tracked, model, symbols);
                        if (result.HasValue)
                        {
                            return result.Value;
                        }

                        break;
                    }

                case SwitchSectionSyntax section:
                    {
                        var result = ScanPreceding(section.Statements, node, tracked, model, symbols);
                        if (result.HasValue)
                        {
                            return result.Value;
                        }

                        break;
                    }

                case GlobalStatementSyntax global when global.Parent is CompilationUnitSyntax unit:
                    {
                        var statements = unit.Members.TakeWhile(m => m != global).OfType<GlobalStatementSyntax>().Select(g => g.Statement).ToList();
                        for (var i = statements.Count - 1; i >= 0; i--)
                        {
                            var result = Classify(statements[i], tracked, model, symbols);
                            if (result.HasValue)
                            {
                                return result.Value;
                            }
                        }

                        return false;
                    }

                case IfStatementSyntax ifStatement when node == ifStatement.Statement:
                    if (Implies(ifStatement.Condition, tracked, true, model))
                    {
                        return true;
                    }

                    break;

                case ElseClauseSyntax { Parent: IfStatementSyntax elseOf }:
                    if (Implies(elseOf.Condition, tracked, false, model))
                    {
                        return true;
                    }

                    break;

                case ForEachStatementSyntax forEach when node == forEach.Statement:
                    if (!tracked.IsElement
                        && SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(forEach, cancellationToken), tracked.Symbol))
                    {
                        // foreach (var t in tasks) t.Result: every t is an element of tasks.
                        var collection = ReferencedVariable(Strip(model.GetOperation(forEach.Expression, cancellationToken)));
                        if (collection is null)
                        {
                            return false;
                        }

                        tracked = new Tracked(collection, IsElement: true);
                    }
                    else if (Writes(forEach.Statement, tracked, model))
                    {
                        return false;
                    }

                    break;

                case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or ForEachStatementSyntax:
                    // The loop's back edge reaches the read from anywhere in the loop.
                    if (Writes(parent, tracked, model))
                    {
                        return false;
                    }

                    break;

                case AnonymousFunctionExpressionSyntax lambda:
                    if (!TryLeaveLambda(lambda, ref tracked, model, out var antecedentIsComplete))
                    {
                        return antecedentIsComplete;
                    }

                    break;

                case LocalFunctionStatementSyntax or MemberDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax:
                    return false;
            }

            node = parent;
        }

        return false;
    }

    /// <summary>
    /// Crossing a lambda outward: the antecedent of <c>ContinueWith(t =&gt; t.Result)</c> is complete; the
    /// parameter of a LINQ lambda over a collection stands for the collection's elements; any other lambda may run
    /// at any time, so nothing is known.
    /// </summary>
    private static bool TryLeaveLambda(AnonymousFunctionExpressionSyntax lambda, ref Tracked tracked, SemanticModel model, out bool antecedentIsComplete)
    {
        antecedentIsComplete = false;
        if (lambda.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }
            || model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method)
        {
            return false;
        }

        if (tracked.IsElement || tracked.Symbol is ILocalSymbol
            || (tracked.Symbol is IParameterSymbol { ContainingSymbol: var owner } && !SymbolEqualityComparer.Default.Equals(owner, model.GetSymbolInfo(lambda).Symbol)))
        {
            // pairs.Select(p => tasks[p].Result), items.Select(i => plans.Result): a LINQ lambda runs after the
            // statements before it, as the read would; a captured variable is the same variable there.
            return method.ContainingType?.Name is "Enumerable";
        }

        if (tracked.Symbol is not IParameterSymbol parameter
            || parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.AnonymousFunction })
        {
            return false;
        }

        if (method.Name is "ContinueWith" && parameter.Ordinal == 0)
        {
            antecedentIsComplete = true;
            return false;
        }

        if (method.ContainingType?.Name is "Enumerable" && invocation.Expression is MemberAccessExpressionSyntax access
            && ReferencedVariable(Strip(model.GetOperation(access.Expression))) is { } collection)
        {
            tracked = new Tracked(collection, IsElement: true);
            return true;
        }

        return false;
    }

    private static bool? ScanPreceding(SyntaxList<StatementSyntax> statements, SyntaxNode current, Tracked tracked, SemanticModel model, AsyncSymbols symbols)
    {
        var index = statements.IndexOf((StatementSyntax)current);
        for (var i = index - 1; i >= 0; i--)
        {
            if (statements[i + 1] is LabeledStatementSyntax)
            {
                // A goto may land between the completing statement and the read: nothing is proven.
                return false;
            }

            var result = Classify(statements[i], tracked, model, symbols);
            if (result.HasValue)
            {
                return result;
            }
        }

        return null;
    }

    /// <summary>True: the statement completes the task; false: it writes the variable; null: neither.</summary>
    private static bool? Classify(StatementSyntax statement, Tracked tracked, SemanticModel model, AsyncSymbols symbols)
    {
        if (statement is LocalDeclarationStatementSyntax declaration)
        {
            foreach (var declarator in declaration.Declaration.Variables)
            {
                if (declarator.Identifier.ValueText == tracked.Symbol.Name
                    && SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(declarator), tracked.Symbol))
                {
                    // The variable starts here: complete only when created complete (var t = Task.FromResult(1);
                    // var done = await Task.WhenAny(...);), and nothing earlier can complete it.
                    return !tracked.IsElement && declarator.Initializer is { } initializer && InitializerIsComplete(initializer.Value, model, symbols);
                }
            }
        }

        if (Writes(statement, tracked, model))
        {
            return false;
        }

        if (Completes(statement, tracked, model))
        {
            return true;
        }

        switch (statement)
        {
            // if (!t.IsCompleted) return; -> t is complete after it.
            case IfStatementSyntax { Else: null } guard when AlwaysExits(guard.Statement) && Implies(guard.Condition, tracked, false, model):
            // while (!t.IsCompleted) { ... } -> t is complete after it.
            case WhileStatementSyntax loop when Implies(loop.Condition, tracked, false, model):
                return true;
        }

        return null;
    }

    private static bool InitializerIsComplete(ExpressionSyntax value, SemanticModel model, AsyncSymbols symbols)
    {
        while (value is ParenthesizedExpressionSyntax parenthesized)
        {
            value = parenthesized.Expression;
        }

        if (value is AwaitExpressionSyntax awaitExpression)
        {
            // await Task.WhenAny(...) returns a task that has completed.
            return StripAwaitable(awaitExpression.Expression) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WhenAny" } } whenAny
                   && model.GetSymbolInfo(whenAny).Symbol is IMethodSymbol { IsStatic: true } method
                   && SymbolEqualityComparer.Default.Equals(method.ContainingType, symbols.Task);
        }

        var operation = Strip(model.GetOperation(value));
        return operation is not null && IsCreatedComplete(operation, symbols);
    }

    private static bool AlwaysExits(StatementSyntax statement)
        => statement switch
        {
            ReturnStatementSyntax or ThrowStatementSyntax or ContinueStatementSyntax or BreakStatementSyntax or GotoStatementSyntax => true,
            BlockSyntax block => block.Statements.Count > 0 && AlwaysExits(block.Statements[block.Statements.Count - 1]),
            _ => false,
        };

    /// <summary>Whether the statement unconditionally awaits the tracked task (or all of the tracked collection).</summary>
    private static bool Completes(SyntaxNode statement, Tracked tracked, SemanticModel model)
    {
        if (statement is not (ExpressionStatementSyntax or LocalDeclarationStatementSyntax or ReturnStatementSyntax or UsingStatementSyntax))
        {
            return false;
        }

        foreach (var node in statement.DescendantNodes(descendIntoChildren: DescendUnconditionally))
        {
            ExpressionSyntax? awaited = node switch
            {
                AwaitExpressionSyntax awaitExpression => awaitExpression.Expression,
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WaitAll" } } waitAll => waitAll,
                _ => null,
            };

            if (awaited is not null && CompletesTracked(StripAwaitable(awaited), tracked, model))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DescendUnconditionally(SyntaxNode node)
        => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or ConditionalExpressionSyntax
            or ConditionalAccessExpressionSyntax or SwitchExpressionSyntax)
           && !node.IsKind(SyntaxKind.LogicalAndExpression)
           && !node.IsKind(SyntaxKind.LogicalOrExpression)
           && !node.IsKind(SyntaxKind.CoalesceExpression);

    /// <summary>t.ConfigureAwait(false), t.WaitAsync(ct) and parentheses complete t as well.</summary>
    private static ExpressionSyntax StripAwaitable(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    continue;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" or "WaitAsync" } access }:
                    expression = access.Expression;
                    continue;
                default:
                    return expression;
            }
        }
    }

    private static bool CompletesTracked(ExpressionSyntax awaited, Tracked tracked, SemanticModel model)
    {
        if (!tracked.IsElement && RefersTo(awaited, tracked.Symbol, model))
        {
            return true;
        }

        // await Task.WhenAll(a, b) / Task.WaitAll(a, b) / await Task.WhenAll(list), also over what is derived from the
        // list (tasks.Values, pairs.Select(p => p.Task).ToArray()) when its elements are read.
        if (awaited is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "WhenAll" or "WaitAll" } } whenAll)
        {
            foreach (var argument in whenAll.ArgumentList.Arguments)
            {
                if (RefersTo(tracked.IsElement ? RootOf(argument.Expression) : argument.Expression, tracked.Symbol, model))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The collection a chain of members and LINQ calls starts from: <c>tasks</c> in <c>tasks.Values.Select(...).ToArray()</c>.</summary>
    private static ExpressionSyntax RootOf(ExpressionSyntax expression)
    {
        while (true)
        {
            switch (expression)
            {
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                    expression = access.Expression;
                    break;
                case MemberAccessExpressionSyntax { Expression: not ThisExpressionSyntax } access:
                    expression = access.Expression;
                    break;
                case ParenthesizedExpressionSyntax parenthesized:
                    expression = parenthesized.Expression;
                    break;
                default:
                    return expression;
            }
        }
    }

    /// <summary>Whether <paramref name="node"/> assigns the tracked variable, passes it by ref/out, or (for a collection) adds to it.</summary>
    private static bool Writes(SyntaxNode node, Tracked tracked, SemanticModel model)
    {
        foreach (var descendant in node.DescendantNodesAndSelf())
        {
            ExpressionSyntax? target = descendant switch
            {
                AssignmentExpressionSyntax assignment => tracked.IsElement && assignment.Left is ElementAccessExpressionSyntax element
                    ? element.Expression
                    : assignment.Left,
                ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument => argument.Expression,
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } when tracked.IsElement && IsAdding(access.Name.Identifier.ValueText)
                    => access.Expression,
                _ => null,
            };

            if (target is not null && RefersTo(target, tracked.Symbol, model)
                && !(tracked.IsElement && descendant is AssignmentExpressionSyntax { Left: not ElementAccessExpressionSyntax } reassignment
                     && KeepsElementsOf(reassignment.Right, tracked.Symbol, model)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>LINQ operators whose result holds some of their source's elements, reordered or not, and no others.</summary>
    private static readonly System.Collections.Immutable.ImmutableHashSet<string> ElementKeeping = System.Collections.Immutable.ImmutableHashSet.Create(
        System.StringComparer.Ordinal,
        "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "Order", "OrderDescending", "Where", "Reverse", "Skip", "Take",
        "SkipWhile", "TakeWhile", "SkipLast", "TakeLast", "Distinct", "DistinctBy", "ToList", "ToArray", "AsEnumerable");

    /// <summary>
    /// Whether <paramref name="value"/> is the collection <paramref name="symbol"/> itself, reordered or filtered by LINQ
    /// to objects (<c>results = results.OrderBy(r =&gt; r.Name).ToList()</c>): its elements are among the old ones.
    /// </summary>
    private static bool KeepsElementsOf(ExpressionSyntax value, ISymbol symbol, SemanticModel model)
    {
        var sawOperator = false;
        while (value is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call
               && ElementKeeping.Contains(access.Name.Identifier.ValueText))
        {
            if (model.GetSymbolInfo(call).Symbol is not IMethodSymbol { ContainingType: { Name: "Enumerable", ContainingNamespace.Name: "Linq" } })
            {
                return false;
            }

            sawOperator = true;
            value = access.Expression;
        }

        return sawOperator && RefersTo(value, symbol, model);
    }

    private static bool IsAdding(string name)
        => name.StartsWith("Add", System.StringComparison.Ordinal) || name.StartsWith("Insert", System.StringComparison.Ordinal)
           || name is "Push" or "Enqueue";

    /// <summary>Whether <paramref name="condition"/> having the value <paramref name="whenTrue"/> implies the tracked task is complete.</summary>
    private static bool Implies(ExpressionSyntax condition, Tracked tracked, bool whenTrue, SemanticModel model)
    {
        switch (condition)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Implies(parenthesized.Expression, tracked, whenTrue, model);
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not:
                return Implies(not.Operand, tracked, !whenTrue, model);
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } andAlso:
                return whenTrue && (Implies(andAlso.Left, tracked, true, model) || Implies(andAlso.Right, tracked, true, model));
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalOrExpression } orElse:
                return !whenTrue && (Implies(orElse.Left, tracked, false, model) || Implies(orElse.Right, tracked, false, model));
            case BinaryExpressionSyntax { RawKind: (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression } equality:
                {
                    var equals = equality.IsKind(SyntaxKind.EqualsExpression) == whenTrue;
                    if (equality.Right is LiteralExpressionSyntax literal && literal.Token.Value is bool value)
                    {
                        return Implies(equality.Left, tracked, value == equals, model);
                    }

                    // t.Status == TaskStatus.RanToCompletion (or Faulted / Canceled)
                    return equals
                           && (IsStatusCheck(equality.Left, equality.Right, tracked, model) || IsStatusCheck(equality.Right, equality.Left, tracked, model));
                }

            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" } access:
                return whenTrue && RefersToTask(access.Expression, tracked, model);
            case IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax literal } } isPattern
                when literal.Token.Value is bool value:
                return Implies(isPattern.Expression, tracked, value == whenTrue, model);
            default:
                return false;
        }
    }

    private static bool IsStatusCheck(ExpressionSyntax status, ExpressionSyntax value, Tracked tracked, SemanticModel model)
        => status is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Status" } access
           && value is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "RanToCompletion" or "Faulted" or "Canceled" }
           && RefersToTask(access.Expression, tracked, model);

    private static bool RefersToTask(ExpressionSyntax expression, Tracked tracked, SemanticModel model)
    {
        if (tracked.IsElement)
        {
            return false;
        }

        return RefersTo(expression, tracked.Symbol, model);
    }

    private static bool RefersTo(ExpressionSyntax expression, ISymbol symbol, SemanticModel model)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        var name = expression switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } thisAccess => thisAccess.Name.Identifier.ValueText,
            _ => null,
        };

        return name == symbol.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(expression).Symbol, symbol);
    }
}
