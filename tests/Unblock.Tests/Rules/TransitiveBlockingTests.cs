using System.Collections.Immutable;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Testing;
using Unblock.Analyzers;
using Unblock.Analyzers.Options;
using Unblock.Analyzers.Rules.Sleep;
using Unblock.Analyzers.Rules.SyncWait;
using Unblock.Analyzers.Rules.Transitive;
using Unblock.CodeFixes.Rules.Transitive;
using Xunit;
using Verify = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.Transitive.TransitiveBlockingAnalyzer, Unblock.CodeFixes.Rules.Transitive.TransitiveBlockingCodeFixProvider>;
using VerifyWithCpu = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Tests.Rules.TransitiveWithCpuRuleAnalyzer, Unblock.CodeFixes.Rules.Transitive.TransitiveBlockingCodeFixProvider>;

namespace Unblock.Tests.Rules;

public class TransitiveBlockingTests
{
    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private static DiagnosticResult Expected(string caller, string callee, string leaf, string chain)
        => Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments(caller, callee, leaf, chain);

    // ---- chains -------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Reports_a_one_level_chain_with_the_blocking_call_as_additional_location()
    {
        var source = Usings + @"
class C
{
    async Task Handle() { {|#0:LoadConfig()|}; await Task.Yield(); }
    static void LoadConfig() { {|#1:Thread.Sleep(10)|}; }
}";
        await Verify.VerifyAnalyzerAsync(source, Expected("Handle", "C.LoadConfig()", "Thread.Sleep", "Handle → C.LoadConfig() → Thread.Sleep"));
    }

    [Theory]
    [InlineData("void Run() { async Task Local() { {|#0:Load()|}; await Task.Yield(); } _ = Local(); }")]
    [InlineData("void Run() { Func<Task> f = async delegate { {|#0:Load()|}; await Task.Yield(); }; }")]
    [InlineData("void Run() { Func<int, Task> f = async x => { {|#0:Load()|}; await Task.Yield(); }; }")]
    [InlineData("void Run() { Func<Task> f = static async () => { {|#0:Load()|}; await Task.Yield(); }; }")]
    [InlineData("C() { Func<Task> f = async () => { {|#0:Load()|}; await Task.Yield(); }; }")]
    [InlineData("Func<Task> P { get { return async () => { {|#0:Load()|}; await Task.Yield(); }; } }")]
    [InlineData("readonly Func<Task> _f = async () => { {|#0:Load()|}; await Task.Yield(); };")]
    [InlineData("public async Task Run() => {|#0:Load()|};")]
    [InlineData("/* async */ string _async = \"async\"; async Task Run() { {|#0:Load()|}; await Task.Yield(); }")]
    public async Task Reports_from_every_kind_of_async_function(string member)
    {
        var source = Usings + "class C\n{\n    " + member + "\n    static void Load() { {|#1:Thread.Sleep(1)|}; }\n}\n";
        var caller = member.Contains("Local()", System.StringComparison.Ordinal) ? "Local"
            : member.Contains("Task Run()", System.StringComparison.Ordinal) ? "Run"
            : null;
        var diagnostics = await TransitiveHarness.RunAsync(new TransitiveBlockingAnalyzer(), new[] { source.Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace("|}", string.Empty) });
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(source.IndexOf("{|#0:", System.StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
        Assert.Contains("calls 'C.Load()', which blocks on 'Thread.Sleep'", diagnostic.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        if (caller is not null)
        {
            Assert.StartsWith("'" + caller + "' calls", diagnostic.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Reports_from_top_level_statements_that_await()
    {
        // Program.cs of a worker or a minimal API: top-level statements that await are async code, with no "async" in
        // their text.
        var test = new Verify.Test
        {
            TestCode = Usings + @"await Task.Yield();
{|#0:Warm()|};
static void Warm() { {|#1:Thread.Sleep(10)|}; }
",
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.ExpectedDiagnostics.Add(Expected("top-level statements", "Warm()", "Thread.Sleep", "top-level statements → Warm() → Thread.Sleep"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Reports_once_from_nested_types_and_from_the_type_around_them()
    {
        // Call sites are judged at the end of their type: a nested type's calls are reported once, whether the nested
        // type ends before or after the type around it.
        var source = Usings + @"
class Outer
{
    async Task Handle() { {|#0:Load()|}; await Task.Yield(); }
    static void Load() { {|#1:Thread.Sleep(1)|}; }

    class Inner
    {
        async Task Run() { {|#2:Load()|}; await Task.Yield(); }

        struct Deepest
        {
            async Task Go() { {|#4:Save()|}; await Task.Yield(); }
            static void Save() { {|#5:Thread.Sleep(2)|}; }
        }
    }

    Func<Task> Field = async () => { {|#3:Load()|}; await Task.Yield(); };
}";
        await Verify.VerifyAnalyzerAsync(
            source,
            Expected("Handle", "Outer.Load()", "Thread.Sleep", "Handle → Outer.Load() → Thread.Sleep"),
            Verify.Diagnostic().WithLocation(2).WithLocation(1).WithArguments("Run", "Outer.Load()", "Thread.Sleep", "Run → Outer.Load() → Thread.Sleep"),
            Verify.Diagnostic().WithLocation(3).WithLocation(1).WithArguments("Field", "Outer.Load()", "Thread.Sleep", "Field → Outer.Load() → Thread.Sleep"),
            Verify.Diagnostic().WithLocation(4).WithLocation(5).WithArguments("Go", "Deepest.Save()", "Thread.Sleep", "Go → Deepest.Save() → Thread.Sleep"));
    }

    [Fact]
    public async Task A_task_returning_method_without_async_counts_unless_the_option_turns_it_off()
    {
        // No "async" anywhere in the type: it is read because task-returning methods count as async code by default.
        var source = Usings + @"
class C
{
    Task Handle() { {|#0:Load()|}; return Task.CompletedTask; }
    static void Load() { {|#1:Thread.Sleep(1)|}; }
}";
        await Verify.VerifyAnalyzerAsync(source, Expected("Handle", "C.Load()", "Thread.Sleep", "Handle → C.Load() → Thread.Sleep"));
        await Verify.VerifyAnalyzerAsync(
            source.Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace("|}", string.Empty),
            "dotnet_code_quality.unblock.task_returning_methods = false\n");
    }

    [Fact]
    public async Task Silent_in_generated_code_marked_by_attribute_or_header_and_reports_next_to_it()
    {
        // Generated code is neither analysed nor reported in, however it is marked; the hand-written caller still is.
        var test = new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    Usings + @"
static class Helpers
{
    public static void Load() { {|#1:Thread.Sleep(1)|}; }
}

[System.CodeDom.Compiler.GeneratedCode(""tool"", ""1.0"")]
class Generated
{
    async Task Handle() { Helpers.Load(); await Task.Yield(); }
}

partial class Mixed
{
    async Task Mine() { {|#0:Helpers.Load()|}; await Task.Yield(); }
}",
                    ("/0/Mixed.g.cs", "// <auto-generated/>\n" + Usings + @"
partial class Mixed
{
    async Task Theirs() { Helpers.Load(); await Task.Yield(); }
}"),
                },
            },
        };
        test.ExpectedDiagnostics.Add(Expected("Mine", "Helpers.Load()", "Thread.Sleep", "Mine → Helpers.Load() → Thread.Sleep"));
        await test.RunAsync();
    }

    [Fact]
    public async Task A_reader_that_opens_a_zip_archive_over_the_stream_it_is_given_blocks_unless_the_stream_is_in_memory()
    {
        // Seen on squidex: a backup reader's constructor opens the downloaded archive; new ZipArchive reads its directory.
        var source = Usings + @"using System.IO;
using System.IO.Compression;
sealed class BackupReader
{
    private readonly ZipArchive archive;
    public BackupReader(Stream stream) { archive = {|#1:new ZipArchive(stream, ZipArchiveMode.Read, false)|}; }
}
class C
{
    async Task<BackupReader> Open(string path) { await Task.Yield(); return {|#0:new BackupReader(File.OpenRead(path))|}; }
    async Task<BackupReader> FromMemory(byte[] bytes) { await Task.Yield(); return new BackupReader(new MemoryStream(bytes)); }
}";
        await Verify.VerifyAnalyzerAsync(source, Expected("Open", "new BackupReader(Stream)", "new ZipArchive()", "Open → new BackupReader(Stream) → new ZipArchive()"));
    }

    [Fact]
    public async Task A_helper_that_decodes_an_image_from_the_stream_it_is_given_blocks_unless_the_stream_is_in_memory()
    {
        // Seen on Kavita: favicons decoded with NetVips straight from the HTTP response stream.
        var source = Usings + @"using System.IO;
namespace NetVips { public class Image : System.IDisposable { public static Image PngloadStream(Stream stream) => null!; public void Dispose() { } } }
static class Images
{
    public static NetVips.Image Decode(Stream stream) => {|#1:NetVips.Image.PngloadStream(stream)|};
}
class C
{
    async Task Download(System.Net.Http.HttpClient client, string url) { var body = await client.GetStreamAsync(url); using var image = {|#0:Images.Decode(body)|}; }
    async Task FromCache(byte[] bytes) { await Task.Yield(); using var image = Images.Decode(new MemoryStream(bytes)); }
}";
        await Verify.VerifyAnalyzerAsync(source, Expected("Download", "Images.Decode(Stream)", "Image.PngloadStream()", "Download → Images.Decode(Stream) → Image.PngloadStream()"));
    }

    [Fact]
    public async Task Reports_a_multi_level_chain_across_files_and_classes()
    {
        var test = new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    Usings + @"
class Handler
{
    private readonly Config _config = new Config();
    public async Task Handle() { var s = {|#0:_config.Load()|}; await Task.Yield(); }
}",
                    Usings + @"
sealed class Config
{
    public string Load() => ReadSettings();
    private string ReadSettings() => Parse(Fetch());
    private static string Parse(Task<string> text) => {|#1:text.Result|};
    private static Task<string> Fetch() => Task.Run(() => ""x"");
}",
                },
            },
        };
        test.ExpectedDiagnostics.Add(Expected("Handle", "Config.Load()", "Task<TResult>.Result", "Handle → Config.Load() → Config.ReadSettings() → Config.Parse(Task<string>) → Task<TResult>.Result"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Reports_the_shortest_chain_when_several_lead_to_a_block()
    {
        var source = Usings + @"
class C
{
    async Task Handle() { {|#0:Run()|}; await Task.Yield(); }
    void Run() { Deep(); Shallow(); }
    void Deep() { Deeper(); }
    void Deeper() { Thread.Sleep(1); }
    void Shallow() { {|#1:Thread.Sleep(2)|}; }
}";
        await Verify.VerifyAnalyzerAsync(source, Expected("Handle", "C.Run()", "Thread.Sleep", "Handle → C.Run() → C.Shallow() → Thread.Sleep"));
    }

    [Theory]
    [InlineData("async Task Handle() { var v = {|#0:Settings|}; await Task.Yield(); }\n    int Settings => Read();\n    int Read() { {|#1:Thread.Sleep(1)|}; return 1; }", "C.Settings", "Handle → C.Settings → C.Read() → Thread.Sleep")]
    [InlineData("async Task Handle() { {|#0:Settings|} = 3; await Task.Yield(); }\n    int Settings { get => 0; set { {|#1:Thread.Sleep(value)|}; } }", "C.Settings", "Handle → C.Settings → Thread.Sleep")]
    [InlineData("async Task Handle() { var v = {|#0:this[1]|}; await Task.Yield(); }\n    int this[int i] { get { {|#1:Thread.Sleep(i)|}; return i; } }", "C[]", "Handle → C[] → Thread.Sleep")]
    [InlineData("async Task Handle() { var l = {|#0:new Loader()|}; await Task.Yield(); }\n    class Loader { public Loader() { {|#1:Thread.Sleep(1)|}; } }", "new Loader()", "Handle → new Loader() → Thread.Sleep")]
    [InlineData("async Task Handle() { var n = {|#0:Get<int>()|}; await Task.Yield(); }\n    static T Get<T>() { {|#1:Thread.Sleep(1)|}; return default!; }", "C.Get<T>()", "Handle → C.Get<T>() → Thread.Sleep")]
    [InlineData("async Task Handle() { {|#0:Load()|}; await Task.Yield(); void Load() { {|#1:Thread.Sleep(1)|}; } }", "Load()", "Handle → Load() → Thread.Sleep")]
    [InlineData("async Task Handle() { {|#0:OnLoad()|}; await Task.Yield(); }\n    partial void OnLoad();\n    partial void OnLoad() { {|#1:Thread.Sleep(1)|}; }", "C.OnLoad()", "Handle → C.OnLoad() → Thread.Sleep")]
    [InlineData("async Task Handle(List<Task<int>> tasks) { var n = {|#0:Total(tasks)|}; await Task.Yield(); }\n    static int Total(List<Task<int>> tasks) => tasks.Sum(t => {|#1:t.Result|});", "C.Total(List<Task<int>>)", "Handle → C.Total(List<Task<int>>) → Task<TResult>.Result")]
    [InlineData("async Task Handle() { {|#0:Walk(5)|}; await Task.Yield(); }\n    static void Walk(int n) { if (n > 0) Walk(n - 1); else {|#1:Thread.Sleep(1)|}; }", "C.Walk(int)", "Handle → C.Walk(int) → Thread.Sleep")]
    [InlineData("async Task Handle() { {|#0:Ping(3)|}; await Task.Yield(); }\n    static void Ping(int n) { if (n > 0) Pong(n - 1); }\n    static void Pong(int n) { Ping(n); {|#1:Thread.Sleep(n)|}; }", "C.Ping(int)", "Handle → C.Ping(int) → C.Pong(int) → Thread.Sleep")]
    [InlineData("void M() { Func<Task> f = async () => { {|#0:Load()|}; await Task.Yield(); }; }\n    static void Load() => {|#1:Thread.Sleep(1)|};", "C.Load()", "M → C.Load() → Thread.Sleep")]
    public async Task Reports_chains_through_every_kind_of_member(string members, string callee, string chain)
    {
        var leaf = chain.Substring(chain.LastIndexOf("→ ", System.StringComparison.Ordinal) + 2);
        var caller = chain.Substring(0, chain.IndexOf(" →", System.StringComparison.Ordinal));
        await Verify.VerifyAnalyzerAsync(Usings + "partial class C\n{\n    " + members + "\n}", Expected(caller, callee, leaf, chain));
    }

    // ---- names users can act on: members of the compilation qualified by type, with parameter types ----------------

    [Theory]
    [InlineData("class Cache<T> { public T Get(string key) { {|#1:Thread.Sleep(1)|}; return default!; } }", "new Cache<int>().Get(\"k\")", "Cache<T>.Get(string)", "Handle → Cache<T>.Get(string) → Thread.Sleep")]
    [InlineData("class Settings { public string Path { get { {|#1:Thread.Sleep(1)|}; return \"\"; } } }", "new Settings().Path", "Settings.Path", "Handle → Settings.Path → Thread.Sleep")]
    [InlineData("class Settings { public string Path { get => \"\"; set { {|#1:Thread.Sleep(1)|}; } } }", "new Settings().Path = \"p\"", "Settings.Path", "Handle → Settings.Path → Thread.Sleep")]
    [InlineData("class ReportIndex { public int this[string key] { get { {|#1:Thread.Sleep(1)|}; return 0; } } }", "new ReportIndex()[\"k\"]", "ReportIndex[]", "Handle → ReportIndex[] → Thread.Sleep")]
    [InlineData("class FileReportStore { public FileReportStore(string path) { {|#1:Thread.Sleep(1)|}; } }", "new FileReportStore(\"p\")", "new FileReportStore(string)", "Handle → new FileReportStore(string) → Thread.Sleep")]
    [InlineData("static class Totals { public static int Sum(List<int> items, CancellationToken ct) { {|#1:Thread.Sleep(1)|}; return 0; } }", "Totals.Sum(new List<int>(), default)", "Totals.Sum(List<int>, CancellationToken)", "Handle → Totals.Sum(List<int>, CancellationToken) → Thread.Sleep")]
    [InlineData("static class Paths { public static string Slow(this string path) { {|#1:Thread.Sleep(1)|}; return path; } }", "\"p\".Slow()", "Paths.Slow(string)", "Handle → Paths.Slow(string) → Thread.Sleep")]
    [InlineData("static class Parser { public static T Read<T>(ref int position) { {|#1:Thread.Sleep(1)|}; return default!; } }", "Parser.Read<long>(ref _position)", "Parser.Read<T>(ref int)", "Handle → Parser.Read<T>(ref int) → Thread.Sleep")]
    public async Task Names_members_of_the_compilation_by_type_and_parameter_types(string types, string call, string callee, string chain)
    {
        var source = Usings + types + "\nclass C\n{\n    int _position;\n    async Task Handle() { var x = {|#0:" + call + "|}; await Task.Yield(); }\n}\n";
        if (call.Contains(" = ", System.StringComparison.Ordinal))
        {
            source = source.Replace("var x = {|#0:", "{|#0:", System.StringComparison.Ordinal).Replace(" = \"p\"|}", "|} = \"p\"", System.StringComparison.Ordinal);
        }

        var leaf = chain.Substring(chain.LastIndexOf("→ ", System.StringComparison.Ordinal) + 2);
        await Verify.VerifyAnalyzerAsync(source, Expected("Handle", callee, leaf, chain));
    }

    [Fact]
    public async Task Tells_overloads_apart_by_their_parameter_types()
    {
        var source = Usings + @"
sealed class FileReportStore
{
    public string Load(int id, CancellationToken ct) => Load(id.ToString());
    public string Load(string path) { {|#1:Thread.Sleep(1)|}; return path; }
}
class C
{
    async Task Handle(FileReportStore store, CancellationToken ct) { var r = {|#0:store.Load(1, ct)|}; await Task.Yield(); }
}";
        await Verify.VerifyAnalyzerAsync(
            source,
            Expected("Handle", "FileReportStore.Load(int, CancellationToken)", "Thread.Sleep", "Handle → FileReportStore.Load(int, CancellationToken) → FileReportStore.Load(string) → Thread.Sleep"));
    }

    [Fact]
    public async Task Names_local_functions_with_their_parameter_types_and_the_caller_as_written()
    {
        var source = Usings + @"
class C
{
    async Task Handle() { {|#0:Load(""p"", 1)|}; await Task.Yield(); string Load(string path, int tries) => Read(path); }
    static string Read(string path) { {|#1:Thread.Sleep(1)|}; return path; }
}";
        await Verify.VerifyAnalyzerAsync(source, Expected("Handle", "Load(string, int)", "Thread.Sleep", "Handle → Load(string, int) → C.Read(string) → Thread.Sleep"));
    }

    [Fact]
    public async Task Names_nested_and_generic_types_by_their_own_name()
    {
        var source = Usings + @"
class Outer
{
    public sealed class Store<TKey, TValue> { public TValue Find(TKey key, TValue[] fallback) { {|#1:Thread.Sleep(1)|}; return fallback[0]; } }
}
class C
{
    async Task Handle(Outer.Store<int, string> store) { var s = {|#0:store.Find(1, new[] { """" })|}; await Task.Yield(); }
}";
        await Verify.VerifyAnalyzerAsync(source, Expected("Handle", "Store<TKey, TValue>.Find(TKey, TValue[])", "Thread.Sleep", "Handle → Store<TKey, TValue>.Find(TKey, TValue[]) → Thread.Sleep"));
    }

    // ---- the chain shown blocks on every call ---------------------------------------------------------------------

    // A helper that blocks on one branch (a retry, an error path, a first call) and on every call: the message names
    // the block on every call, whichever comes first in the text.
    [Theory]
    [InlineData("if (n > 0) { t.Wait(); }")]
    [InlineData("if (n > 0) { } else { t.Wait(); }")]
    [InlineData("switch (n) { case 1: t.Wait(); break; }")]
    [InlineData("var v = n switch { 1 => t.Result, _ => 0 };")]
    [InlineData("try { n++; } catch (Exception) { t.Wait(); }")]
    [InlineData("var v = n > 0 ? t.Result : 0;")]
    [InlineData("int? m = null; var v = m ?? t.Result;")]
    [InlineData("Task<int> u = n > 0 ? t : null; u?.Wait();")]
    public async Task Prefers_a_block_on_every_call_to_an_earlier_conditional_one(string conditional)
    {
        var source = Usings + "class C\n{\n    async Task Handle(Task<int> t) { {|#0:Load(1, t)|}; await Task.Yield(); }\n"
            + "    static void Load(int n, Task<int> t) { " + conditional + " {|#1:Thread.Sleep(1)|}; }\n}\n";
        await Verify.VerifyAnalyzerAsync(source, Expected("Handle", "C.Load(int, Task<int>)", "Thread.Sleep", "Handle → C.Load(int, Task<int>) → Thread.Sleep"));
    }

    [Theory]
    // The condition itself, a finally block and the code after a branch run on every call: the first block is kept.
    [InlineData("if ({|#1:t.Result|} > 0) { Thread.Sleep(1); }", "Task<TResult>.Result")]
    [InlineData("try { n++; } finally { {|#1:t.Wait()|}; } Thread.Sleep(1);", "Task.Wait()")]
    [InlineData("{|#1:t.Wait()|}; if (n > 0) { Thread.Sleep(1); }", "Task.Wait()")]
    // Every block is conditional: the first one is kept, and still reported.
    [InlineData("if (n > 0) { {|#1:t.Wait()|}; } else { Thread.Sleep(1); }", "Task.Wait()")]
    [InlineData("if (n > 0) { {|#1:Thread.Sleep(1)|}; }", "Thread.Sleep")]
    [InlineData("try { n++; } catch (Exception) { {|#1:Thread.Sleep(1)|}; }", "Thread.Sleep")]
    public async Task Keeps_the_first_block_when_it_runs_on_every_call_or_when_every_block_is_conditional(string body, string leaf)
    {
        var source = Usings + "class C\n{\n    async Task Handle(Task<int> t) { {|#0:Load(1, t)|}; await Task.Yield(); }\n"
            + "    static void Load(int n, Task<int> t) { " + body + " }\n}\n";
        await Verify.VerifyAnalyzerAsync(source, Expected("Handle", "C.Load(int, Task<int>)", leaf, "Handle → C.Load(int, Task<int>) → " + leaf));
    }

    [Fact]
    public async Task Prefers_the_block_on_every_call_down_the_chain()
    {
        var source = Usings + @"
class C
{
    async Task Handle(Task<int> t) { {|#0:Run(t)|}; await Task.Yield(); }
    static void Run(Task<int> t) => Parse(t, retry: false);
    static void Parse(Task<int> t, bool retry) { if (retry) { t.Wait(); } {|#1:Thread.Sleep(1)|}; }
}";
        await Verify.VerifyAnalyzerAsync(source, Expected("Handle", "C.Run(Task<int>)", "Thread.Sleep", "Handle → C.Run(Task<int>) → C.Parse(Task<int>, bool) → Thread.Sleep"));
    }

    [Fact]
    public async Task Reports_extension_methods()
    {
        var source = Usings + @"
static class PathExtensions
{
    public static string Slow(this string path) { {|#1:Thread.Sleep(1)|}; return path; }
}
class C
{
    async Task Handle(string p) { var s = {|#0:p.Slow()|}; await Task.Yield(); }
}";
        await Verify.VerifyAnalyzerAsync(source, Expected("Handle", "PathExtensions.Slow(string)", "Thread.Sleep", "Handle → PathExtensions.Slow(string) → Thread.Sleep"));
    }

    [Fact]
    public async Task Reports_calls_on_sealed_and_struct_receivers_of_interface_and_virtual_members()
    {
        var source = Usings + @"
interface IRepo { void Load(); }
class Base { public virtual void Save() { } }
sealed class Repo : Base, IRepo
{
    public void Load() { {|#1:Thread.Sleep(1)|}; }
    public override void Save() { {|#3:Thread.Sleep(2)|}; }
}
class C
{
    async Task Handle(Repo repo) { {|#0:repo.Load()|}; {|#2:repo.Save()|}; await Task.Yield(); }
}";
        await Verify.VerifyAnalyzerAsync(
            source,
            Expected("Handle", "Repo.Load()", "Thread.Sleep", "Handle → Repo.Load() → Thread.Sleep"),
            Verify.Diagnostic().WithLocation(2).WithLocation(3).WithArguments("Handle", "Repo.Save()", "Thread.Sleep", "Handle → Repo.Save() → Thread.Sleep"));
    }

    [Fact]
    public async Task Reports_virtual_calls_unless_the_option_turns_them_off()
    {
        var source = Usings + @"
class Base { public virtual void Save() { {|#1:Thread.Sleep(2)|}; } }
class C
{
    async Task Handle(Base b) { {|#0:b.Save()|}; await Task.Yield(); }
}";
        await Verify.VerifyAnalyzerAsync(source, Expected("Handle", "Base.Save()", "Thread.Sleep", "Handle → Base.Save() → Thread.Sleep"));
        await Verify.VerifyAnalyzerAsync(source.Replace("{|#0:", string.Empty).Replace("{|#1:", string.Empty).Replace("|}", string.Empty), "dotnet_code_quality.BLK007.include_virtual_calls = false\n");
    }

    // Seen on real code: an injected service (IImageService, IReportStore) whose only implementation does the I/O.
    [Theory]
    [InlineData("interface IStore { string Load(); } sealed class FileStore : IStore { public string Load() { {|#1:Thread.Sleep(1)|}; return \"\"; } }", "IStore s", "s.Load()", "FileStore.Load()")]
    [InlineData("interface IStore { string Load(); } class FileStore : IStore { public virtual string Load() { {|#1:Thread.Sleep(1)|}; return \"\"; } }", "IStore s", "s.Load()", "FileStore.Load()")]
    [InlineData("interface IStore<T> { T Load(); } class FileStore : IStore<string> { public string Load() { {|#1:Thread.Sleep(1)|}; return \"\"; } }", "IStore<string> s", "s.Load()", "FileStore.Load()")]
    [InlineData("interface IStore { string Current { get; } } class FileStore : IStore { public string Current { get { {|#1:Thread.Sleep(1)|}; return \"\"; } } }", "IStore s", "s.Current", "FileStore.Current")]
    [InlineData("abstract class Store { public abstract string Load(); } class FileStore : Store { public override string Load() { {|#1:Thread.Sleep(1)|}; return \"\"; } }", "Store s", "s.Load()", "FileStore.Load()")]
    [InlineData("interface IStore { string Load(); } class FileStore : IStore { public string Load() { {|#1:Thread.Sleep(1)|}; return \"\"; } }", "T s) where T : IStore, new(", "s.Load()", "FileStore.Load()")]
    // Implementations found by the names in base lists: through a derived interface, a base class, a nested type.
    [InlineData("interface IStore { string Load(); } interface IFileStore : IStore { } class FileStore : IFileStore { public string Load() { {|#1:Thread.Sleep(1)|}; return \"\"; } }", "IStore s", "s.Load()", "FileStore.Load()")]
    [InlineData("interface IStore { string Load(); } abstract class StoreBase : IStore { public abstract string Load(); } class FileStore : StoreBase { public override string Load() { {|#1:Thread.Sleep(1)|}; return \"\"; } }", "IStore s", "s.Load()", "FileStore.Load()")]
    [InlineData("interface IStore { string Load(); } static class Stores { public class FileStore : global::IStore { public string Load() { {|#1:Thread.Sleep(1)|}; return \"\"; } } }", "IStore s", "s.Load()", "FileStore.Load()")]
    public async Task Reports_interface_and_abstract_calls_whose_only_implementation_blocks(string types, string parameter, string call, string callee)
    {
        var generic = parameter.StartsWith("T ", System.StringComparison.Ordinal) ? "<T>" : string.Empty;
        var source = Usings + types + "\nclass C\n{\n    async Task Handle" + generic + "(" + parameter + ") { var x = {|#0:" + call + "|}; await Task.Yield(); }\n}\n";
        await Verify.VerifyAnalyzerAsync(source, Expected("Handle", callee, "Thread.Sleep", "Handle → " + callee + " → Thread.Sleep"));
    }

    [Theory]
    [InlineData("interface IStore { string Load(); } class FileStore : IStore { public string Load() { Thread.Sleep(1); return \"\"; } } class MemoryStore : IStore { public string Load() => \"\"; }")]
    [InlineData("interface IStore { string Load(); } class FileStore : IStore { string IStore.Load() { Thread.Sleep(1); return \"\"; } } class MemoryStore : IStore { public string Load() => \"\"; }")]
    [InlineData("interface IStore { string Load(); }")]
    [InlineData("interface IStore { string Load(); } class MemoryStore : IStore { public string Load() => \"\"; }")]
    [InlineData("interface IStore { string Load(); } abstract class StoreBase : IStore { public abstract string Load(); }")]
    // A second implementation named through a derived interface, a base class or a using alias still counts.
    [InlineData("interface IStore { string Load(); } interface IOther : IStore { } class FileStore : IStore { public string Load() { Thread.Sleep(1); return \"\"; } } class MemoryStore : IOther { public string Load() => \"\"; }")]
    [InlineData("interface IStore { string Load(); } class FileStore : IStore { public virtual string Load() { Thread.Sleep(1); return \"\"; } } class CachedStore : FileStore { public override string Load() => \"\"; }")]
    public async Task Stays_silent_on_interface_calls_with_several_or_no_implementations_that_block(string types)
        => await Verify.VerifyAnalyzerAsync(Usings + types + "\nclass C\n{\n    async Task Handle(IStore s) { var x = s.Load(); await Task.Yield(); }\n}\n");

    [Theory]
    [InlineData("using Store = N.IStore;", "N.IStore", "Store")]
    [InlineData("using Store = global::N.IStore;", "N.IStore", "Store")]
    [InlineData("using Stores = N;", "N.IStore", "Stores.IStore")]
    [InlineData("using StringStore = N.IStore<string>;", "N.IStore<string>", "StringStore")]
    public async Task A_second_implementation_named_through_a_using_alias_still_counts(string alias, string parameter, string baseName)
    {
        var generic = parameter.EndsWith('>');
        await Verify.VerifyAnalyzerAsync(Usings + alias + """

            namespace N
            {
                public interface IStore{{T}} { string Load(); }
                class FileStore : IStore{{string}} { public string Load() { Thread.Sleep(1); return ""; } }
            }
            class MemoryStore : {{base}} { public string Load() => ""; }
            class C
            {
                async Task Handle({{parameter}} s) { var x = s.Load(); await Task.Yield(); }
            }
            """.Replace("{{T}}", generic ? "<T>" : string.Empty).Replace("{{string}}", generic ? "<string>" : string.Empty)
               .Replace("{{base}}", baseName).Replace("{{parameter}}", parameter));
    }

    [Fact]
    public async Task Depth_limit_is_an_option()
    {
        var source = Usings + @"
class C
{
    async Task Handle() { {|#0:A()|}; await Task.Yield(); }
    void A() => B();
    void B() => D();
    void D() => {|#1:Thread.Sleep(1)|};
}";
        await Verify.VerifyAnalyzerAsync(source, "dotnet_code_quality.BLK007.max_depth = 3\n", Expected("Handle", "C.A()", "Thread.Sleep", "Handle → C.A() → C.B() → C.D() → Thread.Sleep"));
        await Verify.VerifyAnalyzerAsync(Strip(source), "dotnet_code_quality.BLK007.max_depth = 2\n");
    }

    [Fact]
    public async Task Reports_in_a_lock_without_a_fix()
    {
        var source = Usings + @"
class C
{
    private readonly object _gate = new object();
    async Task Handle() { lock (_gate) { {|#0:Load()|}; } await Task.Yield(); }
    void Load() { {|#1:Thread.Sleep(1)|}; }
    Task LoadAsync() => Task.CompletedTask;
}";
        await VerifyNoFix<TransitiveBlockingAnalyzer>(source);
    }

    [Theory]
    [InlineData("dotnet_code_quality.BLK007.excluded_methods = M:C.Load\n")]
    [InlineData("dotnet_code_quality.BLK007.excluded_methods = M:C.Read\n")]
    [InlineData("dotnet_code_quality.BLK002.excluded_methods = M:System.Threading.Thread.Sleep\n")]
    public async Task Exclusions_of_the_callee_a_link_or_the_blocking_call_silence_it(string editorConfig)
    {
        await Verify.VerifyAnalyzerAsync(Usings + "class C { async Task Handle() { Load(); await Task.Yield(); } void Load() => Read(); void Read() => Thread.Sleep(1); }", editorConfig);
    }

    // ---- what stays silent --------------------------------------------------------------------------------------

    [Theory]
    [InlineData("async Task Handle() { Load(); await Task.Yield(); } static void Load() { var x = 1 + 2; }")]
    [InlineData("async Task Handle() { Load(); await Task.Yield(); } static void Load() { Task.Run(() => Thread.Sleep(10)); }")]
    [InlineData("async Task Handle() { Load(); await Task.Yield(); } static void Load() { var t = new Thread(() => Thread.Sleep(10)); t.Start(); }")]
    [InlineData("async Task Handle() { Load(); await Task.Yield(); } static void Load() { Func<Task> f = async () => Thread.Sleep(1); }")]
    [InlineData("async Task Handle() { Load(); await Task.Yield(); } static void Load() { Action a = () => Thread.Sleep(1); }")]
    [InlineData("async Task Handle() { Load(); await Task.Yield(); } static void Load() { var n = nameof(Thread.Sleep); }")]
    [InlineData("async Task Handle() { Load(); await Task.Yield(); } static void Load() { var r = Task.FromResult(1).Result; }")]
    [InlineData("async Task Handle() { await Task.Run(() => Load()); } static void Load() { Thread.Sleep(1); }")]
    [InlineData("async Task Handle() { await LoadAsync(); } static async Task LoadAsync() { Thread.Sleep(1); await Task.Yield(); }")]
    [InlineData("void Handle() { Load(); } static void Load() { Thread.Sleep(1); }")]
    [InlineData("async Task Handle() { var n = nameof(Load); await Task.Yield(); } static void Load() { Thread.Sleep(1); }")]
    [InlineData("async Task Handle(Action load) { load(); await Task.Yield(); } static void Load() { Thread.Sleep(1); }")]
    [InlineData("async Task Handle() { Ping(3); await Task.Yield(); } static void Ping(int n) { if (n > 0) Pong(n - 1); } static void Pong(int n) => Ping(n);")]
    [InlineData("async Task Handle() { OnLoad(); await Task.Yield(); } partial void OnLoad();")]
    [InlineData("async Task Handle() { Native(); await Task.Yield(); } [System.Runtime.InteropServices.DllImport(\"x\")] static extern void Native();")]
    [InlineData("async Task Handle() { Console.WriteLine(Environment.TickCount); await Task.Yield(); }")]
    [InlineData("async Task Handle() { var s = Self; await Task.Yield(); } int Self => Self;")]
    public async Task Stays_silent_where_no_helper_blocks_async_code(string members)
        => await Verify.VerifyAnalyzerAsync(Usings + "partial class C\n{\n    " + members + "\n}");

    // Seen on real code (squidex's domain-object cache): a serializer service whose Stream overloads read and write
    // the stream they are given, called with a MemoryStream over cached bytes or a pooled memory stream.
    private const string StreamSerializer = @"
public sealed class PooledStream : System.IO.MemoryStream { }
public static class Pools { public static PooledStream GetStream() => new PooledStream(); }
public interface ISerializer
{
    T Deserialize<T>(System.IO.Stream stream, Type? actualType = null);
    void Serialize<T>(T value, System.IO.Stream stream);
}
public sealed class Serializer : ISerializer
{
    public T Deserialize<T>(System.IO.Stream stream, Type? actualType = null)
        => (T){|#1:System.Text.Json.JsonSerializer.Deserialize(stream, actualType ?? typeof(T))|}!;
    public void Serialize<T>(T value, System.IO.Stream stream) => Serialize(value, typeof(T), stream);
    private static void Serialize(object? value, Type type, System.IO.Stream stream)
    {
        using var writer = new System.IO.StreamWriter(stream, leaveOpen: true);
        System.Text.Json.JsonSerializer.Serialize(stream, value, type);
    }
}
";

    [Fact]
    public async Task Stays_silent_on_a_helper_that_reads_or_writes_only_the_in_memory_stream_it_is_given()
        => await Verify.VerifyAnalyzerAsync(Usings + StreamSerializer.Replace("{|#1:", string.Empty).Replace("|}", string.Empty) + @"
class Cache
{
    private readonly ISerializer _serializer = new Serializer();

    public async Task<T> GetAsync<T>(Func<Task<byte[]>> load)
    {
        var cached = await load();
        using var stream = new System.IO.MemoryStream(cached);
        return _serializer.Deserialize<T>(stream);
    }

    public async Task SetAsync<T>(T value, Func<byte[], Task> store)
    {
        using var stream = Pools.GetStream();
        _serializer.Serialize(value, stream);
        await store(stream.ToArray());
    }
}");

    [Fact]
    public async Task Reports_a_helper_given_a_stream_that_is_not_in_memory()
    {
        var source = Usings + StreamSerializer + @"
class Cache
{
    private readonly ISerializer _serializer = new Serializer();

    public async Task<T> GetAsync<T>(string path)
    {
        await Task.Yield();
        using var stream = System.IO.File.OpenRead(path);
        return {|#0:_serializer.Deserialize<T>(stream)|};
    }
}";
        await Verify.VerifyAnalyzerAsync(source, Expected("GetAsync", "Serializer.Deserialize<T>(Stream, Type?)", "JsonSerializer.Deserialize()", "GetAsync → Serializer.Deserialize<T>(Stream, Type?) → JsonSerializer.Deserialize()"));
    }

    // Seen on real code (Kavita's reading-list import): a helper deserializes an uploaded file with XmlSerializer, which
    // has no async API, from a StreamReader over the file's path.
    [Fact]
    public async Task Reports_a_helper_that_deserializes_a_file_with_a_serializer_without_an_async_api()
    {
        var source = Usings + @"
public sealed class ReadingList { public string Name { get; set; } = """"; }
class Import
{
    async Task<ReadingList> SaveAndLoad(System.IO.Stream upload, string outputFile)
    {
        await using (var stream = System.IO.File.Create(outputFile))
        {
            await upload.CopyToAsync(stream);
        }

        return {|#0:LoadFromPath(outputFile)|};
    }

    ReadingList Parse(string xml) => LoadFrom(new System.IO.StringReader(xml));

    async Task<ReadingList> ParseAsync(string xml) { await Task.Yield(); return LoadFrom(new System.IO.StringReader(xml)); }

    static ReadingList LoadFromPath(string path)
    {
        var serializer = new System.Xml.Serialization.XmlSerializer(typeof(ReadingList));
        using var file = new System.IO.StreamReader(path);
        return (ReadingList){|#1:serializer.Deserialize(file)|}!;
    }

    static ReadingList LoadFrom(System.IO.TextReader reader) => (ReadingList)new System.Xml.Serialization.XmlSerializer(typeof(ReadingList)).Deserialize(reader)!;
}";
        await Verify.VerifyAnalyzerAsync(source, Expected("SaveAndLoad", "Import.LoadFromPath(string)", "XmlSerializer.Deserialize()", "SaveAndLoad → Import.LoadFromPath(string) → XmlSerializer.Deserialize()"));
    }

    [Fact]
    public async Task Reports_a_helper_given_an_in_memory_stream_when_it_blocks_on_something_else()
    {
        var source = Usings + @"
class Store
{
    async Task Handle(byte[] bytes) { {|#0:Save(new System.IO.MemoryStream(bytes), ""p"")|}; await Task.Yield(); }
    static void Save(System.IO.Stream stream, string path)
    {
        stream.Flush();
        {|#1:System.IO.File.WriteAllText(path, ""x"")|};
    }
}";
        await Verify.VerifyAnalyzerAsync(source, Expected("Handle", "Store.Save(Stream, string)", "File.WriteAllText()", "Handle → Store.Save(Stream, string) → File.WriteAllText()"));
    }

    // Seen on real code (a MongoDB repository's Collection property, in every query method): a value initialised on
    // first use blocks once; blaming every later use for it is noise.
    [Theory]
    [InlineData("object _c; object Collection { get { if (_c == null) { Init().Wait(); } return _c; } } Task Init() { _c = new object(); return Task.Delay(1); }")]
    [InlineData("object _c; object Collection { get { if (_c is null) Init().Wait(); return _c; } } Task Init() { _c = new object(); return Task.Delay(1); }")]
    [InlineData("string _c; object Collection { get { if (null == _c) _c = System.IO.File.ReadAllText(\"x\"); return _c; } }")]
    [InlineData("string _c; object Collection => _c ??= System.IO.File.ReadAllText(\"x\");")]
    [InlineData("static string _c; object Collection { get { if (_c != null) return _c; _c = Read(); return _c; } } static string Read() => System.IO.File.ReadAllText(\"x\");")]
    [InlineData("bool _ready; object Collection { get { if (!_ready) { Thread.Sleep(1); _ready = true; } return this; } }")]
    public async Task Stays_silent_at_uses_of_a_lazily_initialised_value(string members)
        => await Verify.VerifyAnalyzerAsync(Usings + "class C\n{\n    " + members + "\n    async Task Handle() { var c = Collection; await Task.Yield(); }\n}");

    // Seen on real code (Kavita's DirectoryService.GetFiles): an iterator lists the directory when it is enumerated,
    // on the line that enumerates it, not where it is called.
    [Theory]
    [InlineData("var n = {|#0:Files()|}.Count();")]
    [InlineData("var n = {|#0:Files()|}.Where(f => f.Length > 1).Select(f => f + 1).ToList();")]
    [InlineData("foreach (var f in {|#0:Files()|}) { }")]
    public async Task Calls_to_iterators_enumerated_on_the_spot_are_reported(string statement)
    {
        var source = Usings + @"
class C
{
    static IEnumerable<string> Files() { foreach (var f in Read()) yield return f; }
    static string[] Read() { Thread.Sleep(1); return new string[0]; }
    async Task Handle() { " + statement + @" await Task.Yield(); }
}";
        var diagnostics = await TransitiveHarness.RunAsync(new TransitiveBlockingAnalyzer(), new[] { source.Replace("{|#0:", string.Empty).Replace("|}", string.Empty) });
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(source.IndexOf("{|#0:", System.StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
    }

    [Fact]
    public async Task Calls_to_iterators_are_reported_where_they_are_enumerated_not_where_they_are_called()
    {
        var source = Usings + @"
class C
{
    static IEnumerable<string> Files() { foreach (var f in Read()) yield return f; }
    static string[] Read() { {|#1:Thread.Sleep(1)|}; return new string[0]; }
    async Task<bool> Handle() { var files = Files(); await Task.Yield(); return files.Any(); }
}";
        await Verify.VerifyAnalyzerAsync(source.Replace("{|#1:", string.Empty).Replace("|}", string.Empty));
    }

    [Fact]
    public async Task Reports_a_getter_that_blocks_on_every_use_even_next_to_a_null_check()
    {
        // The check is on a parameter, not on a cached field: the wait runs on every call.
        var source = Usings + @"
class C
{
    object Get(object key) { if (key == null) { {|#1:Task.Delay(1).Wait()|}; } return key; }
    async Task Handle() { var c = {|#0:Get(null)|}; await Task.Yield(); }
}";
        await Verify.VerifyAnalyzerAsync(source, Expected("Handle", "C.Get(object)", "Task.Wait()", "Handle → C.Get(object) → Task.Wait()"));
    }

    [Theory]
    [InlineData("async Task Handle(IRepo repo) { repo.Load(); await Task.Yield(); } sealed class Repo : IRepo { public void Load() => Thread.Sleep(1); } interface IRepo { void Load(); }")]
    [InlineData("async Task Handle(Base b) { b.Save(); await Task.Yield(); } class Base { public virtual void Save() => Thread.Sleep(1); }")]
    public async Task Interface_and_virtual_calls_stay_silent_when_the_option_is_off(string members)
        => await Verify.VerifyAnalyzerAsync(Usings + "partial class C\n{\n    " + members + "\n}", "dotnet_code_quality.BLK007.include_virtual_calls = false\n");

    // ---- fixes --------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_calls_the_async_twin()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + @"
class C
{
    async Task Handle()
    {
        // load first
        {|#0:LoadConfig()|}; // trailing
        await Task.Yield();
    }

    static void LoadConfig() { {|#1:Thread.Sleep(10)|}; }
    static Task LoadConfigAsync() => Task.Delay(10);
}",
            FixedCode = Usings + @"
class C
{
    async Task Handle()
    {
        // load first
        await LoadConfigAsync(); // trailing
        await Task.Yield();
    }

    static void LoadConfig() { Thread.Sleep(10); }
    static Task LoadConfigAsync() => Task.Delay(10);
}",
            CodeActionEquivalenceKey = TransitiveBlockingCodeFixProvider.AsyncTwinKey,
        };
        test.ExpectedDiagnostics.Add(Expected("Handle", "C.LoadConfig()", "Thread.Sleep", "Handle → C.LoadConfig() → Thread.Sleep"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_forwards_the_token_to_the_twin_and_keeps_the_result()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + @"
sealed class Config
{
    public string Load(string path) { Thread.Sleep(1); return path; }
    public Task<string> LoadAsync(string path, CancellationToken cancellationToken) => Task.FromResult(path);
}
class C
{
    private readonly Config _config = new Config();
    async Task<int> Handle(CancellationToken ct) { var s = {|#0:_config.Load(""a"")|}; return s.Length; }
}",
            FixedCode = Usings + @"
sealed class Config
{
    public string Load(string path) { Thread.Sleep(1); return path; }
    public Task<string> LoadAsync(string path, CancellationToken cancellationToken) => Task.FromResult(path);
}
class C
{
    private readonly Config _config = new Config();
    async Task<int> Handle(CancellationToken ct) { var s = await _config.LoadAsync(""a"", ct); return s.Length; }
}",
            CodeActionEquivalenceKey = TransitiveBlockingCodeFixProvider.AsyncTwinKey,
        };
        test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("Handle", "Config.Load(string)", "Thread.Sleep", "Handle → Config.Load(string) → Thread.Sleep"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_finds_the_twin_on_a_base_class_like_BLK003_does()
    {
        // One twin search for BLK003 and BLK007: a twin inherited from the base class qualifies.
        var test = new Verify.Test
        {
            TestCode = Usings + @"
class StoreBase
{
    public Task<string> ReadAsync(string key, CancellationToken cancellationToken) => Task.FromResult(key);
}
sealed class Store : StoreBase
{
    public string Read(string key) { Thread.Sleep(1); return key; }
}
class C
{
    private readonly Store _store = new Store();
    async Task<int> Handle(CancellationToken ct) { var s = {|#0:_store.Read(""k"")|}; return s.Length; }
}",
            FixedCode = Usings + @"
class StoreBase
{
    public Task<string> ReadAsync(string key, CancellationToken cancellationToken) => Task.FromResult(key);
}
sealed class Store : StoreBase
{
    public string Read(string key) { Thread.Sleep(1); return key; }
}
class C
{
    private readonly Store _store = new Store();
    async Task<int> Handle(CancellationToken ct) { var s = await _store.ReadAsync(""k"", ct); return s.Length; }
}",
            CodeActionEquivalenceKey = TransitiveBlockingCodeFixProvider.AsyncTwinKey,
        };
        test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("Handle", "Store.Read(string)", "Thread.Sleep", "Handle → Store.Read(string) → Thread.Sleep"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_names_the_token_when_the_call_names_its_arguments_and_keeps_type_arguments()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + @"
static class Store
{
    public static T Get<T>(string key) { Thread.Sleep(1); return default!; }
    public static Task<T> GetAsync<T>(string key, CancellationToken token = default) => Task.FromResult(default(T)!);
}
class C
{
    async Task Handle(CancellationToken ct) { var n = {|#0:Store.Get<int>(key: ""k"")|}; await Task.Yield(); }
}",
            FixedCode = Usings + @"
static class Store
{
    public static T Get<T>(string key) { Thread.Sleep(1); return default!; }
    public static Task<T> GetAsync<T>(string key, CancellationToken token = default) => Task.FromResult(default(T)!);
}
class C
{
    async Task Handle(CancellationToken ct) { var n = await Store.GetAsync<int>(key: ""k"", token: ct); await Task.Yield(); }
}",
        };
        test.TestState.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("Handle", "Store.Get<T>(string)", "Thread.Sleep", "Handle → Store.Get<T>(string) → Thread.Sleep"));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("async Task<string> LoadAsync() { var s = {|#0:Load()|}; await Task.Yield(); return s; } string Load() { Thread.Sleep(1); return \"\"; }")]
    [InlineData("async Task Handle() { {|#0:Load(1)|}; await Task.Yield(); } void Load(int x) { Thread.Sleep(x); } Task LoadAsync(string x) => Task.CompletedTask;")]
    [InlineData("async Task Handle() { {|#0:Load()|}; await Task.Yield(); } void Load() { Thread.Sleep(1); } [Obsolete] Task LoadAsync() => Task.CompletedTask;")]
    [InlineData("async Task Handle() { {|#0:Load()|}; await Task.Yield(); } void Load() { Thread.Sleep(1); } Task LoadAsync(CancellationToken ct) => Task.CompletedTask;")]
    [InlineData("async Task Handle() { {|#0:Load()|}; await Task.Yield(); } void Load() { Thread.Sleep(1); } Task<int> LoadAsync() => Task.FromResult(1);")]
    [InlineData("async Task Handle() { {|#0:Load()|}; await Task.Yield(); } void Load() { Thread.Sleep(1); } static Task LoadAsync() => Task.CompletedTask;")]
    // No twin, and no async copy either: File.Copy has no fix (with a fixable body, see CreateAsyncFixTests).
    [InlineData("async Task Handle() { var x = {|#0:Load()|}; await Task.Yield(); } int Load() { System.IO.File.Copy(\"a\", \"b\"); return 1; }")]
    public async Task No_fix_without_a_usable_twin_or_for_waits_without_one(string members)
        => await VerifyNoFix<TransitiveBlockingAnalyzer>(Usings + "class C\n{\n    " + members + "\n}");

    [Fact]
    public async Task Fix_all_calls_every_twin()
    {
        const string Types = "static class Io { public static void Read() => Thread.Sleep(1); public static Task ReadAsync() => Task.Delay(1); }\n";
        var test = new Verify.Test
        {
            TestState = { Sources = { Usings + Types + "class A { async Task M() { {|#0:Io.Read()|}; {|#1:Io.Read()|}; } }", Usings + "class B { async Task M() { {|#2:Io.Read()|}; } }" } },
            FixedState = { Sources = { Usings + Types + "class A { async Task M() { await Io.ReadAsync(); await Io.ReadAsync(); } }", Usings + "class B { async Task M() { await Io.ReadAsync(); } }" } },
            CodeActionEquivalenceKey = TransitiveBlockingCodeFixProvider.AsyncTwinKey,
            NumberOfFixAllIterations = 1,
            NumberOfFixAllInDocumentIterations = 2,
        };
        for (var i = 0; i < 3; i++)
        {
            test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(i).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
                .WithArguments("M", "Io.Read()", "Thread.Sleep", "M → Io.Read() → Thread.Sleep"));
        }

        await test.RunAsync();
    }

    [Fact]
    public async Task Cpu_only_helper_moves_to_the_thread_pool()
    {
        var test = new VerifyWithCpu.Test
        {
            TestCode = Usings + @"
using System.Security.Cryptography;
class C
{
    async Task<byte[]> Login(string password, byte[] salt) { var h = {|#0:Hash(password, salt)|}; await Task.Yield(); return h; }
    static byte[] Hash(string password, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
}",
            FixedCode = Usings + @"
using System.Security.Cryptography;
class C
{
    async Task<byte[]> Login(string password, byte[] salt) { var h = await Task.Run(() => Hash(password, salt)); await Task.Yield(); return h; }
    static byte[] Hash(string password, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
}",
            CodeActionEquivalenceKey = TransitiveBlockingCodeFixProvider.TaskRunKey,
        };
        test.TestState.ExpectedDiagnostics.Add(VerifyWithCpu.Diagnostic().WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments("Login", "C.Hash(string, byte[])", "Rfc2898DeriveBytes.Pbkdf2", "Login → C.Hash(string, byte[]) → Rfc2898DeriveBytes.Pbkdf2"));
        await test.RunAsync();
    }

    [Theory]
    // The helper also waits (on a time-out whose bool it reads, which no fix keeps, so no async copy either).
    [InlineData("static byte[] Hash(string p, byte[] s) { var ok = Task.Delay(1).Wait(100); return Rfc2898DeriveBytes.Pbkdf2(p, s, ok ? 1 : 2, HashAlgorithmName.SHA256, 32); }", "var h = {|#0:Hash(password, salt)|};")]
    [InlineData("static byte[] Hash(string p, ref byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 1, HashAlgorithmName.SHA256, 32);", "var h = {|#0:Hash(password, ref salt)|};")]
    [InlineData("byte[] Hash(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 1, HashAlgorithmName.SHA256, 32);", "var h = other?{|#0:.Hash(password, salt)|};")]
    [InlineData("static Task<byte[]> Hash(string p, byte[] s) => Task.FromResult(Rfc2898DeriveBytes.Pbkdf2(p, s, 1, HashAlgorithmName.SHA256, 32));", "var h = {|#0:Hash(password, salt)|};")]
    public async Task No_thread_pool_fix_when_the_helper_also_waits_or_the_move_would_change_meaning(string helper, string call)
        => await VerifyNoFix<TransitiveWithCpuRuleAnalyzer>(
            Usings + "using System.Security.Cryptography;\nclass C\n{\n    async Task Login(string password, byte[] salt, C? other) { " + call + " await Task.Yield(); }\n    " + helper + "\n}");

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static string Strip(string source)
        => System.Text.RegularExpressions.Regex.Replace(source, @"\{\|#\d+:|\|\}", string.Empty);

    /// <summary>The source reports BLK007 at <c>{|#0:...|}</c> and no fix is offered.</summary>
    private static async Task VerifyNoFix<TAnalyzer>(string source)
        where TAnalyzer : TransitiveBlockingAnalyzer, new()
    {
        var test = new Verifiers.CSharpVerifier<TAnalyzer, TransitiveBlockingCodeFixProvider>.Test { TestCode = source, FixedCode = source };
        var expected = new DiagnosticResult(Descriptors.TransitiveBlockingCall.Id, DiagnosticSeverity.Warning).WithLocation(0).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);
        test.ExpectedDiagnostics.Add(expected);
        test.FixedState.ExpectedDiagnostics.Add(expected);
        await test.RunAsync();
    }

}

#pragma warning disable RS1001, RS2008 // A test double: never registered with a host, only asked to classify operations for BLK007.
/// <summary>A stand-in for the CPU-bound rule (BLK006), registered through the same list BLK007 reads.</summary>
internal sealed class FakeCpuRule : BlockingCallAnalyzer
{
    private static readonly DiagnosticDescriptor Rule = new("BLK006", "CPU-bound work", "'{0}' {1}", Descriptors.Category, DiagnosticSeverity.Warning, true);

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<OperationKind> OperationKinds { get; } = ImmutableArray.Create(OperationKind.Invocation);

    public override BlockingCall? Classify(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options, System.Threading.CancellationToken cancellationToken)
        => operation is IInvocationOperation { TargetMethod: { Name: "Pbkdf2", ContainingType.Name: "Rfc2898DeriveBytes" } } invocation
            ? new BlockingCall(invocation.Syntax, invocation.TargetMethod, "Rfc2898DeriveBytes.Pbkdf2", "use 'await Task.Run(...)'")
            : null;
}

/// <summary>BLK007 reading the shipped rules plus the CPU-bound stand-in.</summary>
public sealed class TransitiveWithCpuRuleAnalyzer : TransitiveBlockingAnalyzer
{
    public TransitiveWithCpuRuleAnalyzer()
        : base(ImmutableArray.Create<BlockingCallAnalyzer>(new SyncWaitAnalyzer(), new SleepAnalyzer(), new FakeCpuRule()))
    {
    }
}
#pragma warning restore RS1001, RS2008
