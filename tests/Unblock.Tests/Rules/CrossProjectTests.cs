using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Unblock.Analyzers;
using Unblock.Analyzers.Rules.Transitive;
using Xunit;

namespace Unblock.Tests.Rules;

/// <summary>
/// BLK007 across assemblies: a library compiled with <see cref="SummaryGenerator"/> to an image, then a consumer
/// referencing that image analyzed; and the same summaries handed over as AdditionalFiles.
/// </summary>
public class CrossProjectTests
{
    private const string BlockingLibrary = """
        using System.IO;
        using System.Threading;

        namespace Lib
        {
            public class Helper
            {
                public string Load() => Read("settings.json");

                public string Config => File.ReadAllText("config.json");

                public int Quick(int x) => x + 1;

                private static string Read(string path) => File.ReadAllText(path);

                internal void Hidden() => Thread.Sleep(100);
            }
        }
        """;

    private const string Consumer = """
        using System.Threading.Tasks;
        using Lib;

        public class Handler
        {
            private readonly Helper _helper = new Helper();

            public async Task<string> HandleAsync()
            {
                await Task.Yield();
                return _helper.Load();
            }
        }
        """;

    [Fact]
    public async Task A_library_method_that_blocks_is_reported_at_the_call_with_the_chain_across()
    {
        var library = Library("Lib", BlockingLibrary);
        var diagnostics = await AnalyzeAsync(Consumer, new[] { library.Reference });
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("BLK007", diagnostic.Id);
        Assert.Equal(
            "'HandleAsync' calls 'Helper.Load()', which blocks on 'File.ReadAllText()' (HandleAsync → Helper.Load() → Helper.Read(string) → File.ReadAllText(), in Lib at Lib.cs:14)",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("_helper.Load()", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
    }

    [Fact]
    public void The_summary_holds_visible_blocking_members_only()
    {
        var library = Library("Lib", BlockingLibrary);
        var summary = BlockingSummaryFormat.Read(library.Summary);
        Assert.NotNull(summary);
        Assert.Equal("Lib", summary!.AssemblyName);
        Assert.Equal(new[] { "M:Lib.Helper.Load", "M:Lib.Helper.get_Config" }, summary.Entries.Select(e => e.Key));
        var load = summary.ByKey["M:Lib.Helper.Load"];
        Assert.Equal("BLK003", load.RuleId);
        Assert.Equal(new[] { "Helper.Load()", "Helper.Read(string)", "File.ReadAllText()" }, load.Steps);
        Assert.Equal("Lib.cs:14", load.Site);
        Assert.False(load.CpuOnly);
    }

    [Fact]
    public void Internal_members_are_summarized_when_the_assembly_has_InternalsVisibleTo()
    {
        var library = Library("Lib", BlockingLibrary, extraSource: "[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Web\")]");
        Assert.Contains(BlockingSummaryFormat.Read(library.Summary)!.Entries, e => e.Key == "M:Lib.Helper.Hidden");
    }

    [Fact]
    public async Task A_property_of_a_library_that_blocks_is_reported()
    {
        var library = Library("Lib", BlockingLibrary);
        var diagnostics = await AnalyzeAsync(Consumer.Replace("_helper.Load()", "_helper.Config", StringComparison.Ordinal), new[] { library.Reference });
        Assert.Contains("(HandleAsync → Helper.Config → File.ReadAllText(), in Lib at Lib.cs:10)", Assert.Single(diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_library_method_that_does_not_block_is_silent()
    {
        var library = Library("Lib", BlockingLibrary);
        Assert.Empty(await AnalyzeAsync(Consumer.Replace("_helper.Load()", "_helper.Quick(1).ToString()", StringComparison.Ordinal), new[] { library.Reference }));
    }

    [Fact]
    public async Task A_consumer_helper_that_calls_the_library_is_reported_with_the_whole_chain()
    {
        var library = Library("Lib", BlockingLibrary);
        var consumer = """
            using System.Threading.Tasks;
            using Lib;

            public class Handler
            {
                public async Task<string> HandleAsync()
                {
                    await Task.Yield();
                    return Settings();
                }

                private static string Settings() => new Helper().Load();
            }
            """;
        var diagnostic = Assert.Single(await AnalyzeAsync(consumer, new[] { library.Reference }));
        Assert.Contains("(HandleAsync → Handler.Settings() → Helper.Load() → Helper.Read(string) → File.ReadAllText(), in Lib at Lib.cs:14)", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_property_UnblockEmitSummaries_false_writes_nothing()
    {
        var library = Library("Lib", BlockingLibrary, new Dictionary<string, string> { [SummaryGenerator.EmitSummariesProperty] = "false" });
        Assert.Null(library.Summary);
        Assert.Empty(await AnalyzeAsync(Consumer, new[] { library.Reference }));

        var on = Library("Lib", BlockingLibrary, new Dictionary<string, string> { [SummaryGenerator.EmitSummariesProperty] = "true" });
        Assert.NotNull(on.Summary);
    }

    [Theory]
    [InlineData("Library", null, null, true)]
    [InlineData(null, null, null, true)]
    [InlineData("Exe", null, null, false)]
    [InlineData("WinExe", null, null, false)]
    [InlineData("Library", "true", null, false)]
    [InlineData("Exe", null, "true", true)]
    [InlineData("Library", null, "false", false)]
    public async Task Summaries_are_written_for_libraries_unless_the_property_says_otherwise(string? outputType, string? isTestProject, string? emit, bool written)
    {
        var properties = new Dictionary<string, string>();
        if (outputType is not null)
        {
            properties[SummaryGenerator.OutputTypeProperty] = outputType;
        }

        if (isTestProject is not null)
        {
            properties[SummaryGenerator.IsTestProjectProperty] = isTestProject;
        }

        if (emit is not null)
        {
            properties[SummaryGenerator.EmitSummariesProperty] = emit;
        }

        var library = Library("Lib", BlockingLibrary, properties);
        Assert.Equal(written, library.Summary is not null);
        Assert.Equal(written ? 1 : 0, (await AnalyzeAsync(Consumer, new[] { library.Reference })).Length);
    }

    [Fact]
    public void A_library_where_nothing_blocks_gets_no_attribute()
    {
        var library = Library("Lib", "namespace Lib { public class Quiet { public int Get() => 1; } }");
        Assert.Null(library.Summary);
        Assert.Empty(library.Generated);
    }

    private const string Contracts = """
        namespace Core
        {
            public interface IStore
            {
                string Get(int id);
            }

            public interface IClock
            {
                long Now();
            }
        }
        """;

    private const string Infrastructure = """
        using System.Threading;
        using Core;

        namespace Infra
        {
            internal sealed class Store : IStore
            {
                public string Get(int id)
                {
                    Thread.Sleep(10);
                    return id.ToString();
                }
            }

            internal sealed class Clock : IClock
            {
                public long Now() => 42;
            }
        }
        """;

    private const string InterfaceConsumer = """
        using System.Threading.Tasks;
        using Core;

        public class Handler
        {
            private readonly IStore _store;
            private readonly IClock _clock;

            public Handler(IStore store, IClock clock)
            {
                _store = store;
                _clock = clock;
            }

            public async Task<string> HandleAsync()
            {
                await Task.Yield();
                return _store.Get(1) + _clock.Now();
            }
        }
        """;

    [Fact]
    public async Task An_interface_member_implemented_in_a_library_with_a_blocking_body_is_reported_through_the_interface()
    {
        var core = Library("Core", Contracts);
        var infra = Library("Infra", Infrastructure, references: new[] { core.Reference });
        Assert.Equal(new[] { "M:Core.IStore.Get(System.Int32)" }, BlockingSummaryFormat.Read(infra.Summary)!.ByKey["M:Infra.Store.Get(System.Int32)"].Implements);

        var diagnostic = Assert.Single(await AnalyzeAsync(InterfaceConsumer, new[] { core.Reference, infra.Reference }));
        Assert.Equal(
            "'HandleAsync' calls 'Store.Get(int)', which blocks on 'Thread.Sleep' (HandleAsync → Store.Get(int) → Thread.Sleep, in Infra at Infra.cs:10)",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_interface_the_consumer_implements_too_is_not_followed()
    {
        var core = Library("Core", Contracts);
        var infra = Library("Infra", Infrastructure, references: new[] { core.Reference });
        var consumer = InterfaceConsumer + "\ninternal sealed class CachedStore : Core.IStore { public string Get(int id) => string.Empty; }\n";
        Assert.Empty(await AnalyzeAsync(consumer, new[] { core.Reference, infra.Reference }));
    }

    [Fact]
    public async Task An_interface_member_implemented_in_two_libraries_is_not_followed()
    {
        var core = Library("Core", Contracts);
        var infra = Library("Infra", Infrastructure, references: new[] { core.Reference });
        var other = Library("Other", Infrastructure.Replace("namespace Infra", "namespace Other", StringComparison.Ordinal), references: new[] { core.Reference });
        Assert.Empty(await AnalyzeAsync(InterfaceConsumer, new[] { core.Reference, infra.Reference, other.Reference }));
    }

    [Fact]
    public async Task Summaries_chain_through_three_projects()
    {
        var core = Library("Core", Contracts);
        var infra = Library("Infra", """
            using System.IO;

            namespace Infra
            {
                public static class Disk
                {
                    public static string Read(string path) => File.ReadAllText(path);
                }
            }
            """);
        var service = Library("Service", """
            namespace Service
            {
                public class Settings
                {
                    public string Load() => Infra.Disk.Read("a.json");
                }
            }
            """, references: new[] { core.Reference, infra.Reference });
        var consumer = """
            using System.Threading.Tasks;

            public class Handler
            {
                public async Task<string> HandleAsync()
                {
                    await Task.Yield();
                    return new Service.Settings().Load();
                }
            }
            """;
        var diagnostic = Assert.Single(await AnalyzeAsync(consumer, new[] { core.Reference, infra.Reference, service.Reference }));
        Assert.Equal(
            "'HandleAsync' calls 'Settings.Load()', which blocks on 'File.ReadAllText()' (HandleAsync → Settings.Load() → Disk.Read(string) → File.ReadAllText(), in Service at Infra.cs:7 in Infra)",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_summary_in_an_additional_file_stands_for_a_library_built_without_Unblock()
    {
        var library = Library("Lib", BlockingLibrary, generate: false);
        Assert.Empty(await AnalyzeAsync(Consumer, new[] { library.Reference }));

        var summary = BlockingSummaryFormat.Write(library.Compilation, new TestOptions(new Dictionary<string, string>()), ImmutableArray<AdditionalText>.Empty, CancellationToken.None);
        Assert.NotNull(summary);
        var diagnostic = Assert.Single(await AnalyzeAsync(Consumer, new[] { library.Reference }, new TestText("/src/Lib.unblock-summary", summary!)));
        Assert.Contains("in Lib at Lib.cs:14", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        // Only files named *.unblock-summary are read.
        Assert.Empty(await AnalyzeAsync(Consumer, new[] { library.Reference }, new TestText("/src/Lib.txt", summary!)));
    }

    [Fact]
    public async Task A_summary_in_an_additional_file_gives_the_implementations_of_a_project_not_referenced()
    {
        var core = Library("Core", Contracts);
        var infra = Library("Infra", Infrastructure, references: new[] { core.Reference });
        var diagnostic = Assert.Single(await AnalyzeAsync(InterfaceConsumer, new[] { core.Reference }, new TestText("/scan/Infra.unblock-summary", infra.Summary!)));
        Assert.Contains("(HandleAsync → Store.Get(int) → Thread.Sleep, in Infra at Infra.cs:10)", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stale_entries_are_ignored()
    {
        var library = Library("Lib", BlockingLibrary, generate: false);

        // Entries of members that no longer exist, of another assembly of the same namespace, and of this compilation itself.
        var stale = string.Join("\n",
            "Unblock.Summary\tv1\tLib",
            "M:Lib.Helper.Removed\tBLK002\t-\tHelper.Removed → Thread.Sleep()\tLib.cs:3\t",
            "M:Lib.Helper.Quick(System.Int32,System.Int32)\tBLK002\t-\tHelper.Quick → Thread.Sleep()\tLib.cs:3\t",
            "M:Core.IStore.Get(System.Int32)\tBLK002\t-\tStore.Get → Thread.Sleep()\t\tM:Core.IMissing.Get");
        var mine = "Unblock.Summary\tv1\tWeb\nM:Handler.HandleAsync\tBLK002\t-\tHandler.HandleAsync → Thread.Sleep()\t\t\n";
        var consumer = Consumer.Replace("_helper.Load()", "_helper.Quick(1).ToString()", StringComparison.Ordinal);
        Assert.Empty(await AnalyzeAsync(consumer, new[] { library.Reference }, new TestText("/a/Lib.unblock-summary", stale), new TestText("/a/Web.unblock-summary", mine)));
    }

    [Fact]
    public async Task The_attribute_wins_over_an_additional_file_for_the_same_assembly()
    {
        var library = Library("Lib", BlockingLibrary);
        var stale = "Unblock.Summary\tv1\tLib\nM:Lib.Helper.Quick(System.Int32)\tBLK002\t-\tHelper.Quick → Thread.Sleep()\tLib.cs:3\t\n";
        var consumer = Consumer.Replace("_helper.Load()", "_helper.Quick(1).ToString()", StringComparison.Ordinal);
        Assert.Empty(await AnalyzeAsync(consumer, new[] { library.Reference }, new TestText("/a/Lib.unblock-summary", stale)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("Unblock.Summary\tv2\tLib\nM:Lib.Helper.Quick(System.Int32)\tBLK002\t-\tHelper.Quick → Thread.Sleep()\tLib.cs:3\t\n")]
    [InlineData("Unblock.Summary\tv1\tOtherName\nM:Lib.Helper.Quick(System.Int32)\tBLK002\t-\tHelper.Quick → Thread.Sleep()\tLib.cs:3\t\n")]
    [InlineData("Unblock.Summary\tv1\tLib\nM:Lib.Helper.Quick(System.Int32)\tBLK002\n")]
    [InlineData("Unblock.Summary\tv1\tLib\nM:Lib.Helper.Quick(System.Int32)\tXYZ\t-\tHelper.Quick → Thread.Sleep()\tLib.cs:3\t\n")]
    [InlineData("Unblock.Summary\tv1\tLib\nM:Lib.Helper.Quick(System.Int32)\tBLK002\t-\tThread.Sleep()\tLib.cs:3\t\n")]
    [InlineData("Unblock.Summary\tv1\tLib\nM:Lib.Helper.Quick(System.Int32)\tBLK002\tmem=x\tHelper.Quick → Thread.Sleep()\tLib.cs:3\t\n")]
    [InlineData("Unblock.Summary\tv1\tLib\nM:Lib.Helper.Quick(System.Int32)\tBLK002\t-\tHelper.Quick →  → Thread.Sleep()\tLib.cs:3\tnot-an-id\n")]
    public async Task A_malformed_or_unknown_attribute_is_ignored_without_a_crash(string text)
    {
        var attribute = "[assembly: System.Reflection.AssemblyMetadata(\"Unblock.Summary.v1\", " + SymbolDisplay.FormatLiteral(text, quote: true) + ")]\n";
        var library = Library("Lib", BlockingLibrary, generate: false, extraSource: attribute);
        var consumer = Consumer.Replace("_helper.Load()", "_helper.Quick(1).ToString()", StringComparison.Ordinal);
        Assert.Empty(await AnalyzeAsync(consumer, new[] { library.Reference }));
    }

    [Fact]
    public void Reading_never_throws_on_damaged_text()
    {
        var library = Library("Lib", BlockingLibrary, extraSource: "[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Web\")]");
        var text = library.Summary!;
        var random = new Random(20);
        for (var i = 0; i < 2_000; i++)
        {
            var chars = text.ToCharArray();
            for (var j = random.Next(1, 6); j > 0; j--)
            {
                chars[random.Next(chars.Length)] = "\t\n→ M:#x"[random.Next(8)];
            }

            var damaged = new string(chars, 0, random.Next(chars.Length + 1));
            _ = BlockingSummaryFormat.Read(damaged);
        }
    }

    [Fact]
    public void The_summary_is_capped()
    {
        var entries = Enumerable.Range(0, BlockingSummaryFormat.MaxEntries + 10)
            .Select(i => new SummaryEntry($"M:Lib.T.M{i:D5}", "BLK002", false, ImmutableArray.Create("T.M", "Thread.Sleep()"), "T.cs:1", ImmutableArray<string>.Empty));
        var text = BlockingSummaryFormat.Encode("Lib", entries);
        Assert.True(text.Length <= BlockingSummaryFormat.MaxChars);
        Assert.Contains("# truncated: 10 more entries", text, StringComparison.Ordinal);
        Assert.Equal(BlockingSummaryFormat.MaxEntries, BlockingSummaryFormat.Read(text)!.Entries.Length);
    }

    [Fact]
    public void The_generated_attribute_compiles_and_is_deterministic()
    {
        var first = Library("Lib", BlockingLibrary);
        var second = Library("Lib", BlockingLibrary);
        Assert.Equal(first.Summary, second.Summary);
        var generated = Assert.Single(first.Generated);
        Assert.Contains("[assembly: global::System.Reflection.AssemblyMetadata(\"Unblock.Summary.v1\", ", generated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_library_helper_that_blocks_only_on_the_stream_it_is_given_is_silent_for_an_in_memory_stream()
    {
        var library = Library("Lib", """
            using System;
            using System.IO;

            namespace Lib
            {
                public sealed class Serializer
                {
                    public T Deserialize<T>(Stream stream) => (T)System.Text.Json.JsonSerializer.Deserialize(stream, typeof(T))!;
                }
            }
            """);
        Assert.Equal(1UL, BlockingSummaryFormat.Read(library.Summary)!.ByKey["M:Lib.Serializer.Deserialize``1(System.IO.Stream)"].InMemoryParameters);
        var consumer = """
            using System.IO;
            using System.Threading.Tasks;
            using Lib;

            public class Cache
            {
                private readonly Serializer _serializer = new Serializer();

                public async Task<T> FromBytesAsync<T>(byte[] bytes)
                {
                    await Task.Yield();
                    return _serializer.Deserialize<T>(new MemoryStream(bytes));
                }

                public async Task<T> FromFileAsync<T>(string path)
                {
                    await Task.Yield();
                    return _serializer.Deserialize<T>(File.OpenRead(path));
                }
            }
            """;
        var diagnostic = Assert.Single(await AnalyzeAsync(consumer, new[] { library.Reference }));
        Assert.StartsWith("'FromFileAsync' calls 'Serializer.Deserialize<T>(Stream)'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BLK003_is_silent_on_a_library_serializer_interface_given_an_in_memory_stream()
    {
        var library = Library("Lib", """
            using System.IO;
            using System.Threading.Tasks;

            namespace Lib
            {
                public interface ISerializer
                {
                    void Serialize<T>(T value, Stream stream);

                    Task SerializeAsync<T>(T value, Stream stream);
                }

                internal sealed class Serializer : ISerializer
                {
                    public void Serialize<T>(T value, Stream stream) => System.Text.Json.JsonSerializer.Serialize(stream, value);

                    public Task SerializeAsync<T>(T value, Stream stream) => System.Text.Json.JsonSerializer.SerializeAsync(stream, value);
                }
            }
            """);
        var consumer = """
            using System.IO;
            using System.Threading.Tasks;
            using Lib;

            public class Cache
            {
                private readonly ISerializer _serializer;

                public Cache(ISerializer serializer) => _serializer = serializer;

                public async Task<byte[]> ToBytesAsync(object value)
                {
                    await Task.Yield();
                    using var stream = new MemoryStream();
                    _serializer.Serialize(value, stream);
                    return stream.ToArray();
                }

                public async Task ToFileAsync(object value, string path)
                {
                    await Task.Yield();
                    using var file = File.Create(path);
                    _serializer.Serialize(value, file);
                }
            }
            """;
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new TransitiveBlockingAnalyzer(), new Unblock.Analyzers.Rules.Io.BlockingIoAnalyzer());
        var diagnostics = await AnalyzeAsync(consumer, new[] { library.Reference }, analyzers);
        var diagnostic = Assert.Single(diagnostics.Where(d => d.Id == "BLK003" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("Serialize", StringComparison.Ordinal)));
        Assert.Equal(23, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);

        // Without the library's summary, both calls are taken for I/O (nothing says the serializer only touches its stream).
        var plain = Library("Lib", """
            namespace Lib
            {
                public interface ISerializer
                {
                    void Serialize<T>(T value, System.IO.Stream stream);

                    System.Threading.Tasks.Task SerializeAsync<T>(T value, System.IO.Stream stream);
                }
            }
            """, generate: false);
        Assert.Equal(2, (await AnalyzeAsync(consumer, new[] { plain.Reference }, analyzers)).Count(d => d.Id == "BLK003" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("Serialize", StringComparison.Ordinal)));
    }

    // Harness

    private sealed record Built(CSharpCompilation Compilation, MetadataReference Reference, string? Summary, ImmutableArray<string> Generated);

    /// <summary>Compiles <paramref name="source"/> as assembly <paramref name="name"/> (with the generator unless told not to) to an image.</summary>
    private static Built Library(string name, string source, Dictionary<string, string>? globalOptions = null, IEnumerable<MetadataReference>? references = null, bool generate = true, string? extraSource = null)
    {
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: $"/src/{name}/{name}.cs") };
        if (extraSource is not null)
        {
            trees.Add(CSharpSyntaxTree.ParseText(extraSource, new CSharpParseOptions(LanguageVersion.Latest), path: $"/src/{name}/AssemblyInfo.cs"));
        }

        var compilation = CSharpCompilation.Create(
            name,
            trees,
            Basic.Reference.Assemblies.Net80.References.All.Concat(references ?? Enumerable.Empty<MetadataReference>()),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var output = compilation;
        var generated = ImmutableArray<string>.Empty;
        if (generate)
        {
            var driver = CSharpGeneratorDriver.Create(
                new[] { new SummaryGenerator().AsSourceGenerator() },
                optionsProvider: new TestOptions(globalOptions ?? new Dictionary<string, string>()),
                parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None));
            driver.RunGeneratorsAndUpdateCompilation(compilation, out var updated, out var diagnostics);
            Assert.Empty(diagnostics);
            output = (CSharpCompilation)updated;
            generated = output.SyntaxTrees.Skip(trees.Count).Select(t => t.ToString()).ToImmutableArray();
        }

        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        var reference = MetadataReference.CreateFromImage(image.ToArray());
        var summary = output.Assembly.GetAttributes()
            .Where(a => a.AttributeClass?.Name == "AssemblyMetadataAttribute" && (string?)a.ConstructorArguments[0].Value == BlockingSummaryFormat.AttributeKey)
            .Select(a => (string?)a.ConstructorArguments[1].Value)
            .SingleOrDefault();
        return new Built(compilation, reference, generate ? summary : null, generated);
    }

    private static Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, IEnumerable<MetadataReference> references, params AdditionalText[] additionalFiles)
        => AnalyzeAsync(source, references, ImmutableArray.Create<DiagnosticAnalyzer>(new TransitiveBlockingAnalyzer()), additionalFiles);

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, IEnumerable<MetadataReference> references, ImmutableArray<DiagnosticAnalyzer> analyzers, params AdditionalText[] additionalFiles)
    {
        var compilation = CSharpCompilation.Create(
            "Web",
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "/src/Web/Handler.cs") },
            Basic.Reference.Assemblies.Net80.References.All.Concat(references),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(additionalFiles.ToImmutableArray()),
            (exception, _, _) => { lock (exceptions) { exceptions.Add(exception); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync();
        Assert.Empty(exceptions);
        return diagnostics;
    }

    private sealed class TestOptions : AnalyzerConfigOptionsProvider
    {
        private readonly Options _options;

        public TestOptions(Dictionary<string, string> values) => _options = new Options(values);

        public override AnalyzerConfigOptions GlobalOptions => _options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly Dictionary<string, string> _values;

            public Options(Dictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
        }
    }

    private sealed class TestText : AdditionalText
    {
        private readonly string _text;

        public TestText(string path, string text)
        {
            Path = path;
            _text = text;
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(_text);
    }
}
