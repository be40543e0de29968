using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Unblock.Quality;

/// <summary>
/// Runs analyzers over the labelled corpus and scores them line by line. A corpus file is a compilable C# file;
/// a line that must be flagged ends with <c>// expect: BLK003</c> (or <c>// expect: BLK001, BLK003</c>), a
/// deliberate negative ends with <c>// silent: reason</c>, and every other line must stay silent too.
/// <c>Stubs.cs</c> declares stand-ins for the types the .NET 8 reference assemblies lack and is compiled with every
/// file. Files without top-level statements form one library compilation; each file with top-level statements is
/// compiled on its own as a console program. Files in a folder named <c>Referenced</c> form another project that
/// the others reference as a built assembly (compiled with Unblock's summary generator, as a project reference
/// is in a build): the cases of calls across projects.
/// </summary>
public static class CorpusScorer
{
    /// <summary>
    /// A family name a mapper may return for a diagnostic that is not tied to one rule family (a peer analyzer
    /// whose one rule covers several of ours): on a line with expectations it matches every expected family.
    /// </summary>
    public const string AnyFamily = "*";

    /// <summary>The name of the shared stub file.</summary>
    public const string StubsFileName = "Stubs.cs";

    /// <summary>The folder name of the files that form the referenced project.</summary>
    public const string ReferencedFolder = "Referenced";

    private static readonly Regex ExpectPattern = new(@"//\s*expect:\s*(?<ids>[A-Za-z0-9_]+(\s*,\s*[A-Za-z0-9_]+)*)\s*$", RegexOptions.Compiled);
    private static readonly Regex SilentPattern = new(@"//\s*silent:\s*\S", RegexOptions.Compiled);

    /// <summary>Our own analyzers: a diagnostic id is its family.</summary>
    public static string? IdentityFamily(string diagnosticId)
        => diagnosticId.StartsWith("BLK", StringComparison.Ordinal) && !IsConfigurationDiagnostic(diagnosticId) ? diagnosticId : null;

    /// <summary>Diagnostics about Unblock's own configuration files (not about code): the corpus does not score them.</summary>
    public static bool IsConfigurationDiagnostic(string diagnosticId) => diagnosticId == Unblock.Analyzers.DiagnosticIds.MalformedBlockingMethodsFile;

    /// <summary>Reads the labels of every corpus file.</summary>
    public static ImmutableArray<CorpusFile> Load(string corpusDirectory)
    {
        if (!Directory.Exists(corpusDirectory))
        {
            throw new DirectoryNotFoundException("corpus not found: " + corpusDirectory);
        }

        return Directory.GetFiles(corpusDirectory, "*.cs", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(path => CorpusFile.Parse(Path.GetRelativePath(corpusDirectory, path).Replace('\\', '/'), File.ReadAllText(path)))
            .ToImmutableArray();
    }

    /// <summary>The compilations the corpus is analysed in (see the type's summary).</summary>
    public static ImmutableArray<CSharpCompilation> Compile(IEnumerable<CorpusFile> files)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var all = files.ToList();
        // The stand-ins are a referenced library, as the real packages are: their methods are not "of the compilation".
        var stubs = CreateCompilation("Corpus.Stubs", all.Where(f => f.IsStubs).Select(f => f.Parse(parseOptions)), OutputKind.DynamicallyLinkedLibrary);
        MetadataReference[] stubsReference = { stubs.ToMetadataReference() };
        var library = new List<SyntaxTree>();
        var programs = new List<CSharpCompilation>();
        var referencedTrees = all.Where(f => f.IsReferenced).Select(f => f.Parse(parseOptions)).ToList();
        CSharpCompilation? referenced = null;
        if (referencedTrees.Count > 0)
        {
            // Another project of the solution, built before the others: its assembly carries its summary.
            referenced = CreateCompilation("Corpus.Referenced", referencedTrees, OutputKind.DynamicallyLinkedLibrary, stubsReference);
            stubsReference = stubsReference.Append(Built(referenced, parseOptions)).ToArray();
        }

        foreach (var file in all.Where(f => !f.IsStubs && !f.IsReferenced))
        {
            var tree = file.Parse(parseOptions);
            if (tree.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any())
            {
                programs.Add(CreateCompilation("Corpus." + Path.GetFileNameWithoutExtension(file.Path), new[] { tree }, OutputKind.ConsoleApplication, stubsReference));
            }
            else
            {
                library.Add(tree);
            }
        }

        var compilations = programs.Prepend(CreateCompilation("Corpus", library, OutputKind.DynamicallyLinkedLibrary, stubsReference));
        return (referenced is null ? compilations : compilations.Append(referenced)).ToImmutableArray();
    }

    /// <summary><paramref name="compilation"/> built as a build builds it (Unblock's summary generator included), as a reference.</summary>
    private static MetadataReference Built(CSharpCompilation compilation, CSharpParseOptions parseOptions)
    {
        CSharpGeneratorDriver.Create(new[] { new Unblock.Analyzers.Rules.Transitive.SummaryGenerator().AsSourceGenerator() }, parseOptions: parseOptions)
            .RunGeneratorsAndUpdateCompilation(compilation, out var built, out _);
        using var image = new MemoryStream();
        var emitted = built.Emit(image);
        return emitted.Success ? MetadataReference.CreateFromImage(image.ToArray()) : compilation.ToMetadataReference();
    }

    private static CSharpCompilation CreateCompilation(string name, IEnumerable<SyntaxTree> trees, OutputKind kind, IEnumerable<MetadataReference>? extra = null)
        => CSharpCompilation.Create(
            name,
            trees,
            Basic.Reference.Assemblies.Net80.References.All.Concat(extra ?? Array.Empty<MetadataReference>()),
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

    /// <summary>Compiler errors of the corpus (it must have none: a case that does not compile proves nothing).</summary>
    public static ImmutableArray<Diagnostic> CompilerErrors(IEnumerable<CSharpCompilation> compilations)
        => compilations.SelectMany(c => c.GetDiagnostics())
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Distinct()
            .ToImmutableArray();

    /// <summary>Scores <paramref name="analyzers"/> on the corpus in <paramref name="corpusDirectory"/>.</summary>
    /// <param name="mapIdToFamily">Maps a reported diagnostic id to the rule family it stands for (BLK001..BLK007), <see cref="AnyFamily"/>, or null to ignore it.</param>
    public static QualityReport Score(string corpusDirectory, IEnumerable<DiagnosticAnalyzer> analyzers, Func<string, string?> mapIdToFamily, AnalyzerConfigOptionsProvider? options = null)
        => Score(Load(corpusDirectory), analyzers, mapIdToFamily, options);

    /// <summary>Scores <paramref name="analyzers"/> on already loaded corpus files.</summary>
    public static QualityReport Score(ImmutableArray<CorpusFile> files, IEnumerable<DiagnosticAnalyzer> analyzers, Func<string, string?> mapIdToFamily, AnalyzerConfigOptionsProvider? options = null)
    {
        var analyzerArray = analyzers.ToImmutableArray();
        var compilations = Compile(files);
        var errors = CompilerErrors(compilations);
        var exceptions = new ConcurrentBag<string>();
        var reported = new HashSet<(string Path, int Line, string Family, string Id)>();

        if (!analyzerArray.IsEmpty)
        {
            foreach (var compilation in compilations)
            {
                var withAnalyzers = compilation.WithAnalyzers(
                    analyzerArray,
                    new CompilationWithAnalyzersOptions(
                        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, options ?? EmptyOptionsProvider.Instance),
                        onAnalyzerException: (exception, analyzer, diagnostic) => exceptions.Add(analyzer.GetType().Name + ": " + exception.Message),
                        concurrentAnalysis: true,
                        logAnalyzerExecutionTime: false));
                var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
                foreach (var diagnostic in diagnostics)
                {
                    if (diagnostic.Id == "AD0001")
                    {
                        exceptions.Add(diagnostic.GetMessage(CultureInfo.InvariantCulture));
                        continue;
                    }

                    var family = mapIdToFamily(diagnostic.Id);
                    if (family is null || !diagnostic.Location.IsInSource)
                    {
                        continue;
                    }

                    var span = diagnostic.Location.GetLineSpan();
                    reported.Add((span.Path, span.StartLinePosition.Line + 1, family, diagnostic.Id));
                }
            }
        }

        var supported = analyzerArray
            .SelectMany(a => a.SupportedDiagnostics)
            .Select(d => mapIdToFamily(d.Id))
            .Where(f => f is not null)
            .Select(f => f!)
            .ToImmutableHashSet(StringComparer.Ordinal);

        return Tally(files, reported, supported, errors, exceptions.Distinct().OrderBy(e => e, StringComparer.Ordinal).ToImmutableArray());
    }

    private static QualityReport Tally(
        ImmutableArray<CorpusFile> files,
        HashSet<(string Path, int Line, string Family, string Id)> reported,
        ImmutableHashSet<string> supportedFamilies,
        ImmutableArray<Diagnostic> errors,
        ImmutableArray<string> exceptions)
    {
        var scores = new SortedDictionary<string, RuleScore>(StringComparer.Ordinal);
        RuleScore For(string family) => scores.TryGetValue(family, out var s) ? s : scores[family] = new RuleScore(family);

        foreach (var family in supportedFamilies.Where(f => f != AnyFamily))
        {
            For(family);
        }

        var misses = new List<Miss>();
        var byLine = reported.GroupBy(r => (r.Path, r.Line)).ToDictionary(g => g.Key, g => g.ToList());
        var expectedLines = 0;
        var silentLines = 0;
        foreach (var file in files)
        {
            for (var line = 1; line <= file.LineCount; line++)
            {
                var expected = file.ExpectedAt(line);
                if (!expected.IsEmpty)
                {
                    expectedLines++;
                }
                else if (file.IsMarkedSilent(line))
                {
                    silentLines++;
                }

                foreach (var family in expected)
                {
                    For(family).Expected++;
                }

                byLine.TryGetValue((file.Path, line), out var got);
                var gotFamilies = (got ?? new()).Select(g => g.Family).ToImmutableHashSet(StringComparer.Ordinal);
                var gotIds = (got ?? new()).Select(g => g.Id).Distinct().OrderBy(i => i, StringComparer.Ordinal).ToImmutableArray();
                var any = gotFamilies.Contains(AnyFamily);
                foreach (var family in expected)
                {
                    if (gotFamilies.Contains(family) || any)
                    {
                        For(family).TruePositives++;
                    }
                    else
                    {
                        For(family).FalseNegatives++;
                        misses.Add(new Miss(file.Path, line, family, MissKind.FalseNegative, expected, gotIds, file.LineText(line)));
                    }
                }

                foreach (var family in gotFamilies)
                {
                    if (expected.Contains(family) || (family == AnyFamily && !expected.IsEmpty))
                    {
                        continue;
                    }

                    For(family).FalsePositives++;
                    misses.Add(new Miss(file.Path, line, family, MissKind.FalsePositive, expected, gotIds, file.LineText(line)));
                }
            }
        }

        foreach (var score in scores.Values)
        {
            score.Pending = !supportedFamilies.Contains(score.Family) && !supportedFamilies.Contains(AnyFamily);
        }

        return new QualityReport(files.Length, expectedLines, silentLines, scores.Values.ToImmutableArray(), misses.ToImmutableArray(), errors, exceptions);
    }

    private sealed class EmptyOptionsProvider : AnalyzerConfigOptionsProvider
    {
        public static readonly EmptyOptionsProvider Instance = new();

        public override AnalyzerConfigOptions GlobalOptions => EmptyOptions.Instance;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => EmptyOptions.Instance;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => EmptyOptions.Instance;
    }

    private sealed class EmptyOptions : AnalyzerConfigOptions
    {
        public static readonly EmptyOptions Instance = new();

        public override bool TryGetValue(string key, out string value)
        {
            value = string.Empty;
            return false;
        }
    }

    /// <summary>One corpus file and its labels.</summary>
    public sealed class CorpusFile
    {
        private readonly string[] _lines;
        private readonly ImmutableDictionary<int, ImmutableArray<string>> _expected;
        private readonly ImmutableHashSet<int> _silent;

        private CorpusFile(string path, string text, string[] lines, ImmutableDictionary<int, ImmutableArray<string>> expected, ImmutableHashSet<int> silent)
        {
            Path = path;
            Text = text;
            _lines = lines;
            _expected = expected;
            _silent = silent;
        }

        /// <summary>The path relative to the corpus directory, with '/' separators.</summary>
        public string Path { get; }

        public string Text { get; }

        public int LineCount => _lines.Length;

        public bool IsStubs => System.IO.Path.GetFileName(Path) == StubsFileName;

        /// <summary>Whether the file belongs to the referenced project (a folder named <see cref="ReferencedFolder"/>).</summary>
        public bool IsReferenced => Path.Split('/').Contains(ReferencedFolder, StringComparer.Ordinal);

        /// <summary>Every (line, family) expectation of the file.</summary>
        public IEnumerable<(int Line, string Family)> Expectations => _expected.SelectMany(e => e.Value.Select(f => (e.Key, f))).OrderBy(e => e.Key);

        /// <summary>The lines marked <c>// silent: reason</c>.</summary>
        public IEnumerable<int> SilentLines => _silent.OrderBy(l => l);

        public static CorpusFile Parse(string path, string text)
        {
            var lines = text.Replace("\r\n", "\n").Split('\n');
            var expected = ImmutableDictionary.CreateBuilder<int, ImmutableArray<string>>();
            var silent = ImmutableHashSet.CreateBuilder<int>();
            for (var i = 0; i < lines.Length; i++)
            {
                var match = ExpectPattern.Match(lines[i]);
                if (match.Success)
                {
                    expected[i + 1] = match.Groups["ids"].Value.Split(',').Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToImmutableArray();
                }
                else if (SilentPattern.IsMatch(lines[i]))
                {
                    silent.Add(i + 1);
                }
            }

            return new CorpusFile(path, text, lines, expected.ToImmutable(), silent.ToImmutable());
        }

        public ImmutableArray<string> ExpectedAt(int line) => _expected.TryGetValue(line, out var ids) ? ids : ImmutableArray<string>.Empty;

        public bool IsMarkedSilent(int line) => _silent.Contains(line);

        public string LineText(int line) => line >= 1 && line <= _lines.Length ? _lines[line - 1].Trim() : string.Empty;

        internal SyntaxTree Parse(CSharpParseOptions options) => CSharpSyntaxTree.ParseText(Text, options, Path, System.Text.Encoding.UTF8);
    }
}
