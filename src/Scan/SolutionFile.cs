using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace Unblock.Scan;

/// <summary>The C# project files a solution (.sln, .slnx, .slnf) lists, or the one project given, as full paths.</summary>
internal static partial class SolutionFile
{
    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\)\s*=\s*""[^""]*""\s*,\s*""(?<path>[^""]+\.csproj)""", RegexOptions.Multiline)]
    private static partial Regex SlnProject();

    public static async Task<IReadOnlyList<string>> ProjectsAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        switch (Path.GetExtension(full).ToLowerInvariant())
        {
            case ".sln":
                var text = await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
                return SlnProject().Matches(text).Select(m => Resolve(dir, m.Groups["path"].Value)).ToList();
            case ".slnx":
                var xml = await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false);
                return XDocument.Parse(xml).Descendants("Project")
                    .Select(p => (string?)p.Attribute("Path"))
                    .Where(p => p is not null && p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
                    .Select(p => Resolve(dir, p!))
                    .ToList();
            case ".slnf":
                using (var filter = JsonDocument.Parse(await File.ReadAllTextAsync(full, cancellationToken).ConfigureAwait(false)))
                {
                    var solution = filter.RootElement.GetProperty("solution");
                    var solutionDir = Path.GetDirectoryName(Resolve(dir, solution.GetProperty("path").GetString()!))!;
                    return solution.GetProperty("projects").EnumerateArray()
                        .Select(p => p.GetString()!)
                        .Where(p => p.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
                        .Select(p => Resolve(solutionDir, p))
                        .ToList();
                }

            default:
                return new[] { full };
        }
    }

    private static string Resolve(string baseDirectory, string relative)
        => Path.GetFullPath(Path.Combine(baseDirectory, relative.Replace('\\', Path.DirectorySeparatorChar)));
}
