using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Analyzers;

namespace Unblock.Benchmarks;

/// <summary>One measured tool: a name, the analyzers it consists of, and the diagnostic ids it reports.</summary>
public sealed record Tool(string Name, string Group, ImmutableArray<DiagnosticAnalyzer> Analyzers, ImmutableArray<string> Ids)
{
    public bool IsUnblockRule => Group == Tools.UnblockGroup && Name != Tools.UnblockTotal;
}

/// <summary>Finds Unblock's analyzers by reflection, builds the floor, and loads the peers from their packages.</summary>
public static class Tools
{
    public const string UnblockGroup = "Unblock";
    public const string UnblockTotal = "Unblock (all rules)";
    public const string FloorName = "Floor (no-op, same callbacks)";
    public const string MarginalGroup = "Marginal";

    /// <summary>Peer packages, the analyzer DLL folders inside them, and the rules measured.</summary>
    public static readonly (string Package, string Version, string RelativeFolder, string[] Ids)[] Peers =
    {
        ("Meziantou.Analyzer", "3.0.321", "analyzers/dotnet/roslyn5.0/cs", new[] { "MA0042" }),
        ("Microsoft.VisualStudio.Threading.Analyzers", "18.12.1", "analyzers/cs", new[] { "VSTHRD103", "VSTHRD002" }),
        ("AsyncFixer", "2.1.0", "analyzers/dotnet/cs", new[] { "AsyncFixer02" }),
        ("Microsoft.CodeAnalysis.NetAnalyzers", "11.0.100", "analyzers/dotnet/cs", new[] { "CA1849" }),
    };

    /// <summary>Every concrete analyzer of the Unblock.Analyzers assembly, one tool per rule, plus the total.</summary>
    public static List<Tool> Unblock()
    {
        var analyzers = typeof(UnblockAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToList();
        var tools = analyzers
            .Select(a =>
            {
                var ids = a.SupportedDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToImmutableArray();
                return new Tool(string.Join("+", ids), UnblockGroup, ImmutableArray.Create(a), ids);
            })
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        tools.Add(new Tool(UnblockTotal, UnblockGroup, analyzers.ToImmutableArray(), tools.SelectMany(t => t.Ids).ToImmutableArray()));
        return tools;
    }

    /// <summary>
    /// All of Unblock but the analyzer that reports <paramref name="id"/>: measured in a run of its own on the same
    /// code, the total's excess over it is what that rule adds, the work it shares with the other rules (the async
    /// regions of each type, the per-compilation tables) counted once, whichever analyzer asks for it first.
    /// </summary>
    public static Tool UnblockWithout(string id)
    {
        var analyzers = Unblock().Single(t => t.Name == UnblockTotal).Analyzers.Where(a => a.SupportedDiagnostics.All(d => d.Id != id)).ToImmutableArray();
        return new Tool(WithoutName(id), MarginalGroup, analyzers, analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().ToImmutableArray());
    }

    /// <summary>The name of <see cref="UnblockWithout"/>'s tool.</summary>
    public static string WithoutName(string id) => "Unblock without " + id;

    /// <summary>The floor: mirrors every registration of the Unblock analyzers with a callback that does nothing.</summary>
    public static Tool Floor(IEnumerable<DiagnosticAnalyzer> unblock)
        => new(FloorName, "Floor", ImmutableArray.Create<DiagnosticAnalyzer>(new FloorAnalyzer(unblock.ToImmutableArray())), ImmutableArray.Create(FloorAnalyzer.Id));

    /// <summary>Loads the peers; a package that is missing, fails to load or has none of the rules is reported in <paramref name="problems"/> and skipped.</summary>
    public static List<Tool> LoadPeers(List<string> problems)
    {
        var tools = new List<Tool>();
        var root = NuGetPackagesRoot();
        foreach (var (package, version, folder, ids) in Peers)
        {
            try
            {
                var dir = Path.Combine(root, package.ToLowerInvariant(), version, folder);
                if (!Directory.Exists(dir))
                {
                    problems.Add($"{package} {version}: not found at {dir} (run `dotnet restore tests/Unblock.Benchmarks`)");
                    continue;
                }

                var loader = new PeerLoader(dir);
                var analyzers = new List<DiagnosticAnalyzer>();
                foreach (var dll in Directory.GetFiles(dir, "*.dll").OrderBy(f => f, StringComparer.Ordinal))
                {
                    var reference = new AnalyzerFileReference(dll, loader);
                    reference.AnalyzerLoadFailed += (_, e) =>
                    {
                        if (e.ErrorCode != AnalyzerLoadFailureEventArgs.FailureErrorCode.NoAnalyzers)
                        {
                            problems.Add($"{package} {version}: {Path.GetFileName(dll)}: {e.ErrorCode} {e.TypeName} {e.Message}");
                        }
                    };
                    analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
                }

                foreach (var id in ids)
                {
                    var matching = analyzers.Where(a => Supports(a, id, problems, package)).ToImmutableArray();
                    if (matching.IsEmpty)
                    {
                        problems.Add($"{package} {version}: no analyzer reports {id}");
                        continue;
                    }

                    tools.Add(new Tool($"{id} ({ShortName(package)})", ShortName(package), matching, ImmutableArray.Create(id)));
                }
            }
            catch (Exception ex)
            {
                problems.Add($"{package} {version}: failed to load: {ex.GetType().Name}: {ex.Message}");
            }
        }

        return tools;
    }

    public static string ShortName(string package)
        => package switch
        {
            "Microsoft.VisualStudio.Threading.Analyzers" => "vs-threading",
            "Microsoft.CodeAnalysis.NetAnalyzers" => "NetAnalyzers",
            "Meziantou.Analyzer" => "Meziantou",
            _ => package,
        };

    private static bool Supports(DiagnosticAnalyzer analyzer, string id, List<string> problems, string package)
    {
        try
        {
            return analyzer.SupportedDiagnostics.Any(d => d.Id == id);
        }
        catch (Exception ex)
        {
            problems.Add($"{package}: {analyzer.GetType().Name}.SupportedDiagnostics threw {ex.GetType().Name}");
            return false;
        }
    }

    private static string NuGetPackagesRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return string.IsNullOrEmpty(fromEnv)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")
            : fromEnv;
    }

    /// <summary>Loads analyzer assemblies into the default context; Roslyn itself binds to the host's copy.</summary>
    private sealed class PeerLoader : IAnalyzerAssemblyLoader
    {
        private readonly List<string> _folders = new();

        public PeerLoader(string folder)
        {
            _folders.Add(folder);
            AssemblyLoadContext.Default.Resolving += (context, name) =>
            {
                foreach (var dir in _folders)
                {
                    var candidate = Path.Combine(dir, name.Name + ".dll");
                    if (File.Exists(candidate))
                    {
                        return context.LoadFromAssemblyPath(candidate);
                    }
                }

                return null;
            };
        }

        public void AddDependencyLocation(string fullPath)
        {
            var dir = Path.GetDirectoryName(fullPath);
            if (dir is not null && !_folders.Contains(dir))
            {
                _folders.Add(dir);
            }
        }

        public Assembly LoadFromPath(string fullPath)
        {
            var name = AssemblyName.GetAssemblyName(fullPath);
            var loaded = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name) && a.GetName().Version == name.Version);
            return loaded ?? AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
        }
    }
}
