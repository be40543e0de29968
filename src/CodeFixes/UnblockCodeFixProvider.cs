using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Unblock.Analyzers;

namespace Unblock.CodeFixes;

/// <summary>
/// Base of the Unblock fixes: finds the diagnostic's node, reads what the analyzer said through
/// <see cref="DiagnosticProperties"/>, checks that an <c>await</c> can go there, and registers one action per
/// fix kind with its own equivalence key (so Fix All never mixes kinds).
/// </summary>
public abstract class UnblockCodeFixProvider : CodeFixProvider
{
    public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixKind, out var fixKind) || fixKind is null)
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (!AsyncRewriter.CanAwaitAt(node, model, context.CancellationToken))
            {
                continue;
            }

            var fix = CreateFix(fixKind, node, model, diagnostic, context.CancellationToken);
            if (fix is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(fix.Value.Title, ct => fix.Value.Apply(context.Document, ct), fix.Value.EquivalenceKey),
                diagnostic);
        }
    }

    /// <summary>The rewrite for one diagnostic, or null when it cannot produce compiling code with the same meaning.</summary>
    protected abstract Fix? CreateFix(string fixKind, SyntaxNode node, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>
    /// The fix of a <see cref="FixKinds.AwaitTwin"/> diagnostic: <c>x.M(args)</c> becomes <c>await x.MAsync(args, token in scope)</c>,
    /// offered only when the rewritten call binds (see <see cref="AsyncRewriter.CallTwin"/>).
    /// </summary>
    protected static Fix? AwaitTwin(string fixKind, SyntaxNode node, SemanticModel model, Diagnostic diagnostic, string equivalenceKey, CancellationToken cancellationToken)
    {
        if (fixKind != FixKinds.AwaitTwin || node is not Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax call
            || !diagnostic.Properties.TryGetValue(DiagnosticProperties.AsyncName, out var twinName) || twinName is null)
        {
            return null;
        }

        diagnostic.Properties.TryGetValue(DiagnosticProperties.TokenParameter, out var tokenParameter);
        var rewritten = AsyncRewriter.CallTwin(model, call, twinName, tokenParameter, cancellationToken, out var token);
        if (rewritten is null)
        {
            return null;
        }

        var title = token is null ? $"Use 'await {twinName}(...)'" : $"Use 'await {twinName}(..., {token})'";
        return new Fix(title, equivalenceKey, (document, ct) => AsyncRewriter.ReplaceWithAwaitAsync(document, node, AsyncRewriter.Await(rewritten), ct));
    }

    /// <summary>One code action: its title, its equivalence key and how it changes the document.</summary>
    protected readonly struct Fix
    {
        public Fix(string title, string equivalenceKey, System.Func<Document, CancellationToken, Task<Document>> apply)
        {
            Title = title;
            EquivalenceKey = equivalenceKey;
            Apply = apply;
        }

        public string Title { get; }

        public string EquivalenceKey { get; }

        public System.Func<Document, CancellationToken, Task<Document>> Apply { get; }
    }
}
