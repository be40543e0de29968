using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
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

    private string CreateConsumer(string name, string extraProperties = "")
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
    <add key=""local"" value=""{_package.Feed}"" />
  </packageSources>
  <config>
    <add key=""globalPackagesFolder"" value=""{Path.Combine(dir, ".packages")}"" />
  </config>
</configuration>
");
        File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), $@"<Project Sdk=""Microsoft.NET.Sdk"">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <NoWarn>CS1998</NoWarn>{extraProperties}
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include=""Unblock.Analyzers"" Version=""{_package.Version}"" PrivateAssets=""all"" />
  </ItemGroup>
</Project>
");
        File.WriteAllText(Path.Combine(dir, "Program.cs"), ProgramSource);
        return dir;
    }

    [Fact]
    public void Package_holds_only_the_analyzers_the_readme_and_the_license()
    {
        Assert.True(_package.Nupkg is not null, "pack failed: " + _package.PackResult);
        using var zip = ZipFile.OpenRead(_package.Nupkg!);
        var files = zip.Entries.Select(e => e.FullName).Where(n => !n.EndsWith(".psmdcp", StringComparison.Ordinal) && !n.StartsWith("_rels/", StringComparison.Ordinal) && n != "[Content_Types].xml").OrderBy(n => n).ToList();
        Assert.Equal(
            new[] { "LICENSE", "README.md", "Unblock.Analyzers.nuspec", "analyzers/dotnet/cs/Unblock.Analyzers.dll", "analyzers/dotnet/cs/Unblock.CodeFixes.dll", "buildTransitive/Unblock.Analyzers.props",
                "buildTransitive/Unblock.none.globalconfig", "buildTransitive/Unblock.recommended.globalconfig", "buildTransitive/Unblock.strict.globalconfig" }.OrderBy(n => n),
            files);
        using var nuspec = new StreamReader(zip.GetEntry("Unblock.Analyzers.nuspec")!.Open());
        var text = nuspec.ReadToEnd();
        Assert.Contains("<developmentDependency>true</developmentDependency>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<dependency ", text, StringComparison.Ordinal);
        Assert.Contains("<license type=\"expression\">MIT</license>", text, StringComparison.Ordinal);
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

    [Fact]
    public void Dotnet_format_applies_the_fixes_and_nothing_is_left()
    {
        var dir = CreateConsumer("format");
        var format = DotNetCli.Run(dir, "format analyzers --diagnostics BLK001 BLK002 --severity info");
        Assert.True(format.ExitCode == 0, format.ToString());
        var fixedSource = File.ReadAllText(Path.Combine(dir, "Program.cs"));
        Assert.Contains("var value = await GetAsync();", fixedSource, StringComparison.Ordinal);
        Assert.Contains("await Task.Delay(10);", fixedSource, StringComparison.Ordinal);

        var build = DotNetCli.Run(dir, "build --no-incremental -warnaserror");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("BLK00", build.Output, StringComparison.Ordinal);
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

        // recommended (the default when unset): descriptor severities, Task-returning methods are not async code.
        var recommended = CreateConsumer("mode-recommended", "\n    <UnblockMode>recommended</UnblockMode>");
        File.WriteAllText(Path.Combine(recommended, "PassThrough.cs"), TaskReturning);
        var recommendedBuild = DotNetCli.Run(recommended, "build");
        Assert.True(recommendedBuild.ExitCode == 0, recommendedBuild.ToString());
        Assert.Contains("Program.cs(9,21): warning BLK001", recommendedBuild.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PassThrough.cs", recommendedBuild.Output, StringComparison.Ordinal);

        // An unknown mode is reported, and the defaults stay in force.
        var unknown = CreateConsumer("mode-unknown", "\n    <UnblockMode>paranoid</UnblockMode>");
        var unknownBuild = DotNetCli.Run(unknown, "build");
        Assert.True(unknownBuild.ExitCode == 0, unknownBuild.ToString());
        Assert.Contains("warning UNBLOCK001", unknownBuild.Output, StringComparison.Ordinal);
        Assert.Contains("warning BLK001", unknownBuild.Output, StringComparison.Ordinal);
    }
}
