using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp;
using Unblock.Fuzz;

namespace Unblock.Tests.Reliability;

/// <summary>The programs the reliability tests run on, harvested once per test run (tests of every rule, samples, seeds, corpus).</summary>
public static class ReliabilityData
{
    private static readonly Lazy<IReadOnlyList<SourceFile>> SourcesValue = new(() => Unblock.Fuzz.Sources.Harvest(RepositoryPaths.Root));
    private static readonly Lazy<IReadOnlyList<SourceFile>> PositiveValue = new(() => Programs.Positive(Sources));
    private static readonly Lazy<IReadOnlyList<SourceFile>> PositiveCSharp73Value = new(() => Programs.Positive(Sources, LanguageVersion.CSharp7_3));

    /// <summary>Every harvested source, whole programs and snippets alike.</summary>
    public static IReadOnlyList<SourceFile> Sources => SourcesValue.Value;

    /// <summary>The sources that compile (as they are or inside a class or an async method) and on which some rule reports.</summary>
    public static IReadOnlyList<SourceFile> Positive => PositiveValue.Value;

    /// <summary>The positive programs that compile under C# 7.3.</summary>
    public static IReadOnlyList<SourceFile> PositiveCSharp73 => PositiveCSharp73Value.Value;
}
