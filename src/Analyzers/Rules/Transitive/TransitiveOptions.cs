using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.Transitive;

/// <summary>The .editorconfig options of BLK007.</summary>
internal static class TransitiveOptions
{
    /// <summary><c>dotnet_code_quality.BLK007.max_depth</c>: the most methods of the compilation a chain may pass through.</summary>
    public const string MaxDepthOption = "max_depth";

    /// <summary>
    /// <c>dotnet_code_quality.BLK007.include_virtual_calls</c> (default <c>true</c>): follow virtual calls to their
    /// statically bound body, and interface and abstract calls to their only implementation in the compilation.
    /// </summary>
    public const string IncludeVirtualCallsOption = "include_virtual_calls";

    /// <summary>Five methods between the async caller and the blocking call cover real layering (handler, service, repository, helper) at a bounded cost.</summary>
    public const int DefaultMaxDepth = 5;

    public static int MaxDepth(UnblockOptions.TreeOptions options)
        => (int)System.Math.Min(options.GetInt64(DiagnosticIds.TransitiveBlockingCall, MaxDepthOption, DefaultMaxDepth), 100_000);

    public static bool IncludeVirtual(UnblockOptions.TreeOptions options)
        => !bool.TryParse(options.Get(DiagnosticIds.TransitiveBlockingCall, IncludeVirtualCallsOption)?.Trim(), out var value) || value;
}
