using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unblock.Analyzers;
using Unblock.Analyzers.Rules.Transitive;

namespace Unblock.CodeFixes.Rules.Transitive;

/// <summary>
/// BLK007 fixes: <c>Helper(args)</c> becomes <c>await HelperAsync(args, token in scope)</c> when the helper has an
/// async twin in the compilation, or <c>await Task.Run(() =&gt; Helper(args))</c> when the helper blocks only on CPU work.
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
            case FixKinds.AsyncTwin:
                return TwinFix(invocation, method, model, cancellationToken);
            case FixKinds.TaskRun:
                var name = method.Name;
                return new Fix($"Run '{name}' on the thread pool with 'await Task.Run(...)'", TaskRunKey,
                    (document, ct) => AsyncRewriter.ReplaceWithAwaitAsync(document, invocation, AsyncRewriter.Await(AsyncRewriter.TaskRun(invocation.WithoutTrivia(), token: null)), ct));
            default:
                return null;
        }
    }

    private static Fix? TwinFix(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
    {
        var symbols = AsyncSymbols.TryCreate(model.Compilation);
        var caller = model.GetEnclosingSymbol(invocation.SpanStart, cancellationToken);
        if (symbols is null || caller is null)
        {
            return null;
        }

        var twins = SourceAsyncTwins.Find(method, caller, symbols).ToList();
        var token = AsyncRewriter.FindCancellationToken(model, invocation, cancellationToken);
        var withToken = twins.FirstOrDefault(twin => SourceAsyncTwins.TakesToken(method, twin));
        var withoutToken = twins.FirstOrDefault(twin => !SourceAsyncTwins.TakesToken(method, twin));

        // The token in scope goes to a twin that takes one; without a token in scope, a twin that needs one is not
        // given an invented CancellationToken.None.
        var twin = token is not null && withToken is not null ? withToken
            : withoutToken ?? (withToken is { } optional && optional.Parameters.Last().IsOptional ? optional : null);
        if (twin is null)
        {
            return null;
        }

        // The shared rewrite proves the call binds; it passes the token in scope when the twin takes one.
        var tokenParameter = SourceAsyncTwins.TakesToken(method, twin) ? twin.Parameters.Last().Name : null;
        var call = AsyncRewriter.CallTwin(model, invocation, twin.Name, tokenParameter, cancellationToken, out var passToken);
        if (call is null)
        {
            return null;
        }

        var title = passToken is null ? $"Use 'await {twin.Name}(...)'" : $"Use 'await {twin.Name}(..., {passToken})'";
        return new Fix(title, AsyncTwinKey, (document, ct) => AsyncRewriter.ReplaceWithAwaitAsync(document, invocation, AsyncRewriter.Await(call), ct));
    }
}
