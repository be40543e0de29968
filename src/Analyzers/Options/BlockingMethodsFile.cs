using System;
using System.Collections.Immutable;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Unblock.Analyzers.Options;

/// <summary>
/// The user's (or a library's) list of extra blocking methods, read from the AdditionalFiles named
/// <c>Unblock.BlockingMethods.txt</c>. One entry a line:
/// <code>
/// # comment
/// M:Contoso.Client.Fetch(System.String) => FetchAsync
/// M:Contoso.Client.Send                     # every overload; no twin: reported without a fix
/// T:Contoso.LegacyClient                    # every method of the type
/// </code>
/// A malformed line is skipped and described in <see cref="Errors"/>; reading never throws.
/// </summary>
public sealed class BlockingMethodsFile
{
    /// <summary>The file name looked for among the AdditionalFiles (case-insensitive).</summary>
    public const string FileName = "Unblock.BlockingMethods.txt";

    private const string Arrow = "=>";

    public static readonly BlockingMethodsFile Empty = new(ImmutableDictionary<string, string?>.Empty, ImmutableArray<LineError>.Empty);

    private BlockingMethodsFile(ImmutableDictionary<string, string?> entries, ImmutableArray<LineError> errors)
    {
        Entries = entries;
        Errors = errors;
    }

    /// <summary>Documentation ID (<c>M:...</c> with or without parameters, or <c>T:...</c>) to the async twin's name (null when none is given).</summary>
    public ImmutableDictionary<string, string?> Entries { get; }

    /// <summary>The malformed lines, with where they are and why.</summary>
    public ImmutableArray<LineError> Errors { get; }

    /// <summary>True when <paramref name="file"/> is an <c>Unblock.BlockingMethods.txt</c>.</summary>
    public static bool IsBlockingMethodsFile(AdditionalText file)
        => string.Equals(Path.GetFileName(file.Path), FileName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every <c>Unblock.BlockingMethods.txt</c> among <paramref name="files"/>, merged.</summary>
    public static BlockingMethodsFile Read(ImmutableArray<AdditionalText> files)
    {
        var entries = ImmutableDictionary.CreateBuilder<string, string?>(StringComparer.Ordinal);
        var errors = ImmutableArray.CreateBuilder<LineError>();
        foreach (var file in files)
        {
            if (IsBlockingMethodsFile(file))
            {
                Parse(file.Path, file.GetText(), entries, errors);
            }
        }

        return entries.Count == 0 && errors.Count == 0 ? Empty : new BlockingMethodsFile(entries.ToImmutable(), errors.ToImmutable());
    }

    /// <summary>Parses one file's text; a null text (unreadable file) gives nothing.</summary>
    public static BlockingMethodsFile Parse(string path, SourceText? text)
    {
        var entries = ImmutableDictionary.CreateBuilder<string, string?>(StringComparer.Ordinal);
        var errors = ImmutableArray.CreateBuilder<LineError>();
        Parse(path, text, entries, errors);
        return new BlockingMethodsFile(entries.ToImmutable(), errors.ToImmutable());
    }

    /// <summary>The twin for <paramref name="method"/> when the list names it: (true, twin or null), else (false, null).</summary>
    public bool TryGet(IMethodSymbol method, out string? twin)
    {
        twin = null;
        if (Entries.IsEmpty)
        {
            return false;
        }

        var id = method.OriginalDefinition.GetDocumentationCommentId();
        if (id is not null)
        {
            if (Entries.TryGetValue(id, out twin))
            {
                return true;
            }

            var paren = id.IndexOf('(');
            if (paren > 0 && Entries.TryGetValue(id.Substring(0, paren), out twin))
            {
                return true;
            }
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var typeId = type.OriginalDefinition.GetDocumentationCommentId();
            if (typeId is not null && Entries.TryGetValue(typeId, out twin))
            {
                twin = null;
                return true;
            }
        }

        return false;
    }

    private static void Parse(string path, SourceText? text, ImmutableDictionary<string, string?>.Builder entries, ImmutableArray<LineError>.Builder errors)
    {
        if (text is null)
        {
            return;
        }

        foreach (var line in text.Lines)
        {
            var raw = StripComment(line.ToString());
            var content = raw.Trim();
            if (content.Length == 0)
            {
                continue;
            }

            var error = ParseLine(content, out var id, out var twin);
            if (error is null)
            {
                entries[id!] = twin;
            }
            else
            {
                var start = raw.Length - raw.TrimStart().Length;
                var span = new TextSpan(line.Start + start, content.Length);
                errors.Add(new LineError(content, error, Location.Create(path, span, text.Lines.GetLinePositionSpan(span))));
            }
        }
    }

    /// <summary>Drops a comment: a '#' at the start of the line or after white space (a '#' inside an ID, as in '#ctor', stays).</summary>
    private static string StripComment(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return line.Substring(0, i);
            }
        }

        return line;
    }

    private static string? ParseLine(string content, out string? id, out string? twin)
    {
        id = null;
        twin = null;
        var arrow = content.IndexOf(Arrow, StringComparison.Ordinal);
        var member = (arrow < 0 ? content : content.Substring(0, arrow)).Trim();
        if (arrow >= 0)
        {
            twin = content.Substring(arrow + Arrow.Length).Trim();
            if (twin.Contains(Arrow))
            {
                return "a line has at most one '=>'";
            }

            if (!IsIdentifier(twin))
            {
                return "after '=>' comes the name of the asynchronous twin, a single identifier such as 'FetchAsync'";
            }
        }

        if (member.Length < 3 || member[1] != ':' || (member[0] != 'M' && member[0] != 'T'))
        {
            return "an entry starts with a documentation ID: 'M:Namespace.Type.Method', 'M:Namespace.Type.Method(System.String)' or 'T:Namespace.Type'";
        }

        if (member.IndexOf(' ') >= 0 || member.IndexOf('\t') >= 0)
        {
            return "a documentation ID has no spaces; separate the twin with '=>'";
        }

        var paren = member.IndexOf('(');
        if (paren >= 0 && (member[member.Length - 1] != ')' || member[0] == 'T'))
        {
            return "a parameter list is written '(Type1,Type2)' at the end of an 'M:' ID";
        }

        if (member[0] == 'T' && twin is not null)
        {
            return "a 'T:' entry marks every method of a type and cannot name a twin; list the methods with 'M:' instead";
        }

        id = member;
        return null;
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A malformed line: its text, why it is malformed, and where.</summary>
    public sealed record LineError(string Text, string Reason, Location Location);
}
