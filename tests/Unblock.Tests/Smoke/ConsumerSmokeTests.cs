using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Unblock.Tests.Smoke;

/// <summary>
/// What a user relies on, proven end to end: pack Unblock.Analyzers, reference it from a fresh project in a
/// temporary folder (own package cache, only the local feed), and build it as a user would.
/// </summary>
public sealed class ConsumerSmokeTests : IClassFixture<ConsumerSmokeTests.PackedPackage>
{
    private const string ProgramSource = @"using System;
using System.Threading;
using System.Threading.Tasks;

public static class Program
{
    public static async Task Main()
    {
        var value = GetAsync().Result;
        Thread.Sleep(10);
        Console.WriteLine(value);
    }

    private static async Task<int> GetAsync()
    {
        await Task.Yield();
        return 1;
    }
}
";

    private readonly PackedPackage _package;

    public ConsumerSmokeTests(PackedPackage package) => _package = package;

    /// <summary>Packs the package once for all smoke tests.</summary>
    public sealed class PackedPackage : IDisposable
    {
        public PackedPackage()
        {
            Root = DotNetCli.CreateTempDirectory("unblock-smoke");
            Feed = Path.Combine(Root, "feed");
            PackResult = DotNetCli.Run(RepositoryPaths.Root, $"pack src/Package/Package.csproj -c Release -o \"{Feed}\" -p:PackageOutputPath=\"{Feed}\"");
            Nupkg = Directory.Exists(Feed) ? Directory.GetFiles(Feed, "Unblock.Analyzers.*.nupkg").FirstOrDefault() : null;
        }

        public string Root { get; }

        public string Feed { get; }

        public DotNetCli.Result PackResult { get; }

        public string? Nupkg { get; }

        public string Version => Path.GetFileNameWithoutExtension(Nupkg!).Substring("Unblock.Analyzers.".Length);

        public void Dispose()
        {
            try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private string CreateConsumer(string name, string extraProperties = "", string extraItems = "", bool withNuGetOrg = false)
    {
        var dir = CreateConsumerFolder(name, withNuGetOrg);
        File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <NoWarn>CS1998</NoWarn>{extraProperties}
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""Unblock.Analyzers"" Version=""{_package.Version}"" PrivateAssets=""all"" />{extraItems}
  </ItemGroup>
</Project>
");
        File.WriteAllText(Path.Combine(dir, "Program.cs"), ProgramSource);
        return dir;
    }

    /// <summary>A folder with its own empty Directory.*.props and a nuget.config that sees only the packed package.</summary>
    private string CreateConsumerFolder(string name, bool withNuGetOrg = false)
    {
        Assert.True(_package.Nupkg is not null, "pack failed: " + _package.PackResult);
        var dir = Path.Combine(_package.Root, name);
        Directory.CreateDirectory(dir);
        // Empty Directory.*.props stop MSBuild from importing anything above the temporary folder.
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(dir, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(dir, "nuget.config"), $@"<?xml version=""1.0"" encoding=""utf-8""?>
<configuration>
  <packageSources>
    <clear />
    <add key=""local"" value=""{_package.Feed}"" />{(withNuGetOrg ? "\n    <add key=\"nuget.org\" value=\"https://api.nuget.org/v3/index.json\" />" : string.Empty)}
  </packageSources>
  <config>
    <add key=""globalPackagesFolder"" value=""{Path.Combine(dir, ".packages")}"" />
  </config>
</configuration>
");
        return dir;
    }

    [Fact]
    public void Package_holds_only_the_analyzers_the_readme_the_icon_and_the_license()
    {
        Assert.True(_package.Nupkg is not null, "pack failed: " + _package.PackResult);
        using var zip = ZipFile.OpenRead(_package.Nupkg!);
        var files = zip.Entries.Select(e => e.FullName).Where(n => !n.EndsWith(".psmdcp", StringComparison.Ordinal) && !n.StartsWith("_rels/", StringComparison.Ordinal) && n != "[Content_Types].xml").OrderBy(n => n).ToList();
        Assert.Equal(
            new[] { "LICENSE", "README.md", "Unblock.Analyzers.nuspec", "icon.png", "analyzers/dotnet/cs/Unblock.Analyzers.dll", "analyzers/dotnet/cs/Unblock.CodeFixes.dll", "buildTransitive/Unblock.Analyzers.props",
                "buildTransitive/Unblock.none.globalconfig", "buildTransitive/Unblock.recommended.globalconfig", "buildTransitive/Unblock.strict.globalconfig" }.OrderBy(n => n),
            files);
        using var nuspec = new StreamReader(zip.GetEntry("Unblock.Analyzers.nuspec")!.Open());
        var text = nuspec.ReadToEnd();
        Assert.Contains("<developmentDependency>true</developmentDependency>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<dependency ", text, StringComparison.Ordinal);
        Assert.Contains("<license type=\"expression\">MIT</license>", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// nuget.org shows the packed README away from the repository: every link and image in it is absolute, and the
    /// nuspec points at the project, the icon and the changelog.
    /// </summary>
    [Fact]
    public void Packed_readme_has_only_absolute_links_and_the_nuspec_points_home()
    {
        Assert.True(_package.Nupkg is not null, "pack failed: " + _package.PackResult);
        using var zip = ZipFile.OpenRead(_package.Nupkg!);
        string Read(string name)
        {
            using var reader = new StreamReader(zip.GetEntry(name)!.Open());
            return reader.ReadToEnd();
        }

        var readme = Read("README.md");
        var relative = Regex.Matches(readme, @"\]\((?!https?://|#)[^)]*\)").Select(m => m.Value).ToList();
        Assert.True(relative.Count == 0, "relative links in the packed README: " + string.Join(", ", relative));
        Assert.Contains("](https://github.com/unblock-analyzers/unblock/blob/main/docs/rules/BLK001.md)", readme, StringComparison.Ordinal);
        Assert.Matches(@"!\[[^\]]*\]\(https://raw\.githubusercontent\.com/unblock-analyzers/unblock/main/docs/[^)]+\.png\)", readme);
        // Only the links changed: the rest of the text is the repository's README.
        var source = File.ReadAllText(RepositoryPaths.Combine("README.md"));
        Assert.Equal(
            source.Replace("\r\n", "\n", StringComparison.Ordinal).Trim(),
            Regex.Replace(readme, @"\]\(https://(github\.com/unblock-analyzers/unblock/blob/main/|raw\.githubusercontent\.com/unblock-analyzers/unblock/main/)", "](").Replace("\r\n", "\n", StringComparison.Ordinal).Trim());

        var nuspec = Read("Unblock.Analyzers.nuspec");
        Assert.Contains("<projectUrl>https://github.com/unblock-analyzers/unblock</projectUrl>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<icon>icon.png</icon>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<releaseNotes>https://github.com/unblock-analyzers/unblock/blob/main/CHANGELOG.md</releaseNotes>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<repository type=\"git\" url=\"https://github.com/unblock-analyzers/unblock\"", nuspec, StringComparison.Ordinal);

        using var icon = zip.GetEntry("icon.png")!.Open();
        var header = new byte[8];
        icon.ReadExactly(header);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, header);
    }

    [Fact]
    public void Build_shows_warnings_and_warnaserror_fails_the_build()
    {
        var dir = CreateConsumer("warnings");
        var build = DotNetCli.Run(dir, "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("Program.cs(9,21): warning BLK001", build.Output, StringComparison.Ordinal);
        Assert.Contains("Program.cs(10,9): warning BLK002", build.Output, StringComparison.Ordinal);

        var strict = DotNetCli.Run(dir, "build --no-incremental -warnaserror");
        Assert.True(strict.ExitCode != 0, strict.ToString());
        Assert.Contains("error BLK001", strict.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Editorconfig_severity_none_silences_a_rule()
    {
        var dir = CreateConsumer("editorconfig");
        File.WriteAllText(Path.Combine(dir, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.BLK001.severity = none\n");
        var build = DotNetCli.Run(dir, "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("BLK001", build.Output, StringComparison.Ordinal);
        Assert.Contains("warning BLK002", build.Output, StringComparison.Ordinal);
    }

    private const string FormatProgramSource = @"using System;
using System.Threading;
using System.Threading.Tasks;

public static class Program
{
    private static readonly object Gate = new object();

    public static async Task Main()
    {
        lock (Gate)
        {
            Thread.Sleep(1); // no fix
        }

        var pending = GetAsync();
        var done = pending.Wait(100); // no fix
        var value = GetAsync().Result;
        Thread.Sleep(10);
        Console.WriteLine(value + (done ? 1 : 0));
    }

    private static async Task<int> GetAsync()
    {
        await Task.Yield();
        return 1;
    }
}
";

    /// <summary>
    /// One <c>dotnet format analyzers</c> pass applies every fix of every rule, in files that mix every fix kind and
    /// start with findings that have no fix (marked <c>// no fix</c>); a second pass changes nothing, and the build
    /// reports only the findings without a fix.
    /// </summary>
    [Fact]
    public void Dotnet_format_applies_the_fixes_and_nothing_is_left()
    {
        const string Format = "format analyzers --diagnostics BLK001 BLK002 BLK003 BLK004 BLK005 BLK006 BLK007 --severity info";
        var dir = CreateConsumer("format", extraProperties: "\n    <NoWarn>$(NoWarn);SYSLIB0014</NoWarn>");
        File.WriteAllText(Path.Combine(dir, "Program.cs"), FormatProgramSource);
        File.WriteAllText(Path.Combine(dir, "Service.cs"), Reliability.FormatPassTests.EveryKind);
        var before = DotNetCli.Run(dir, "build");
        Assert.True(before.ExitCode == 0, before.ToString());

        var format = DotNetCli.Run(dir, Format);
        Assert.True(format.ExitCode == 0, format.ToString());
        var program = File.ReadAllText(Path.Combine(dir, "Program.cs"));
        var service = File.ReadAllText(Path.Combine(dir, "Service.cs"));
        foreach (var expected in new[] { "var value = await GetAsync();", "await Task.Delay(10);" })
        {
            Assert.Contains(expected, program, StringComparison.Ordinal);
        }

        foreach (var expected in new[]
                 {
                     "await b.WaitAsync(ct);", "var x = await a;", "await Task.WhenAll(tasks);", "Array.IndexOf(tasks, await Task.WhenAny(tasks))",
                     "await await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(100));", "var j = Array.IndexOf(tasks, await Task.WhenAny(tasks).WaitAsync(ct));",
                     "await Task.Delay(10, ct);", "await File.ReadAllTextAsync(\"a.txt\", ct);", "DownloadStringTaskAsync(", "await _semaphore.WaitAsync(ct);",
                     "await Task.Run(() => Rfc2898DeriveBytes.Pbkdf2(password, salt", "sum = await Task.Run(() =>", "await Task.Delay(1, ct);",
                     "await LoadAsync();", "await Task.Run(() => Hash(password, salt), ct);", "await SaveAsync(\"b.txt\", ct);",
                     "private static async Task SaveAsync(string path, CancellationToken cancellationToken = default) => await File.WriteAllTextAsync(path, \"saved\", cancellationToken);",
                 })
        {
            Assert.True(service.Contains(expected, StringComparison.Ordinal), $"'{expected}' not in the formatted Service.cs:\n{service}\n{format}");
        }

        var again = DotNetCli.Run(dir, Format);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(program, File.ReadAllText(Path.Combine(dir, "Program.cs")));
        Assert.Equal(service, File.ReadAllText(Path.Combine(dir, "Service.cs")));

        // What is left is exactly the findings without a fix: each BLK warning sits on a '// no fix' line, and each of those lines has one.
        var build = DotNetCli.Run(dir, "build --no-incremental");
        Assert.True(build.ExitCode == 0, build.ToString());
        var lines = new System.Collections.Generic.Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["Program.cs"] = program.Split('\n'),
            ["Service.cs"] = service.Split('\n'),
        };
        var warned = Regex.Matches(build.Output, @"([A-Za-z]+\.cs)\((\d+),\d+\): warning (BLK\d{3})")
            .Select(m => (File: m.Groups[1].Value, Line: int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .Distinct()
            .ToList();
        foreach (var (file, line) in warned)
        {
            Assert.True(lines[file][line - 1].Contains("// no fix", StringComparison.Ordinal), $"{file}({line}) has a BLK warning left that a fix should have removed: {lines[file][line - 1].Trim()}\n{build.Output}");
        }

        var marked = lines.SelectMany(kv => kv.Value.Select((text, i) => (File: kv.Key, Line: i + 1, Text: text))).Where(l => l.Text.Contains("// no fix", StringComparison.Ordinal)).ToList();
        Assert.Equal(marked.Select(l => (l.File, l.Line)).OrderBy(l => l), warned.OrderBy(l => l));
    }

    [Fact]
    public void A_project_reference_carries_its_summary_and_BLK007_reports_across_it()
    {
        var dir = CreateConsumerFolder("cross-project");
        string Project(string outputType, string items) => $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>{outputType}</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""Unblock.Analyzers"" Version=""{_package.Version}"" PrivateAssets=""all"" />{items}
  </ItemGroup>
</Project>
";
        Directory.CreateDirectory(Path.Combine(dir, "Core"));
        Directory.CreateDirectory(Path.Combine(dir, "Web"));
        File.WriteAllText(Path.Combine(dir, "Core", "Core.csproj"), Project("Library", string.Empty));
        File.WriteAllText(Path.Combine(dir, "Core", "Settings.cs"), @"namespace Core;

public sealed class Settings
{
    public string Load() => Read(""appsettings.json"");

    private static string Read(string path) => System.IO.File.ReadAllText(path);
}
");
        File.WriteAllText(Path.Combine(dir, "Web", "Web.csproj"), Project("Exe", "\n    <ProjectReference Include=\"..\\Core\\Core.csproj\" />"));
        File.WriteAllText(Path.Combine(dir, "Web", "Program.cs"), @"using System.Threading.Tasks;

public static class Program
{
    public static async Task Main()
    {
        await Task.Yield();
        System.Console.WriteLine(new Core.Settings().Load());
    }
}
");
        var build = DotNetCli.Run(Path.Combine(dir, "Web"), "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("Program.cs(8,34): warning BLK007: 'Main' calls 'Settings.Load()', which blocks on 'File.ReadAllText()' (Main → Settings.Load() → Settings.Read(string) → File.ReadAllText(), in Core at Settings.cs:7)", build.Output, StringComparison.Ordinal);

        // Turned off: Core's assembly carries no summary, and the call is silent.
        var off = DotNetCli.Run(Path.Combine(dir, "Web"), "build --no-incremental -p:UnblockEmitSummaries=false");
        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.DoesNotContain("BLK007", off.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void UnblockMode_selects_a_severity_preset()
    {
        const string TaskReturning = @"using System.Threading.Tasks;

public static class PassThrough
{
    public static Task<int> Twice() => Task.FromResult(Get().Result * 2);

    private static async Task<int> Get()
    {
        await Task.Yield();
        return 1;
    }
}
";

        // strict: every rule is an error, and a non-async Task-returning method counts as async code.
        var strict = CreateConsumer("mode-strict", "\n    <UnblockMode>strict</UnblockMode>");
        File.WriteAllText(Path.Combine(strict, "PassThrough.cs"), TaskReturning);
        var strictBuild = DotNetCli.Run(strict, "build");
        Assert.True(strictBuild.ExitCode != 0, strictBuild.ToString());
        Assert.Contains("Program.cs(9,21): error BLK001", strictBuild.Output, StringComparison.Ordinal);
        Assert.Contains("Program.cs(10,9): error BLK002", strictBuild.Output, StringComparison.Ordinal);
        Assert.Contains("PassThrough.cs(5,56): error BLK001", strictBuild.Output, StringComparison.Ordinal);

        // none: every rule is off, and .editorconfig still turns one back on (it overrides the preset).
        var none = CreateConsumer("mode-none", "\n    <UnblockMode>None</UnblockMode>");
        File.WriteAllText(Path.Combine(none, "PassThrough.cs"), TaskReturning);
        var noneBuild = DotNetCli.Run(none, "build");
        Assert.True(noneBuild.ExitCode == 0, noneBuild.ToString());
        Assert.DoesNotContain("BLK00", noneBuild.Output, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(none, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.BLK002.severity = warning\n");
        var reenabled = DotNetCli.Run(none, "build --no-incremental");
        Assert.True(reenabled.ExitCode == 0, reenabled.ToString());
        Assert.Contains("warning BLK002", reenabled.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("BLK001", reenabled.Output, StringComparison.Ordinal);

        // recommended (the default when unset): descriptor severities; Task-returning methods are async code (the default).
        var recommended = CreateConsumer("mode-recommended", "\n    <UnblockMode>recommended</UnblockMode>");
        File.WriteAllText(Path.Combine(recommended, "PassThrough.cs"), TaskReturning);
        var recommendedBuild = DotNetCli.Run(recommended, "build");
        Assert.True(recommendedBuild.ExitCode == 0, recommendedBuild.ToString());
        Assert.Contains("Program.cs(9,21): warning BLK001", recommendedBuild.Output, StringComparison.Ordinal);
        Assert.Contains("PassThrough.cs(5,56): warning BLK001", recommendedBuild.Output, StringComparison.Ordinal);

        // Switching the mode on the command line recompiles: the preset takes effect without --no-incremental.
        var switched = DotNetCli.Run(recommended, "build -p:UnblockMode=strict");
        Assert.True(switched.ExitCode != 0, switched.ToString());
        Assert.Contains("Program.cs(9,21): error BLK001", switched.Output, StringComparison.Ordinal);
        var back = DotNetCli.Run(recommended, "build");
        Assert.True(back.ExitCode == 0, back.ToString());
        Assert.Contains("Program.cs(9,21): warning BLK001", back.Output, StringComparison.Ordinal);

        // .editorconfig can still say that Task-returning methods are not async code.
        File.WriteAllText(Path.Combine(recommended, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_code_quality.unblock.task_returning_methods = false\n");
        var optedOut = DotNetCli.Run(recommended, "build --no-incremental");
        Assert.True(optedOut.ExitCode == 0, optedOut.ToString());
        Assert.DoesNotContain("PassThrough.cs", optedOut.Output, StringComparison.Ordinal);

        // An unknown mode is reported, and the defaults stay in force.
        var unknown = CreateConsumer("mode-unknown", "\n    <UnblockMode>paranoid</UnblockMode>");
        var unknownBuild = DotNetCli.Run(unknown, "build");
        Assert.True(unknownBuild.ExitCode == 0, unknownBuild.ToString());
        Assert.Contains("warning UNBLOCK001", unknownBuild.Output, StringComparison.Ordinal);
        Assert.Contains("warning BLK001", unknownBuild.Output, StringComparison.Ordinal);
    }

    private const string CounterRazor = @"<h1>Counter</h1>
<p>Current count: @currentCount @GetAsync().Result</p>
<button @onclick=""IncrementAsync"">Click me</button>
<button @onclick=""Increment"">Sync</button>
<button @onclick=""() => Thread.Sleep(1)"">Lambda</button>
<button @onclick=""async () => { await Task.Yield(); Thread.Sleep(1); }"">Lambda</button>

@code {
    private int currentCount;

    private async Task IncrementAsync()
    {
        await Task.Yield();
        Thread.Sleep(100);
        currentCount = GetAsync().Result;
        currentCount += File.ReadAllText(""count.txt"").Length;
    }

    private void Increment()
    {
        Thread.Sleep(100);
    }

    protected override void OnInitialized()
    {
        Thread.Sleep(10);
    }

    private static async Task<int> GetAsync() { await Task.Yield(); return 1; }
}
";

    private const string CleanRazor = @"@implements IDisposable
<h1>@title</h1>
<p>@items.Count items</p>
<button @onclick=""LoadAsync"">Load</button>
<button @onclick=""() => items.Clear()"">Clear</button>
<input @bind=""title"" />

@code {
    private string title = ""Clean"";
    private readonly List<int> items = new();
    private readonly CancellationTokenSource cts = new();

    protected override void OnInitialized() => items.Add(1);

    protected override async Task OnInitializedAsync()
    {
        await Task.Delay(10, cts.Token);
        var task = Task.FromResult(2);
        await task;
        items.Add(task.Result);
    }

    private async Task LoadAsync()
    {
        await Task.Delay(10, cts.Token);
        items.AddRange(await Task.WhenAll(Task.FromResult(3), Task.FromResult(4)));
    }

    public void Dispose() => cts.Cancel();
}
";

    private const string IndexCshtml = @"@page
@using System.Threading
<h1>Hello</h1>
@functions {
    public async Task OnGetAsync()
    {
        await Task.Yield();
        Thread.Sleep(100);
    }
}
<p>@{ Thread.Sleep(5); }</p>
";

    /// <summary>
    /// A Razor class library with Blazor components and a Razor page, built with the packed package: the warnings
    /// appear at the .razor/.cshtml lines (mapped through the Razor generator's #line directives), never in the
    /// generated .g.cs files, and not at all for a clean component.
    /// </summary>
    [Fact]
    public void Razor_component_and_page_show_warnings_at_their_own_lines()
    {
        var dir = CreateConsumerFolder("razor");
        File.WriteAllText(Path.Combine(dir, "RazorConsumer.csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk.Razor"">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <AddRazorSupportForMvc>true</AddRazorSupportForMvc>
  </PropertyGroup>
  <ItemGroup>
    <FrameworkReference Include=""Microsoft.AspNetCore.App"" />
    <PackageReference Include=""Unblock.Analyzers"" Version=""{_package.Version}"" PrivateAssets=""all"" />
  </ItemGroup>
</Project>
");
        File.WriteAllText(Path.Combine(dir, "_Imports.razor"), "@using System.IO\n@using System.Threading\n@using Microsoft.AspNetCore.Components.Web\n");
        File.WriteAllText(Path.Combine(dir, "Counter.razor"), CounterRazor);
        File.WriteAllText(Path.Combine(dir, "Clean.razor"), CleanRazor);
        Directory.CreateDirectory(Path.Combine(dir, "Pages"));
        File.WriteAllText(Path.Combine(dir, "Pages", "Index.cshtml"), IndexCshtml);
        File.WriteAllText(Path.Combine(dir, "Pages", "Index.cshtml.cs"), "namespace RazorConsumer.Pages;\n\ninternal static class Marker { }\n");
        // Severities for Razor code go in a global config: the compiler applies no .editorconfig section to generated trees.
        File.WriteAllText(Path.Combine(dir, ".globalconfig"), "is_global = true\ndotnet_diagnostic.BLK008.severity = warning\n");

        var build = DotNetCli.Run(dir, "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        var warnings = Regex.Matches(build.Output, @"[^\s/\\]+\((\d+),(\d+)\): warning BLK\d{3}")
            .Select(m => m.Value)
            .Distinct()
            .OrderBy(w => w, StringComparer.Ordinal)
            .ToList();

        // Async code in @code, in an async @onclick lambda and in a .cshtml @functions block: the async-code rules.
        Assert.Contains("Counter.razor(6,53): warning BLK002", warnings);
        Assert.Contains("Counter.razor(14,9): warning BLK002", warnings);
        Assert.Contains("Counter.razor(15,24): warning BLK001", warnings);
        Assert.Contains("Index.cshtml(8,9): warning BLK002", warnings);
        // Code in a page's markup runs in its async ExecuteAsync.
        Assert.Contains(warnings, w => w.StartsWith("Index.cshtml(11,", StringComparison.Ordinal) && w.EndsWith("warning BLK002", StringComparison.Ordinal));
        // Synchronous component code: markup, a sync @onclick lambda, a sync handler, OnInitialized.
        Assert.Contains("Counter.razor(2,34): warning BLK008", warnings);
        Assert.Contains("Counter.razor(5,25): warning BLK008", warnings);
        Assert.Contains("Counter.razor(21,9): warning BLK008", warnings);
        Assert.Contains("Counter.razor(26,9): warning BLK008", warnings);
        if (typeof(Unblock.Analyzers.DiagnosticIds).GetFields().Any(f => (f.GetRawConstantValue() as string) == "BLK003"))
        {
            // Synchronous file I/O, once its rule is in the package.
            Assert.Contains(warnings, w => w.StartsWith("Counter.razor(16,", StringComparison.Ordinal) && w.EndsWith("warning BLK003", StringComparison.Ordinal));
        }

        // Nothing on scaffolding (every warning is in a .razor/.cshtml file), nothing on the clean component.
        Assert.All(warnings, w => Assert.Matches(@"^(Counter\.razor|Index\.cshtml)\(", w));
        Assert.DoesNotContain(warnings, w => w.StartsWith("Counter.razor(", StringComparison.Ordinal)
                                             && int.Parse(w.AsSpan(14, w.IndexOf(',', StringComparison.Ordinal) - 14), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture) is 1 or 3 or 4 or 8 or 9 or 11 or 13 or 30);
    }

    [Fact]
    public void Build_with_the_oldest_served_compiler_package_shows_the_warnings()
    {
        // Microsoft.Net.Compilers.Toolset 4.14.0 is the lowest version the registry serves; the package is built on Roslyn 4.8.
        var dir = CreateConsumer(
            "toolset",
            extraProperties: "\n    <LangVersion>12</LangVersion>",
            extraItems: "\n    <PackageReference Include=\"Microsoft.Net.Compilers.Toolset\" Version=\"4.14.0\" PrivateAssets=\"all\" />",
            withNuGetOrg: true);
        var build = DotNetCli.Run(dir, "build -v:n");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("microsoft.net.compilers.toolset/4.14.0/", build.Output.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.DoesNotContain("CS9057", build.Output, StringComparison.Ordinal);
        Assert.Contains("Program.cs(9,21): warning BLK001", build.Output, StringComparison.Ordinal);
        Assert.Contains("Program.cs(10,9): warning BLK002", build.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// samples/MultiProject built with the packed package (Web, Core, Infrastructure, Library), then scanned by the packed
    /// Unblock.Scan tool installed as a user installs it: the findings, the exit code by severity, and a SARIF file that parses.
    /// </summary>
    [Fact]
    public void Scan_tool_scans_the_multi_project_sample_and_writes_sarif()
    {
        var dir = CreateConsumerFolder("multiproject");
        var sample = RepositoryPaths.Combine("samples", "MultiProject");
        foreach (var file in Directory.GetFiles(sample, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sample, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, relative))!);
            File.Copy(file, Path.Combine(dir, relative));
        }

        // What a user writes to add the package to every project of a solution.
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), $@"<Project>
  <ItemGroup>
    <PackageReference Include=""Unblock.Analyzers"" Version=""{_package.Version}"" PrivateAssets=""all"" />
  </ItemGroup>
</Project>
");
        var build = DotNetCli.Run(dir, "build MultiProject.sln");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("FileDocumentStore.cs(20,9): warning BLK003", build.Output, StringComparison.Ordinal);
        // Across the project reference: Library's summary travels in Library.dll, so Web's own build follows the call.
        Assert.Contains("OrdersController.cs(26,16): warning BLK007: 'PageAsync' calls 'Templates.Render(string, string)', which blocks on 'File.ReadAllText()' (PageAsync → Templates.Render(string, string) → File.ReadAllText(), in Library at Templates.cs:9)", build.Output, StringComparison.Ordinal);
        // Web does not reference Infrastructure: its build cannot know what IDocumentStore.Load does.
        Assert.DoesNotContain("OrdersController.cs(19,", build.Output, StringComparison.Ordinal);

        var pack = DotNetCli.Run(RepositoryPaths.Root, $"pack src/Scan/Scan.csproj -c Release -o \"{_package.Feed}\" -p:PackageOutputPath=\"{_package.Feed}\"");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        var install = DotNetCli.Run(dir, $"tool install Unblock.Scan --tool-path tools --version {_package.Version}");
        Assert.True(install.ExitCode == 0, install.ToString());
        var unblock = Path.Combine(dir, "tools", "unblock");

        var scan = DotNetCli.Run(dir, "scan MultiProject.sln --sarif out.sarif", fileName: unblock);
        Assert.True(scan.ExitCode == 1, scan.ToString());
        foreach (var expected in new[]
                 {
                     "loading 4/4 Web.csproj",
                     "Infrastructure/FileDocumentStore.cs(20,9): warning BLK003: 'File.WriteAllText()' blocks the thread on I/O",
                     // The scan sees the whole solution: the interface call is followed into Infrastructure.
                     "Web/OrdersController.cs(19,16): warning BLK007: 'GetAsync' calls 'FileDocumentStore.Load(string)', which blocks on 'File.ReadAllText()' (GetAsync → FileDocumentStore.Load(string) → File.ReadAllText(), in Infrastructure at FileDocumentStore.cs:15)",
                     "    blocks at Infrastructure/FileDocumentStore.cs(15): File.ReadAllText()",
                     "Web/OrdersController.cs(26,16): warning BLK007: 'PageAsync' calls 'Templates.Render(string, string)', which blocks on 'File.ReadAllText()' (PageAsync → Templates.Render(string, string) → File.ReadAllText(), in Library at Templates.cs:9)",
                     "    blocks at Library/Templates.cs(9): File.ReadAllText()",
                     "3 findings (3 warnings) in 4 projects",
                 })
        {
            Assert.True(scan.Output.Contains(expected, StringComparison.Ordinal), $"'{expected}' not in the scan's output:\n{scan}");
        }

        using (var sarif = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out.sarif"))))
        {
            Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
            var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
                .Select(r => (Id: r.GetProperty("ruleId").GetString(), Uri: r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()))
                .ToList();
            Assert.Equal(new (string?, string?)[] { ("BLK003", "Infrastructure/FileDocumentStore.cs"), ("BLK007", "Web/OrdersController.cs"), ("BLK007", "Web/OrdersController.cs") }, results);
            var related = sarif.RootElement.GetProperty("runs")[0].GetProperty("results")[1].GetProperty("relatedLocations")[0].GetProperty("physicalLocation");
            Assert.Equal("Infrastructure/FileDocumentStore.cs", related.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.Equal(15, related.GetProperty("region").GetProperty("startLine").GetInt32());
        }

        var errorsOnly = DotNetCli.Run(dir, "scan MultiProject.sln --fail-on error --quiet", fileName: unblock);
        Assert.True(errorsOnly.ExitCode == 0, errorsOnly.ToString());
        Assert.DoesNotContain("loading", errorsOnly.Output, StringComparison.Ordinal);
    }
}
