using System.IO;

namespace MultiProject.Library;

/// <summary>Renders text templates kept next to the application.</summary>
public static class Templates
{
    // Synchronous, and not async code: no finding here. Web's async code calls it across the project reference.
    public static string Render(string name, string value) => File.ReadAllText(Path.Combine("templates", name + ".txt")).Replace("{value}", value, System.StringComparison.Ordinal);
}
