using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Unblock.Analyzers.Razor;

/// <summary>
/// Which generated code Unblock analyzes: none, except the C# that the Razor source generator writes for
/// <c>.razor</c> and <c>.cshtml</c> files, and in it only the spans that a <c>#line</c> directive maps back to
/// the user's Razor file (the <c>@code</c>/<c>@functions</c> blocks and <c>@expressions</c>), never the
/// generator's scaffolding. One instance per compilation; tree classifications and Razor line counts are cached.
/// </summary>
public sealed class RazorCode
{
    private readonly ImmutableArray<AdditionalText> _additionalFiles;
    private readonly ConcurrentDictionary<SyntaxTree, bool> _razorTrees = new();
    private readonly ConcurrentDictionary<SyntaxTree, AdditionalText?> _razorFiles = new();
    private readonly ConcurrentDictionary<string, int> _razorLineCounts = new(StringComparer.OrdinalIgnoreCase);

    public RazorCode(ImmutableArray<AdditionalText> additionalFiles)
        => _additionalFiles = additionalFiles.IsDefault ? ImmutableArray<AdditionalText>.Empty : additionalFiles;

    /// <summary>
    /// True when a callback on <paramref name="tree"/> should run: always for ordinary code, and for generated code
    /// (<paramref name="isGeneratedCode"/>, as Roslyn decided it) only when the tree is Razor generator output.
    /// </summary>
    public bool ShouldAnalyze(SyntaxTree tree, bool isGeneratedCode, CancellationToken cancellationToken)
        => !isGeneratedCode || IsRazorTree(tree, cancellationToken);

    /// <summary>
    /// True when a diagnostic may be reported at <paramref name="location"/>: always in ordinary code; in a Razor
    /// tree only when the location maps (through <c>#line</c>) to an existing line of a <c>.razor</c>/<c>.cshtml</c>
    /// file and does not touch a <c>#line hidden</c> region.
    /// </summary>
    public bool CanReportAt(Location location, CancellationToken cancellationToken)
    {
        var tree = location.SourceTree;
        if (tree is null || !IsRazorTree(tree, cancellationToken))
        {
            return true;
        }

        return MapsToRazorSource(location, cancellationToken) && ExistsInRazorFile(location.GetMappedLineSpan(), cancellationToken);
    }

    /// <summary>
    /// The <c>.razor</c>/<c>.cshtml</c> additional file that a Razor tree was generated from (named by its
    /// <c>#pragma checksum</c>), or null. Options for the generated code come from this file: the compiler applies no
    /// .editorconfig section to generated trees, but it does to the Razor files themselves.
    /// </summary>
    public AdditionalText? RazorFile(SyntaxTree tree, CancellationToken cancellationToken)
        => _razorFiles.TryGetValue(tree, out var file)
            ? file
            : _razorFiles.GetOrAdd(tree, FindRazorFile(tree, cancellationToken));

    private AdditionalText? FindRazorFile(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (!IsRazorTree(tree, cancellationToken) || ChecksumFile(tree, cancellationToken) is not { } path)
        {
            return null;
        }

        return FindAdditionalFile(path);
    }

    /// <summary>
    /// The additional file at <paramref name="path"/> (as written in <c>#pragma checksum</c>/<c>#line</c>, usually full);
    /// an additional file given by a relative path matches the end of it.
    /// </summary>
    private AdditionalText? FindAdditionalFile(string path)
    {
        var normalized = Normalize(path);
        AdditionalText? relativeMatch = null;
        foreach (var file in _additionalFiles)
        {
            var candidate = Normalize(file.Path);
            if (string.Equals(candidate, normalized, StringComparison.OrdinalIgnoreCase))
            {
                return file;
            }

            if (relativeMatch is null
                && candidate.Length > 0
                && candidate[0] != '/'
                && candidate.IndexOf(':') < 0
                && normalized.EndsWith("/" + candidate, StringComparison.OrdinalIgnoreCase))
            {
                relativeMatch = file;
            }
        }

        return relativeMatch;
    }

    /// <summary>True when <paramref name="tree"/> is (cached) Razor source generator output.</summary>
    public bool IsRazorTree(SyntaxTree tree, CancellationToken cancellationToken)
        => _razorTrees.TryGetValue(tree, out var isRazor)
            ? isRazor
            : _razorTrees.GetOrAdd(tree, IsRazorGenerated(tree, cancellationToken));

    /// <summary>
    /// True when <paramref name="tree"/> is generated code (by Roslyn's conventions, see <see cref="IsGeneratedCode"/>)
    /// written by the Razor source generator: its file name is <c>X_razor.g.cs</c>/<c>X_cshtml.g.cs</c> (or
    /// <c>X.razor.g.cs</c>/<c>X.cshtml.g.cs</c>), or it starts with <c>#pragma checksum "X.razor"</c>/<c>"X.cshtml"</c>.
    /// </summary>
    public static bool IsRazorGenerated(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (!IsGeneratedCode(tree, cancellationToken))
        {
            return false;
        }

        if (HasRazorGeneratedFileName(tree.FilePath))
        {
            return true;
        }

        return IsRazorFile(ChecksumFile(tree, cancellationToken));
    }

    /// <summary>The file named by the first <c>#pragma checksum</c> before the first token, or null.</summary>
    private static string? ChecksumFile(SyntaxTree tree, CancellationToken cancellationToken)
    {
        foreach (var trivia in tree.GetRoot(cancellationToken).GetLeadingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.PragmaChecksumDirectiveTrivia) && trivia.GetStructure() is PragmaChecksumDirectiveTriviaSyntax checksum)
            {
                return checksum.File.ValueText;
            }
        }

        return null;
    }

    /// <summary>
    /// Roslyn's own test for generated code (GeneratedCodeUtilities): a file named <c>TemporaryGeneratedFile_*</c>,
    /// <c>*.designer.*</c>, <c>*.generated.*</c>, <c>*.g.*</c> or <c>*.g.i.*</c>, or a file whose first token's leading
    /// comments contain <c>&lt;auto-generated</c> or <c>&lt;autogenerated</c>.
    /// </summary>
    public static bool IsGeneratedCode(SyntaxTree tree, CancellationToken cancellationToken)
        => HasGeneratedFileName(tree.FilePath) || BeginsWithAutoGeneratedComment(tree, cancellationToken);

    /// <summary>The file-name half of <see cref="IsGeneratedCode"/>.</summary>
    public static bool HasGeneratedFileName(string? filePath)
    {
        if (string.IsNullOrEmpty(filePath))
        {
            return false;
        }

        var fileName = GetFileName(filePath!);
        if (fileName.StartsWith("TemporaryGeneratedFile_", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var dot = fileName.LastIndexOf('.');
        if (dot <= 0)
        {
            return false;
        }

        var withoutExtension = fileName.Substring(0, dot);
        return withoutExtension.EndsWith(".designer", StringComparison.OrdinalIgnoreCase)
               || withoutExtension.EndsWith(".generated", StringComparison.OrdinalIgnoreCase)
               || withoutExtension.EndsWith(".g", StringComparison.OrdinalIgnoreCase)
               || withoutExtension.EndsWith(".g.i", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True for a <c>.razor</c> or <c>.cshtml</c> path.</summary>
    public static bool IsRazorFile(string? path)
        => path is not null
           && (path.EndsWith(".razor", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".cshtml", StringComparison.OrdinalIgnoreCase));

    /// <summary>True when <paramref name="location"/> maps through <c>#line</c> into a Razor file and touches no hidden line.</summary>
    public static bool MapsToRazorSource(Location location, CancellationToken cancellationToken)
    {
        var tree = location.SourceTree;
        if (tree is null)
        {
            return false;
        }

        var span = location.SourceSpan;
        if (tree.GetLineVisibility(span.Start, cancellationToken) != LineVisibility.Visible
            || tree.GetLineVisibility(Math.Max(span.Start, span.End - 1), cancellationToken) != LineVisibility.Visible)
        {
            return false;
        }

        var mapped = location.GetMappedLineSpan();
        return mapped.IsValid
               && mapped.HasMappedPath
               && IsRazorFile(mapped.Path)
               && mapped.StartLinePosition.Line >= 0
               && mapped.EndLinePosition >= mapped.StartLinePosition;
    }

    private static bool HasRazorGeneratedFileName(string? filePath)
    {
        if (string.IsNullOrEmpty(filePath))
        {
            return false;
        }

        var fileName = GetFileName(filePath!);
        return fileName.EndsWith("_razor.g.cs", StringComparison.OrdinalIgnoreCase)
               || fileName.EndsWith("_cshtml.g.cs", StringComparison.OrdinalIgnoreCase)
               || fileName.EndsWith(".razor.g.cs", StringComparison.OrdinalIgnoreCase)
               || fileName.EndsWith(".cshtml.g.cs", StringComparison.OrdinalIgnoreCase);
    }

    private static string GetFileName(string path)
    {
        var slash = Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return slash >= 0 ? path.Substring(slash + 1) : path;
    }

    private static bool BeginsWithAutoGeneratedComment(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var root = tree.GetRoot(cancellationToken);
        if (root.FullSpan.Length == 0)
        {
            return false;
        }

        foreach (var trivia in root.GetLeadingTrivia())
        {
            if (!trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) && !trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
            {
                continue;
            }

            var text = trivia.ToString();
            if (text.IndexOf("<autogenerated", StringComparison.Ordinal) >= 0 || text.IndexOf("<auto-generated", StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// When the Razor file is one of the compilation's additional files (the Razor generator reads them from
    /// there), the mapped span must lie inside it; a mapping past its end would put the warning on a line that
    /// does not exist. Without the file there is nothing to check against.
    /// </summary>
    private bool ExistsInRazorFile(FileLinePositionSpan mapped, CancellationToken cancellationToken)
    {
        var lineCount = _razorLineCounts.GetOrAdd(mapped.Path, path => CountLines(path, cancellationToken));
        return lineCount < 0 || mapped.EndLinePosition.Line < lineCount;
    }

    private int CountLines(string path, CancellationToken cancellationToken)
        => FindAdditionalFile(path)?.GetText(cancellationToken) is { } text ? text.Lines.Count : -1;

    private static string Normalize(string? path)
    {
        var normalized = (path ?? string.Empty).Replace('\\', '/');
        return normalized.StartsWith("./", StringComparison.Ordinal) ? normalized.Substring(2) : normalized;
    }
}
