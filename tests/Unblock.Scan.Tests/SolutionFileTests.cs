using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Unblock.Scan.Tests;

public sealed class SolutionFileTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "unblock-scan-sln-" + Guid.NewGuid().ToString("N")[..8]);

    public SolutionFileTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(_root, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private async Task<string[]> Relative(string path)
        => (await SolutionFile.ProjectsAsync(path, CancellationToken.None)).Select(p => Path.GetRelativePath(_root, p).Replace('\\', '/')).ToArray();

    [Fact]
    public async Task Every_kind_of_solution_lists_its_csharp_projects_only()
    {
        var sln = await WriteAsync("A.sln", """
            Microsoft Visual Studio Solution File, Format Version 12.00
            Project("{2150E333-8FDC-42A3-9474-1A3956D46DE8}") = "src", "src", "{11111111-1111-1111-1111-111111111111}"
            EndProject
            Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "Web", "src\Web\Web.csproj", "{22222222-2222-2222-2222-222222222222}"
            EndProject
            Project("{F2A71F9B-5D33-465A-A702-920D77279786}") = "Lib", "src\Lib\Lib.fsproj", "{33333333-3333-3333-3333-333333333333}"
            EndProject
            Project("{9A19103F-16F7-4668-BE54-9A1E7A4F7556}") = "Core", "src\Core\Core.csproj", "{44444444-4444-4444-4444-444444444444}"
            EndProject
            """);
        Assert.Equal(new[] { "src/Web/Web.csproj", "src/Core/Core.csproj" }, await Relative(sln));

        var slnx = await WriteAsync("A.slnx", """
            <Solution>
              <Folder Name="/src/">
                <Project Path="src/Web/Web.csproj" />
                <Project Path="src/Sql/Sql.sqlproj" />
              </Folder>
              <Project Path="tests/Web.Tests/Web.Tests.csproj" />
              <File Path="README.md" />
            </Solution>
            """);
        Assert.Equal(new[] { "src/Web/Web.csproj", "tests/Web.Tests/Web.Tests.csproj" }, await Relative(slnx));

        var slnf = await WriteAsync("A.slnf", """{ "solution": { "path": "A.sln", "projects": [ "src\\Core\\Core.csproj", "src\\Lib\\Lib.fsproj" ] } }""");
        Assert.Equal(new[] { "src/Core/Core.csproj" }, await Relative(slnf));

        Assert.Equal(new[] { "src/Web/Web.csproj" }, await Relative(Path.Combine(_root, "src", "Web", "Web.csproj")));
    }

    [Fact]
    public void A_folder_stands_for_its_only_solution_else_its_only_project()
    {
        Assert.Contains("does not exist", Program.Resolve(Path.Combine(_root, "nowhere")).Problem, StringComparison.Ordinal);
        Assert.Equal((null, $"'{_root}' holds no solution or project"), Program.Resolve(_root));

        var project = Write("A.csproj", "<Project />");
        Assert.Equal((project, null), Program.Resolve(_root));
        Write("B.csproj", "<Project />");
        Assert.Contains("more than one project: name one (A.csproj, B.csproj)", Program.Resolve(_root).Problem, StringComparison.Ordinal);

        var solution = Write("All.slnx", "<Solution />");
        Assert.Equal((solution, null), Program.Resolve(_root));
        Assert.Equal((project, null), Program.Resolve(project));
        Write("Other.sln", string.Empty);
        Assert.Contains("more than one solution", Program.Resolve(_root).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_failures_name_their_project_and_are_summed_up_once()
    {
        var (project, reason) = LoadFailure.Parse("Msbuild failed when processing the file '/r/src/Api/Api.csproj' with message: Unable to find package X with version (>= 1.0)");
        Assert.Equal(("/r/src/Api/Api.csproj", "Unable to find package X with version (>= 1.0)"), (project, reason));
        Assert.Equal("/r/src/Sql/Sql.sqlproj", LoadFailure.Parse("Cannot open project '/r/src/Sql/Sql.sqlproj' because the file extension '.sqlproj' is not associated with a language.").Project);
        Assert.Null(LoadFailure.Parse("Something else went wrong").Project);
        Assert.Equal("/r/A.csproj: could not be loaded (no SDK, and 2 more problems): skipped", LoadFailure.Describe("/r/A.csproj", "no SDK", 2));
        Assert.Equal("/r/A.csproj: could not be loaded (no SDK): skipped", LoadFailure.Describe("/r/A.csproj", "no SDK", 0));
    }
}
