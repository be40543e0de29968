using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unblock.Analyzers;

namespace Unblock.CodeFixes.Rules.Transitive;

/// <summary>
/// BLK007 fixes: <c>Helper(args)</c> becomes <c>await HelperAsync(args, token in scope)</c> when the helper has an
/// async twin (the twin search and the rewrite BLK003 uses), or <c>await Task.Run(() =&gt; Helper(args), token in scope)</c>
/// when the helper blocks only on CPU work, or "Create <c>HelperAsync</c>" (<see cref="AsyncCopy"/>) when a helper of the
/// same file has no twin and every blocking call in it has a fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TransitiveBlockingCodeFixProvider)), Shared]
public sealed class TransitiveBlockingCodeFixProvider : UnblockCodeFixProvider
{
    public const string AsyncTwinKey = "BLK007.AsyncTwin";
    public const string TaskRunKey = "BLK007.TaskRun";
    public const string CreateAsyncKey = "BLK007.CreateAsync";

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

    protected override async Task<Fix?> CreateFixAsync(Document document, string fixKind, SyntaxNode node, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (fixKind != FixKinds.CreateAsync)
        {
            return CreateFix(fixKind, node, model, diagnostic, cancellationToken);
        }

        if (node is not InvocationExpressionSyntax invocation || invocation.Expression is MemberBindingExpressionSyntax
            || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method
            || !diagnostic.Properties.TryGetValue(DiagnosticProperties.AsyncName, out var asyncName) || asyncName is null)
        {
            return null;
        }

        // A previous fix (Fix All, another call of the same helper) created the copy already: call it.
        if (!method.ContainingType.GetMembers(asyncName).IsEmpty)
        {
            var properties = diagnostic.Properties.SetItem(DiagnosticProperties.FixKind, FixKinds.AwaitTwin).SetItem(DiagnosticProperties.TokenParameter, "cancellationToken");
            var twin = AwaitTwin(FixKinds.AwaitTwin, node, model, Diagnostic.Create(diagnostic.Descriptor, diagnostic.Location, properties), CreateAsyncKey, cancellationToken);
            return twin is null ? null : new Fix($"Create '{asyncName}' and await it", CreateAsyncKey, twin.Value.Apply);
        }

        var changed = await AsyncCopy.CreateAsync(document, invocation, method, asyncName, cancellationToken).ConfigureAwait(false);
        return changed is null ? null : new Fix($"Create '{asyncName}' and await it", CreateAsyncKey, (_, _) => Task.FromResult(changed));
    }
}
