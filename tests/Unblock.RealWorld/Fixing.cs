using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Unblock.Fuzz;

namespace Unblock.RealWorld;

/// <summary>What one rule's fixes did to one repository.</summary>
public sealed record RuleFix(string Id, int Before, int Offered, int After, IReadOnlyList<string> Files);

/// <summary>The fix run on one repository.</summary>
public sealed record RepositoryFix(string Repo, int Projects, IReadOnlyList<RuleFix> Rules, int ErrorsBefore, int ErrorsAfter,
    IReadOnlyList<CompileError> NewErrors, IReadOnlyList<string> SecondPassFiles, TimeSpan Elapsed)
{
    public int FindingsBefore => Rules.Sum(r => r.Before);

    public int FindingsOffered => Rules.Sum(r => r.Offered);

    public int FindingsFixed => Rules.Sum(r => r.Before - r.After);

    public int FilesChanged => Rules.SelectMany(r => r.Files).Distinct(StringComparer.Ordinal).Count();

    public string Summary => $"{Repo}: {FindingsBefore} findings, {FindingsOffered} with a fix offered, {FindingsFixed} fixed in {FilesChanged} files, {ErrorsBefore} compile errors before, {ErrorsAfter} after, {NewErrors.Count} new; second pass: {(SecondPassFiles.Count == 0 ? "no change" : $"{SecondPassFiles.Count} files changed")}";
}

/// <summary>
/// <c>--fix</c>: applies every Unblock fix to a repository's loaded projects as <c>dotnet format analyzers --diagnostics BLK001 ... BLK008
/// --severity info</c> does (replayed in-process by <see cref="DotnetFormatPass"/>: for each id, analyse, take the first diagnostic,
/// its first action's equivalence key, Fix All at solution scope), twice, and compiles before and after. Nothing is written to the clone.
/// </summary>
public static class Fixing
{
    public static readonly string[] Ids = { "BLK001", "BLK002", "BLK003", "BLK004", "BLK005", "BLK006", "BLK007", "BLK008" };

    /// <param name="diffPath">Where the unified diff of the first pass is written (the clone is left as it is).</param>
    public static async Task<RepositoryFix> RunAsync(Repository repo, string clone, Solution solution, string diffPath, Action<string> log, CancellationToken cancellation)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string Relative(string path) => Path.GetRelativePath(clone, path).Replace('\\', '/');

        var errorsBefore = await CompileError.OfAsync(solution, cancellation);
        log($"{repo.Name}: {errorsBefore.Count} compile errors before the fixes");
        var found = await DotnetFormatPass.AnalyzeAsync(solution, Ids, cancellation);
        var before = Count(found);

        // The findings for which some fix is offered (the IDE's light bulb); the others have no safe fix and stay.
        var offered = new Dictionary<string, int>();
        foreach (var diagnostic in found.Values.SelectMany(d => d))
        {
            var document = solution.GetDocument(diagnostic.Location.SourceTree);
            if (document is not null && (await Harness.GetCodeActionsAsync(document, diagnostic, cancellationToken: cancellation)).Count > 0)
            {
                offered[diagnostic.Id] = offered.GetValueOrDefault(diagnostic.Id) + 1;
            }
        }

        log($"{repo.Name}: {before.Values.Sum()} findings before ({string.Join(", ", before.Select(p => $"{p.Key} {p.Value}"))})");

        var steps = new List<(string Id, Solution Before, Solution After)>();
        var once = await DotnetFormatPass.RunAsync(solution, Ids, cancellationToken: cancellation, onFixed: (id, b, a) => steps.Add((id, b, a)));
        var files = new Dictionary<string, List<string>>();
        foreach (var (id, b, a) in steps)
        {
            var changed = ReferenceEquals(a, b) ? Array.Empty<string>() : await DotnetFormatPass.ChangedFilesAsync(b, a, cancellation);
            files[id] = changed.Select(Relative).ToList();
            log($"{repo.Name}: pass 1 {id}: {changed.Count} files changed");
        }

        await WriteDiffAsync(clone, solution, once, diffPath, cancellation);
        var after = Count(await DotnetFormatPass.AnalyzeAsync(once, Ids, cancellation));
        var twice = await DotnetFormatPass.RunAsync(once, Ids, cancellationToken: cancellation);
        IReadOnlyList<string> secondPass = ReferenceEquals(once, twice) ? Array.Empty<string>() : (await DotnetFormatPass.ChangedFilesAsync(once, twice, cancellation)).Select(Relative).ToList();
        log($"{repo.Name}: pass 2: {secondPass.Count} files changed");

        var errorsAfter = await CompileError.OfAsync(once, cancellation);
        var added = CompileError.New(errorsBefore, errorsAfter).Select(e => e with { File = Relative(e.File) }).ToList();
        var rules = Ids.Select(id => new RuleFix(id, before.GetValueOrDefault(id), offered.GetValueOrDefault(id), after.GetValueOrDefault(id), files.GetValueOrDefault(id) ?? new List<string>())).ToList();
        return new RepositoryFix(repo.Name, solution.Projects.Count(), rules, errorsBefore.Count, errorsAfter.Count, added, secondPass, clock.Elapsed);
    }

    /// <summary>The first pass's changes as a unified diff: each changed file written to a scratch folder and compared with the clone's copy by git.</summary>
    private static async Task WriteDiffAsync(string clone, Solution before, Solution after, string diffPath, CancellationToken cancellation)
    {
        var scratch = Path.Combine(Path.GetDirectoryName(diffPath)!, Path.GetFileNameWithoutExtension(diffPath) + ".after");
        if (Directory.Exists(scratch))
        {
            Directory.Delete(scratch, recursive: true);
        }

        var diff = new StringBuilder();
        foreach (var file in (await DotnetFormatPass.ChangedFilesAsync(before, after, cancellation)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var document = after.GetDocumentIdsWithFilePath(file).Select(after.GetDocument).First(d => d is not null)!;
            var copy = Path.Combine(scratch, Path.GetRelativePath(clone, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            var text = await document.GetTextAsync(cancellation);
            await File.WriteAllTextAsync(copy, text.ToString(), text.Encoding ?? new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), cancellation);
            var (_, output) = await Preparation.RunAsync("git", $"diff --no-index --no-color \"{file}\" \"{copy}\"", clone, TimeSpan.FromMinutes(1), cancellation);
            diff.Append(output);
        }

        await File.WriteAllTextAsync(diffPath, diff.ToString(), cancellation);
    }

    private static Dictionary<string, int> Count(IReadOnlyDictionary<ProjectId, ImmutableArray<Diagnostic>> byProject)
        => byProject.Values.SelectMany(d => d).GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>One repository's section of fix-report.md.</summary>
    public static string Section(RepositoryFix fix)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"## {fix.Repo}");
        text.AppendLine();
        text.AppendLine(inv, $"{fix.Projects} projects loaded; {fix.ErrorsBefore} compile errors before the fixes (packages not served here), {fix.ErrorsAfter} after; {fix.Elapsed.TotalMinutes:F1} minutes.");
        text.AppendLine();
        text.AppendLine("| Rule | Findings before | With a fix offered | Fixed (gone) | Left | Files changed | New compile errors |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        var byFile = fix.NewErrors.GroupBy(e => e.File).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var rule in fix.Rules)
        {
            // A new error is put on every rule that changed its file (usually one).
            var errors = rule.Files.Distinct(StringComparer.Ordinal).Sum(f => byFile.GetValueOrDefault(f));
            text.AppendLine(inv, $"| {rule.Id} | {rule.Before} | {rule.Offered} | {rule.Before - rule.After} | {rule.After} | {rule.Files.Count} | {errors} |");
        }

        text.AppendLine(inv, $"| **all** | {fix.FindingsBefore} | {fix.FindingsOffered} | {fix.FindingsFixed} | {fix.FindingsBefore - fix.FindingsFixed} | {fix.FilesChanged} | {fix.NewErrors.Count} |");
        text.AppendLine();
        text.AppendLine(inv, $"Second pass: {(fix.SecondPassFiles.Count == 0 ? "changed nothing" : "changed " + string.Join(", ", fix.SecondPassFiles))}.");
        text.AppendLine();
        text.AppendLine(fix.NewErrors.Count == 0 ? "New compile errors: none." : "New compile errors:");
        foreach (var error in fix.NewErrors)
        {
            text.AppendLine(inv, $"- `{error.File}:{error.Line}` {error.Id}: {error.Message}");
        }

        text.AppendLine();
        foreach (var rule in fix.Rules.Where(r => r.Files.Count > 0))
        {
            text.AppendLine(inv, $"Files changed by {rule.Id}: {string.Join(", ", rule.Files.Select(f => "`" + f + "`"))}");
            text.AppendLine();
        }

        return text.ToString();
    }
}
