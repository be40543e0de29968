using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Unblock.Scan.Tests;

/// <summary>
/// Real projects in a temporary folder, loaded with MSBuildWorkspace: a good project, one whose file is not a project
/// (reported and skipped), one that does not exist; the project's .editorconfig decides the severity.
/// </summary>
public sealed class ScannerTests : IDisposable
{
    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
        </Project>
        """;

    private const string Source = """
        using System.Threading;
        using System.Threading.Tasks;

        public static class Handlers
        {
            public static async Task SleepAsync()
            {
                await Task.Yield();
                Thread.Sleep(10);
            }

            public static async Task HelperAsync()
            {
                await Task.Yield();
                Wait();
            }

            private static void Wait() => Thread.Sleep(10);
        }
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "unblock-scan-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public ScannerTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "Good"));
        Directory.CreateDirectory(Path.Combine(_root, "Broken"));
        File.WriteAllText(Path.Combine(_root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(_root, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(_root, "Good", "Good.csproj"), Project);
        File.WriteAllText(Path.Combine(_root, "Good", "Handlers.cs"), Source);
        File.WriteAllText(Path.Combine(_root, "Broken", "Broken.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");
        File.WriteAllText(Path.Combine(_root, "All.sln"), """
            Microsoft Visual Studio Solution File, Format Version 12.00
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Good", "Good\Good.csproj", "{11111111-1111-1111-1111-111111111111}"
            EndProject
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Broken", "Broken\Broken.csproj", "{22222222-2222-2222-2222-222222222222}"
            EndProject
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Missing", "Missing\Missing.csproj", "{33333333-3333-3333-3333-333333333333}"
            EndProject
            """);
        Restore(Path.Combine(_root, "Good", "Good.csproj"));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void Restore(string project)
    {
        var info = new ProcessStartInfo("dotnet", $"restore \"{project}\"") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(180_000), "restore timed out");
        Assert.True(process.ExitCode == 0, output.GetAwaiter().GetResult() + errors.GetAwaiter().GetResult());
    }

    [Fact]
    public async Task A_project_that_fails_to_load_is_reported_and_skipped_and_the_others_are_analysed_with_their_options()
    {
        var progress = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var scanner = new Scanner(progress.Enqueue);
        var result = await scanner.ScanAsync(Path.Combine(_root, "All.sln"), new System.Collections.Generic.Dictionary<string, string>(), CancellationToken.None);

        Assert.Contains(result.Problems, p => p.Contains("Broken.csproj", StringComparison.Ordinal) && p.Contains("skipped", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Contains("Missing.csproj", StringComparison.Ordinal) && p.Contains("not found", StringComparison.Ordinal));
        Assert.Equal((3, 1), (result.Projects, result.Analyzed));
        Assert.Contains("loading 1/3 Good.csproj", progress);
        Assert.Contains("loading 2/3 Broken.csproj", progress);
        Assert.Contains("analysing 1/1 Good", progress);

        var sleep = Assert.Single(result.Findings, f => f.Id == "BLK002");
        Assert.Equal((9, 9, DiagnosticSeverity.Warning), (sleep.At.Line, sleep.At.Column, sleep.Severity));
        var chain = Assert.Single(result.Findings, f => f.Id == "BLK007");
        Assert.Equal(15, chain.At.Line);
        Assert.Equal("HelperAsync → Handlers.Wait() → Thread.Sleep", chain.Chain);
        var step = Assert.Single(chain.Steps);
        Assert.Equal((18, "Thread.Sleep"), (step.At.Line, step.Text));
        Assert.Equal(ExitCodes.Findings, Program.ExitCode(result, FailOn.Warning));
        Assert.Equal(ExitCodes.Clean, Program.ExitCode(result, FailOn.Error));

        // The project's .editorconfig applies: BLK002 becomes an error, BLK007 is off.
        await File.WriteAllTextAsync(Path.Combine(_root, "Good", ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.BLK002.severity = error\ndotnet_diagnostic.BLK007.severity = none\n");
        var configured = await new Scanner(_ => { }).ScanAsync(Path.Combine(_root, "Good", "Good.csproj"), new System.Collections.Generic.Dictionary<string, string>(), CancellationToken.None);
        Assert.Empty(configured.Problems);
        var only = Assert.Single(configured.Findings);
        Assert.Equal(("BLK002", DiagnosticSeverity.Error), (only.Id, only.Severity));
        Assert.Equal(ExitCodes.Findings, Program.ExitCode(configured, FailOn.Error));
    }

    [Fact]
    public async Task A_project_that_outlasts_the_time_out_is_reported_and_skipped()
    {
        var result = await new Scanner(_ => { }, timeout: TimeSpan.FromMilliseconds(1)).ScanAsync(Path.Combine(_root, "Good", "Good.csproj"), new System.Collections.Generic.Dictionary<string, string>(), CancellationToken.None);
        Assert.Equal(0, result.Analyzed);
        Assert.Contains(result.Problems, p => p.Contains("Good.csproj", StringComparison.Ordinal) && p.Contains("took longer than", StringComparison.Ordinal) && p.EndsWith("skipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_project_is_analysed_in_a_fork_that_shares_no_compilation_with_the_loaded_solution()
    {
        using var workspace = new AdhocWorkspace();
        var core = workspace.AddProject("Core", LanguageNames.CSharp);
        workspace.AddDocument(core.Id, "A.cs", Microsoft.CodeAnalysis.Text.SourceText.From("public class A { }"));
        var web = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "Web", "Web", LanguageNames.CSharp,
            projectReferences: new[] { new ProjectReference(core.Id) }));
        workspace.AddDocument(web.Id, "B.cs", Microsoft.CodeAnalysis.Text.SourceText.From("public class B : A { }"));
        var loaded = workspace.CurrentSolution;

        var fork = Scanner.Fresh(loaded, web.Id);
        Assert.NotSame(loaded, fork);
        Assert.Equal("Core", fork.GetProject(core.Id)!.AssemblyName);
        Assert.Equal(loaded.GetProject(web.Id)!.DocumentIds, fork.GetProject(web.Id)!.DocumentIds);
        var compilation = await fork.GetProject(web.Id)!.GetCompilationAsync();
        Assert.DoesNotContain(compilation!.GetDiagnostics(), d => d.Id == "CS0246");
        Assert.True(fork.GetProject(core.Id)!.TryGetCompilation(out _));

        // The loaded solution has built nothing, for the project or its reference: dropping the fork frees both.
        Assert.False(loaded.GetProject(web.Id)!.TryGetCompilation(out _));
        Assert.False(loaded.GetProject(core.Id)!.TryGetCompilation(out _));
        Assert.False(Scanner.Fresh(loaded, web.Id).GetProject(core.Id)!.TryGetCompilation(out _));
    }

    /// <summary>
    /// samples/MultiProject: Web calls IDocumentStore (Core), implemented in Infrastructure, which Web does not reference,
    /// and Templates.Render (Library). Each project is analysed with the other projects' summaries.
    /// </summary>
    [Fact]
    public async Task The_sample_solution_is_followed_across_projects_referenced_or_not()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Analyzers.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        var sample = Path.Combine(root, "samples", "MultiProject");
        var result = await new Scanner(_ => { }).ScanAsync(Path.Combine(sample, "MultiProject.sln"), new System.Collections.Generic.Dictionary<string, string>(), CancellationToken.None);
        Assert.Empty(result.Problems);
        Assert.Equal((4, 4), (result.Projects, result.Analyzed));
        Assert.Equal(
            new[]
            {
                "Infrastructure/FileDocumentStore.cs(20,9): warning BLK003",
                "Web/OrdersController.cs(19,16): warning BLK007 GetAsync → FileDocumentStore.Load(string) → File.ReadAllText(), in Infrastructure at FileDocumentStore.cs:15 | Infrastructure/FileDocumentStore.cs(15)",
                "Web/OrdersController.cs(26,16): warning BLK007 PageAsync → Templates.Render(string, string) → File.ReadAllText(), in Library at Templates.cs:9 | Library/Templates.cs(9)",
            },
            result.Findings.Select(f => $"{f.At.Format(sample)}: {Finding.SeverityText(f.Severity)} {f.Id}{(f.Chain is null ? string.Empty : " " + f.Chain)}{string.Concat(f.Steps.Select(s => " | " + s.At.Format(sample)))}"));
    }
}
