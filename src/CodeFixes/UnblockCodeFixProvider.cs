using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Unblock.Analyzers;
using Unblock.Analyzers.Razor;

namespace Unblock.CodeFixes;

/// <summary>
/// Base of the Unblock fixes: finds the diagnostic's node, reads what the analyzer said through
/// <see cref="DiagnosticProperties"/>, checks that an <c>await</c> can go there, and registers one action per
/// fix kind with its own equivalence key; Fix All applies every diagnostic's own fix. No fix is offered in generated documents,
/// Razor generator output included: they are read-only, and the user's code lives in the .razor/.cshtml file.
/// </summary>
public abstract class UnblockCodeFixProvider : CodeFixProvider
{
    /// <summary>
    /// Fix All applies the fixes of one document one after the other, each on the code the previous one produced
    /// (the batch fixer merges independent text changes and drops those that touch: nested <c>t.Result.Result</c>,
    /// <c>F(G().Result).Result</c>, or adjacent statements whose reformatting overlaps, so a second Fix All found work left).
    /// <para>
    /// Every diagnostic gets its own fix, whatever equivalence key was asked for: Fix All of a rule fixes every finding of
    /// the rule that has a fix. <c>dotnet format</c> asks with the key of the first action of whichever finding it meets
    /// first (null when that finding has no fix), so filtering by key left the other fix kinds of the rule, or all of
    /// them, for later passes. Each diagnostic offers one action, so the key never chooses between alternatives.
    /// </para>
    /// </summary>
    public sealed override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    private Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
        => ApplyFixesAsync(document, diagnostics.Where(d => FixableDiagnosticIds.Contains(d.Id)), _ => this, context.CancellationToken)!;

    /// <summary>
    /// Applies the fix of each diagnostic of <paramref name="document"/> that has one, one after the other on the code the
    /// previous one produced (each diagnostic's node is annotated first, so it is found again after the edits before it).
    /// <paramref name="providerFor"/> gives the provider of a diagnostic id, or null to skip it. Fix All, and the fix that
    /// creates an async copy of a helper (its blocking calls fixed by the rules' own providers), go through here.
    /// </summary>
    internal static async Task<Document> ApplyFixesAsync(Document document, IEnumerable<Diagnostic> diagnostics, System.Func<string, UnblockCodeFixProvider?> providerFor, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var list = diagnostics.ToList();
        if (root is null || list.Count == 0)
        {
            return document;
        }

        // Mark every diagnostic's node, so it can be found again after the edits before it.
        var marked = new List<(Diagnostic Diagnostic, SyntaxAnnotation Annotation)>();
        var annotations = new Dictionary<SyntaxNode, List<SyntaxAnnotation>>();
        foreach (var diagnostic in list.OrderByDescending(d => d.Location.SourceSpan.Start).ThenBy(d => d.Location.SourceSpan.Length))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var annotation = new SyntaxAnnotation();
            if (!annotations.TryGetValue(node, out var nodeAnnotations))
            {
                annotations[node] = nodeAnnotations = new List<SyntaxAnnotation>();
            }

            nodeAnnotations.Add(annotation);
            marked.Add((diagnostic, annotation));
        }

        document = document.WithSyntaxRoot(root.ReplaceNodes(annotations.Keys, (original, current) => current.WithAdditionalAnnotations(annotations[original])));
        foreach (var (diagnostic, annotation) in marked)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixKind, out var fixKind) || fixKind is null || providerFor(diagnostic.Id) is not { } provider)
            {
                continue;
            }

            var currentRoot = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var node = currentRoot?.GetAnnotatedNodes(annotation).FirstOrDefault();
            if (node is null || model is null || !AsyncRewriter.CanAwaitAt(node, model, cancellationToken))
            {
                continue;
            }

            // Not filtered by an equivalence key: see GetFixAllProvider.
            var fix = await provider.CreateFixAsync(document, fixKind, node, model, diagnostic, cancellationToken).ConfigureAwait(false);
            if (fix is null)
            {
                continue;
            }

            document = await fix.Value.Apply(document, cancellationToken).ConfigureAwait(false);
        }

        return document;
    }

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        if (context.Document is SourceGeneratedDocument)
        {
            // Generator output (Razor components and pages included) is read-only: a rewrite there would be discarded
            // at the next build. The diagnostic's message and docs say how to fix the user's file by hand.
            return;
        }

        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || RazorCode.IsRazorGenerated(root.SyntaxTree, context.CancellationToken))
        {
            // Code the Razor generator wrote for a .razor/.cshtml file: the user's code is the Razor file, not this one.
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.FixKind, out var fixKind) || fixKind is null)
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (!AsyncRewriter.CanAwaitAt(node, model, context.CancellationToken))
            {
                continue;
            }

            var fix = await CreateFixAsync(context.Document, fixKind, node, model, diagnostic, context.CancellationToken).ConfigureAwait(false);
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
    /// The rewrite for one diagnostic of <paramref name="document"/>: <see cref="CreateFix"/>, unless a fix needs the
    /// document itself (to try the rewrite and check it before offering it).
    /// </summary>
    protected virtual Task<Fix?> CreateFixAsync(Document document, string fixKind, SyntaxNode node, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        => Task.FromResult(CreateFix(fixKind, node, model, diagnostic, cancellationToken));

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
