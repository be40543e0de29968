using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;

namespace Unblock.Scan;

/// <summary>The lowest severity that makes the scan exit with <see cref="ExitCodes.Findings"/>.</summary>
public enum FailOn
{
    /// <summary>Never fail on findings.</summary>
    None,

    /// <summary>Fail on warnings and errors (the default).</summary>
    Warning,

    /// <summary>Fail on errors only.</summary>
    Error,
}

/// <summary>What <c>unblock</c> was asked to do, parsed from its command line.</summary>
internal sealed record ScanArguments(
    string Path,
    FailOn FailOn,
    string? SarifPath,
    ImmutableDictionary<string, string> Properties,
    bool Quiet,
    bool Verbose = false,
    int TimeoutSeconds = ScanArguments.DefaultTimeoutSeconds)
{
    /// <summary>The default time one project may take to load, to summarise or to analyse.</summary>
    public const int DefaultTimeoutSeconds = 600;

    public const string Usage = """
        Usage: unblock scan <solution.sln|.slnx|.slnf|project.csproj|folder> [options]

        Loads every C# project of the solution (or the project and the projects it references), runs the Unblock
        analyzers on each with the project's own .editorconfig options, and prints every finding as
        path(line,col): severity BLKnnn: message, with the chain of calls behind a BLK007 finding.
        Restore the solution first (dotnet restore).

        Options:
          --fail-on <warning|error|none>  exit 1 when a finding has at least this severity (default: warning)
          --sarif <file>                  also write the findings as SARIF 2.1.0
          -p:<name>=<value>               an MSBuild property for loading (repeatable; also --property name=value)
          --quiet                         no progress on stderr
          --verbose                       progress with the time since the start and the managed memory in use
          --timeout <seconds>             the time one project may take to load, summarise or analyse before it is
                                          reported and skipped (default: 600; 0: no limit)
          -h, --help                      this text
          --version                       the tool's version

        Exit codes: 0 no finding at the --fail-on severity, 1 findings at that severity,
        2 bad arguments or no project could be analysed.
        """;

    /// <summary>Parses <paramref name="args"/>; on failure returns null and a message in <paramref name="error"/>.</summary>
    public static ScanArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        if (args.Count == 0 || args[0] != "scan")
        {
            error = args.Count == 0 ? "missing command: scan" : $"unknown command '{args[0]}' (the only command is scan)";
            return null;
        }

        string? path = null;
        var failOn = FailOn.Warning;
        string? sarif = null;
        var quiet = false;
        var verbose = false;
        var timeout = DefaultTimeoutSeconds;
        var properties = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value()
            {
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
                {
                    return arg[(eq + 1)..];
                }

                return i + 1 < args.Count ? args[++i] : null;
            }

            var name = arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal) ? arg[..arg.IndexOf('=', StringComparison.Ordinal)] : arg;
            switch (name)
            {
                case "--fail-on":
                    var level = Value();
                    switch (level?.ToLowerInvariant())
                    {
                        case "warning": failOn = FailOn.Warning; break;
                        case "error": failOn = FailOn.Error; break;
                        case "none": failOn = FailOn.None; break;
                        default:
                            error = level is null ? "--fail-on needs a value: warning, error or none" : $"--fail-on '{level}': expected warning, error or none";
                            return null;
                    }

                    break;
                case "--sarif":
                    sarif = Value();
                    if (string.IsNullOrWhiteSpace(sarif))
                    {
                        error = "--sarif needs a file name";
                        return null;
                    }

                    break;
                case "--property":
                    if (!AddProperty(Value(), properties, out error))
                    {
                        return null;
                    }

                    break;
                case "--quiet":
                    quiet = true;
                    break;
                case "--verbose":
                    verbose = true;
                    break;
                case "--timeout":
                    var seconds = Value();
                    if (!int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out timeout))
                    {
                        error = $"--timeout needs a number of seconds, not '{seconds}'";
                        return null;
                    }

                    break;
                default:
                    if (arg.StartsWith("-p:", StringComparison.OrdinalIgnoreCase) || arg.StartsWith("/p:", StringComparison.OrdinalIgnoreCase))
                    {
                        if (!AddProperty(arg[3..], properties, out error))
                        {
                            return null;
                        }
                    }
                    else if (arg.StartsWith('-'))
                    {
                        error = $"unknown option '{arg}'";
                        return null;
                    }
                    else if (path is null)
                    {
                        path = arg;
                    }
                    else
                    {
                        error = $"one solution or project at a time: '{path}' and '{arg}'";
                        return null;
                    }

                    break;
            }
        }

        if (path is null)
        {
            error = "missing the solution or project to scan";
            return null;
        }

        return new ScanArguments(path, failOn, sarif, properties.ToImmutable(), quiet, verbose, timeout);
    }

    private static bool AddProperty(string? text, ImmutableDictionary<string, string>.Builder properties, out string? error)
    {
        error = null;
        var eq = text?.IndexOf('=', StringComparison.Ordinal) ?? -1;
        if (text is null || eq <= 0)
        {
            error = string.Format(CultureInfo.InvariantCulture, "a property is name=value, not '{0}'", text);
            return false;
        }

        properties[text[..eq].Trim()] = text[(eq + 1)..];
        return true;
    }
}

/// <summary>The process exit codes.</summary>
internal static class ExitCodes
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int Failure = 2;
}
