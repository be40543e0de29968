using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Unblock.Tests.Verifiers;

/// <summary>Thin verifier over Microsoft.CodeAnalysis.Testing with .NET 8 reference assemblies and no download.</summary>
public static class CSharpVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>
    /// The rule's own diagnostic: the analyzer's first descriptor (a blocking-call rule also supports BLK008, for
    /// synchronous Blazor component code, after its own).
    /// </summary>
    public static DiagnosticResult Diagnostic() => new(new TAnalyzer().SupportedDiagnostics[0]);

    public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

    /// <summary>Runs the analyzer only: the markup's <c>[|...|]</c> spans are the expected diagnostics.</summary>
    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
        => VerifyAnalyzerAsync(source, editorConfig: null, expected);

    public static Task VerifyAnalyzerAsync(string source, string? editorConfig, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + editorConfig));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>Runs analyzer and fix: <paramref name="fixedSource"/> must compile and have no diagnostic left.</summary>
    public static Task VerifyCodeFixAsync(string source, string fixedSource, string? equivalenceKey = null, string? editorConfig = null)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
        if (editorConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\n" + editorConfig));
        }

        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>The configured test, for Fix All scopes, several documents or custom expectations.</summary>
    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = new ReferenceAssemblies("net8.0");
            // [|...|] markup means the rule's own (first) descriptor, not BLK008 which every blocking-call rule also supports.
            MarkupOptions = MarkupOptions.UseFirstDescriptor;
            TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net80.References.All);
            FixedState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net80.References.All);
        }

        public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

        /// <summary>Compiles against the .NET 10 reference assemblies instead of .NET 8's (for the overloads .NET 9 added).</summary>
        public Test UseNet10()
        {
            TestState.AdditionalReferences.Clear();
            TestState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
            FixedState.AdditionalReferences.Clear();
            FixedState.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net100.References.All);
            return this;
        }

        protected override ParseOptions CreateParseOptions() => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion);
    }
}
