using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Unblock.Analyzers.Rules.CpuBound;

/// <summary>
/// Knowledge: objects that belong to one thread or one request, which code moved into <c>Task.Run</c> must not touch:
/// UI elements (their thread only) and the ASP.NET Core request objects (not thread-safe; the request may be over).
/// A type counts when it, or a base type, is listed.
/// </summary>
public static class ThreadAffineTypes
{
    /// <summary>One listed type.</summary>
    public sealed record Entry(string Namespace, string Name);

    /// <summary>The listed types. Add a row here, not an <c>if</c> in the fix.</summary>
    public static readonly ImmutableArray<Entry> Entries = ImmutableArray.Create(
        new Entry("Microsoft.AspNetCore.Http", "HttpContext"),
        new Entry("Microsoft.AspNetCore.Http", "HttpRequest"),
        new Entry("Microsoft.AspNetCore.Http", "HttpResponse"),
        new Entry("Microsoft.AspNetCore.Http", "IHttpContextAccessor"),
        new Entry("System.Web", "HttpContext"),
        new Entry("System.Windows.Forms", "Control"),
        new Entry("System.Windows.Threading", "DispatcherObject"),
        new Entry("Windows.UI.Xaml", "DependencyObject"),
        new Entry("Microsoft.UI.Xaml", "DependencyObject"),
        new Entry("Microsoft.Maui.Controls", "BindableObject"),
        new Entry("Xamarin.Forms", "BindableObject"),
        new Entry("Avalonia", "AvaloniaObject"));

    /// <summary>True when <paramref name="type"/> or one of its base types (or, for an interface, itself) is listed.</summary>
    public static bool Contains(ITypeSymbol? type)
    {
        for (var depth = 0; type is not null && depth < 32; type = type.BaseType, depth++)
        {
            if (type.SpecialType == SpecialType.System_Object)
            {
                return false;
            }

            foreach (var entry in Entries)
            {
                if (type.Name == entry.Name && type.ContainingNamespace?.ToDisplayString() == entry.Namespace)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
