using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unblock.Analyzers;
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

            case FixKinds.WhenAll when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } waitAll:
                var whenAll = waitAll.WithExpression(access.WithName(IdentifierName("WhenAll").WithTriviaFrom(access.Name)));
                return new Fix("Use 'await Task.WhenAll(...)'", WhenAllKey,
                    (document, ct) => AsyncRewriter.ReplaceWithAwaitAsync(document, node, AsyncRewriter.Await(whenAll), ct));

            case FixKinds.WhenAny when node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } waitAny:
                var whenAny = AsyncRewriter.Await(waitAny.WithExpression(access.WithName(IdentifierName("WhenAny").WithTriviaFrom(access.Name))));
                ExpressionSyntax replacement = whenAny;
                if (node.Parent is not ExpressionStatementSyntax)
                {
                    // The index is kept: Array.IndexOf(tasks, await Task.WhenAny(tasks)).
                    var tasks = waitAny.ArgumentList.Arguments[0].Expression.WithoutTrivia();
                    replacement = InvocationExpression(
                        MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsyncRewriter.QualifiedExpression("System", "Array"), IdentifierName("IndexOf")),
                        ArgumentList(SeparatedList(new[] { Argument(tasks), Argument(whenAny) })));
                }

                return new Fix("Use 'await Task.WhenAny(...)'", WhenAnyKey,
                    (document, ct) => AsyncRewriter.ReplaceWithAwaitAsync(document, node, replacement, ct));

            default:
                return null;
        }
    }

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
