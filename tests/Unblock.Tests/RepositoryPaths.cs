using System;
using System.IO;

namespace Unblock.Tests;

/// <summary>Locates files of the repository from the test binaries.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootValue = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Analyzers.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootValue.Value;

    public static string Combine(params string[] parts) => Path.Combine(Root, Path.Combine(parts));
}
