using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace Unblock.Scan;

/// <summary><c>unblock scan</c>: see <see cref="ScanArguments.Usage"/> and docs/scan.md.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 1 && args[0] is "-h" or "--help" or "help")
        {
            Console.Out.WriteLine(ScanArguments.Usage);
            return ExitCodes.Clean;
        }

        if (args.Length == 1 && args[0] == "--version")
        {
            Console.Out.WriteLine(Version);
            return ExitCodes.Clean;
        }

        var arguments = ScanArguments.Parse(args, out var error);
        if (arguments is null)
        {
            await Console.Error.WriteLineAsync($"unblock: {error}\n\n{ScanArguments.Usage}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return await RunAsync(arguments, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
    }

    public static string Version
        => typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Scans, prints the findings to <paramref name="output"/> and progress and problems to <paramref name="log"/>; returns the exit code.</summary>
    internal static async Task<int> RunAsync(ScanArguments arguments, TextWriter output, TextWriter log, CancellationToken cancellationToken)
    {
        // Directory.GetFiles has no asynchronous form: the folder is searched on the thread pool.
        var (path, notFound) = await Task.Run(() => Resolve(arguments.Path), cancellationToken).ConfigureAwait(false);
        if (path is null)
        {
            await log.WriteLineAsync($"unblock: {notFound}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        var scanner = new Scanner(arguments.Quiet ? _ => { } : message => log.WriteLine(message), arguments.Verbose && !arguments.Quiet,
            arguments.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(arguments.TimeoutSeconds) : null);
        var result = await scanner.ScanAsync(path, arguments.Properties, cancellationToken).ConfigureAwait(false);
        foreach (var problem in result.Problems)
        {
            await log.WriteLineAsync($"unblock: warning: {problem}").ConfigureAwait(false);
        }

        var baseDirectory = Directory.GetCurrentDirectory();
        foreach (var finding in result.Findings)
        {
            await output.WriteLineAsync(Format(finding, baseDirectory)).ConfigureAwait(false);
        }

        if (arguments.SarifPath is not null)
        {
            var sourceRoot = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var stream = new FileStream(arguments.SarifPath, FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                using var buffer = new MemoryStream();
                SarifWriter.Write(buffer, result, scanner.Rules, Version, sourceRoot);
                buffer.Position = 0;
                await buffer.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync(Summary(result)).ConfigureAwait(false);
        if (result.Analyzed == 0)
        {
            await log.WriteLineAsync("unblock: no project could be analysed").ConfigureAwait(false);
            return ExitCodes.Failure;
        }

        return ExitCode(result, arguments.FailOn);
    }

    /// <summary>
    /// The file to scan: <paramref name="path"/> itself, or for a folder, as <c>dotnet build</c> does, its only solution
    /// (<c>.sln</c>, <c>.slnx</c>), else its only project; null and a reason otherwise.
    /// </summary>
    internal static (string? Path, string? Problem) Resolve(string path)
    {
        if (File.Exists(path))
        {
            return (path, null);
        }

        if (!Directory.Exists(path))
        {
            return (null, $"'{path}' does not exist");
        }

        foreach (var patterns in new[] { new[] { "*.sln", "*.slnx" }, new[] { "*.csproj" } })
        {
            var found = patterns.SelectMany(p => Directory.GetFiles(path, p)).OrderBy(f => f, StringComparer.Ordinal).ToList();
            if (found.Count == 1)
            {
                return (found[0], null);
            }

            if (found.Count > 1)
            {
                return (null, $"'{path}' holds more than one {(patterns[0] == "*.csproj" ? "project" : "solution")}: name one ({string.Join(", ", found.Select(Path.GetFileName))})");
            }
        }

        return (null, $"'{path}' holds no solution or project");
    }

    /// <summary><see cref="ExitCodes.Findings"/> when a finding reaches <paramref name="failOn"/>, else <see cref="ExitCodes.Clean"/>.</summary>
    internal static int ExitCode(ScanResult result, FailOn failOn)
        => result.Findings.Any(f => f.Fails(failOn)) ? ExitCodes.Findings : ExitCodes.Clean;

    /// <summary><c>path(line,col): severity BLKnnn: message</c>, then one indented line per step of a chain that has a place in source.</summary>
    internal static string Format(Finding finding, string? baseDirectory)
    {
        var text = $"{finding.At.Format(baseDirectory)}: {Finding.SeverityText(finding.Severity)} {finding.Id}: {finding.Message}";
        foreach (var step in finding.Steps)
        {
            text += $"{Environment.NewLine}    blocks at {step.At.Format(baseDirectory)}: {step.Text}";
        }

        return text;
    }

    internal static string Summary(ScanResult result)
    {
        var bySeverity = result.Findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {Finding.SeverityText(g.Key)}{(g.Count() == 1 || g.Key == DiagnosticSeverity.Info ? string.Empty : "s")}"));
        var counts = result.Findings.Count == 0 ? "no findings" : $"{result.Findings.Count} finding{(result.Findings.Count == 1 ? string.Empty : "s")} ({string.Join(", ", bySeverity)})";
        var skipped = result.Projects - result.Analyzed;
        return string.Create(CultureInfo.InvariantCulture,
            $"{counts} in {result.Analyzed} project{(result.Analyzed == 1 ? string.Empty : "s")}{(skipped > 0 ? $", {skipped} skipped" : string.Empty)}{(result.Problems.Count > 0 ? $", {result.Problems.Count} load or analysis problem{(result.Problems.Count == 1 ? string.Empty : "s")} (stderr)" : string.Empty)}");
    }
}
