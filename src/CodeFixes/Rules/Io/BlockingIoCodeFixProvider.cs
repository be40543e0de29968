using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Unblock.Analyzers;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Unblock.CodeFixes.Rules.Io;

/// <summary>
/// BLK003 fixes: <c>x.M(args)</c> becomes <c>await x.MAsync(args, token in scope)</c> when that call binds; a
/// synchronous <c>using</c> whose <c>Dispose</c> does I/O becomes <c>await using</c>. Both share one equivalence key
/// (<c>DisposeAsync</c> is <c>Dispose</c>'s twin), so one Fix All pass fixes every fixable finding of the rule.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingIoCodeFixProvider)), Shared]
public sealed class BlockingIoCodeFixProvider : UnblockCodeFixProvider
{
    public const string AwaitTwinKey = "BLK003.AwaitTwin";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.BlockingIo);

    protected override Fix? CreateFix(string fixKind, SyntaxNode node, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (fixKind != FixKinds.AwaitUsing)
        {
            return AwaitTwin(fixKind, node, model, diagnostic, AwaitTwinKey, cancellationToken);
        }

        if (node.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp8 })
        {
            // await using is C# 8.
            return null;
        }

        StatementSyntax? awaited = node switch
        {
            UsingStatementSyntax { AwaitKeyword.RawKind: 0 } statement
                => statement.WithUsingKeyword(statement.UsingKeyword.WithLeadingTrivia()).WithAwaitKeyword(AwaitKeyword(statement.UsingKeyword)),
            LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: 0, UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword } declaration
                => declaration.WithUsingKeyword(declaration.UsingKeyword.WithLeadingTrivia()).WithAwaitKeyword(AwaitKeyword(declaration.UsingKeyword)),
            _ => null,
        };

        return awaited is null
            ? null
            : new Fix("Use 'await using'", AwaitTwinKey, (document, ct) => AsyncRewriter.ReplaceStatementAsync(document, (StatementSyntax)node, awaited, ct));
    }

    private static SyntaxToken AwaitKeyword(SyntaxToken usingKeyword)
        => Token(usingKeyword.LeadingTrivia, SyntaxKind.AwaitKeyword, TriviaList(Space));
}
