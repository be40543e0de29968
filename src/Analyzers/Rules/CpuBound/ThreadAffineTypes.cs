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
    /// <summary>(namespace, type name) pairs. Add a row here, not an <c>if</c> in the fix.</summary>
    public static readonly ImmutableArray<(string Namespace, string Name)> Entries = ImmutableArray.Create(
        ("Microsoft.AspNetCore.Http", "HttpContext"),
        ("Microsoft.AspNetCore.Http", "HttpRequest"),
        ("Microsoft.AspNetCore.Http", "HttpResponse"),
        ("Microsoft.AspNetCore.Http", "IHttpContextAccessor"),
        ("System.Web", "HttpContext"),
        ("System.Windows.Forms", "Control"),
        ("System.Windows.Threading", "DispatcherObject"),
        ("Windows.UI.Xaml", "DependencyObject"),
        ("Microsoft.UI.Xaml", "DependencyObject"),
        ("Microsoft.Maui.Controls", "BindableObject"),
        ("Xamarin.Forms", "BindableObject"),
        ("Avalonia", "AvaloniaObject"));

    /// <summary>True when <paramref name="type"/> or one of its base types (or, for an interface, itself) is listed.</summary>
    public static bool Contains(ITypeSymbol? type)
    {
        for (var depth = 0; type is not null && depth < 32; type = type.BaseType, depth++)
        {
            if (type.SpecialType == SpecialType.System_Object)
            {
                return false;
            }

            foreach (var (ns, name) in Entries)
            {
                if (type.Name == name && type.ContainingNamespace?.ToDisplayString() == ns)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
