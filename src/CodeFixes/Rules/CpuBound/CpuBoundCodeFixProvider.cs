using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Unblock.Analyzers;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Unblock.CodeFixes.Rules.CpuBound;

/// <summary>
/// BLK006 fixes: a CPU-heavy call becomes <c>await Task.Run(() =&gt; call, token)</c>; a heavy loop moves into
/// <c>await Task.Run(() =&gt; { loop }, token)</c> (locals it writes come back as the result); a busy-wait's
/// spinning body becomes <c>await Task.Delay(1, token)</c>. Each only where the move keeps meaning and compiles.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CpuBoundCodeFixProvider)), Shared]
public sealed class CpuBoundCodeFixProvider : UnblockCodeFixProvider
{
    public const string TaskRunKey = "BLK006.TaskRun";
    public const string TaskRunBlockKey = "BLK006.TaskRunBlock";
    public const string DelayPollingKey = "BLK006.DelayPolling";

    /// <summary>Milliseconds between two polls of a former busy-wait.</summary>
    public const int PollingIntervalMilliseconds = 1;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.CpuBoundWork);

    protected override Fix? CreateFix(string fixKind, SyntaxNode node, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        switch (fixKind)
        {
            case FixKinds.TaskRun when node is ExpressionSyntax expression && AsyncRewriter.CanMoveIntoLambda(expression, model, cancellationToken):
            {
                var token = AsyncRewriter.FindCancellationToken(model, node, cancellationToken);
                var run = AsyncRewriter.Await(AsyncRewriter.TaskRun(expression.WithoutTrivia(), token));
                return new Fix(Title("Run it with 'await Task.Run(...)'", token), TaskRunKey,
                    (document, ct) => AsyncRewriter.ReplaceWithAwaitAsync(document, node, run, ct));
            }

            case FixKinds.TaskRunBlock when node is StatementSyntax statement:
            {
                var token = AsyncRewriter.FindCancellationToken(model, node, cancellationToken);
                var replacement = AsyncRewriter.MoveToTaskRun(statement, model, token, cancellationToken);
                return replacement is null
                    ? null
                    : new Fix(Title("Move the loop into 'await Task.Run(...)'", token), TaskRunBlockKey,
                        (document, ct) => AsyncRewriter.ReplaceStatementAsync(document, statement, replacement, ct));
            }

            case FixKinds.DelayPolling when node is WhileStatementSyntax loop:
            {
                var token = AsyncRewriter.FindCancellationToken(model, node, cancellationToken);
                var arguments = SeparatedList(new[] { Argument(LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(PollingIntervalMilliseconds))) });
                if (token is not null)
                {
                    arguments = arguments.Add(Argument(IdentifierName(token)));
                }

                var delay = InvocationExpression(
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsyncRewriter.TaskTypeExpression(), IdentifierName("Delay")),
                    ArgumentList(arguments));
                var body = Block(ExpressionStatement(AwaitExpression(delay)))
                    .WithTriviaFrom(loop.Statement)
                    .WithAdditionalAnnotations(Formatter.Annotation);
                var replacement = loop.WithStatement(body);
                return new Fix(Title("Poll with 'await Task.Delay(1)'", token), DelayPollingKey,
                    (document, ct) => AsyncRewriter.ReplaceStatementAsync(document, loop, replacement, ct));
            }

            default:
                return null;
        }
    }

    private static string Title(string title, string? token) => token is null ? title : title + " passing '" + token + "'";
}
