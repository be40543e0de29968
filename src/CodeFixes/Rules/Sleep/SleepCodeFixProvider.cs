using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using Unblock.Analyzers;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Unblock.CodeFixes.Rules.Sleep;

/// <summary>BLK002 fix: <c>Thread.Sleep(x)</c> becomes <c>await Task.Delay(x, token in scope)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SleepCodeFixProvider)), Shared]
public sealed class SleepCodeFixProvider : UnblockCodeFixProvider
{
    public const string DelayKey = "BLK002.Delay";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ThreadSleep);

    protected override Fix? CreateFix(string fixKind, SyntaxNode node, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (fixKind != FixKinds.Delay || node is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } sleep)
        {
            return null;
        }

        var arguments = sleep.ArgumentList.Arguments.Select(a => a.WithNameColon(null)).ToList();
        var token = AsyncRewriter.FindCancellationToken(model, node, cancellationToken);
        if (token is not null)
        {
            arguments.Add(Argument(IdentifierName(token)));
        }

        var delay = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, AsyncRewriter.TaskTypeExpression(), IdentifierName("Delay")),
            sleep.ArgumentList.WithArguments(SeparatedList(arguments)));
        var title = token is null ? "Use 'await Task.Delay(...)'" : $"Use 'await Task.Delay(..., {token})'";
        return new Fix(title, DelayKey, (document, ct) => AsyncRewriter.ReplaceWithAwaitAsync(document, node, AsyncRewriter.Await(delay), ct));
    }
}
