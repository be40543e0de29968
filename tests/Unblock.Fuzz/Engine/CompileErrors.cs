using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace Unblock.Fuzz;

/// <summary>One compiler error: its id, message and file (the identity used to compare builds) and its 1-based line.</summary>
public sealed record CompileError(string Id, string Message, string File, int Line)
{
    /// <summary>What identifies an error across a change: the line is left out, since a fix above it moves it.</summary>
    public (string Id, string Message, string File) Key => (Id, Message, File);

    public static CompileError From(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetMappedLineSpan();
        return new CompileError(diagnostic.Id, diagnostic.GetMessage(CultureInfo.InvariantCulture), span.Path ?? string.Empty, span.IsValid ? span.StartLinePosition.Line + 1 : 0);
    }

    /// <summary>The compiler errors of every project of <paramref name="solution"/>.</summary>
    public static async Task<IReadOnlyList<CompileError>> OfAsync(Solution solution, CancellationToken cancellationToken = default)
    {
        var errors = new List<CompileError>();
        foreach (var project in solution.Projects)
        {
            errors.AddRange((await Harness.CompilerErrorsAsync(project, cancellationToken).ConfigureAwait(false)).Select(From));
        }

        return errors;
    }

    /// <summary>
    /// The errors of <paramref name="after"/> that <paramref name="before"/> did not have, as a multiset difference on
    /// (id, message, file): an error that was there before as often counts for nothing, wherever its line moved; each surplus
    /// one is listed (an occurrence on a line that had the same error before is matched first, so the new ones are listed).
    /// </summary>
    public static ImmutableArray<CompileError> New(IEnumerable<CompileError> before, IEnumerable<CompileError> after)
    {
        var remaining = before.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.ToList());
        var result = ImmutableArray.CreateBuilder<CompileError>();
        foreach (var group in after.GroupBy(e => e.Key))
        {
            var old = remaining.TryGetValue(group.Key, out var list) ? list : new List<CompileError>();
            var surplus = group.Count() - old.Count;
            if (surplus <= 0)
            {
                continue;
            }

            var oldLines = old.Select(e => e.Line).ToList();
            var unmatched = new List<CompileError>();
            foreach (var error in group)
            {
                if (!oldLines.Remove(error.Line))
                {
                    unmatched.Add(error);
                }
            }

            // At most before-count occurrences are matched, so at least the surplus is left unmatched.
            result.AddRange(unmatched.Take(surplus));
        }

        return result.ToImmutable();
    }
}
