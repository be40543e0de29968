using System.Globalization;
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Analyzers;
using Xunit;

namespace Unblock.Tests.Conventions;

/// <summary>What every rule and fix must have, checked for all of them at once.</summary>
public class ConventionTests
{
    public static TheoryData<string> DiagnosticIdsData()
    {
        var data = new TheoryData<string>();
        foreach (var id in AllDescriptors().Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal))
        {
            data.Add(id);
        }

        return data;
    }

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors()
        => AllAnalyzers.CreateAnalyzers().SelectMany(a => a.SupportedDiagnostics);

    [Fact]
    public void Every_descriptor_is_declared_in_Descriptors_and_its_id_in_DiagnosticIds()
    {
        var declared = typeof(Descriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();
        var ids = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var descriptor in AllDescriptors())
        {
            Assert.Contains(descriptor, declared);
            Assert.Contains(descriptor.Id, ids);
        }

        // Every declared descriptor is reported by some analyzer.
        Assert.Equal(declared.Select(d => d.Id).OrderBy(x => x), AllDescriptors().Select(d => d.Id).Distinct().OrderBy(x => x));
    }

    [Theory]
    [MemberData(nameof(DiagnosticIdsData))]
    public void Descriptor_has_a_real_message_a_description_and_a_help_link_to_its_docs_page(string id)
    {
        foreach (var descriptor in AllDescriptors().Where(d => d.Id == id))
        {
            Assert.Matches("^BLK[0-9]{3}$", descriptor.Id);
            Assert.Contains("{0}", descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            Assert.NotEqual("{0}", descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture));
            Assert.True(descriptor.Description.ToString(CultureInfo.InvariantCulture).Length > 40, "description too short");
            Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString(CultureInfo.InvariantCulture)));
            Assert.Equal(Descriptors.Category, descriptor.Category);
            Assert.Equal(Descriptors.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
            Assert.True(File.Exists(RepositoryPaths.Combine("docs", "rules", id + ".md")), $"docs/rules/{id}.md is missing");
        }
    }

    [Theory]
    [MemberData(nameof(DiagnosticIdsData))]
    public void Descriptor_has_a_README_row_with_its_title_and_severity(string id)
    {
        var descriptor = AllDescriptors().First(d => d.Id == id);
        var readme = File.ReadAllLines(RepositoryPaths.Combine("README.md"));
        var row = readme.SingleOrDefault(line => line.StartsWith($"| [{id}](docs/rules/{id}.md) |", StringComparison.Ordinal));
        Assert.True(row is not null, $"README.md has no rule-table row for {id}");
        var cells = row!.Split('|').Select(c => c.Trim()).ToArray();
        Assert.Equal(descriptor.Title.ToString(CultureInfo.InvariantCulture), cells[2]);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), cells[3]);
    }

    [Theory]
    [MemberData(nameof(DiagnosticIdsData))]
    public void Descriptor_has_an_AnalyzerReleases_line(string id)
    {
        var descriptor = AllDescriptors().First(d => d.Id == id);
        var lines = File.ReadAllLines(RepositoryPaths.Combine("src", "Analyzers", "AnalyzerReleases.Unshipped.md"))
            .Concat(File.ReadAllLines(RepositoryPaths.Combine("src", "Analyzers", "AnalyzerReleases.Shipped.md")));
        var line = lines.FirstOrDefault(l => l.StartsWith(id + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"AnalyzerReleases has no line for {id}");
        Assert.Contains($"| {descriptor.Category} | {descriptor.DefaultSeverity} |", line!, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_docs_page_belongs_to_a_rule()
    {
        var ids = AllDescriptors().Select(d => d.Id).ToHashSet();
        foreach (var page in Directory.GetFiles(RepositoryPaths.Combine("docs", "rules"), "*.md"))
        {
            Assert.Contains(Path.GetFileNameWithoutExtension(page), ids);
        }
    }

    [Theory]
    [InlineData("none", "none")]
    [InlineData("strict", "error")]
    public void Severity_presets_set_every_rule(string mode, string severity)
    {
        // "every rule" in the docs means every descriptor: a new rule cannot be left out of a preset.
        var preset = File.ReadAllLines(RepositoryPaths.Combine("src", "Package", "buildTransitive", $"Unblock.{mode}.globalconfig"))
            .Where(l => l.StartsWith("dotnet_diagnostic.", StringComparison.Ordinal)).ToList();
        var expected = AllDescriptors().Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal)
            .Select(id => $"dotnet_diagnostic.{id}.severity = {severity}");
        Assert.Equal(expected, preset);
    }

    [Fact]
    public void The_recommended_preset_keeps_the_descriptor_severities()
    {
        var preset = File.ReadAllLines(RepositoryPaths.Combine("src", "Package", "buildTransitive", "Unblock.recommended.globalconfig"));
        Assert.DoesNotContain(preset, l => l.StartsWith("dotnet_diagnostic.", StringComparison.Ordinal));
    }

    /// <summary>Every option the analyzers read: the <c>const string ...Option</c> fields of the analyzer assembly.</summary>
    private static List<string> OptionNames()
        => typeof(Descriptors).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.EndsWith("Option", StringComparison.Ordinal))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Distinct()
            .ToList();

    [Fact]
    public void Every_option_is_documented_once_and_every_documented_key_exists()
    {
        var names = OptionNames();
        Assert.Contains("budget_ms", names);
        Assert.Contains("task_returning_methods", names);
        var ids = AllDescriptors().Select(d => d.Id).ToHashSet();
        var configuration = File.ReadAllText(RepositoryPaths.Combine("docs", "configuration.md"));

        // The option tables: one row per key, keyed by its first cell.
        var rows = configuration.Split('\n')
            .Select(l => Regex.Match(l, @"^\| `(dotnet_code_quality\.[A-Za-z0-9]+\.[a-z_]+)` \|"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();
        Assert.Equal(rows.Distinct().Count(), rows.Count);
        foreach (var name in names)
        {
            Assert.True(rows.Any(r => r.EndsWith("." + name, StringComparison.Ordinal)), $"docs/configuration.md has no row for the option {name}");
        }

        foreach (Match key in Regex.Matches(configuration, @"dotnet_code_quality\.([A-Za-z0-9]+)\.([a-z_]+)"))
        {
            var scope = key.Groups[1].Value;
            Assert.True(scope is "unblock" or "BLKnnn" || ids.Contains(scope), $"{key.Value}: {scope} is no rule");
            Assert.True(names.Contains(key.Groups[2].Value), $"{key.Value}: the analyzers read no option {key.Groups[2].Value}");
        }
    }

    [Fact]
    public void Rules_are_listed_in_id_order()
    {
        string[] Ids(IEnumerable<string> lines) => lines.Select(l => Regex.Match(l, @"\bBLK[0-9]{3}\b")).Where(m => m.Success).Select(m => m.Value).Distinct().ToArray();
        void InOrder(string[] ids, string where)
            => Assert.True(ids.SequenceEqual(ids.OrderBy(i => i, StringComparer.Ordinal)), $"{where}: {string.Join(", ", ids)}");

        InOrder(Ids(File.ReadAllLines(RepositoryPaths.Combine("src", "Analyzers", "DiagnosticIds.cs"))), "DiagnosticIds");
        InOrder(
            typeof(Descriptors).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(DiagnosticDescriptor))
                .OrderBy(f => f.MetadataToken).Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Id).ToArray(),
            "Descriptors");
        InOrder(Ids(File.ReadAllLines(RepositoryPaths.Combine("src", "Analyzers", "AnalyzerReleases.Unshipped.md"))), "AnalyzerReleases.Unshipped.md");
        InOrder(Ids(File.ReadAllLines(RepositoryPaths.Combine("README.md")).Where(l => l.StartsWith("| [BLK", StringComparison.Ordinal))), "README rule table");
    }

    [Fact]
    public void Every_code_fix_is_exported_shared_and_has_unique_equivalence_keys()
    {
        var keys = new List<string>();
        var ids = AllDescriptors().Select(d => d.Id).ToHashSet();
        Assert.NotEmpty(AllAnalyzers.CodeFixTypes);
        foreach (var type in AllAnalyzers.CodeFixTypes)
        {
            var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.True(export is not null, type.Name + " lacks [ExportCodeFixProvider]");
            Assert.Contains(LanguageNames.CSharp, export!.Languages);
            Assert.True(type.GetCustomAttribute<SharedAttribute>() is not null, type.Name + " lacks [Shared]");

            var provider = (CodeFixProvider)Activator.CreateInstance(type)!;
            Assert.NotNull(provider.GetFixAllProvider());
            Assert.All(provider.FixableDiagnosticIds, id => Assert.Contains(id, ids));

            var typeKeys = type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.Name.EndsWith("Key", StringComparison.Ordinal))
                .Select(f => (string)f.GetRawConstantValue()!)
                .ToList();
            Assert.NotEmpty(typeKeys);
            Assert.All(typeKeys, key => Assert.StartsWith(provider.FixableDiagnosticIds[0] + ".", key, StringComparison.Ordinal));
            keys.AddRange(typeKeys);
        }

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_blocking_call_rule_is_followed_through_calls()
    {
        // BLK007 asks BlockingRules.All whether an operation of a called method blocks: a BlockingCallAnalyzer missing
        // there would report a direct call but never the helper that makes it.
        var rules = AllAnalyzers.AnalyzerTypes.Where(t => typeof(BlockingCallAnalyzer).IsAssignableFrom(t)).ToList();
        var listed = Unblock.Analyzers.Rules.BlockingRules.All.Select(r => r.GetType()).ToList();
        Assert.NotEmpty(rules);
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.All(rules, rule => Assert.True(listed.Contains(rule), rule.Name + " is not in BlockingRules.All"));
        Assert.All(listed, rule => Assert.Contains(rule, rules));
    }

    [Fact]
    public void Every_analyzer_has_a_test_class_named_after_it()
    {
        // SyncWaitAnalyzer -> Unblock.Tests.Rules.SyncWaitTests: where the rule's positive and no-diagnostic tests live.
        var testClasses = typeof(ConventionTests).Assembly.GetTypes().Select(t => t.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(AllAnalyzers.AnalyzerTypes);
        foreach (var analyzer in AllAnalyzers.AnalyzerTypes)
        {
            Assert.EndsWith("Analyzer", analyzer.Name, StringComparison.Ordinal);
            var expected = $"Unblock.Tests.Rules.{analyzer.Name[..^"Analyzer".Length]}Tests";
            Assert.True(testClasses.Contains(expected), $"{analyzer.Name} has no test class {expected}");
        }
    }

    [Fact]
    public void Analyzers_hold_no_static_mutable_state()
    {
        // Analyzer and fix instances are shared by every compilation and thread: no static field and no field of an
        // analyzer or fix provider may be writable or hold a mutable object (a List, a Dictionary, an array...).
        var problems = new List<string>();
        foreach (var assembly in new[] { typeof(UnblockAnalyzer).Assembly, typeof(Unblock.CodeFixes.AsyncRewriter).Assembly })
        {
            foreach (var type in assembly.GetTypes().Where(t => !IsCompilerGenerated(t)))
            {
                var shared = typeof(DiagnosticAnalyzer).IsAssignableFrom(type) || typeof(CodeFixProvider).IsAssignableFrom(type);
                var flags = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly | (shared ? BindingFlags.Instance : 0);
                foreach (var field in type.GetFields(flags).Where(f => !f.IsLiteral))
                {
                    if (!field.IsInitOnly)
                    {
                        problems.Add($"{type.Name}.{field.Name} is writable");
                    }
                    else if (IsWeakCache(field.FieldType))
                    {
                        // A ConditionalWeakTable keyed by a compilation, its options or a syntax tree: thread safe, and
                        // collected with its key.
                    }
                    else if (!IsImmutable(field.FieldType, 0))
                    {
                        problems.Add($"{type.Name}.{field.Name} holds a mutable {field.FieldType.Name}");
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_mutable_state_check_tells_mutable_from_immutable_types()
    {
        Assert.True(IsImmutable(typeof(ImmutableArray<DiagnosticDescriptor>), 0));
        Assert.True(IsImmutable(typeof(ImmutableHashSet<string>), 0));
        Assert.True(IsImmutable(typeof(DiagnosticDescriptor), 0));
        Assert.True(IsImmutable(typeof(Func<int, string>), 0));
        Assert.True(IsImmutable(typeof(AsyncContext), 0));
        Assert.False(IsImmutable(typeof(List<string>), 0));
        Assert.False(IsImmutable(typeof(string[]), 0));
        Assert.False(IsImmutable(typeof(Dictionary<string, int>), 0));
        Assert.False(IsImmutable(typeof(ImmutableArray<List<int>>), 0));
        Assert.False(IsImmutable(typeof(System.Text.StringBuilder), 0));
    }

    private static bool IsWeakCache(Type type)
        => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(System.Runtime.CompilerServices.ConditionalWeakTable<,>)
           && (type.GetGenericArguments()[0] == typeof(Compilation) || type.GetGenericArguments()[0] == typeof(CompilationOptions)
               || type.GetGenericArguments()[0] == typeof(SyntaxTree));

    private static bool IsCompilerGenerated(Type type)
        => type.Name.Contains('<') || type.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is not null;

    private static bool IsImmutable(Type type, int depth)
    {
        if (depth > 5 || type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
            || type == typeof(Type) || type == typeof(Regex) || typeof(Delegate).IsAssignableFrom(type)
            || type == typeof(DiagnosticDescriptor) || type == typeof(LocalizableString) || type == typeof(SymbolDisplayFormat)
            || type == typeof(StringComparer) || typeof(Location).IsAssignableFrom(type)
            || typeof(IOperation).IsAssignableFrom(type) || typeof(ISymbol).IsAssignableFrom(type) || typeof(SyntaxNode).IsAssignableFrom(type))
        {
            return true;
        }

        if (type.IsArray)
        {
            return false;
        }

        if (type.Namespace == "System.Collections.Immutable")
        {
            return type.GetGenericArguments().All(argument => IsImmutable(argument, depth + 1));
        }

        if (type.Assembly == typeof(UnblockAnalyzer).Assembly || type.Assembly == typeof(Unblock.CodeFixes.AsyncRewriter).Assembly)
        {
            // One of ours: immutable when every instance field is readonly and immutable.
            return type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .All(f => f.IsInitOnly && IsImmutable(f.FieldType, depth + 1));
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Nullable<>))
        {
            return IsImmutable(type.GetGenericArguments()[0], depth + 1);
        }

        return false;
    }

    [Theory]
    [InlineData("")]
    [InlineData("class {")]
    [InlineData("using System.Threading.Tasks; class C { async Task M( { var x = Foo().Result. ; Thread.Sleep( } ")]
    [InlineData("using System.Threading; using System.Threading.Tasks; class C { async Task M() { lock () { Thread.Sleep(1) } var t = ; t.Wait(; } }")]
    [InlineData("class C { async System.Threading.Tasks.Task M() { await Undefined.Thing().Result; Missing.Sleep(1); } }")]
    [InlineData("using System.Threading.Tasks; class C { async Task M() { await foreach (var x in ) { x.Result } } }")]
    public async Task Every_analyzer_is_silent_and_does_not_throw_on_empty_or_broken_code(string source)
    {
        var (diagnostics, exceptions) = await RunAllAnalyzersAsync(source, withReferences: true);
        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("BLK", StringComparison.Ordinal) && source.Length == 0);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }

    [Fact]
    public async Task Every_analyzer_bails_out_without_System_Threading_Tasks()
    {
        var (diagnostics, exceptions) = await RunAllAnalyzersAsync(
            "class C { async Task M() { Thread.Sleep(1); var x = t.Result; } }", withReferences: false);
        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("BLK", StringComparison.Ordinal) || d.Id == "AD0001");
    }

    internal static async Task<(ImmutableArray<Diagnostic> Diagnostics, List<Exception> Exceptions)> RunAllAnalyzersAsync(string source, bool withReferences)
    {
        var compilation = CSharpCompilation.Create(
            "Broken",
            new[] { CSharpSyntaxTree.ParseText(source, path: "Broken.cs") },
            withReferences ? Basic.Reference.Assemblies.Net80.References.All : Array.Empty<MetadataReference>(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, diagnostic) => { lock (exceptions) { exceptions.Add(exception); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(AllAnalyzers.CreateAnalyzers(), options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return (diagnostics, exceptions);
    }
}
