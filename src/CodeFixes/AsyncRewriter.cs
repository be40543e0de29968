using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Unblock.Analyzers.Rules.CpuBound;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Unblock.CodeFixes;

/// <summary>
/// The one rewrite helper every Unblock fix uses: it puts an <c>await</c> where a blocking expression was
/// (parenthesised only where precedence needs it), makes the enclosing function async when it is not
/// (<c>void</c> becomes <c>Task</c>; <c>return task;</c> becomes <c>return await task;</c>), finds the
/// <c>CancellationToken</c> in scope, and keeps the user's comments and formatting.
/// </summary>
public static class AsyncRewriter
{
    /// <summary>
    /// Whether an <c>await</c> can replace <paramref name="node"/>: not in a query clause, a catch filter, a
    /// <c>lock</c>, an unsafe block or a synchronous lambda (making a lambda given to LINQ async would change what
    /// it returns), and the enclosing function is async or can become async.
    /// </summary>
    public static bool CanAwaitAt(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var ancestor in node.Ancestors())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (ancestor)
            {
                case QueryClauseSyntax or SelectOrGroupClauseSyntax or QueryContinuationSyntax:
                    if (ancestor is FromClauseSyntax { Parent: QueryExpressionSyntax } from && from.Expression.Span.Contains(node.Span))
                    {
                        break;
                    }

                    return false;
                case CatchFilterClauseSyntax or LockStatementSyntax or UnsafeStatementSyntax:
                    return false;
                case AnonymousFunctionExpressionSyntax lambda:
                    return lambda.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax localFunction:
                    return CanBecomeAsync(localFunction.Modifiers, model.GetDeclaredSymbol(localFunction, cancellationToken) as IMethodSymbol);
                case MethodDeclarationSyntax method:
                    return CanBecomeAsync(method.Modifiers, model.GetDeclaredSymbol(method, cancellationToken));
                case GlobalStatementSyntax:
                    return true;
                case MemberDeclarationSyntax or AccessorDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static bool CanBecomeAsync(SyntaxTokenList modifiers, IMethodSymbol? method)
    {
        if (modifiers.Any(SyntaxKind.AsyncKeyword))
        {
            return true;
        }

        if (method is null || method.IsAbstract || method.IsExtern || method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return false;
        }

        // void becomes Task (or stays void for handlers and signatures we do not own); an awaitable return type
        // stays. Turning another T into Task<T> would break every caller, so it is not offered.
        return method.ReturnsVoid || IsTaskLike(method.ReturnType);
    }

    private static bool IsTaskLike(ITypeSymbol type)
        => type is INamedTypeSymbol { Name: "Task" or "ValueTask", ContainingNamespace: { } ns } && ns.ToDisplayString() == "System.Threading.Tasks";

    /// <summary><c>await <paramref name="awaitable"/></c>, parenthesised for its new position (the simplifier removes needless parentheses).</summary>
    public static ExpressionSyntax Await(ExpressionSyntax awaitable)
        => ParenthesizedExpression(AwaitExpression(awaitable.WithoutTrivia()))
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);

    /// <summary>
    /// Replaces <paramref name="target"/> with <paramref name="replacement"/> (which contains the await), keeping the
    /// target's trivia, and makes the enclosing function async.
    /// </summary>
    public static async Task<Document> ReplaceWithAwaitAsync(Document document, SyntaxNode target, ExpressionSyntax replacement, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var statementReplacement = replacement;
        if (target.Parent is ExpressionStatementSyntax && replacement is ParenthesizedExpressionSyntax { Expression: AwaitExpressionSyntax bare })
        {
            statementReplacement = bare;
        }

        editor.ReplaceNode(target, statementReplacement.WithTriviaFrom(target));
        MakeEnclosingFunctionAsync(editor, target, cancellationToken);
        return editor.GetChangedDocument();
    }

    /// <summary>Adds <c>async</c> to the function around <paramref name="node"/> when it lacks it, and adapts its signature and returns.</summary>
    public static void MakeEnclosingFunctionAsync(DocumentEditor editor, SyntaxNode node, CancellationToken cancellationToken)
    {
        var model = editor.SemanticModel;
        foreach (var ancestor in node.Ancestors())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax or GlobalStatementSyntax:
                    return;
                case LocalFunctionStatementSyntax localFunction:
                    if (!localFunction.Modifiers.Any(SyntaxKind.AsyncKeyword) && model.GetDeclaredSymbol(localFunction, cancellationToken) is IMethodSymbol localSymbol)
                    {
                        var voidBecomesTask = localSymbol.ReturnsVoid;
                        editor.ReplaceNode(localFunction, (current, generator) => MakeAsync((LocalFunctionStatementSyntax)current, voidBecomesTask, IsGenericTaskLike(localSymbol.ReturnType)));
                    }

                    return;
                case MethodDeclarationSyntax method:
                    if (!method.Modifiers.Any(SyntaxKind.AsyncKeyword) && model.GetDeclaredSymbol(method, cancellationToken) is { } methodSymbol)
                    {
                        var voidBecomesTask = methodSymbol.ReturnsVoid && OwnsSignature(methodSymbol);
                        editor.ReplaceNode(method, (current, generator) => MakeAsync((MethodDeclarationSyntax)current, voidBecomesTask, IsGenericTaskLike(methodSymbol.ReturnType)));
                    }

                    return;
                case MemberDeclarationSyntax or AccessorDeclarationSyntax:
                    return;
            }
        }
    }

    private static bool IsGenericTaskLike(ITypeSymbol type) => type is INamedTypeSymbol { IsGenericType: true } && IsTaskLike(type);

    /// <summary>void can become Task unless another signature dictates it: an override, an interface implementation, an event handler.</summary>
    private static bool OwnsSignature(IMethodSymbol method)
    {
        if (method.IsOverride || !method.ExplicitInterfaceImplementations.IsEmpty)
        {
            return false;
        }

        if (method.Parameters.Length == 2 && method.Parameters[0].Type.SpecialType == SpecialType.System_Object
            && method.Parameters[1].Type.Name.EndsWith("EventArgs", System.StringComparison.Ordinal))
        {
            return false;
        }

        var type = method.ContainingType;
        return type is null || !type.AllInterfaces.SelectMany(i => i.GetMembers(method.Name)).Any(member =>
            SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method));
    }

    private static MethodDeclarationSyntax MakeAsync(MethodDeclarationSyntax method, bool voidBecomesTask, bool returnsValue)
    {
        var rewritten = method;
        if (voidBecomesTask)
        {
            rewritten = rewritten.WithReturnType(TaskType().WithTriviaFrom(method.ReturnType));
        }
        else if (!method.ReturnType.IsKind(SyntaxKind.PredefinedType))
        {
            rewritten = RewriteReturns(rewritten, returnsValue);
        }

        return rewritten.Modifiers.Count == 0
            ? rewritten.WithModifiers(AddAsync(rewritten.Modifiers, rewritten.ReturnType)).WithReturnType(rewritten.ReturnType.WithLeadingTrivia())
            : rewritten.WithModifiers(AddAsync(rewritten.Modifiers, rewritten.ReturnType));
    }

    private static LocalFunctionStatementSyntax MakeAsync(LocalFunctionStatementSyntax function, bool voidBecomesTask, bool returnsValue)
    {
        var rewritten = function;
        if (voidBecomesTask)
        {
            rewritten = rewritten.WithReturnType(TaskType().WithTriviaFrom(function.ReturnType));
        }
        else if (!function.ReturnType.IsKind(SyntaxKind.PredefinedType))
        {
            rewritten = RewriteReturns(rewritten, returnsValue);
        }

        return rewritten.Modifiers.Count == 0
            ? rewritten.WithModifiers(AddAsync(rewritten.Modifiers, rewritten.ReturnType)).WithReturnType(rewritten.ReturnType.WithLeadingTrivia())
            : rewritten.WithModifiers(AddAsync(rewritten.Modifiers, rewritten.ReturnType));
    }

    private static SimpleNameSyntax Rename(SimpleNameSyntax name, string newName)
        => name switch
        {
            GenericNameSyntax generic => generic.WithIdentifier(Identifier(newName).WithTriviaFrom(generic.Identifier)),
            _ => IdentifierName(Identifier(newName).WithTriviaFrom(name.GetFirstToken())),
        };

    /// <summary><c>System.TimeSpan.FromMilliseconds(<paramref name="milliseconds"/>)</c>, simplified when the document is cleaned up.</summary>
    public static ExpressionSyntax FromMilliseconds(ExpressionSyntax milliseconds)
        => InvocationExpression(
            MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                QualifiedExpression("System", "TimeSpan"),
                IdentifierName("FromMilliseconds")),
            ArgumentList(SingletonSeparatedList(Argument(milliseconds.WithoutTrivia()))))
            .WithTriviaFrom(milliseconds);

    /// <summary><c>System.Threading.Tasks.Task</c>, simplified to <c>Task</c> (adding the using) when the document is cleaned up.</summary>
    public static ExpressionSyntax TaskTypeExpression()
        => QualifiedExpression("System", "Threading", "Tasks", "Task");

    /// <summary>A dotted name in expression position (<c>System.TimeSpan</c>), simplified and imported on clean-up.</summary>
    public static ExpressionSyntax QualifiedExpression(params string[] parts)
    {
        ExpressionSyntax expression = IdentifierName(parts[0]);
        for (var i = 1; i < parts.Length; i++)
        {
            expression = MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression, IdentifierName(parts[i]));
        }

        return expression.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }

    /// <summary><c>System.Threading.Tasks.Task</c> as a type, simplified to <c>Task</c> (adding the using) when the document is cleaned up.</summary>
    public static QualifiedNameSyntax TaskType()
        => QualifiedName(
                QualifiedName(QualifiedName(IdentifierName("System"), IdentifierName("Threading")), IdentifierName("Tasks")),
                IdentifierName("Task"))
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>Adds <c>async</c> after the other modifiers; when there are none, the return type's leading trivia moves in front of it.</summary>
    private static SyntaxTokenList AddAsync(SyntaxTokenList modifiers, TypeSyntax returnType)
    {
        if (modifiers.Count == 0)
        {
            return TokenList(Token(returnType.GetLeadingTrivia(), SyntaxKind.AsyncKeyword, TriviaList(Space)));
        }

        return modifiers.Add(Token(SyntaxKind.AsyncKeyword).WithTrailingTrivia(Space));
    }

    /// <summary>
    /// In a function that returned a task without being async: <c>return Task.CompletedTask;</c> becomes
    /// <c>return;</c>, <c>return Task.FromResult(x);</c> becomes <c>return x;</c>, any other <c>return t;</c>
    /// becomes <c>return await t;</c> (and <c>await t; return;</c> for a non-generic task).
    /// </summary>
    private static T RewriteReturns<T>(T function, bool returnsValue)
        where T : SyntaxNode
    {
        var returns = function.DescendantNodes(n => n == function || !IsFunction(n)).OfType<ReturnStatementSyntax>().Where(r => r.Expression is not null).ToList();
        var arrows = function.DescendantNodes(n => n == function || !IsFunction(n)).OfType<ArrowExpressionClauseSyntax>()
            .Where(a => a.Parent == function).ToList();

        return function.ReplaceNodes(
            returns.Cast<SyntaxNode>().Concat(arrows),
            (original, current) =>
            {
                if (current is ReturnStatementSyntax ret && ret.Expression is { } expression)
                {
                    var value = UnwrapCompleted(expression, returnsValue);
                    if (!returnsValue)
                    {
                        if (value is not null)
                        {
                            return ret.WithExpression(null).WithReturnKeyword(ret.ReturnKeyword.WithTrailingTrivia());
                        }

                        return Block(
                                ExpressionStatement(AwaitExpression(expression.WithoutTrivia())),
                                ReturnStatement())
                            .WithTriviaFrom(ret)
                            .WithAdditionalAnnotations(Formatter.Annotation);
                    }

                    return ret.WithExpression((value ?? AwaitExpression(expression.WithoutTrivia())).WithTriviaFrom(expression));
                }

                var arrow = (ArrowExpressionClauseSyntax)current;
                var arrowValue = UnwrapCompleted(arrow.Expression, returnsValue);
                return arrow.WithExpression((arrowValue is not null && returnsValue ? arrowValue : AwaitExpression(arrow.Expression.WithoutTrivia())).WithTriviaFrom(arrow.Expression));
            });
    }

    private static bool IsFunction(SyntaxNode node) => node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax;

    /// <summary>
    /// <c>Task.FromResult(x)</c> and a target-typed <c>new(x)</c> give <c>x</c>; <c>Task.CompletedTask</c> and
    /// <c>default</c> give themselves (a marker for "nothing to return").
    /// </summary>
    private static ExpressionSyntax? UnwrapCompleted(ExpressionSyntax expression, bool returnsValue)
    {
        switch (expression)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FromResult" } } fromResult
                when returnsValue && fromResult.ArgumentList.Arguments.Count == 1:
                return fromResult.ArgumentList.Arguments[0].Expression;
            case ImplicitObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } created when returnsValue:
                // ValueTask<T> M() => new(value): the target-typed new has no target once the method is async.
                return created.ArgumentList.Arguments[0].Expression;
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CompletedTask" } completed when !returnsValue:
                return completed;
            case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.DefaultLiteralExpression } completed when !returnsValue:
                // ValueTask M() { ...; return default; }
                return completed;
            default:
                return null;
        }
    }

    /// <summary>
    /// The name of the <c>CancellationToken</c> in scope at <paramref name="position"/>, or null: a local declared before
    /// it or a parameter, nearest function first (top-level statements included); otherwise the one field or property
    /// of that type the code there can read (none when there are several: which one would be a guess). A static lambda
    /// or local function sees only its own; a static member, a static function and a lambda in a struct see only
    /// static fields and properties. Every fix that passes a token asks here. Never invents <c>CancellationToken.None</c>.
    /// </summary>
    public static string? FindCancellationToken(SemanticModel model, SyntaxNode position, CancellationToken cancellationToken)
    {
        var start = position.SpanStart;
        var capturing = true;
        var staticOnly = false;
        var insideFunction = false;
        foreach (var ancestor in position.Ancestors())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (capturing && TokenDeclaredIn(ancestor, start, model, cancellationToken) is { } found)
            {
                return found;
            }

            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax function:
                    insideFunction = true;
                    if (function.Modifiers.Any(SyntaxKind.StaticKeyword))
                    {
                        capturing = false;
                        staticOnly = true;
                    }

                    break;
                case LocalFunctionStatementSyntax local:
                    insideFunction = true;
                    if (local.Modifiers.Any(SyntaxKind.StaticKeyword))
                    {
                        capturing = false;
                        staticOnly = true;
                    }

                    break;
                case MemberDeclarationSyntax member and not GlobalStatementSyntax:
                    staticOnly |= member.Modifiers.Any(SyntaxKind.StaticKeyword);
                    return TokenMemberInScope(model, start, staticOnly, insideFunction, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>A token declared by <paramref name="scope"/> itself: its parameters, or its locals declared before <paramref name="start"/>.</summary>
    private static string? TokenDeclaredIn(SyntaxNode scope, int start, SemanticModel model, CancellationToken cancellationToken)
    {
        switch (scope)
        {
            case BlockSyntax block:
                return TokenLocal(block.Statements, start, model, cancellationToken);
            case CompilationUnitSyntax unit:
                return TokenLocal(unit.Members.OfType<GlobalStatementSyntax>().Select(g => g.Statement), start, model, cancellationToken);
            case SimpleLambdaExpressionSyntax simple:
                return model.GetDeclaredSymbol(simple.Parameter, cancellationToken) is { } simpleParameter && IsCancellationToken(simpleParameter.Type)
                    ? simpleParameter.Name
                    : null;
        }

        var parameters = scope switch
        {
            ParenthesizedLambdaExpressionSyntax lambda => lambda.ParameterList,
            AnonymousMethodExpressionSyntax anonymous => anonymous.ParameterList,
            LocalFunctionStatementSyntax local => local.ParameterList,
            BaseMethodDeclarationSyntax method => method.ParameterList,
            _ => null,
        };
        if (parameters is not null)
        {
            foreach (var parameter in parameters.Parameters)
            {
                if (model.GetDeclaredSymbol(parameter, cancellationToken) is { } symbol && IsCancellationToken(symbol.Type))
                {
                    return symbol.Name;
                }
            }
        }

        return null;
    }

    private static string? TokenLocal(System.Collections.Generic.IEnumerable<StatementSyntax> statements, int start, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var statement in statements)
        {
            if (statement.SpanStart >= start)
            {
                break;
            }

            if (statement is LocalDeclarationStatementSyntax declaration)
            {
                foreach (var variable in declaration.Declaration.Variables)
                {
                    if (model.GetDeclaredSymbol(variable, cancellationToken) is ILocalSymbol local && IsCancellationToken(local.Type))
                    {
                        return local.Name;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The only readable <c>CancellationToken</c> field or property visible at <paramref name="start"/>, not hidden by a local of the same name.</summary>
    private static string? TokenMemberInScope(SemanticModel model, int start, bool staticOnly, bool insideFunction, CancellationToken cancellationToken)
    {
        var containingType = model.GetEnclosingSymbol(start, cancellationToken)?.ContainingType;

        // A lambda or local function in a struct cannot capture 'this'.
        staticOnly |= insideFunction && containingType is { IsValueType: true };
        string? found = null;
        foreach (var symbol in model.LookupSymbols(start))
        {
            var type = symbol switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol { IsIndexer: false, GetMethod: not null, IsWriteOnly: false } property => property.Type,
                _ => null,
            };
            if (type is null || !IsCancellationToken(type) || (staticOnly && !symbol.IsStatic)
                || !model.IsAccessible(start, symbol is IPropertySymbol p ? p.GetMethod! : symbol))
            {
                continue;
            }

            if (found is not null)
            {
                return null;
            }

            found = symbol.Name;
        }

        return found is not null && model.LookupSymbols(start, name: found).FirstOrDefault() is IFieldSymbol or IPropertySymbol ? found : null;
    }

    private static bool IsCancellationToken(ITypeSymbol type)
        => type is { Name: "CancellationToken", ContainingNamespace: { } ns } && ns.ToDisplayString() == "System.Threading";

    /// <summary><c>System.Threading.Tasks.Task.Run(() =&gt; <paramref name="body"/>, token)</c>; the token only when one is given.</summary>
    public static InvocationExpressionSyntax TaskRun(CSharpSyntaxNode body, string? token)
    {
        var arguments = new System.Collections.Generic.List<ArgumentSyntax> { Argument(ParenthesizedLambdaExpression(ParameterList(), body)) };
        if (token is not null)
        {
            arguments.Add(Argument(IdentifierName(token)));
        }

        return InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TaskTypeExpression(), IdentifierName("Run")),
            ArgumentList(SeparatedList(arguments)));
    }

    /// <summary>
    /// Whether <paramref name="region"/> (an expression or a statement) can move into a lambda run by another thread with
    /// the same meaning and still compile: no <c>await</c>, <c>yield</c>, <c>stackalloc</c>, <c>ref</c> locals or
    /// ref-struct (<c>Span</c>) values, no <c>return</c>/<c>goto</c>/<c>break</c>/<c>continue</c> leaving it, no
    /// instance members of a struct (a lambda cannot capture <c>this</c> there), no <c>out</c> variable declarations
    /// (their scope would end inside the lambda), and nothing that belongs to one thread or one request
    /// (<see cref="ThreadAffineTypes"/>: UI elements, including the members of a form or window, and the <c>HttpContext</c>).
    /// </summary>
    public static bool CanMoveIntoLambda(SyntaxNode region, SemanticModel model, CancellationToken cancellationToken)
    {
        var containingType = model.GetEnclosingSymbol(region.SpanStart, cancellationToken)?.ContainingType;

        // In a struct the lambda cannot capture 'this'; in a form or window, 'this' is a UI element: its members stay put.
        var inUiElement = ThreadAffineTypes.Contains(containingType);
        var inStruct = containingType is { IsValueType: true } || inUiElement;
        foreach (var node in region.DescendantNodesAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (node)
            {
                case AwaitExpressionSyntax or YieldStatementSyntax or StackAllocArrayCreationExpressionSyntax or ImplicitStackAllocArrayCreationExpressionSyntax:
                case RefTypeSyntax or RefExpressionSyntax or GotoStatementSyntax or LabeledStatementSyntax or LocalFunctionStatementSyntax:
                    return false;
                case DeclarationExpressionSyntax when region is ExpressionSyntax:
                    return false;
                case ReturnStatementSyntax ret when !InsideFunctionWithin(ret, region):
                    return false;
                case BreakStatementSyntax or ContinueStatementSyntax when !InsideFunctionWithin(node, region) && !TargetWithin(node, region):
                    return false;
                case ThisExpressionSyntax or BaseExpressionSyntax when inStruct:
                    return false;
                case ExpressionSyntax expression:
                    var type = model.GetTypeInfo(expression, cancellationToken).Type;
                    if (type is { IsRefLikeType: true })
                    {
                        return false;
                    }

                    if (ThreadAffineTypes.Contains(type) && model.GetSymbolInfo(expression, cancellationToken).Symbol is not ITypeSymbol)
                    {
                        // A UI element or the request's HttpContext (not a mere type name, as in a static call).
                        return false;
                    }

                    if (inStruct && expression is SimpleNameSyntax
                        && model.GetSymbolInfo(expression, cancellationToken).Symbol is { IsStatic: false, Kind: SymbolKind.Field or SymbolKind.Property or SymbolKind.Method or SymbolKind.Event } member
                        && (inUiElement
                            ? !(expression.Parent is MemberAccessExpressionSyntax access && access.Name == expression) && IsSelfOrBase(member.ContainingType, containingType)
                            : SymbolEqualityComparer.Default.Equals(member.ContainingType, containingType)))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    private static bool IsSelfOrBase(INamedTypeSymbol? candidate, INamedTypeSymbol? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate, type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InsideFunctionWithin(SyntaxNode node, SyntaxNode region)
    {
        for (var current = node.Parent; current is not null && current != region; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A <c>break</c>/<c>continue</c> whose loop (or <c>switch</c>, for <c>break</c>) is inside the region.</summary>
    private static bool TargetWithin(SyntaxNode jump, SyntaxNode region)
    {
        for (var current = jump.Parent; current is not null; current = current.Parent)
        {
            var isTarget = current is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax
                           || (jump is BreakStatementSyntax && current is SwitchStatementSyntax);
            if (isTarget)
            {
                return region.Span.Contains(current.Span);
            }

            if (current == region)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Moves <paramref name="statement"/> into <c>await Task.Run(() =&gt; { statement }, token)</c>. Locals written inside
    /// and read after it come back as the lambda's result (<c>x = await Task.Run(() =&gt; { ...; return x; })</c>, a tuple
    /// for several). Returns null when the statement cannot move (see <see cref="CanMoveIntoLambda"/>).
    /// </summary>
    public static StatementSyntax? MoveToTaskRun(StatementSyntax statement, SemanticModel model, string? token, CancellationToken cancellationToken)
    {
        if (statement.Parent is not BlockSyntax || !CanMoveIntoLambda(statement, model, cancellationToken))
        {
            return null;
        }

        var flow = model.AnalyzeDataFlow(statement);
        if (flow is null || !flow.Succeeded)
        {
            return null;
        }

        var outputs = flow.DataFlowsOut.Where(v => v is ILocalSymbol or IParameterSymbol).ToList();
        if (outputs.Count != flow.DataFlowsOut.Length || outputs.Any(v => v is ILocalSymbol { Type.IsRefLikeType: true } or ILocalSymbol { IsRef: true }))
        {
            return null;
        }

        var moved = statement.WithoutLeadingTrivia().WithoutTrailingTrivia();
        var body = new System.Collections.Generic.List<StatementSyntax> { moved };
        ExpressionSyntax? result = outputs.Count switch
        {
            0 => null,
            1 => IdentifierName(outputs[0].Name),
            _ => TupleExpression(SeparatedList(outputs.Select(v => Argument(IdentifierName(v.Name))))),
        };
        if (result is not null)
        {
            body.Add(ReturnStatement(result));
        }

        var awaited = AwaitExpression(TaskRun(Block(body), token));
        ExpressionSyntax expression = result is null
            ? awaited
            : AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, result, awaited);
        return ExpressionStatement(expression)
            .WithTriviaFrom(statement)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>Replaces <paramref name="statement"/> with <paramref name="replacement"/> and makes the enclosing function async.</summary>
    public static async Task<Document> ReplaceStatementAsync(Document document, StatementSyntax statement, StatementSyntax replacement, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(statement, replacement);
        MakeEnclosingFunctionAsync(editor, statement, cancellationToken);
        return editor.GetChangedDocument();
    }
    /// <summary>
    /// <c>receiver.M(args)</c> rewritten to <c>receiver.<paramref name="twinName"/>(args[, token])</c>, or null when that does
    /// not bind. When <paramref name="tokenParameter"/> is given and a <c>CancellationToken</c> is in scope
    /// (<see cref="FindCancellationToken"/>), the token is passed (by name when the call names or omits arguments);
    /// otherwise the call keeps its arguments. Each candidate is proven by speculative binding: it must bind to a
    /// method named <paramref name="twinName"/> that returns an awaitable. Never invents <c>CancellationToken.None</c>.
    /// </summary>
    public static InvocationExpressionSyntax? CallTwin(
        SemanticModel model, InvocationExpressionSyntax call, string twinName, string? tokenParameter, CancellationToken cancellationToken, out string? token)
    {
        token = null;
        ExpressionSyntax? renamed = call.Expression switch
        {
            MemberAccessExpressionSyntax member when member.IsKind(SyntaxKind.SimpleMemberAccessExpression) => member.WithName(Rename(member.Name, twinName)),
            SimpleNameSyntax name => Rename(name, twinName),
            _ => null,
        };
        if (renamed is null || call.Parent is ConditionalAccessExpressionSyntax)
        {
            return null;
        }

        var inScope = tokenParameter is null ? null : FindCancellationToken(model, call, cancellationToken);
        if (inScope is not null)
        {
            var arguments = call.ArgumentList.Arguments;
            var byName = arguments.Any(a => a.NameColon is not null) || ArgumentsAreOmittedOrExpanded(model, call, cancellationToken);
            var tokenArgument = Argument(IdentifierName(inScope));
            if (byName)
            {
                tokenArgument = tokenArgument.WithNameColon(NameColon(IdentifierName(tokenParameter!)));
            }

            var withToken = call.WithExpression(renamed).WithArgumentList(call.ArgumentList.WithArguments(arguments.Add(tokenArgument)));
            if (Binds(model, call, withToken, twinName, cancellationToken))
            {
                token = inScope;
                return withToken;
            }
        }

        var plain = call.WithExpression(renamed);
        return Binds(model, call, plain, twinName, cancellationToken) ? plain : null;
    }

    /// <summary>True when the call leaves optional parameters out or expands a params array: a positional token would land in the wrong place.</summary>
    private static bool ArgumentsAreOmittedOrExpanded(SemanticModel model, InvocationExpressionSyntax call, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method)
        {
            return true;
        }

        return call.ArgumentList.Arguments.Count != method.Parameters.Length || method.Parameters.Any(p => p.IsParams);
    }

    private static bool Binds(SemanticModel model, InvocationExpressionSyntax original, InvocationExpressionSyntax candidate, string twinName, CancellationToken cancellationToken)
    {
        var info = model.GetSpeculativeSymbolInfo(original.SpanStart, candidate, SpeculativeBindingOption.BindAsExpression);
        return info.Symbol is IMethodSymbol { Name: { } name } method && name == twinName && IsAwaitableType(method.ReturnType);
    }

    private static bool IsAwaitableType(ITypeSymbol type)
        => IsTaskLike(type) || type.GetMembers("GetAwaiter").OfType<IMethodSymbol>().Any(m => !m.IsStatic && m.Parameters.IsEmpty);
}
