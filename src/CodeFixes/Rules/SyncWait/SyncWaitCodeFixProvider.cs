using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using Unblock.Analyzers;
using Unblock.Analyzers.Rules.SyncWait;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Unblock.CodeFixes.Rules.SyncWait;

/// <summary>BLK001 fixes: <c>await t</c>, <c>await t.WaitAsync(...)</c>, <c>await Task.WhenAll(...)</c>, <c>await Task.WhenAny(...)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SyncWaitCodeFixProvider)), Shared]
public sealed class SyncWaitCodeFixProvider : UnblockCodeFixProvider
{
    public const string AwaitKey = "BLK001.Await";
    public const string WaitAsyncKey = "BLK001.WaitAsync";
    public const string WhenAllKey = "BLK001.WhenAll";
    public const string WhenAnyKey = "BLK001.WhenAny";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SyncWaitOnTask);

    protected override Fix? CreateFix(string fixKind, SyntaxNode node, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        switch (fixKind)
        {
            case FixKinds.AwaitTask when TaskOf(node) is { } task:
                return new Fix("Use 'await'", AwaitKey,
                    (document, ct) => AsyncRewriter.ReplaceWithAwaitAsync(document, node, AsyncRewriter.Await(task), ct));

            case FixKinds.WaitAsync when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } wait:
            {
                // WaitAsync takes a TimeSpan where Wait took milliseconds.
                var arguments = wait.ArgumentList.Arguments.Select(argument =>
                    model.GetTypeInfo(argument.Expression, cancellationToken).Type?.SpecialType == SpecialType.System_Int32
                        ? argument.WithNameColon(null).WithExpression(AsyncRewriter.FromMilliseconds(argument.Expression))
                        : argument.WithNameColon(null)).ToList();
                var hasToken = wait.ArgumentList.Arguments.Any(a => model.GetTypeInfo(a.Expression, cancellationToken).Type is { Name: "CancellationToken" });

                // A time-out alone: WaitAsync(TimeSpan, CancellationToken) also takes the token in scope.
                var token = hasToken || !HasWaitAsyncWithTimeoutAndToken(model.GetSymbolInfo(wait, cancellationToken).Symbol?.ContainingType)
                    ? null
                    : AsyncRewriter.FindCancellationToken(model, node, cancellationToken);
                if (token is not null)
                {
                    arguments.Add(Argument(IdentifierName(token)));
                }

                var renamed = wait
                    .WithExpression(access.WithName(IdentifierName("WaitAsync").WithTriviaFrom(access.Name)))
                    .WithArgumentList(wait.ArgumentList.WithArguments(SeparatedList(arguments)));
                var throws = wait.ArgumentList.Arguments.Count == 1 && hasToken ? string.Empty : " (throws TimeoutException on time-out)";
                var title = token is null ? "Use 'await WaitAsync(...)'" : $"Use 'await WaitAsync(..., {token})'";
                return new Fix(title + throws, WaitAsyncKey,
                    (document, ct) => AsyncRewriter.ReplaceWithAwaitAsync(document, node, AsyncRewriter.Await(renamed), ct));
            }

            case FixKinds.WhenAll or FixKinds.WhenAny when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax } waitCall:
                return WhenAllOrAny(waitCall, model, cancellationToken);

            default:
                return null;
        }
    }

    /// <summary>
    /// <c>Task.WaitAll</c>/<c>Task.WaitAny</c>, any overload, with its meaning kept (see <see cref="WaitAllAnyCall"/>):
    /// <c>await Task.WhenAll(tasks)</c>, <c>.WaitAsync(token)</c> for a token, a time-out whose result is unused raced
    /// with <c>Task.Delay(timeout[, token])</c> (awaited twice when the winner's exception or cancellation must surface),
    /// and <c>WaitAny</c>'s index as <c>Array.IndexOf(tasks, await ...)</c>. Null when the rewrite would not bind.
    /// </summary>
    private static Fix? WhenAllOrAny(InvocationExpressionSyntax waitCall, SemanticModel model, CancellationToken cancellationToken)
    {
        if (AsyncSymbols.TryCreate(model.Compilation) is not { } symbols
            || model.GetOperation(waitCall, cancellationToken) is not IInvocationOperation invocation
            || WaitAllAnyCall.Of(invocation, symbols) is not { } call)
        {
            return null;
        }

        var whenName = call.IsWaitAll ? "WhenAll" : "WhenAny";
        var taskType = AsyncRewriter.TaskTypeExpression();

        // The tasks as written: the listed elements of an expanded params list, or the one collection argument.
        var taskArguments = call.Expanded
            ? waitCall.ArgumentList.Arguments.Select(a => a.WithNameColon(null).WithoutTrivia())
            : new[] { Argument(ExpressionOf(call.Tasks)) };
        ExpressionSyntax when = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, taskType, IdentifierName(whenName)),
            ArgumentList(SeparatedList(taskArguments)));
        if (!Binds(model, waitCall, when, whenName, cancellationToken))
        {
            return null;
        }

        ExpressionSyntax replacement;
        string title;
        if (call.Timeout is not null)
        {
            if (call.ResultUsed)
            {
                return null;
            }

            // WaitAll(tasks, timeout) returns false on time-out and throws what the tasks threw when they finish in time;
            // WaitAny(tasks, timeout) throws nothing. Race the tasks with Task.Delay: awaiting the winner surfaces the
            // tasks' exceptions (WhenAll) and the token's cancellation (Delay), as the blocking call does.
            var delayArguments = new System.Collections.Generic.List<ArgumentSyntax> { Argument(ExpressionOf(call.Timeout)) };
            if (call.Token is not null)
            {
                delayArguments.Add(Argument(ExpressionOf(call.Token)));
            }

            var delay = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsyncRewriter.TaskTypeExpression(), IdentifierName("Delay")),
                ArgumentList(SeparatedList(delayArguments)));
            var race = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsyncRewriter.TaskTypeExpression(), IdentifierName("WhenAny")),
                ArgumentList(SeparatedList(new[] { Argument(when), Argument(delay) })));
            var awaitWinner = call.IsWaitAll || call.Token is not null;
            replacement = awaitWinner ? AsyncRewriter.Await(AwaitExpression(race)) : AsyncRewriter.Await(race);
            title = $"Use 'await {(awaitWinner ? "await " : string.Empty)}Task.WhenAny(Task.{whenName}(...), Task.Delay(...))'";
        }
        else
        {
            if (call.Token is not null)
            {
                when = InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, when, IdentifierName("WaitAsync")),
                    ArgumentList(SingletonSeparatedList(Argument(ExpressionOf(call.Token)))));
                if (!Binds(model, waitCall, when, "WaitAsync", cancellationToken))
                {
                    return null;
                }
            }

            replacement = AsyncRewriter.Await(when);
            title = call.Token is null ? $"Use 'await Task.{whenName}(...)'" : $"Use 'await Task.{whenName}(...).WaitAsync(...)'";
            if (!call.IsWaitAll && call.ResultUsed)
            {
                if (!call.TasksCanBeReadTwice)
                {
                    return null;
                }

                // The index is kept: Array.IndexOf(tasks, await Task.WhenAny(tasks)); listed tasks become an array first
                // (evaluated before the await, so both read the same tasks).
                var tasks = call.Expanded
                    ? ArrayCreationExpression(
                        ArrayType(AsyncRewriter.TaskType(), SingletonList(ArrayRankSpecifier(SingletonSeparatedList<ExpressionSyntax>(OmittedArraySizeExpression())))),
                        InitializerExpression(SyntaxKind.ArrayInitializerExpression, SeparatedList(waitCall.ArgumentList.Arguments.Select(a => a.Expression.WithoutTrivia()))))
                        .WithAdditionalAnnotations(Simplifier.Annotation)
                    : ExpressionOf(call.Tasks);
                replacement = InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsyncRewriter.QualifiedExpression("System", "Array"), IdentifierName("IndexOf")),
                    ArgumentList(SeparatedList(new[] { Argument(tasks), Argument(replacement) })));
                title += " keeping the index";
            }
        }

        return new Fix(title, call.IsWaitAll ? WhenAllKey : WhenAnyKey,
            (document, ct) => AsyncRewriter.ReplaceWithAwaitAsync(document, waitCall, replacement, ct));
    }

    /// <summary>The expression an argument passes, as written.</summary>
    private static ExpressionSyntax ExpressionOf(IArgumentOperation argument)
        => (argument.Syntax is ArgumentSyntax syntax ? syntax.Expression : (ExpressionSyntax)argument.Value.Syntax).WithoutTrivia();

    /// <summary>Whether <paramref name="candidate"/> binds, at <paramref name="original"/>'s place, to a method named <paramref name="name"/>.</summary>
    private static bool Binds(SemanticModel model, SyntaxNode original, ExpressionSyntax candidate, string name, CancellationToken cancellationToken)
        => model.GetSpeculativeSymbolInfo(original.SpanStart, candidate, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol { Name: var bound } && bound == name;

    private static bool HasWaitAsyncWithTimeoutAndToken(INamedTypeSymbol? task)
        => task is not null && task.GetMembers("WaitAsync").OfType<IMethodSymbol>().Any(m =>
            m.Parameters.Length == 2 && m.Parameters[0].Type.Name == "TimeSpan" && m.Parameters[1].Type.Name == "CancellationToken");

    /// <summary>The awaitable behind <c>t.Result</c>, <c>t.Wait()</c> or <c>t.GetAwaiter().GetResult()</c>.</summary>
    private static ExpressionSyntax? TaskOf(SyntaxNode node)
        => node switch
        {
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result => result.Expression,
            InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax
                {
                    Name.Identifier.ValueText: "GetResult",
                    Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } getAwaiter },
                },
            } => getAwaiter.Expression,
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait } => wait.Expression,
            _ => null,
        };
}
