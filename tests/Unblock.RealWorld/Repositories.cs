using System.Globalization;
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace Unblock.RealWorld;

/// <summary>One pinned repository of the evaluation (repos.json).</summary>
public sealed record Repository(string Name, string GitHub, string Commit, string[] Projects, string[] SkipCheckout, string[] StubSdks, bool PinNearest)
{
    public static List<Repository> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("repositories").EnumerateArray()
            .Select(r => new Repository(
                r.GetProperty("name").GetString()!,
                r.GetProperty("github").GetString()!,
                r.GetProperty("commit").GetString()!,
                Strings(r, "projects"),
                Strings(r, "skipCheckout"),
                Strings(r, "stubSdks"),
                !r.TryGetProperty("pinNearestVersions", out var pin) || pin.GetBoolean()))
            .ToList();
    }

    private static string[] Strings(JsonElement element, string name)
        => element.TryGetProperty(name, out var array) ? array.EnumerateArray().Select(e => e.GetString()!).ToArray() : Array.Empty<string>();
}

/// <summary>Brings a pinned repository into the repositories folder and restores its projects the way a build would.</summary>
public sealed class Preparation
{
    private static readonly Regex MissingPackage = new(@"(NU1101|NU1102): Unable to find package (?<id>[\w.\-]*[\w\-])( with version \(>= (?<minimum>[\w.\-]*\w)\))?", RegexOptions.Compiled);
    private static readonly Regex NearestVersion = new(@"Nearest version: (?<version>[\w.\-]*\w)", RegexOptions.Compiled);
    private static readonly Regex Conflict = new(@"NU1107: .*?reference (?<id>[\w.\-]*[\w\-]) (?<version>[\w.\-]*\w) directly", RegexOptions.Compiled);

    private readonly string _outDir;
    private readonly Action<string> _log;

    public Preparation(string outDir, Action<string> log)
    {
        _outDir = outDir;
        _log = log;
    }

    /// <summary>The targets file every restore and load imports (CustomAfterMicrosoftCommonTargets) for <paramref name="repo"/>.</summary>
    public string TargetsPath(Repository repo) => Path.Combine(_outDir, "restore", repo.Name + ".targets");

    /// <summary>Clones the pinned commit from the mirror when the folder is missing; false (with a message) when it cannot be had.</summary>
    public async Task<bool> EnsureCloneAsync(Repository repo, string clone, string? mirrors, CancellationToken cancellation)
    {
        if (Directory.Exists(clone))
        {
            var (_, head) = await RunAsync("git", $"-C \"{clone}\" rev-parse HEAD", null, TimeSpan.FromMinutes(1), cancellation);
            if (head.Trim() != repo.Commit)
            {
                _log($"{repo.Name}: {clone} is at {head.Trim()}, not the pinned {repo.Commit}: skipped (check out the pinned commit, or delete the folder)");
                return false;
            }

            return true;
        }

        var mirror = FindMirror(repo, mirrors);
        if (mirror is null)
        {
            _log($"{repo.Name}: no clone at {clone} and no mirror of {repo.GitHub} (pass --mirrors DIR holding <owner>+<name>/repo): skipped");
            return false;
        }

        _log($"{repo.Name}: cloning {mirror} at {repo.Commit[..10]}");
        var steps = new List<string> { $"clone -q --no-checkout \"{mirror}\" \"{clone}\"" };
        if (repo.SkipCheckout.Length > 0)
        {
            // The mirror may lack large files under these folders (front-end assets); none of them is C#.
            var patterns = string.Join(" ", repo.SkipCheckout.Select(s => $"\"!/{s}/\""));
            steps.Add($"-C \"{clone}\" sparse-checkout set --no-cone \"/*\" {patterns}");
        }

        steps.Add($"-C \"{clone}\" checkout -q --detach {repo.Commit}");
        foreach (var step in steps)
        {
            var (code, output) = await RunAsync("git", step, null, TimeSpan.FromMinutes(10), cancellation);
            if (code != 0)
            {
                _log($"{repo.Name}: git {step.Split(' ')[0]} failed ({code}): {Tail(output)}: skipped");
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Restores every listed project. Packages the registry does not serve are dropped and version conflicts pinned
    /// through the injected targets file, then restore runs again (at most eight rounds). Returns the projects that restored.
    /// </summary>
    public async Task<List<string>> RestoreAsync(Repository repo, string clone, CancellationToken cancellation)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(TargetsPath(repo))!);
        WriteStubSdks(repo, clone);
        var removed = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var pinned = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var restored = new List<string>();
        for (var round = 1; round <= 8; round++)
        {
            WriteTargets(repo, removed, pinned);
            restored.Clear();
            var changed = false;
            foreach (var project in repo.Projects)
            {
                var path = Path.Combine(clone, project);
                if (!File.Exists(path))
                {
                    _log($"{repo.Name}: {project} does not exist at the pinned commit: skipped");
                    continue;
                }

                var (code, output) = await RunAsync("dotnet", $"restore \"{path}\" {MSBuildArguments(repo)}", clone, TimeSpan.FromMinutes(10), cancellation);
                File.AppendAllText(Path.Combine(_outDir, "restore", repo.Name + ".log"), $"== round {round} {project} exit {code}\n{output}\n");
                foreach (var (id, nearest, satisfies) in MissingPackages(output))
                {
                    // Dropped, and still wanted at a minimum version by a package that stays: a transitive dependency
                    // cannot be dropped, and a served version at or above its minimum satisfies it.
                    var undropped = nearest is not null && satisfies && removed.Remove(id);
                    if (nearest is null || !(undropped || repo.PinNearest))
                    {
                        changed |= removed.Add(id);
                    }
                    else if (undropped || !pinned.TryGetValue(id, out var v) || v != nearest)
                    {
                        // A version that is not served (often a transitive minimum): the nearest served one is taken.
                        pinned[id] = nearest;
                        changed = true;
                    }
                }

                foreach (Match m in Conflict.Matches(output))
                {
                    if (!pinned.TryGetValue(m.Groups["id"].Value, out var v) || v != m.Groups["version"].Value)
                    {
                        pinned[m.Groups["id"].Value] = m.Groups["version"].Value;
                        changed = true;
                    }
                }

                if (code == 0)
                {
                    restored.Add(project);
                }
            }

            if (!changed)
            {
                break;
            }

            _log($"{repo.Name}: restore round {round}: {removed.Count} packages not served are dropped, {pinned.Count} conflicts pinned; restoring again");
        }

        if (removed.Count > 0)
        {
            _log($"{repo.Name}: packages not served here, dropped (their types stay unresolved): {string.Join(", ", removed)}");
        }

        return restored;
    }

    /// <summary>
    /// Packages restore could not find: with the nearest served version when NuGet names one (NU1102), else none (NU1101),
    /// and whether that version satisfies a minimum-version requirement (<c>with version (&gt;= 5.1.5)</c>).
    /// </summary>
    private static IEnumerable<(string Id, string? Nearest, bool Satisfies)> MissingPackages(string output)
    {
        string? pending = null;
        string? minimum = null;
        foreach (var line in output.Split('\n'))
        {
            var missing = MissingPackage.Match(line);
            if (missing.Success)
            {
                if (pending is not null)
                {
                    yield return (pending, null, false);
                }

                pending = missing.Groups["id"].Value;
                minimum = missing.Groups["minimum"].Success ? missing.Groups["minimum"].Value : null;
                continue;
            }

            var nearest = NearestVersion.Match(line);
            if (pending is not null && nearest.Success)
            {
                var version = nearest.Groups["version"].Value;
                yield return (pending, version, minimum is not null && AtLeast(version, minimum));
                pending = null;
            }
        }

        if (pending is not null)
        {
            yield return (pending, null, false);
        }
    }

    /// <summary>Whether the release version <paramref name="version"/> is at least <paramref name="minimum"/> (numeric parts only; a prerelease never is).</summary>
    private static bool AtLeast(string version, string minimum)
        => !version.Contains('-', StringComparison.Ordinal) && Version.TryParse(version, out var v) && Version.TryParse(minimum.Split('-')[0], out var m) && v >= m;

    /// <summary>Global properties shared by restore and load: the injected targets, Windows targets, no analyzers of the repository's own.</summary>
    public Dictionary<string, string> Properties(Repository repo) => new()
    {
        ["CustomAfterMicrosoftCommonTargets"] = TargetsPath(repo),
        ["EnableWindowsTargeting"] = "true",
        ["TreatWarningsAsErrors"] = "false",
        ["RunAnalyzers"] = "false",
    };

    private string MSBuildArguments(Repository repo)
        => string.Join(" ", Properties(repo).Select(p => $"\"-p:{p.Key}={p.Value}\""));

    private void WriteTargets(Repository repo, IEnumerable<string> removed, IDictionary<string, string> pinned)
    {
        var text = new StringBuilder();
        text.AppendLine("<Project>");
        text.AppendLine("  <!-- Written by Unblock.RealWorld: packages this registry does not serve, and version conflicts resolved. -->");
        text.AppendLine("  <PropertyGroup>");
        text.AppendLine("    <!-- Dropping a package or taking a newer one shifts versions: downgrade and range warnings must not stop the restore. -->");
        text.AppendLine("    <NoWarn>$(NoWarn);NU1603;NU1605;NU1608;NU1701;NU1900;NU1901;NU1902;NU1903;NU1904</NoWarn>");
        text.AppendLine("    <WarningsAsErrors />");
        text.AppendLine("  </PropertyGroup>");
        text.AppendLine("  <ItemGroup>");
        foreach (var id in removed)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    <PackageReference Remove=\"{id}\" />");
        }

        foreach (var (id, version) in pinned)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    <PackageReference Remove=\"{id}\" />");
        }

        text.AppendLine("  </ItemGroup>");
        text.AppendLine("  <ItemGroup Condition=\"'$(ManagePackageVersionsCentrally)' != 'true'\">");
        foreach (var (id, version) in pinned)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    <PackageReference Include=\"{id}\" Version=\"{version}\" />");
        }

        text.AppendLine("  </ItemGroup>");
        text.AppendLine("  <ItemGroup Condition=\"'$(ManagePackageVersionsCentrally)' == 'true'\">");
        foreach (var (id, version) in pinned)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    <PackageReference Include=\"{id}\" VersionOverride=\"{version}\" />");
        }

        text.AppendLine("  </ItemGroup>");
        text.AppendLine("</Project>");
        File.WriteAllText(TargetsPath(repo), text.ToString());
    }

    /// <summary>
    /// An MSBuild SDK the registry does not serve (a company's own) becomes an empty package in a local feed that the
    /// clone's nuget.config lists: the projects load with the .NET SDK's defaults instead of failing.
    /// </summary>
    private void WriteStubSdks(Repository repo, string clone)
    {
        if (repo.StubSdks.Length == 0)
        {
            return;
        }

        var feed = Path.Combine(_outDir, "stub-feed");
        Directory.CreateDirectory(feed);
        var globalJson = Path.Combine(clone, "global.json");
        using var document = File.Exists(globalJson) ? JsonDocument.Parse(File.ReadAllText(globalJson)) : JsonDocument.Parse("{}");
        foreach (var sdk in repo.StubSdks)
        {
            var version = document.RootElement.TryGetProperty("msbuild-sdks", out var sdks) && sdks.TryGetProperty(sdk, out var v) ? v.GetString()! : "1.0.0";
            var package = Path.Combine(feed, $"{sdk}.{version}.nupkg".ToLowerInvariant());
            File.Delete(package);
            using var zip = ZipFile.Open(package, ZipArchiveMode.Create);
            Write(zip, $"{sdk}.nuspec",
                $"<?xml version=\"1.0\"?><package xmlns=\"http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd\"><metadata><id>{sdk}</id><version>{version}</version><authors>stub</authors><description>Empty stand-in for an SDK that is not served.</description><packageTypes><packageType name=\"MSBuildSdk\" /></packageTypes></metadata></package>");
            Write(zip, "Sdk/Sdk.props", "<Project />");
            Write(zip, "Sdk/Sdk.targets", "<Project />");
            _log($"{repo.Name}: MSBuild SDK {sdk} {version} is not served here: an empty stand-in is used");
        }

        var config = Path.Combine(clone, "nuget.config");
        if (!File.Exists(config))
        {
            File.WriteAllText(config,
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n" +
                "    <add key=\"nuget.org\" value=\"https://api.nuget.org/v3/index.json\" />\n" +
                $"    <add key=\"unblock-stub-sdks\" value=\"{feed}\" />\n  </packageSources>\n</configuration>\n");
        }
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open());
        writer.Write(text);
    }

    private static string? FindMirror(Repository repo, string? mirrors)
    {
        foreach (var root in new[] { mirrors, "/work/.mirror" })
        {
            if (root is null)
            {
                continue;
            }

            var candidate = Path.Combine(root, repo.GitHub.Replace('/', '+'), "repo");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Tail(string output) => output.Trim().Split('\n').LastOrDefault()?.Trim() ?? string.Empty;

    /// <summary>Runs a process with a time limit; on the limit the whole process tree is killed.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string file, string arguments, string? workingDirectory, TimeSpan limit, CancellationToken cancellation)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (output)
            {
                output.AppendLine(CultureInfo.InvariantCulture, $"(killed after {limit.TotalMinutes:F0} min)");
            }

            return (-1, output.ToString());
        }

        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
