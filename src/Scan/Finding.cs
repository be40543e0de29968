using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Unblock.Scan;

/// <summary>A place in a source file: 1-based lines and columns, as compilers print them.</summary>
internal sealed record SourceSpan(string Path, int Line, int Column, int EndLine, int EndColumn)
{
    public static SourceSpan? From(Location location)
    {
        var span = location.GetMappedLineSpan();
        if (!span.IsValid || string.IsNullOrEmpty(span.Path))
        {
            return null;
        }

        return new SourceSpan(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1,
            span.EndLinePosition.Line + 1, span.EndLinePosition.Character + 1);
    }

    /// <summary>A line whose column is not known (a step named by another project's summary as <c>file:line</c>): column 0.</summary>
    public static SourceSpan AtLine(string path, int line) => new(path, line, 0, line, 0);

    /// <summary><c>path(line,col)</c> (<c>path(line)</c> without a column), the path relative to <paramref name="baseDirectory"/> when the file is under it.</summary>
    public string Format(string? baseDirectory)
        => string.Create(CultureInfo.InvariantCulture, $"{Paths.Display(Path, baseDirectory)}({Line}{(Column > 0 ? "," + Column.ToString(CultureInfo.InvariantCulture) : string.Empty)})");
}

/// <summary>One step of a BLK007 chain that has a place in source: the blocking call at its end, for one.</summary>
internal sealed record ChainStep(SourceSpan At, string Text);

/// <summary>One diagnostic of the scan, with its effective severity (after the project's .editorconfig and build options).</summary>
internal sealed partial record Finding(string Id, DiagnosticSeverity Severity, string Message, SourceSpan At, string Project, string? Chain, ImmutableArray<ChainStep> Steps)
{
    public static string SeverityText(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "info",
        _ => "hidden",
    };

    /// <summary>Does this finding fail the scan under <paramref name="failOn"/>?</summary>
    public bool Fails(FailOn failOn) => failOn switch
    {
        FailOn.Warning => Severity >= DiagnosticSeverity.Warning,
        FailOn.Error => Severity == DiagnosticSeverity.Error,
        _ => false,
    };

    /// <summary>
    /// The diagnostic as the scan reports it; null for one without a place in source or below Info. A BLK007 chain that
    /// ends in another project names the blocking call as <c>file:line</c>; <paramref name="resolve"/> (assembly name,
    /// file name) finds its path when it can.
    /// </summary>
    public static Finding? From(Diagnostic diagnostic, string project, Func<string, string, string?>? resolve = null)
    {
        if (diagnostic.Severity == DiagnosticSeverity.Hidden || diagnostic.IsSuppressed || SourceSpan.From(diagnostic.Location) is not { } at)
        {
            return null;
        }

        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        var steps = ImmutableArray.CreateBuilder<ChainStep>();
        string? chain = null;
        if (diagnostic.Id == Analyzers.DiagnosticIds.TransitiveBlockingCall)
        {
            // BLK007's last message argument is the chain (Caller → Type.Helper(string) → Blocking.Call), in parentheses after
            // the quoted blocking member (the steps' parameter types may hold " (" too); its additional location is the blocking call.
            var open = message.IndexOf("' (", StringComparison.Ordinal);
            if (open > 0 && message.EndsWith(')') && message.IndexOf('→', open) > 0)
            {
                chain = message[(open + 3)..^1];
            }

            var external = chain is null ? null : ExternalSite().Match(chain);
            var last = (external is { Success: true } ? chain![..external.Index] : chain)?.Split(" → ").LastOrDefault();
            foreach (var location in diagnostic.AdditionalLocations)
            {
                if (SourceSpan.From(location) is { } step)
                {
                    steps.Add(new ChainStep(step, last ?? "blocks here"));
                }
            }

            if (external is { Success: true } && external.Groups["file"].Success && resolve is not null)
            {
                var assembly = external.Groups["inner"].Success ? external.Groups["inner"].Value : external.Groups["assembly"].Value;
                if (resolve(assembly, external.Groups["file"].Value) is { } path)
                {
                    steps.Add(new ChainStep(SourceSpan.AtLine(path, int.Parse(external.Groups["line"].Value, CultureInfo.InvariantCulture)), last ?? "blocks here"));
                }
            }
        }

        return new Finding(diagnostic.Id, diagnostic.Severity, message, at, project, chain, steps.ToImmutable());
    }

    /// <summary>The end of a chain that leaves the project: <c>, in Library at Templates.cs:9</c> (<c>... at Io.cs:3 in Other</c> when it goes on).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@", in (?<assembly>\S+)(?: at (?<file>[^:\s]+):(?<line>\d+)(?: in (?<inner>\S+))?)?$")]
    private static partial System.Text.RegularExpressions.Regex ExternalSite();

    /// <summary>Source order; the same diagnostic from two loads of a project (one per target framework) once.</summary>
    public static IReadOnlyList<Finding> Order(IEnumerable<Finding> findings)
        => findings
            .GroupBy(f => (f.Id, f.At, f.Message))
            .Select(g => g.First())
            .OrderBy(f => f.At.Path, StringComparer.Ordinal)
            .ThenBy(f => f.At.Line)
            .ThenBy(f => f.At.Column)
            .ThenBy(f => f.Id, StringComparer.Ordinal)
            .ToList();
}

internal static class Paths
{
    /// <summary><paramref name="path"/> relative to <paramref name="baseDirectory"/> when under it (forward slashes), else as given.</summary>
    public static string Display(string path, string? baseDirectory)
    {
        if (baseDirectory is null)
        {
            return path;
        }

        var relative = System.IO.Path.GetRelativePath(baseDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
    }
}
