using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Unblock.Analyzers;
using Unblock.Analyzers.Rules;
using Unblock.Analyzers.Rules.Transitive;
using Unblock.CodeFixes.Rules.BlockingSync;
using Unblock.CodeFixes.Rules.CpuBound;
using Unblock.CodeFixes.Rules.Io;
using Unblock.CodeFixes.Rules.LegacyNetworking;
using Unblock.CodeFixes.Rules.Sleep;
using Unblock.CodeFixes.Rules.SyncWait;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Unblock.CodeFixes.Rules.Transitive;

/// <summary>
/// "Create <c>HelperAsync</c>" (BLK007): a copy of the helper, made async (<c>void</c> becomes <c>Task</c>, <c>T</c>
/// <c>Task&lt;T&gt;</c>) with a <c>CancellationToken cancellationToken = default</c> parameter, is added after it; the
/// rules BLK001-BLK006 are run on the copy and each finding is fixed by that rule's own fix (which passes the new token);
/// the token parameter goes again when no fix used it; the call awaits the copy, passing the caller's token. The whole
/// result is built before the fix is offered, and it is offered only when no finding is left in the copy (every blocking
/// call had a fix, none calls a further blocking helper) and the document has no new compiler error.
/// </summary>
internal static class AsyncCopy
{
    private const string TokenName = "cancellationToken";

    /// <summary>The document with the copy added and the call awaiting it, or null when that is not possible.</summary>
    public static async Task<Document?> CreateAsync(Document document, InvocationExpressionSyntax call, IMethodSymbol helper, string asyncName, CancellationToken cancellationToken)
    {
        if (helper.DeclaringSyntaxReferences.Length != 1
            || await helper.DeclaringSyntaxReferences[0].GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is not MethodDeclarationSyntax declaration
            || declaration.SyntaxTree != call.SyntaxTree
            || (declaration.Body is null && declaration.ExpressionBody is null)
            || declaration.Modifiers.Any(m => m.IsKind(SyntaxKind.UnsafeKeyword) || m.IsKind(SyntaxKind.AsyncKeyword))
            || declaration.DescendantNodes().Any(n => n is YieldStatementSyntax)
            || declaration.Identifier.ValueText != helper.Name)
        {
            return null;
        }

        var original = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (original is null)
        {
            return null;
        }

        var errorsBefore = Errors(original, cancellationToken);
        var hasToken = helper.Parameters.Any(p => p.Type is { Name: "CancellationToken", ContainingNamespace: { } ns } && ns.ToDisplayString() == "System.Threading");

        // 1. The copy, right after the helper, and the call marked to find it again.
        var copyMark = new SyntaxAnnotation();
        var callMark = new SyntaxAnnotation();
        var helperMark = new SyntaxAnnotation();
        var copy = MakeCopy(declaration, asyncName, helper.ReturnsVoid, addToken: !hasToken).WithAdditionalAnnotations(copyMark);
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        root = root.ReplaceNodes(new SyntaxNode[] { declaration, call }, (originalNode, current) => current.WithAdditionalAnnotations(originalNode == call ? callMark : helperMark));
        root = root.InsertNodesAfter(root.GetAnnotatedNodes(helperMark).Single(), new[] { copy });
        document = document.WithSyntaxRoot(root);

        // 2. Fix the copy's findings with the rules' own fixes; 3. nothing may be left.
        var findings = await FindingsInCopyAsync(document, copyMark, cancellationToken).ConfigureAwait(false);
        var providers = Providers();
        document = await UnblockCodeFixProvider.ApplyFixesAsync(
            document,
            findings,
            id => providers.FirstOrDefault(p => p.FixableDiagnosticIds.Contains(id)),
            cancellationToken).ConfigureAwait(false);
        if ((await FindingsInCopyAsync(document, copyMark, cancellationToken).ConfigureAwait(false)).Length != 0)
        {
            return null;
        }

        // 4. A token parameter no fix used goes again.
        root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var fixedCopy = root.GetAnnotatedNodes(copyMark).OfType<MethodDeclarationSyntax>().Single();
        var tokenUsed = hasToken || fixedCopy.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == TokenName);
        if (!tokenUsed)
        {
            var parameters = fixedCopy.ParameterList.Parameters;
            root = root.ReplaceNode(fixedCopy, fixedCopy.WithParameterList(fixedCopy.ParameterList.WithParameters(parameters.RemoveAt(parameters.Count - 1))));
            document = document.WithSyntaxRoot(root);
        }

        // 5. The call awaits the copy (the same twin rewrite as BLK003, so the caller's token goes to the new parameter).
        var model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
        root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        if (root.GetAnnotatedNodes(callMark).SingleOrDefault() is not InvocationExpressionSyntax markedCall
            || AsyncRewriter.CallTwin(model, markedCall, asyncName, tokenUsed && !hasToken ? TokenName : null, cancellationToken, out _) is not { } awaited)
        {
            return null;
        }

        document = await AsyncRewriter.ReplaceWithAwaitAsync(document, markedCall, AsyncRewriter.Await(awaited), cancellationToken).ConfigureAwait(false);

        // 6. No new compiler error, once cleaned up as the code action will be (parentheses and names simplified).
        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        document = await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        var result = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return result is not null && Errors(result, cancellationToken) <= errorsBefore ? document : null;
    }

    /// <summary>The helper made async under its new name, with a trailing token parameter when asked.</summary>
    private static MethodDeclarationSyntax MakeCopy(MethodDeclarationSyntax helper, string asyncName, bool returnsVoid, bool addToken)
    {
        var returnType = returnsVoid
            ? (TypeSyntax)AsyncRewriter.TaskType()
            : QualifiedName(
                QualifiedName(QualifiedName(IdentifierName("System"), IdentifierName("Threading")), IdentifierName("Tasks")),
                GenericName(Identifier("Task"), TypeArgumentList(SingletonSeparatedList(helper.ReturnType.WithoutTrivia()))))
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var parameters = helper.ParameterList;
        if (addToken)
        {
            var token = Parameter(Identifier(TokenName))
                .WithType(QualifiedName(QualifiedName(IdentifierName("System"), IdentifierName("Threading")), IdentifierName("CancellationToken"))
                    .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))
                .WithDefault(EqualsValueClause(LiteralExpression(SyntaxKind.DefaultLiteralExpression, Token(SyntaxKind.DefaultKeyword))));
            parameters = parameters.AddParameters(token);
        }

        var modifiers = helper.Modifiers.Add(Token(SyntaxKind.AsyncKeyword));
        return helper
            .WithAttributeLists(default)
            .WithModifiers(modifiers)
            .WithReturnType(returnType.WithTrailingTrivia(Space))
            .WithIdentifier(Identifier(asyncName))
            .WithParameterList(parameters)
            .WithLeadingTrivia(new[] { ElasticCarriageReturnLineFeed }.Concat(helper.GetLeadingTrivia().SkipWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsKind(SyntaxKind.WhitespaceTrivia))))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary>What BLK001-BLK007 report inside the copy (found by its annotation).</summary>
    private static async Task<ImmutableArray<Diagnostic>> FindingsInCopyAsync(Document document, SyntaxAnnotation copyMark, CancellationToken cancellationToken)
    {
        var root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
        var model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
        var copy = root.GetAnnotatedNodes(copyMark).Single();
        var analyzers = BlockingRules.All.CastArray<DiagnosticAnalyzer>().Add(new TransitiveBlockingAnalyzer());
        var withAnalyzers = model.Compilation.WithAnalyzers(analyzers, document.Project.AnalyzerOptions);
        var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, copy.FullSpan, cancellationToken).ConfigureAwait(false);
        return diagnostics.Where(d => d.Id.StartsWith("BLK", System.StringComparison.Ordinal) && d.Location.SourceTree == model.SyntaxTree && copy.FullSpan.Contains(d.Location.SourceSpan)).ToImmutableArray();
    }

    /// <summary>The fixes of the rules a helper's body can break (BLK001-BLK006), fresh for each use.</summary>
    private static ImmutableArray<UnblockCodeFixProvider> Providers()
        => ImmutableArray.Create<UnblockCodeFixProvider>(
            new SyncWaitCodeFixProvider(),
            new SleepCodeFixProvider(),
            new BlockingIoCodeFixProvider(),
            new LegacyNetworkingCodeFixProvider(),
            new BlockingSyncCodeFixProvider(),
            new CpuBoundCodeFixProvider());

    private static int Errors(SemanticModel model, CancellationToken cancellationToken)
        => model.GetDiagnostics(cancellationToken: cancellationToken).Count(d => d.Severity == DiagnosticSeverity.Error);
}
