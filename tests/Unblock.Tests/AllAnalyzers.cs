using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Analyzers;
using Unblock.CodeFixes;

namespace Unblock.Tests;

/// <summary>Every analyzer and code fix the package ships, found by reflection so a new rule cannot be forgotten.</summary>
public static class AllAnalyzers
{
    public static ImmutableArray<Type> AnalyzerTypes { get; } = typeof(UnblockAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToImmutableArray();

    public static ImmutableArray<Type> CodeFixTypes { get; } = typeof(AsyncRewriter).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToImmutableArray();

    /// <summary>
    /// The analyzers the package ships, as the compiler finds them (a <c>[DiagnosticAnalyzer]</c> attribute): the
    /// single-operation rules run inside <see cref="Unblock.Analyzers.Rules.BlockingRulesAnalyzer"/>, not on their own.
    /// </summary>
    public static ImmutableArray<Type> ShippedTypes { get; } = AnalyzerTypes
        .Where(t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .ToImmutableArray();

    public static ImmutableArray<DiagnosticAnalyzer> CreateAnalyzers()
        => ShippedTypes.Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> CreateCodeFixes()
        => CodeFixTypes.Select(t => (CodeFixProvider)Activator.CreateInstance(t)!).ToImmutableArray();
}
