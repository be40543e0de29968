using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Unblock.Analyzers;

namespace Unblock.CodeFixes.Rules.LegacyNetworking;

/// <summary>BLK004 fix: <c>client.DownloadString(url)</c> becomes <c>await client.DownloadStringTaskAsync(url)</c>; <c>request.GetResponse()</c> becomes <c>await request.GetResponseAsync()</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LegacyNetworkingCodeFixProvider)), Shared]
public sealed class LegacyNetworkingCodeFixProvider : UnblockCodeFixProvider
{
    public const string AwaitTaskAsyncKey = "BLK004.AwaitTaskAsync";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.LegacyNetworking);

    protected override Fix? CreateFix(string fixKind, SyntaxNode node, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        => AwaitTwin(fixKind, node, model, diagnostic, AwaitTaskAsyncKey, cancellationToken);
}
