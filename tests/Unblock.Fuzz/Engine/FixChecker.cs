using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;

namespace Unblock.Fuzz;

/// <summary>
/// Checks every fix on one program that compiles: each offered code action alone, then Fix All per equivalence
/// key at document, project and solution scope, and with no key at solution scope (what <c>dotnet format</c> asks for
/// when the first finding it meets has no fix). The result must have no compiler error, nothing the provider can fix
/// may be left (whatever key was asked for: Fix All of a rule fixes all of it), and applying Fix All again must change
/// nothing. The program sits in two projects of one solution, so the three scopes differ.
/// </summary>
public static class FixChecker
{
    private static readonly FixAllScope[] Scopes = { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    /// <summary>The problems found (empty when every fix is good) and how many actions and Fix All runs were checked.</summary>
    public static async Task<(IReadOnlyList<string> Problems, int Actions, int FixAlls)> CheckAsync(
        SourceFile program, LanguageVersion version = LanguageVersion.Latest, IReadOnlyList<CodeFixProvider>? providers = null)
    {
        var problems = new List<string>();
        var solution = Harness.CreateSolution(new[] { new[] { program.Text }, new[] { program.Text } }, version);
        var project = solution.Projects.OrderBy(p => p.Name, StringComparer.Ordinal).First();
        var document = project.Documents.Single();
        if (!(await Harness.CompilerErrorsAsync(project).ConfigureAwait(false)).IsEmpty)
        {
            return (new[] { $"{program.Name}: does not compile before any fix" }, 0, 0);
        }

        var diagnostics = (await Harness.AnalyzeAsync(project).ConfigureAwait(false)).Diagnostics;
        var keys = new List<(CodeFixProvider Provider, string? Key)>();
        var actions = 0;
        foreach (var diagnostic in diagnostics)
        {
            foreach (var (provider, action) in await Harness.GetCodeActionsAsync(document, diagnostic, providers: providers).ConfigureAwait(false))
            {
                actions++;
                var key = action.EquivalenceKey ?? "(null)";
                if (!keys.Contains((provider, key)))
                {
                    keys.Add((provider, key));
                }

                var changed = await Harness.ApplyAsync(action, solution).ConfigureAwait(false);
                var errors = await Harness.CompilerErrorsAsync(changed.GetProject(project.Id)!).ConfigureAwait(false);
                if (!errors.IsEmpty)
                {
                    problems.Add($"{program.Name}: action '{action.Title}' ({key}) on {diagnostic.Id} at {diagnostic.Location.GetLineSpan().StartLinePosition} gives {Describe(errors)}\n{await TextAsync(changed, document.Id).ConfigureAwait(false)}");
                }
            }
        }

        foreach (var provider in keys.Select(k => k.Provider).Distinct().ToList())
        {
            keys.Add((provider, null));
        }

        var fixAlls = 0;
        foreach (var (provider, key) in keys)
        {
            foreach (var scope in key is null ? new[] { FixAllScope.Solution } : Scopes)
            {
                fixAlls++;
                var what = $"{program.Name}: Fix All '{key ?? "(null)"}' at {scope}";
                var fixedSolution = await Harness.FixAllAsync(document, provider, scope, key).ConfigureAwait(false);
                foreach (var changedProject in fixedSolution.Projects)
                {
                    var errors = await Harness.CompilerErrorsAsync(changedProject).ConfigureAwait(false);
                    if (!errors.IsEmpty)
                    {
                        problems.Add($"{what} gives {Describe(errors)}\n{await TextAsync(fixedSolution, changedProject.Documents.Single().Id).ConfigureAwait(false)}");
                    }
                }

                var fixedProject = fixedSolution.GetProject(project.Id)!;
                var fixedDocument = fixedProject.GetDocument(document.Id)!;
                foreach (var left in (await Harness.AnalyzeAsync(fixedProject).ConfigureAwait(false)).Diagnostics)
                {
                    var offered = await Harness.GetCodeActionsAsync(fixedDocument, left, providers: providers).ConfigureAwait(false);
                    if (offered.FirstOrDefault(a => a.Provider == provider) is { Action: { } action })
                    {
                        problems.Add($"{what} leaves {left.Id} at {left.Location.GetLineSpan().StartLinePosition} fixable ({action.EquivalenceKey})");
                    }
                }

                var again = await Harness.FixAllAsync(fixedDocument, provider, scope, key).ConfigureAwait(false);
                foreach (var id in fixedSolution.Projects.Select(p => p.Documents.Single().Id))
                {
                    if (await TextAsync(again, id).ConfigureAwait(false) != await TextAsync(fixedSolution, id).ConfigureAwait(false))
                    {
                        problems.Add($"{what} is not idempotent: applying it twice changes the code again");
                    }
                }
            }
        }

        return (problems, actions, fixAlls);
    }

    private static async Task<string> TextAsync(Solution solution, DocumentId id)
        => (await solution.GetDocument(id)!.GetTextAsync().ConfigureAwait(false)).ToString();

    private static string Describe(IEnumerable<Diagnostic> errors)
        => string.Join("; ", errors.Take(5).Select(e => $"{e.Id} {e.GetMessage(System.Globalization.CultureInfo.InvariantCulture)} at {e.Location.GetLineSpan().StartLinePosition}"));
}
