using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Unblock.Analyzers;

namespace Unblock.CodeFixes.Rules.Io;

/// <summary>BLK003 fix: <c>x.M(args)</c> becomes <c>await x.MAsync(args, token in scope)</c> when that call binds.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingIoCodeFixProvider)), Shared]
public sealed class BlockingIoCodeFixProvider : UnblockCodeFixProvider
{
    public const string AwaitTwinKey = "BLK003.AwaitTwin";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.BlockingIo);

    protected override Fix? CreateFix(string fixKind, SyntaxNode node, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        => AwaitTwin(fixKind, node, model, diagnostic, AwaitTwinKey, cancellationToken);
}
