using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Analyzers.Rules;
using Unblock.Analyzers.Rules.Transitive;
using Xunit;

namespace Unblock.Tests.Rules;

/// <summary>
/// In the IDE every keystroke makes a new compilation of the project. What depends only on its declarations and
/// references (the extension methods of its source, the types that name an interface in their base list, the types
/// looked up by metadata name) is kept across edits inside member bodies; any other edit, or another set of
/// references, reads it again, so an extension twin, an implementation or a library the user has just added counts at
/// once.
/// </summary>
public class DeclarationEpochTests
{
    // A library's type (here the runtime's) to which the application adds an async extension.
    private const string Controller = @"using System;
using System.Threading.Tasks;
class Controller
{
    async Task<int> Run(Random random)
    {
        await Task.Yield();
        return random.Next();
    }
}
";

    private const string Extensions = @"using System;
using System.Threading.Tasks;
static class RandomExtensions
{
    public static int Count(this Random random) => 0;
}
";

    [Fact]
    public async Task An_extension_twin_written_after_edits_inside_bodies_is_found()
    {
        Compilation compilation = TransitiveHarness.Compile(new[] { Controller, Extensions });
        Assert.Empty(await Blk003(compilation));

        // Keystrokes inside a body: the index is kept, and still has no GetAsync.
        compilation = Edit(compilation, "File0.cs", "await Task.Yield();", "await Task.Yield();\n        var w = 0;");
        Assert.Empty(await Blk003(compilation));
        compilation = Edit(compilation, "File0.cs", "var w = 0;", "var w = 1;");
        Assert.Empty(await Blk003(compilation));

        // The user adds the async extension: a new declaration, read at once.
        compilation = Edit(compilation, "File1.cs", "public static int Count(this Random random) => 0;",
            "public static int Count(this Random random) => 0;\n    public static Task<int> NextAsync(this Random random) => Task.FromResult(random.Next());");
        Assert.Equal("random.Next()", Assert.Single(await Blk003(compilation)));

        // Kept across the next keystroke; gone again when the extension is.
        compilation = Edit(compilation, "File0.cs", "var w = 1;", "var w = 2;");
        Assert.Equal("random.Next()", Assert.Single(await Blk003(compilation)));
        compilation = Edit(compilation, "File1.cs", "NextAsync(this Random random)", "NextOtherAsync(this Random random)");
        Assert.Empty(await Blk003(compilation));
    }

    private const string Service = @"using System.IO;
using System.Threading.Tasks;
public interface IReportStore { string Load(string name); }
class ReportController
{
    private readonly IReportStore _store;
    public ReportController(IReportStore store) => _store = store;

    async Task<string> Get(string name)
    {
        await Task.Yield();
        return _store.Load(name);
    }
}
";

    private const string FileStore = @"using System.IO;
class FileReportStore : IReportStore
{
    public string Load(string name) => File.ReadAllText(name);
}
";

    [Fact]
    public async Task A_second_implementation_written_after_edits_inside_bodies_is_seen()
    {
        Compilation compilation = TransitiveHarness.Compile(new[] { Service, FileStore });
        Assert.Equal("_store.Load(name)", Assert.Single(await Blk007(compilation)));

        compilation = Edit(compilation, "File0.cs", "await Task.Yield();", "await Task.Yield();\n        var w = 0;");
        Assert.Equal("_store.Load(name)", Assert.Single(await Blk007(compilation)));

        // A second implementation that does not block: which one runs is decided at run time, so nothing is reported.
        compilation = Edit(compilation, "File1.cs", "class FileReportStore", "class MemoryReportStore : IReportStore { public string Load(string name) => name; }\nclass FileReportStore");
        Assert.Empty(await Blk007(compilation));
        compilation = Edit(compilation, "File0.cs", "var w = 0;", "var w = 1;");
        Assert.Empty(await Blk007(compilation));

        // It stops implementing the interface: the file store is the only one again.
        compilation = Edit(compilation, "File1.cs", "class MemoryReportStore : IReportStore", "class MemoryReportStore");
        Assert.Equal("_store.Load(name)", Assert.Single(await Blk007(compilation)));
    }

    private const string Orders = @"using System.Linq;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
class OrdersController
{
    private readonly DbSet<Order> _orders = null!;

    async Task<int> Count()
    {
        await Task.Yield();
        return _orders.ToList().Count;
    }
}
";

    [Fact]
    public async Task A_library_referenced_with_an_edit_inside_a_body_is_seen()
    {
        var library = CSharpCompilation.Create("EfCoreStub", new[] { CSharpSyntaxTree.ParseText(BlockingIoTests.EfCoreQueries) }, Basic.Reference.Assemblies.Net80.References.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new System.IO.MemoryStream();
        Assert.True(library.Emit(image).Success);
        var efCore = MetadataReference.CreateFromImage(image.ToArray());

        // Without the library the query's types are unknown: nothing to say.
        Compilation compilation = TransitiveHarness.Compile(new[] { Orders });
        Assert.Empty(await Blk003(compilation));
        compilation = Edit(compilation, "File0.cs", "await Task.Yield();", "await Task.Yield();\n        var w = 0;");
        Assert.Empty(await Blk003(compilation));

        // A keystroke and the package reference together (a restore finishing while the user types): EF Core's
        // operators are looked up again, and the query is reported.
        compilation = Edit(compilation, "File0.cs", "var w = 0;", "var w = 1;").AddReferences(efCore);
        Assert.Equal("_orders.ToList()", Assert.Single(await Blk003(compilation)));
        compilation = Edit(compilation, "File0.cs", "var w = 1;", "var w = 2;");
        Assert.Equal("_orders.ToList()", Assert.Single(await Blk003(compilation)));

        compilation = Edit(compilation, "File0.cs", "var w = 2;", "var w = 3;").RemoveReferences(efCore);
        Assert.Empty(await Blk003(compilation));
    }

    private static Task<string[]> Blk003(Compilation compilation) => Run(new BlockingRulesAnalyzer(), "BLK003", compilation);

    private static Task<string[]> Blk007(Compilation compilation) => Run(new TransitiveBlockingAnalyzer(), "BLK007", compilation);

    private static async Task<string[]> Run(DiagnosticAnalyzer analyzer, string id, Compilation compilation)
    {
        var (diagnostics, exceptions) = await TransitiveHarness.RunAsync(ImmutableArray.Create(analyzer), compilation);
        Assert.Empty(exceptions);
        return diagnostics.Where(d => d.Id == id)
            .Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan))
            .ToArray();
    }

    private static Compilation Edit(Compilation compilation, string path, string oldText, string newText)
        => QueryReturnsAcrossEditsTests.Edit(compilation, path, oldText, newText);
}
