using System.Globalization;
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Unblock.Tests.Rules;

/// <summary>Runs analyzers over plain sources (no markup), with exceptions collected.</summary>
internal static class TransitiveHarness
{
    public static CSharpCompilation Compile(IEnumerable<string> sources)
        => CSharpCompilation.Create(
            "Generated",
            sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: $"File{i}.cs")),
            Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static async Task<ImmutableArray<Diagnostic>> RunAsync(DiagnosticAnalyzer analyzer, IEnumerable<string> sources)
    {
        var (diagnostics, exceptions) = await RunAsync(ImmutableArray.Create(analyzer), Compile(sources));
        Xunit.Assert.Empty(exceptions);
        return diagnostics;
    }

    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, List<Exception> Exceptions)> RunAsync(
        ImmutableArray<DiagnosticAnalyzer> analyzers, Compilation compilation)
    {
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, diagnostic) => { lock (exceptions) { exceptions.Add(exception); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        return (diagnostics.Where(d => d.Id.StartsWith("BLK", StringComparison.Ordinal) || d.Id == "AD0001").ToImmutableArray(), exceptions);
    }
}

/// <summary>
/// A generated service project: per file a handler class with async endpoints, a repository, helpers and plain
/// synchronous code, with calls across files. One file in <see cref="BlockingEvery"/> holds a repository that waits on
/// a task or sleeps (two or three calls deep), so every handler of that file calling it gets one BLK007.
/// </summary>
internal static class GeneratedProject
{
    public const int BlockingEvery = 5;

    /// <summary>BLK007 diagnostics expected in a project of <paramref name="files"/> files.</summary>
    public static int ExpectedTransitive(int files) => Enumerable.Range(0, files).Count(i => i % BlockingEvery == 0) * 2;

    public static IEnumerable<string> Sources(int files)
    {
        for (var i = 0; i < files; i++)
        {
            yield return File(i, files);
        }
    }

    private static string File(int i, int files)
    {
        var next = (i + 1) % files;
        var blocks = i % BlockingEvery == 0;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $@"using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Gen.Area{i}
{{
    public sealed class Order{i}
    {{
        public int Id {{ get; set; }}
        public string Name {{ get; set; }} = """";
        public decimal Total {{ get; set; }}
        public List<int> Lines {{ get; }} = new List<int>();
    }}

    public sealed class Handler{i}
    {{
        private readonly Repository{i} _repository = new Repository{i}();
        private readonly Dictionary<int, Order{i}> _cache = new Dictionary<int, Order{i}>();

        public async Task<int> GetAsync(int id, CancellationToken ct)
        {{
            if (_cache.TryGetValue(id, out var cached))
            {{
                return cached.Id;
            }}

            var order = _repository.Find(id);
            await Task.Delay(1, ct);
            _cache[id] = order;
            return Helpers{i}.Score(order.Lines) + Gen.Area{next}.Helpers{next}.Normalize(order.Id);
        }}

        public async Task SaveAsync(Order{i} order)
        {{
            Validate(order);
            _repository.Save(order);
            await Task.Yield();
            var names = _cache.Values.Where(o => o.Total > 10).Select(o => o.Name.Trim()).ToList();
            Log(string.Join("","", names));
        }}

        public async Task<decimal> TotalAsync(IEnumerable<Order{i}> orders)
        {{
            decimal sum = 0;
            foreach (var order in orders)
            {{
                sum += order.Total * Helpers{i}.Rate(order.Id);
                await Task.Yield();
            }}

            return Math.Round(sum, 2);
        }}

        private static void Validate(Order{i} order)
        {{
            if (order.Id <= 0) throw new ArgumentOutOfRangeException(nameof(order));
            if (string.IsNullOrWhiteSpace(order.Name)) throw new ArgumentException(""name"", nameof(order));
        }}

        private static void Log(string text) => System.Diagnostics.Debug.WriteLine(text);
    }}

    public sealed class Repository{i}
    {{
        private readonly List<Order{i}> _orders = new List<Order{i}>();

        public Order{i} Find(int id) => Load(id) ?? new Order{i} {{ Id = id, Name = ""new"" }};

        public void Save(Order{i} order)
        {{
            Store(order);
            _orders.Add(order);
        }}

        private Order{i}? Load(int id)
        {{
            {(blocks ? "var fetched = FetchAsync(id).Result;" : "var fetched = _orders.FirstOrDefault(o => o.Id == id);")}
            return fetched;
        }}

        private void Store(Order{i} order)
        {{
            {(blocks ? "Thread.Sleep(1);" : "order.Name = order.Name.Trim();")}
            Gen.Area{next}.Helpers{next}.Audit(order.Id);
        }}

        private Task<Order{i}?> FetchAsync(int id) => Task.FromResult(_orders.FirstOrDefault(o => o.Id == id));
    }}

    public static class Helpers{i}
    {{
        public static int Score(IEnumerable<int> lines) => lines.Where(l => l > 0).Sum() + Normalize(lines.Count());

        public static int Normalize(int value) => value < 0 ? -value : value % 1000;

        public static decimal Rate(int id) => id % 3 == 0 ? 1.2m : 1.0m;

        public static void Audit(int id)
        {{
            if (id < 0) throw new InvalidOperationException(id.ToString());
        }}
    }}

    public sealed class Report{i}
    {{
");
        // Plain synchronous code: most of a real project, read by the other rules, ignored by BLK007.
        for (var m = 0; m < 6; m++)
        {
            sb.Append(CultureInfo.InvariantCulture, $@"        public string Section{m}(IReadOnlyList<Order{i}> orders)
        {{
            var builder = new System.Text.StringBuilder();
            for (var k = 0; k < orders.Count; k++)
            {{
                var order = orders[k];
                if (order.Total > {m * 10})
                {{
                    builder.Append(order.Name).Append(':').Append(order.Total.ToString(""F2"")).AppendLine();
                }}
            }}

            var top = orders.OrderByDescending(o => o.Total).Take({m + 1}).Select(o => o.Id).ToArray();
            return builder.ToString() + string.Join("","", top) + Helpers{i}.Normalize(top.Length);
        }}

");
        }

        sb.Append("    }\n}\n");
        return sb.ToString();
    }
}
