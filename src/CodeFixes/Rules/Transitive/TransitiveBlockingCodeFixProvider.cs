using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unblock.Analyzers;

namespace Unblock.CodeFixes.Rules.Transitive;

/// <summary>
/// BLK007 fixes: <c>Helper(args)</c> becomes <c>await HelperAsync(args, token in scope)</c> when the helper has an
/// async twin (the twin search and the rewrite BLK003 uses), or <c>await Task.Run(() =&gt; Helper(args), token in scope)</c>
/// when the helper blocks only on CPU work.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TransitiveBlockingCodeFixProvider)), Shared]
public sealed class TransitiveBlockingCodeFixProvider : UnblockCodeFixProvider
{
    public const string AsyncTwinKey = "BLK007.AsyncTwin";
    public const string TaskRunKey = "BLK007.TaskRun";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.TransitiveBlockingCall);

    protected override Fix? CreateFix(string fixKind, SyntaxNode node, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (node is not InvocationExpressionSyntax invocation || invocation.Expression is MemberBindingExpressionSyntax
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
        {
            return null;
        }

        switch (fixKind)
        {
            case FixKinds.AwaitTwin:
                return AwaitTwin(fixKind, node, model, diagnostic, AsyncTwinKey, cancellationToken);
            case FixKinds.TaskRun:
                var token = AsyncRewriter.FindCancellationToken(model, invocation, cancellationToken);
                var run = AsyncRewriter.Await(AsyncRewriter.TaskRun(invocation.WithoutTrivia(), token));
                var title = $"Run '{method.Name}' on the thread pool with 'await Task.Run(...)'" + (token is null ? string.Empty : $" passing '{token}'");
                return new Fix(title, TaskRunKey, (document, ct) => AsyncRewriter.ReplaceWithAwaitAsync(document, invocation, run, ct));
            default:
                return null;
        }
    }
}
