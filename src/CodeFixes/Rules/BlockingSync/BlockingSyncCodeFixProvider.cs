using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Unblock.Analyzers;

namespace Unblock.CodeFixes.Rules.BlockingSync;

/// <summary>BLK005 fix: <c>semaphore.Wait(args)</c> becomes <c>await semaphore.WaitAsync(args, token in scope)</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingSyncCodeFixProvider)), Shared]
public sealed class BlockingSyncCodeFixProvider : UnblockCodeFixProvider
{
    public const string WaitAsyncKey = "BLK005.WaitAsync";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.BlockingSynchronization);

    protected override Fix? CreateFix(string fixKind, SyntaxNode node, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        => AwaitTwin(fixKind, node, model, diagnostic, WaitAsyncKey, cancellationToken);
}
