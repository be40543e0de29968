using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Unblock.Analyzers.Rules.Io;
using Xunit;
using Verify = Unblock.Tests.Verifiers.CSharpVerifier<Unblock.Analyzers.Rules.Io.BlockingIoAnalyzer, Unblock.CodeFixes.Rules.Io.BlockingIoCodeFixProvider>;

namespace Unblock.Tests.Rules;

public class BlockingIoTests
{
    private const string Usings =
        "using System;\nusing System.Data.Common;\nusing System.Diagnostics;\nusing System.IO;\nusing System.Linq;\nusing System.Net;\n" +
        "using System.Net.Http;\nusing System.Net.Sockets;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    /// <summary>
    /// Runs with <paramref name="library"/> compiled as a separate referenced project: BLK003's twin lookup is for
    /// APIs whose body is not in the compilation (a method of the compilation is judged by its body, BLK007).
    /// </summary>
    private static Task WithLibrary(string library, string source, string? fixedSource = null)
    {
        var test = new Verify.Test { TestCode = source };
        AddLibrary(test.TestState, library);
        if (fixedSource is not null)
        {
            test.FixedCode = fixedSource;
            AddLibrary(test.FixedState, library);
        }

        return test.RunAsync();
    }

    private static void AddLibrary(Microsoft.CodeAnalysis.Testing.SolutionState state, string library)
    {
        var project = state.AdditionalProjects["Lib"];
        project.Sources.Add(library);
        project.AdditionalReferences.AddRange(Basic.Reference.Assemblies.Net80.References.All);
        state.AdditionalProjectReferences.Add("Lib");
    }

    private static Task Analyze(string members, string? editorConfig = null)
        => Verify.VerifyAnalyzerAsync(Usings + "class C\n{\n    " + members + "\n}", editorConfig);

    // ---- API groups: reported ------------------------------------------------------------------------------

    [Theory]
    [InlineData("async Task M(string p) { var s = [|File.ReadAllText(p)|]; }")]
    [InlineData("async Task M(string p) { [|File.WriteAllText(p, \"x\")|]; }")]
    [InlineData("async Task M(string p) { var b = [|File.ReadAllBytes(p)|]; }")]
    [InlineData("async Task M(string p) { [|File.AppendAllText(p, \"x\")|]; }")]
    [InlineData("async Task M(string p) { var l = [|File.ReadAllLines(p)|]; }")]
    [InlineData("async Task M(string p, string[] lines) { [|File.WriteAllLines(p, lines)|]; }")]
    public async Task Reports_File(string member) => await Analyze(member);

    // Seen on real code (Kavita's migrations): WriteAllLines(path, string[]) has no string[] twin, but
    // WriteAllLinesAsync(path, IEnumerable<string>, token) takes the same argument.
    [Fact]
    public async Task Fix_passes_an_array_to_a_twin_that_takes_an_interface_it_implements()
        => await Verify.VerifyCodeFixAsync(
            Usings + "class C\n{\n    async Task M(string importFile, string outputFile)\n    {\n        [|File.WriteAllLines(outputFile, await File.ReadAllLinesAsync(importFile))|];\n    }\n}",
            Usings + "class C\n{\n    async Task M(string importFile, string outputFile)\n    {\n        await File.WriteAllLinesAsync(outputFile, await File.ReadAllLinesAsync(importFile));\n    }\n}");

    // Twins under another name: SmtpClient.Send -> SendMailAsync (SendAsync is the event-based pattern), Ping.Send ->
    // SendPingAsync.
    [Theory]
    [InlineData("async Task M(System.Net.Mail.SmtpClient c, System.Net.Mail.MailMessage m) { [|c.Send(m)|]; }",
                "async Task M(System.Net.Mail.SmtpClient c, System.Net.Mail.MailMessage m) { await c.SendMailAsync(m); }")]
    [InlineData("async Task M(System.Net.Mail.SmtpClient c) { [|c.Send(\"a@b.c\", \"d@e.f\", \"s\", \"b\")|]; }",
                "async Task M(System.Net.Mail.SmtpClient c) { await c.SendMailAsync(\"a@b.c\", \"d@e.f\", \"s\", \"b\"); }")]
    [InlineData("async Task M(System.Net.NetworkInformation.Ping p) { var r = [|p.Send(\"host\", 1000)|]; }",
                "async Task M(System.Net.NetworkInformation.Ping p) { var r = await p.SendPingAsync(\"host\", 1000); }")]
    public async Task Reports_twins_under_another_name_and_fixes_them(string before, string after)
        => await Verify.VerifyCodeFixAsync(Usings + "class C\n{\n    " + before + "\n}", Usings + "class C\n{\n    " + after + "\n}");

    [Theory]
    [InlineData("void M(System.Net.Mail.SmtpClient c, System.Net.Mail.MailMessage m) { c.Send(m); }")]
    [InlineData("async Task M(System.Net.Mail.SmtpClient c, System.Net.Mail.MailMessage m) { await c.SendMailAsync(m); }")]
    [InlineData("class Mailer { public void Send(System.Net.Mail.MailMessage m) { } public Task SendMailAsync(System.Net.Mail.MailMessage m) => Task.CompletedTask; } async Task M(Mailer c, System.Net.Mail.MailMessage m) { c.Send(m); await Task.Yield(); }")]
    public async Task Twins_under_another_name_only_for_the_listed_types_in_async_code(string members)
        => await Verify.VerifyAnalyzerAsync(Usings + "class C\n{\n    " + members + "\n}");

    [Theory]
    [InlineData("async Task M(Stream s, byte[] b) { var n = [|s.Read(b, 0, b.Length)|]; }")]
    [InlineData("async Task M(Stream s, byte[] b) { [|s.Write(b, 0, b.Length)|]; }")]
    [InlineData("async Task M(Stream s) { [|s.Flush()|]; }")]
    [InlineData("async Task M(Stream s, Stream d) { [|s.CopyTo(d)|]; }")]
    [InlineData("async Task M(Stream s, byte[] b) { var n = [|s.Read(b)|]; }")]
    [InlineData("async Task M(FileStream s, byte[] b) { var n = [|s.Read(b, 0, 1)|]; }")]
    [InlineData("async Task M(NetworkStream s, byte[] b) { [|s.Write(b, 0, 1)|]; }")]
    [InlineData("async Task M(FileStream s) { [|s.Dispose()|]; }")]
    public async Task Reports_Stream(string member) => await Analyze(member);

    [Theory]
    [InlineData("async Task M(StreamReader r) { var s = [|r.ReadToEnd()|]; }")]
    [InlineData("async Task M(StreamReader r) { var s = [|r.ReadLine()|]; }")]
    [InlineData("async Task M(TextReader r) { var s = [|r.ReadToEnd()|]; }")]
    [InlineData("async Task M(StreamWriter w) { [|w.WriteLine(\"x\")|]; }")]
    [InlineData("async Task M(StreamWriter w) { [|w.Flush()|]; }")]
    [InlineData("async Task M(TextWriter w) { [|w.Write(\"x\")|]; }")]
    public async Task Reports_readers_and_writers(string member) => await Analyze(member);

    [Theory]
    [InlineData("async Task M(HttpClient c, HttpRequestMessage r) { var x = [|c.Send(r)|]; }")]
    [InlineData("async Task M(HttpContent c) { var s = [|c.ReadAsStream()|]; }")]
    [InlineData("async Task M(HttpContent c, CancellationToken ct) { var s = [|c.ReadAsStream(ct)|]; }")]
    public async Task Reports_HttpClient(string member) => await Analyze(member);

    [Theory]
    [InlineData("async Task M(DbConnection c) { [|c.Open()|]; }")]
    [InlineData("async Task M(DbCommand c) { var r = [|c.ExecuteReader()|]; }")]
    [InlineData("async Task M(DbCommand c) { var n = [|c.ExecuteNonQuery()|]; }")]
    [InlineData("async Task M(DbCommand c) { var o = [|c.ExecuteScalar()|]; }")]
    [InlineData("async Task M(DbDataReader r) { while ([|r.Read()|]) { } }")]
    [InlineData("async Task M(DbDataReader r) { [|r.NextResult()|]; }")]
    public async Task Reports_ADO_NET(string member) => await Analyze(member);

    [Theory]
    [InlineData("async Task M(Process p) { [|p.WaitForExit()|]; }")]
    [InlineData("async Task M(string h) { var e = [|Dns.GetHostEntry(h)|]; }")]
    [InlineData("async Task M(string h) { var a = [|Dns.GetHostAddresses(h)|]; }")]
    [InlineData("async Task M(Socket s, EndPoint e) { [|s.Connect(e)|]; }")]
    [InlineData("async Task M(Socket s, byte[] b) { var n = [|s.Receive(b)|]; }")]
    [InlineData("async Task M(TcpClient c) { [|c.Connect(\"host\", 80)|]; }")]
    public async Task Reports_process_dns_and_sockets(string member) => await Analyze(member);

    /// <summary>EF Core's query types and operators as far as the query rules read them, with an entity, <c>Order</c>.</summary>
    internal const string EfCoreQueries = @"
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
namespace Microsoft.EntityFrameworkCore
{
    public abstract class DbSet<T> : System.Linq.IQueryable<T> where T : class
    {
        public System.Type ElementType => throw null!;
        public System.Linq.Expressions.Expression Expression => throw null!;
        public System.Linq.IQueryProvider Provider => throw null!;
        public IEnumerator<T> GetEnumerator() => throw null!;
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => throw null!;
    }

    public static class EntityFrameworkQueryableExtensions
    {
        public static Task<List<T>> ToListAsync<T>(this System.Linq.IQueryable<T> source, CancellationToken cancellationToken = default) => throw null!;
        public static Task<int> CountAsync<T>(this System.Linq.IQueryable<T> source, CancellationToken cancellationToken = default) => throw null!;
        public static Task<T> FirstAsync<T>(this System.Linq.IQueryable<T> source, System.Linq.Expressions.Expression<System.Func<T, bool>> predicate, CancellationToken cancellationToken = default) => throw null!;
        public static Task<bool> AnyAsync<T>(this System.Linq.IQueryable<T> source, CancellationToken cancellationToken = default) => throw null!;
        public static IAsyncEnumerable<T> AsAsyncEnumerable<T>(this System.Linq.IQueryable<T> source) => throw null!;
    }
}
public sealed class Order { public int Id { get; set; } }
";

    // Seen on real code: EF Core queries materialized synchronously inside async actions and jobs.
    [Fact]
    public async Task Reports_synchronous_ef_core_queries_and_fixes_them_with_the_provider_operators()
    {
        var source = Usings + @"using Microsoft.EntityFrameworkCore;
class C
{
    async Task<int> Report(DbSet<Order> orders, CancellationToken ct)
    {
        await Task.Yield();
        var list = [|orders.ToList()|];
        var count = [|orders.Where(o => o.Id > 1).Count()|];
        var first = [|orders.First(o => o.Id == 2)|];
        return list.Count + count + first.Id;
    }
}";
        var fixedSource = Usings + @"using Microsoft.EntityFrameworkCore;
class C
{
    async Task<int> Report(DbSet<Order> orders, CancellationToken ct)
    {
        await Task.Yield();
        var list = await orders.ToListAsync(ct);
        var count = await orders.Where(o => o.Id > 1).CountAsync(ct);
        var first = await orders.FirstAsync(o => o.Id == 2, ct);
        return list.Count + count + first.Id;
    }
}";
        await WithLibrary(EfCoreQueries, source, fixedSource);
    }

    // Seen on real code (Kavita's statistics): the query runs, synchronously, when AsEnumerable()'s result is enumerated.
    [Theory]
    [InlineData("var n = [|orders.AsEnumerable().Where(o => o.Id > 1).Count()|];")]
    [InlineData("var l = [|orders.Where(o => o.Id > 1).AsEnumerable().Select(o => o.Id).ToList()|];")]
    [InlineData("foreach (var o in [|orders.AsEnumerable().Where(o => o.Id > 1)|]) { }")]
    public async Task Reports_queries_run_after_AsEnumerable_without_a_fix(string statement)
    {
        var source = Usings + "using Microsoft.EntityFrameworkCore;\nclass C\n{\n    async Task M(DbSet<Order> orders) { await Task.Yield(); " + statement + " }\n}\n";
        await WithLibrary(EfCoreQueries, source);
    }

    // Seen on real code (Kavita's repositories): methods declared to return IEnumerable<T> hand out an EF Core query
    // (AsEnumerable(), or the IQueryable itself); the caller's ToList(), Contains(), Any() or foreach runs it synchronously.
    private const string Repository = @"
public interface ILibraryRepository
{
    IEnumerable<int> GetLibraryIds(int userId);
    IEnumerable<Order> GetOrders();
    IEnumerable<int> GetCached();
}
public sealed class LibraryRepository : ILibraryRepository
{
    private readonly DbSet<Order> _orders = null!;
    private readonly List<int> _cache = new();
    public IEnumerable<int> GetLibraryIds(int userId)
        => _orders.Where(o => o.Id == userId).Select(o => o.Id).AsEnumerable();
    public IEnumerable<Order> GetOrders()
    {
        return _orders.OrderBy(o => o.Id);
    }
    public IEnumerable<int> GetCached() => _cache.Where(i => i > 0);
}
";

    [Fact]
    public async Task Reports_a_query_returned_as_an_IEnumerable_where_it_is_enumerated()
    {
        var source = Usings + "using System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\n" + Repository + @"
class Controller
{
    private readonly ILibraryRepository _repository = new LibraryRepository();

    async Task<int> Search(int userId, DbSet<Order> orders)
    {
        await Task.Yield();
        var libraries = {|#0:_repository.GetLibraryIds(userId).ToList()|};
        var ids = _repository.GetLibraryIds(userId);
        if (![|ids.Contains(3)|]) return 0;
        foreach (var order in [|_repository.GetOrders()|]) { }
        var sorted = [|_repository.GetOrders().Where(o => o.Id > 1).OrderBy(o => o.Id).ToList()|];
        var firstLetters = orders.Select(o => o.Id).AsEnumerable().Select(i => i % 10);
        foreach (var letter in [|firstLetters|]) { }
        return libraries.Count + sorted.Count;
    }
}";
        var test = new Verify.Test { TestCode = source };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("BLK003").WithLocation(0).WithArguments(
            "Enumerable.ToList()",
            "it runs the database query that 'GetLibraryIds' returns as an IEnumerable and reads every row synchronously: return the IQueryable and materialize it with 'await ToListAsync(...)'"));
        AddLibrary(test.TestState, EfCoreQueries);
        await test.RunAsync();
    }

    [Fact]
    public async Task Stays_silent_on_sequences_that_are_not_queries_or_not_known_to_be()
    {
        var source = Usings + "using System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\n" + Repository + @"
public interface IOtherRepository { IEnumerable<int> GetIds(); }
public sealed class First : IOtherRepository { private readonly DbSet<Order> _o = null!; public IEnumerable<int> GetIds() => _o.Select(o => o.Id).AsEnumerable(); }
public sealed class Second : IOtherRepository { public IEnumerable<int> GetIds() => new List<int>(); }
class Controller
{
    private readonly ILibraryRepository _repository = new LibraryRepository();
    private readonly IOtherRepository _other = new First();
    private readonly DbSet<Order> _orders = null!;

    IEnumerable<int> Mixed(bool b)
    {
        if (b) return _orders.Select(o => o.Id).AsEnumerable();
        return new List<int>();
    }

    IEnumerable<int> Lazily()
    {
        foreach (var order in _orders) yield return order.Id;
    }

    async Task<int> Search(int userId)
    {
        await Task.Yield();
        var cached = _repository.GetCached().ToList();
        var mixed = Mixed(true).Count();
        var several = _other.GetIds().ToList();
        var lazily = Lazily().Any();
        var ids = _repository.GetLibraryIds(userId);
        ids = new List<int>();
        var reassigned = ids.Contains(3);
        var loaded = await _orders.ToListAsync();
        var inMemory = loaded.Where(o => o.Id > 1).ToList();
        return cached.Count + mixed + several.Count + inMemory.Count + (lazily ? 1 : 0) + (reassigned ? 1 : 0);
    }
}";
        var test = new Verify.Test { TestCode = source };
        AddLibrary(test.TestState, EfCoreQueries);
        await test.RunAsync();
    }

    // Seen on real code (Kavita's statistics): SelectMany over a list whose selector returns a query runs one
    // synchronous query per element when the result is enumerated.
    [Fact]
    public async Task Reports_a_SelectMany_selector_that_returns_a_query()
    {
        var source = Usings + "using System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\n" + @"
public sealed class UserOrders { public IQueryable<Order> Orders { get; set; } = null!; }
class Statistics
{
    async Task<int> TopUsers(List<UserOrders> users)
    {
        await Task.Yield();
        var ids = [|users
            .SelectMany(u => u.Orders.Select(o => o.Id))|].ToList();
        var local = users.SelectMany(u => new[] { 1, 2 }).ToList();
        return ids.Count + local.Count;
    }
}";
        await WithLibrary(EfCoreQueries, source);
    }

    private const string StoreStubs = @"
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
namespace Microsoft.AspNetCore.Identity
{
    public class IdentityUser { public string Id { get; set; } = """"; public string? NormalizedEmail { get; set; } }
    public class UserManager<TUser> where TUser : class
    {
        public virtual IQueryable<TUser> Users => throw null!;
        public virtual string NormalizeEmail(string email) => email;
    }
}
namespace MongoDB.Driver
{
    public interface IAsyncCursor<out T> : IDisposable
    {
        IEnumerable<T> Current { get; }
        bool MoveNext(CancellationToken cancellationToken = default);
        Task<bool> MoveNextAsync(CancellationToken cancellationToken = default);
    }
    public interface IAsyncCursorSource<out T> { IAsyncCursor<T> ToCursor(CancellationToken cancellationToken = default); }
    public interface IFindFluent<TDocument, TProjection> : IAsyncCursorSource<TProjection> { }
    public interface IMongoCollection<T> { IFindFluent<T, T> Find(string filter); }
    public static class IAsyncCursorSourceExtensions
    {
        public static IEnumerable<T> ToEnumerable<T>(this IAsyncCursorSource<T> source, CancellationToken cancellationToken = default) => throw null!;
        public static Task ForEachAsync<T>(this IAsyncCursorSource<T> source, Action<T> processor, CancellationToken cancellationToken = default) => throw null!;
    }
}
";

    // Seen on real code (squidex's user service, with no EF Core in the project): UserManager.Users is the user
    // store's database query; materializing it synchronously is a round trip.
    [Fact]
    public async Task Reports_a_store_query_materialized_synchronously_without_ef_core()
        => await WithLibrary(StoreStubs, Usings + @"using System.Collections.Generic;
using Microsoft.AspNetCore.Identity;
class UserService
{
    private readonly UserManager<IdentityUser> userManager = null!;

    async Task<int> QueryAsync(string? query, IEnumerable<string> ids)
    {
        await Task.Yield();
        var userItems = [|userManager.Users.Where(x => ids.Contains(x.Id)).ToList()|];

        IQueryable<IdentityUser> QueryUsers(string? email = null)
        {
            var result = userManager.Users;
            if (!string.IsNullOrWhiteSpace(email))
            {
                var normalized = userManager.NormalizeEmail(email);
                result = result.Where(x => x.NormalizedEmail!.Contains(normalized));
            }

            return result;
        }

        var items = [|QueryUsers(query).OrderBy(x => x.NormalizedEmail).Skip(1).Take(2).ToList()|];
        var total = [|QueryUsers(query).LongCount()|];
        var isFirst = ![|userManager.Users.Any()|];
        var local = new List<IdentityUser>().AsQueryable().Count();
        var query2 = userManager.Users.Where(x => x.Id == ""a"");
        return userItems.Count + items.Count + (int)total + local + (isFirst ? 1 : 0);
    }
}");

    // Seen on real code (squidex's MongoDB migrations): ToEnumerable() iterates the cursor synchronously.
    [Fact]
    public async Task Reports_a_database_cursor_enumerated_synchronously()
        => await WithLibrary(StoreStubs, Usings + @"using MongoDB.Driver;
class Migration
{
    async Task UpdateAsync(IMongoCollection<string> collection, CancellationToken ct)
    {
        foreach (var document in [|collection.Find(""{}"").ToEnumerable(ct)|])
        {
            await Task.Yield();
        }

        var first = [|collection.Find(""{}"").ToEnumerable(ct).First()|];
        var documents = collection.Find(""{}"").ToEnumerable(ct);
        await collection.Find(""{}"").ForEachAsync(d => { }, ct);
    }
}");

    [Fact]
    public async Task Reports_foreach_over_an_ef_core_query_without_a_fix()
    {
        var source = Usings + @"using Microsoft.EntityFrameworkCore;
class C
{
    async Task<int> Sum(DbSet<Order> orders)
    {
        var total = 0;
        foreach (var order in [|orders|]) { total += order.Id; }
        await Task.Yield();
        return total;
    }
}";
        await WithLibrary(EfCoreQueries, source);
    }

    [Theory]
    [InlineData("var n = orders.ToList().Count(); await Task.Yield();", "orders.ToList()")]
    [InlineData("var n = new List<Order>().AsQueryable().Count(); await Task.Yield();", null)]
    [InlineData("var n = new List<Order>().Where(o => o.Id > 0).ToList(); await Task.Yield();", null)]
    [InlineData("var q = orders.Where(o => o.Id > 0); var s = nameof(q); await Task.Yield();", null)]
    [InlineData("var e = orders.AsEnumerable().Where(o => o.Id > 0); await Task.Yield();", null)]
    [InlineData("var n = new List<Order>().AsEnumerable().Count(); await Task.Yield();", null)]
    public async Task Stays_silent_on_linq_to_objects_and_queries_that_are_not_run(string body, string? flagged)
    {
        var marked = flagged is null ? body : body.Replace(flagged, "[|" + flagged + "|]", System.StringComparison.Ordinal);
        var source = Usings + "using System.Collections.Generic;\nusing Microsoft.EntityFrameworkCore;\nclass C\n{\n    async Task M(DbSet<Order> orders) { " + marked + " }\n}\n";
        await WithLibrary(EfCoreQueries, source);
    }

    // Seen on real code (btcpayserver, whose Lightning client package is not served here): with the receiver's type
    // unresolved, the compiler binds Where(...) to an IQueryable overload it cannot apply; that is not a query.
    [Fact]
    public async Task Stays_silent_on_linq_over_a_member_of_an_unresolved_type()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + @"using Microsoft.EntityFrameworkCore;
class C
{
    async Task<object> Nodes(Func<Task<{|CS0246:NodeInformation|}>> getInfo, bool? preferOnion)
    {
        {|CS0246:NodeInformation|} info = await getInfo();
        return preferOnion != null
            ? info.NodeInfoList.Where(i => i.IsTor == preferOnion.Value).ToArray()
            : info.NodeInfoList.Select(i => i).ToArray();
    }
}",
        };
        AddLibrary(test.TestState, EfCoreQueries);
        await test.RunAsync();
    }

    [Fact]
    public async Task Stays_silent_on_queries_in_synchronous_code()
        => await WithLibrary(EfCoreQueries, Usings + "using Microsoft.EntityFrameworkCore;\nclass C\n{\n    int M(DbSet<Order> orders) => orders.Count();\n}\n");

    // Seen on real code: file copies, directory walks and deletes, zipping a folder and XML loaded from a path inside
    // async handlers, none of which has an asynchronous twin.
    [Theory]
    [InlineData("File.Copy(\"a\", \"b\", true)", "File.Copy()")]
    [InlineData("File.Move(\"a\", \"b\")", "File.Move()")]
    [InlineData("new FileInfo(\"a\").CopyTo(\"b\")", "FileInfo.CopyTo()")]
    [InlineData("Directory.Delete(\"d\", true)", "Directory.Delete()")]
    [InlineData("Directory.GetFiles(\"d\")", "Directory.GetFiles()")]
    [InlineData("new DirectoryInfo(\"d\").EnumerateFiles(\"*\", SearchOption.AllDirectories).ToList()", "DirectoryInfo.EnumerateFiles()")]
    [InlineData("System.IO.Compression.ZipFile.ExtractToDirectory(\"a.zip\", \"d\")", "ZipFile.ExtractToDirectory()")]
    [InlineData("System.Xml.Linq.XDocument.Load(\"a.xml\")", "XDocument.Load()")]
    [InlineData("new System.Xml.XmlDocument().Load(\"a.xml\")", "XmlDocument.Load()")]
    [InlineData("System.IO.Compression.ZipFile.OpenRead(\"a.zip\")", "ZipFile.OpenRead()")]
    [InlineData("File.Delete(\"a\")", "File.Delete()")]
    [InlineData("new FileInfo(\"a\").Delete()", "FileInfo.Delete()")]
    [InlineData("new System.IO.Compression.ZipArchive(File.OpenRead(\"a.zip\"))", "new ZipArchive()")]
    [InlineData("new System.IO.Compression.ZipArchive(File.OpenRead(\"a.zip\"), System.IO.Compression.ZipArchiveMode.Read, false)", "new ZipArchive()")]
    [InlineData("new System.IO.Compression.ZipArchive(File.Open(\"a.zip\", FileMode.Open), System.IO.Compression.ZipArchiveMode.Update)", "new ZipArchive()")]
    public async Task Reports_blocking_io_without_a_twin_with_the_async_way_and_no_fix(string call, string member)
    {
        var source = Usings + "class C\n{\n    async Task Handle() { await Task.Yield(); {|#0:" + call + "|}; }\n}\n";
        var diagnostics = await TransitiveHarness.RunAsync(new Unblock.Analyzers.Rules.Io.BlockingIoAnalyzer(), new[] { source.Replace("{|#0:", string.Empty).Replace("|}", string.Empty) });
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(source.IndexOf("{|#0:", System.StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
        Assert.StartsWith("'" + member + "' blocks the thread on I/O; ", diagnostic.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.False(diagnostic.Properties.ContainsKey(Unblock.Analyzers.DiagnosticProperties.FixKind));
    }

    // Seen on real code: a Dapper repository beginning its transaction with SqlClient's BeginTransaction, a round trip
    // whose asynchronous counterpart SqlClient does not implement. Npgsql defers BEGIN to the next command: not listed.
    [Theory]
    [InlineData("Microsoft.Data.SqlClient", "SqlConnection", true)]
    [InlineData("System.Data.SqlClient", "SqlConnection", true)]
    [InlineData("Npgsql", "NpgsqlConnection", false)]
    public async Task Reports_beginning_a_SqlClient_transaction_with_no_fix(string ns, string connection, bool reported)
    {
        var stub = "namespace " + ns + " { public sealed class " + connection + " : System.Data.Common.DbConnection { [System.Diagnostics.CodeAnalysis.AllowNull] public override string ConnectionString { get => null!; set { } } public override string Database => null!; public override string DataSource => null!; public override string ServerVersion => null!; public override System.Data.ConnectionState State => default; public override void ChangeDatabase(string databaseName) { } public override void Close() { } public override void Open() { } protected override System.Data.Common.DbTransaction BeginDbTransaction(System.Data.IsolationLevel isolationLevel) => null!; protected override System.Data.Common.DbCommand CreateDbCommand() => null!; public new Tx BeginTransaction() => null!; }\n"
                   + "public sealed class Tx : System.Data.Common.DbTransaction { public override System.Data.IsolationLevel IsolationLevel => default; protected override System.Data.Common.DbConnection DbConnection => null!; public override void Commit() { } public override void Rollback() { } } }\n";
        var source = Usings + "class C\n{\n    async Task Handle(" + ns + "." + connection + " connection) { await Task.Yield(); var transaction = connection.BeginTransaction(); }\n}\n" + stub;
        var diagnostics = await TransitiveHarness.RunAsync(new Unblock.Analyzers.Rules.Io.BlockingIoAnalyzer(), new[] { source });
        if (!reported)
        {
            Assert.Empty(diagnostics);
            return;
        }

        var diagnostic = Assert.Single(diagnostics);
        Assert.StartsWith("'SqlConnection.BeginTransaction()' blocks the thread on I/O; it sends the request to begin the transaction", diagnostic.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.False(diagnostic.Properties.ContainsKey(Unblock.Analyzers.DiagnosticProperties.FixKind));
    }

    // Seen on real code: an upload handler reading an audio file's tags with TagLib#, which has no asynchronous API.
    [Theory]
    [InlineData("TagLib.File.Create(\"a.mp3\")", "File.Create()")]
    [InlineData("TagLib.File.Create(upload, TagLib.ReadStyle.Average)", "File.Create()")]
    [InlineData("media.Save()", "File.Save()")]
    public async Task Reports_reading_media_tags_with_the_async_way_and_no_fix(string call, string member)
    {
        const string TagLib = "namespace TagLib { public enum ReadStyle { None, Average } public interface IFileAbstraction { Stream ReadStream { get; } } public abstract class File : System.IDisposable { public static File Create(string path) => null!; public static File Create(IFileAbstraction abstraction, ReadStyle style) => null!; public abstract void Save(); public void Dispose() { } } }\n";
        var source = Usings + "class C\n{\n    async Task Handle(TagLib.IFileAbstraction upload, TagLib.File media) { await Task.Yield(); {|#0:" + call + "|}; }\n}\n" + TagLib;
        var diagnostics = await TransitiveHarness.RunAsync(new Unblock.Analyzers.Rules.Io.BlockingIoAnalyzer(), new[] { source.Replace("{|#0:", string.Empty).Replace("|}", string.Empty) });
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(source.IndexOf("{|#0:", System.StringComparison.Ordinal), diagnostic.Location.SourceSpan.Start);
        Assert.StartsWith("'" + member + "' blocks the thread on I/O; it reads the media file's headers and tags", diagnostic.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.False(diagnostic.Properties.ContainsKey(Unblock.Analyzers.DiagnosticProperties.FixKind));
    }

    [Theory]
    [InlineData("File.Exists(\"a\")")]
    [InlineData("Directory.CreateDirectory(\"d\")")]
    [InlineData("System.Xml.Linq.XDocument.Load(new MemoryStream())")]
    [InlineData("System.Xml.Linq.XDocument.Parse(\"<a/>\")")]
    [InlineData("new System.IO.Compression.ZipArchive(new MemoryStream(new byte[1]))")]
    [InlineData("new System.IO.Compression.ZipArchive(File.Create(\"a.zip\"), System.IO.Compression.ZipArchiveMode.Create)")]
    [InlineData("new System.IO.Compression.ZipArchive(File.Create(\"a.zip\"), System.IO.Compression.ZipArchiveMode.Create, true)")]
    public async Task Stays_silent_on_single_metadata_calls_and_xml_from_memory(string call)
    {
        var diagnostics = await TransitiveHarness.RunAsync(new Unblock.Analyzers.Rules.Io.BlockingIoAnalyzer(),
            new[] { Usings + "class C\n{\n    async Task Handle() { await Task.Yield(); var r = " + call + "; }\n}\n" });
        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task A_zip_archive_read_from_a_file_names_the_async_factory_where_the_framework_has_it()
    {
        // .NET 10 added ZipArchive.CreateAsync; before it, the advice is to read the stream into memory first.
        var source = Usings + "class C\n{\n    async Task Handle(Stream s) { await Task.Yield(); using var z = {|#0:new System.IO.Compression.ZipArchive(s)|}; }\n}\n";
        var test = new Verify.Test { TestCode = source };
        test.UseNet10();
        test.ExpectedDiagnostics.Add(Verify.Diagnostic().WithLocation(0).WithArguments(
            "new ZipArchive()",
            "it reads the archive's central directory from the stream synchronously (in Update mode, the whole archive): use 'await ZipArchive.CreateAsync(stream, mode, leaveOpen, entryNameEncoding: null, cancellationToken)', or copy the stream into memory first with 'await stream.CopyToAsync(memoryStream)'"));
        await test.RunAsync();

        await Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic().WithLocation(0).WithArguments(
                "new ZipArchive()",
                "it reads the archive's central directory from the stream synchronously (in Update mode, the whole archive): copy the stream into memory first with 'await stream.CopyToAsync(memoryStream)', or move it into 'await Task.Run(...)'"));
    }

    [Fact]
    public async Task Stays_silent_on_a_serializer_given_an_xml_reader_or_a_string()
        => await Analyze("async Task M(string xml) { var s = new System.Xml.Serialization.XmlSerializer(typeof(int)); var x = s.Deserialize(System.Xml.XmlReader.Create(new StringReader(xml))); var y = s.Deserialize(new StringReader(xml)); await Task.Yield(); }");

    [Fact]
    public async Task Stays_silent_on_blocking_io_without_a_twin_in_synchronous_code()
    {
        var diagnostics = await TransitiveHarness.RunAsync(new Unblock.Analyzers.Rules.Io.BlockingIoAnalyzer(),
            new[] { Usings + "class C\n{\n    void Handle() { File.Copy(\"a\", \"b\"); var f = Directory.GetFiles(\"d\"); }\n}\n" });
        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Reports_user_libraries_that_follow_the_pattern()
        => await WithLibrary(Usings + @"
namespace Lib
{
    public class Client
    {
        public string Fetch(string url) => url;
        public Task<string> FetchAsync(string url, CancellationToken cancellationToken = default) => Task.FromResult(url);
    }

    public interface IRepository { int Load(int id); ValueTask<int> LoadAsync(int id); }

    public class BaseStore { public void Save() { } public Task SaveAsync() => Task.CompletedTask; }
    public class Store : BaseStore { }

    public class Legacy { public string Get() => """"; }

    public class Overloaded { public int Count() => 0; public Task<int> Count(CancellationToken token) => Task.FromResult(0); }
}
", Usings + @"
class C
{
    async Task M(Lib.Client c, Lib.IRepository r, Lib.Store s, Lib.Legacy l, Lib.Overloaded o)
    {
        var a = [|c.Fetch(""u"")|];
        var b = [|r.Load(1)|];
        [|s.Save()|];
        var d = l.Get(); // LegacyExtensions.GetAsync is not in scope here (no 'using Lib;')
        var e = [|o.Count()|];
        await Task.Yield();
    }
}
namespace Lib2
{
    using Lib;
    // An async extension the application adds to a library type.
    public static class LegacyExtensions { public static Task<string> GetAsync(this Legacy legacy) => Task.FromResult(legacy.Get()); }
    class D { async Task M(Legacy l) { var d = [|l.Get()|]; await Task.Yield(); } }
}
");

    // ---- contexts -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("void M(string p) { Func<Task> f = async () => { var s = [|File.ReadAllText(p)|]; }; }")]
    [InlineData("void M(string p) { async Task Local() { var s = [|File.ReadAllText(p)|]; } }")]
    [InlineData("async Task M(string[] ps) { var all = ps.Select(p => [|File.ReadAllText(p)|]).ToList(); }")]
    [InlineData("async void OnClick(object sender, EventArgs e) { [|File.WriteAllText(\"p\", \"x\")|]; }")]
    [InlineData("async System.Collections.Generic.IAsyncEnumerable<string> M(StreamReader r) { yield return [|r.ReadLine()|]; await Task.Yield(); }")]
    public async Task Reports_in_every_async_context(string member) => await Analyze(member);

    [Theory]
    [InlineData("void M(string p) { var s = File.ReadAllText(p); }")]
    [InlineData("async Task M(string p) { await Task.Run(() => File.ReadAllText(p)); }")]
    [InlineData("async Task M(string p) { var t = new Thread(() => File.ReadAllText(p)); t.Start(); await Task.Yield(); }")]
    [InlineData("async Task M(string p) { var n = nameof(File.ReadAllText); await Task.Yield(); }")]
    [InlineData("async Task M(string p) { System.Linq.Expressions.Expression<Func<string>> e = () => File.ReadAllText(p); await Task.Yield(); }")]
    [InlineData("async Task M(string p) { var s = await File.ReadAllTextAsync(p); }")]
    public async Task Stays_silent_outside_async_code(string member) => await Analyze(member);

    [Fact]
    public async Task Reports_a_non_async_Task_method_with_the_option()
        => await Analyze("Task<string> M(string p) => Task.FromResult([|File.ReadAllText(p)|]);", "dotnet_code_quality.unblock.task_returning_methods = true");

    [Fact]
    public async Task Inside_lock_says_so_and_offers_no_fix()
    {
        var source = Usings + "class C { readonly object _gate = new(); async Task M(string p) { lock (_gate) { {|#0:File.WriteAllText(p, \"x\")|}; } await Task.Yield(); } }";
        var test = new Verify.Test { TestCode = source, FixedCode = source };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("BLK003").WithLocation(0).WithArguments("File.WriteAllText()", Unblock.Analyzers.BlockingCallAnalyzer.InsideLockAdvice));
        test.FixedState.ExpectedDiagnostics.Add(Verify.Diagnostic("BLK003").WithLocation(0).WithArguments("File.WriteAllText()", Unblock.Analyzers.BlockingCallAnalyzer.InsideLockAdvice));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("async Task M(Stream s) { var r = new StreamReader(s); var t = [|r.ReadToEnd()|]; }")]
    [InlineData("async Task M(string path) { using var r = new StreamReader(path); var t = [|r.ReadToEnd()|]; }")]
    [InlineData("async Task M(string path) { var w = new StreamWriter(File.OpenWrite(path)); [|w.Write(\"x\")|]; }")]
    [InlineData("async Task M(Stream s) { var ms = s; var r = new StreamReader(ms); var l = [|r.ReadLine()|]; }")]
    public async Task Reports_readers_and_writers_not_over_an_in_memory_stream(string member) => await Analyze(member);

    [Fact]
    public async Task Message_names_the_call_and_its_twin()
        => await Verify.VerifyAnalyzerAsync(
            Usings + "class C { async Task M(string p) { var s = {|#0:File.ReadAllText(p)|}; } }",
            Verify.Diagnostic("BLK003").WithLocation(0).WithArguments("File.ReadAllText()", "use 'await ReadAllTextAsync(...)' instead"));

    // ---- synchronous Dispose that does I/O (a using in async code) -------------------------------------------

    private const string NetworkClients = @"
namespace RabbitMQ.Client
{
    public interface IChannel : IAsyncDisposable, IDisposable
    {
        Task QueueDeclareAsync(string queue, CancellationToken cancellationToken = default);
    }
    public interface IConnection : IAsyncDisposable, IDisposable
    {
        Task<IChannel> CreateChannelAsync(CancellationToken cancellationToken = default);
    }
}
namespace Renci.SshNet
{
    public abstract class BaseClient : IDisposable
    {
        public void Connect() { }
        public void Disconnect() { }
        public void Dispose() { }
    }
    public class SshClient : BaseClient
    {
        public SshClient(string host, string username, string password) { }
    }
}
public static class SshExtensions
{
    public static Task DisconnectAsync(this Renci.SshNet.SshClient client, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
";

    // Seen on real code (bitwarden's local attachment and report stores): a file written with CopyToAsync is flushed
    // by the synchronous Dispose of its using.
    [Theory]
    [InlineData("async Task M(string p, Stream s) { [|using (var fs = File.Create(p))|] { await s.CopyToAsync(fs); } }")]
    [InlineData("async Task M(string p, Stream s) { [|using var fs = File.Create(p)|]; s.Seek(0, SeekOrigin.Begin); await s.CopyToAsync(fs); }")]
    [InlineData("async Task M(string p, byte[] b) { [|using var fs = new FileStream(p, FileMode.Create)|]; await fs.WriteAsync(b); }")]
    [InlineData("async Task M(string p, byte[] b) { [|using var fs = new FileStream(p, FileMode.Open, FileAccess.Write)|]; await fs.WriteAsync(b); }")]
    [InlineData("async Task M(string p, byte[] b) { [|using (Stream fs = File.Open(p, FileMode.Append))|] { await fs.WriteAsync(b); } }")]
    [InlineData("async Task M(string p, byte[] b) { var fs = File.OpenWrite(p); [|using (fs)|] { await fs.WriteAsync(b); } }")]
    public async Task Reports_a_synchronous_using_of_a_file_stream_opened_for_writing(string member) => await Analyze(member);

    [Theory]
    [InlineData("async Task M(string p, byte[] b) { using var fs = File.OpenRead(p); await fs.ReadAsync(b); }")]
    [InlineData("async Task M(string p, byte[] b) { using var fs = new FileStream(p, FileMode.Open); await fs.ReadAsync(b); }")]
    [InlineData("async Task M(string p, byte[] b) { using var fs = new FileStream(p, FileMode.OpenOrCreate, FileAccess.ReadWrite); await fs.ReadAsync(b); }")]
    [InlineData("async Task M(string p, byte[] b) { await using var fs = File.Create(p); await fs.WriteAsync(b); }")]
    [InlineData("async Task M(byte[] b) { using var ms = new MemoryStream(); await ms.WriteAsync(b); using var cts = new CancellationTokenSource(); using var ws = new System.Net.WebSockets.ClientWebSocket(); }")]
    [InlineData("void M(string p, byte[] b) { using var fs = File.Create(p); fs.Write(b, 0, b.Length); }")]
    [InlineData("async Task M(string p) { await Task.Run(() => { using var fs = File.Create(p); }); }")]
    [InlineData("async Task M(string p, object license) { using var fs = File.OpenWrite(p); await System.Text.Json.JsonSerializer.SerializeAsync(fs, license); Console.WriteLine(p); }")]
    [InlineData("async Task M(string p, byte[] b) { using (var fs = File.Create(p)) { await fs.WriteAsync(b); await fs.FlushAsync().ConfigureAwait(false); } }")]
    public async Task Stays_silent_on_using_whose_Dispose_does_no_io_or_is_awaited(string member) => await Analyze(member);

    // Seen on real code (bitwarden's RabbitMQ service, btcpayserver's SSH maintenance actions): closing a channel or
    // disconnecting a session is a network round trip that the synchronous Dispose waits for.
    [Fact]
    public async Task Reports_a_synchronous_using_of_a_network_channel_or_client()
        => await WithLibrary(Usings + NetworkClients, Usings + @"
class Queues
{
    private readonly RabbitMQ.Client.IConnection _connection = null!;

    public async Task CreateEventQueueAsync(string queueName, CancellationToken cancellationToken = default)
    {
        [|using var channel = await _connection.CreateChannelAsync(cancellationToken)|];
        await channel.QueueDeclareAsync(queueName, cancellationToken);
    }

    public async Task CloseAsync(Func<Task<RabbitMQ.Client.IConnection>> open)
    {
        [|using var connection = await open()|];
        await connection.CreateChannelAsync();
    }

    public async Task RunAsync(Func<Task<Renci.SshNet.SshClient>> connect)
    {
        [|using (var ssh = await connect())|]
        {
            await Task.Delay(1);
        }

        using (var checkedClient = await connect())
        {
            await Task.Delay(1);
            await checkedClient.DisconnectAsync();
        }

        var client = await connect();
        try
        {
            await Task.Delay(1);
        }
        finally
        {
            [|client.Dispose()|];
        }
    }
}");

    [Fact]
    public void Every_row_of_the_dispose_table_has_a_test()
    {
        var tested = new[] { "System.IO.FileStream", "RabbitMQ.Client.IChannel", "RabbitMQ.Client.IConnection", "Renci.SshNet.BaseClient" };
        Assert.Equal(tested.OrderBy(t => t, System.StringComparer.Ordinal), BlockingDispose.Entries.Select(e => e.Type).OrderBy(t => t, System.StringComparer.Ordinal));
    }

    [Fact]
    public async Task Fix_turns_a_using_into_await_using()
    {
        var test = new Verify.Test
        {
            TestCode = Usings + @"
class Store
{
    public async Task WriteAsync(string path, Stream stream, RabbitMQ.Client.IConnection connection)
    {
        // keep this comment
        [|using (var fs = File.Create(path))|]
        {
            await stream.CopyToAsync(fs);
        }

        [|using var channel = await connection.CreateChannelAsync()|];
        await channel.QueueDeclareAsync(""q"");
    }
}",
            FixedCode = Usings + @"
class Store
{
    public async Task WriteAsync(string path, Stream stream, RabbitMQ.Client.IConnection connection)
    {
        // keep this comment
        await using (var fs = File.Create(path))
        {
            await stream.CopyToAsync(fs);
        }

        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeclareAsync(""q"");
    }
}",
        };
        AddLibrary(test.TestState, Usings + NetworkClients);
        AddLibrary(test.FixedState, Usings + NetworkClients);
        await test.RunAsync();
    }

    // ---- twins that do not qualify ------------------------------------------------------------------------

    [Theory]
    [InlineData("public string Fetch(int id) => \"\"; public Task<string> FetchAsync(string id) => Task.FromResult(id);", "Fetch(1)")] // other parameters
    [InlineData("public string Fetch() => \"\"; [Obsolete] public Task<string> FetchAsync() => Task.FromResult(\"\");", "Fetch()")] // obsolete
    [InlineData("public string Fetch() => \"\"; private Task<string> FetchAsync() => Task.FromResult(\"\");", "Fetch()")] // not accessible
    [InlineData("public string Fetch() => \"\"; public void FetchAsync() { }", "Fetch()")] // EAP: returns void
    [InlineData("public int Fetch() => 0; public Task<long> FetchAsync() => Task.FromResult(0L);", "Fetch()")] // other result
    [InlineData("public string Fetch() => \"\"; public Task<string> FetchAsync(CancellationToken ct, int retries) => Task.FromResult(\"\");", "Fetch()")] // more parameters
    [InlineData("public string Fetch() => \"\";", "Fetch()")] // no twin at all
    public async Task Stays_silent_when_the_twin_does_not_qualify(string library, string call)
        => await Verify.VerifyAnalyzerAsync(Usings + "public class Lib { " + library + " }\nclass C { async Task M(Lib l) { var x = l." + call + "; await Task.Yield(); } }");

    [Fact]
    public async Task Stays_silent_when_the_twin_is_the_enclosing_method_or_what_it_implements()
        => await Verify.VerifyAnalyzerAsync(Usings + @"
interface ILoader { Task<string> LoadAsync(); }
class Loader : ILoader
{
    public string Load() => """";
    public async Task<string> LoadAsync() { await Task.Yield(); return Load(); }
}
class Base { public virtual string Read() => """"; public virtual Task<string> ReadAsync() => Task.FromResult(Read()); }
class Derived : Base { public override async Task<string> ReadAsync() { await Task.Yield(); return Read(); } }
");

    [Fact]
    public async Task Stays_silent_on_a_Span_argument_that_cannot_become_Memory()
        => await Analyze("async Task M(Stream s) { Span<byte> b = stackalloc byte[4]; var n = s.Read(b); await Task.Yield(); }");

    [Fact]
    public async Task Stays_silent_on_unresolved_code()
    {
        var test = new Verify.Test { TestCode = Usings + "class C { async Task M(Unknown u) { u.Read(); Missing.ReadAllText(\"p\"); await Task.Yield(); } }" };
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        await test.RunAsync();
    }

    // ---- the table of twins that are not equivalent: one test per row -------------------------------------

    private const string EfCoreStub = @"
namespace Microsoft.EntityFrameworkCore
{
    public class EntityEntry { }
    public class DbContext
    {
        public EntityEntry Add(object entity) => new EntityEntry();
        public ValueTask<EntityEntry> AddAsync(object entity, CancellationToken cancellationToken = default) => new(new EntityEntry());
        public void AddRange(params object[] entities) { }
        public Task AddRangeAsync(params object[] entities) => Task.CompletedTask;
        public int SaveChanges() => 0;
        public Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
        public Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade Database => new();
    }
    public static class RelationalDatabaseFacadeExtensions
    {
        public static object? UseTransaction(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, System.Data.Common.DbTransaction? transaction) => null;
        public static Task<object?> UseTransactionAsync(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade database, System.Data.Common.DbTransaction? transaction, CancellationToken cancellationToken = default) => Task.FromResult<object?>(null);
    }
    public abstract class DbSet<T> where T : class
    {
        public virtual EntityEntry Add(T entity) => new EntityEntry();
        public virtual ValueTask<EntityEntry> AddAsync(T entity, CancellationToken cancellationToken = default) => new(new EntityEntry());
        public virtual void AddRange(params T[] entities) { }
        public virtual Task AddRangeAsync(params T[] entities) => Task.CompletedTask;
    }
}
namespace Microsoft.EntityFrameworkCore.Infrastructure
{
    public class DatabaseFacade { }
}
namespace Microsoft.EntityFrameworkCore.ValueGeneration
{
    public abstract class ValueGenerator
    {
        public virtual object? Next(Microsoft.EntityFrameworkCore.EntityEntry entry) => NextValue(entry);
        public virtual ValueTask<object?> NextAsync(Microsoft.EntityFrameworkCore.EntityEntry entry, CancellationToken cancellationToken = default) => new(Next(entry));
        protected abstract object? NextValue(Microsoft.EntityFrameworkCore.EntityEntry entry);
    }
    public abstract class ValueGenerator<TValue> : ValueGenerator
    {
        public new abstract TValue Next(Microsoft.EntityFrameworkCore.EntityEntry entry);
        public new virtual ValueTask<TValue> NextAsync(Microsoft.EntityFrameworkCore.EntityEntry entry, CancellationToken cancellationToken = default) => new(Next(entry));
        protected override object? NextValue(Microsoft.EntityFrameworkCore.EntityEntry entry) => Next(entry);
    }
    public sealed class SequenceGenerator : ValueGenerator<long>
    {
        public override long Next(Microsoft.EntityFrameworkCore.EntityEntry entry) => 1;
        public override ValueTask<long> NextAsync(Microsoft.EntityFrameworkCore.EntityEntry entry, CancellationToken cancellationToken = default) => new(2L);
    }
}
namespace Microsoft.EntityFrameworkCore
{
    public interface IDbContextFactory<TContext> where TContext : DbContext
    {
        TContext CreateDbContext();
        Task<TContext> CreateDbContextAsync(CancellationToken cancellationToken = default);
    }
}
namespace Microsoft.CodeAnalysis
{
    public class SyntaxNode { }
    public class SourceText { }
    public abstract class SyntaxTree
    {
        public SyntaxNode GetRoot(CancellationToken cancellationToken = default) => new SyntaxNode();
        public Task<SyntaxNode> GetRootAsync(CancellationToken cancellationToken = default) => Task.FromResult(new SyntaxNode());
        public SourceText GetText(CancellationToken cancellationToken = default) => new SourceText();
        public Task<SourceText> GetTextAsync(CancellationToken cancellationToken = default) => Task.FromResult(new SourceText());
    }
}
";

    /// <summary>Newtonsoft.Json's readers and writers as far as the table needs them (the package is not referenced here).</summary>
    private const string NetVipsStub = @"
namespace NetVips
{
    public class Image : System.IDisposable
    {
        public static Image NewFromStream(System.IO.Stream stream, string strOptions = """") => null!;
        public static Image NewFromBuffer(byte[] data, string strOptions = """") => null!;
        public static Image PngloadStream(System.IO.Stream stream) => null!;
        public static Image ThumbnailStream(System.IO.Stream stream, int width, int? height = null) => null!;
        public void WriteToStream(System.IO.Stream stream, string formatString) { }
        public byte[] WriteToBuffer(string formatString) => null!;
        public void Dispose() { }
    }
}
";

    private const string NewtonsoftStub = @"
namespace Newtonsoft.Json
{
    public abstract class JsonReader : IDisposable
    {
        public virtual bool Read() => false;
        public virtual Task<bool> ReadAsync(CancellationToken cancellationToken = default) => Task.FromResult(Read());
        public void Dispose() { }
    }
    public class JsonTextReader : JsonReader { public JsonTextReader(TextReader reader) { } }
    public abstract class JsonWriter : IDisposable
    {
        public virtual void Flush() { }
        public virtual Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        public void Dispose() { }
    }
    public class JsonTextWriter : JsonWriter { public JsonTextWriter(TextWriter writer) { } }
    public class JsonSerializer { public void Serialize(JsonWriter writer, object? value) { } }
}
namespace CsvHelper
{
    public class CsvReader : IDisposable
    {
        public CsvReader(TextReader reader, System.Globalization.CultureInfo culture) { }
        public bool Read() => false;
        public Task<bool> ReadAsync() => Task.FromResult(false);
        public void Dispose() { }
    }
    public class CsvWriter : IDisposable
    {
        public CsvWriter(TextWriter writer, System.Globalization.CultureInfo culture, bool leaveOpen = false) { }
        public void NextRecord() { }
        public Task NextRecordAsync() => Task.CompletedTask;
        public void Flush() { }
        public Task FlushAsync() => Task.CompletedTask;
        public void Dispose() { }
    }
}
";

    public static TheoryData<string, string> TableRows()
    {
        var data = new TheoryData<string, string>
        {
            { "InMemoryType System.IO.MemoryStream", "async Task M(byte[] b) { var ms = new MemoryStream(); ms.Write(b, 0, b.Length); ms.Flush(); ms.Dispose(); using Stream s = new MemoryStream(); s.Write(b, 0, b.Length); await Task.Yield(); }" },
            { "InMemoryType System.IO.UnmanagedMemoryStream", "async Task M(UnmanagedMemoryStream s, byte[] b) { var n = s.Read(b, 0, 1); await Task.Yield(); }" },
            { "InMemoryType System.IO.StringReader", "async Task M(string text) { var r = new StringReader(text); var s = r.ReadToEnd(); var l = r.ReadLine(); TextReader t = new StringReader(text); var u = t.ReadToEnd(); await Task.Yield(); }" },
            { "InMemoryType System.IO.StringWriter", "async Task M() { var w = new StringWriter(); w.WriteLine(\"x\"); w.Flush(); TextWriter t = new StringWriter(); t.Write(\"x\"); await Task.Yield(); }" },
            { "InMemorySource System.Reflection.Assembly.GetManifestResourceStream", "async Task M(System.Reflection.Assembly a) { var s = a.GetManifestResourceStream(\"r\")!; using (var r = new StreamReader(s, System.Text.Encoding.UTF8)) { var t = r.ReadToEnd(); } await Task.Yield(); }" },
            { "StreamEndpoint System.IO.Stream", "async Task M(byte[] b) { using var gz = new System.IO.Compression.GZipStream(new MemoryStream(b), System.IO.Compression.CompressionMode.Decompress); var n = gz.Read(b, 0, b.Length); var ms = new MemoryStream(); ms.CopyTo(new MemoryStream()); await Task.Yield(); }" },
            { "StreamEndpoint System.IO.TextReader", "async Task M(byte[] b) { using var ms = new MemoryStream(b); var r = new StreamReader(ms); var s = r.ReadToEnd(); using var r2 = new StreamReader(new MemoryStream(b)); var l = r2.ReadLine(); await Task.Yield(); }" },
            { "StreamEndpoint System.IO.TextWriter", "async Task M() { Stream ms = new MemoryStream(); var w = new StreamWriter(ms); w.Write(\"x\"); w.Flush(); await Task.Yield(); }" },
            { "StreamEndpoint Newtonsoft.Json.JsonReader", "async Task M(string json) { using var r = new Newtonsoft.Json.JsonTextReader(new StringReader(json)); while (r.Read()) { } await Task.Yield(); }" },
            { "StreamEndpoint Newtonsoft.Json.JsonWriter", "async Task M() { using var ms = new MemoryStream(); using var sw = new StreamWriter(ms); using (var w = new Newtonsoft.Json.JsonTextWriter(sw)) { w.Flush(); } await Task.Yield(); }" },
            { "StreamEndpoint CsvHelper.CsvReader", "async Task M(string csv) { using var r = new CsvHelper.CsvReader(new StringReader(csv), System.Globalization.CultureInfo.InvariantCulture); while (r.Read()) { } await Task.Yield(); }" },
            { "StreamEndpoint CsvHelper.CsvWriter", "async Task M() { using StringWriter writer = new(); using var csv = new CsvHelper.CsvWriter(writer, System.Globalization.CultureInfo.InvariantCulture, true); csv.NextRecord(); csv.Flush(); await Task.Yield(); }" },
            { "StreamFormatter System.Text.Json.JsonSerializer", "async Task M(byte[] b) { var x = System.Text.Json.JsonSerializer.Deserialize<int>(new MemoryStream(b)); using var ms = new MemoryStream(); System.Text.Json.JsonSerializer.Serialize(ms, x); await Task.Yield(); }" },
            { "StreamFormatter System.Xml.Serialization.XmlSerializer", "async Task M(byte[] b) { var s = new System.Xml.Serialization.XmlSerializer(typeof(int)); var x = s.Deserialize(new MemoryStream(b)); var w = new StringWriter(); s.Serialize(w, 1); await Task.Yield(); }" },
            { "StreamFormatter System.Runtime.Serialization.XmlObjectSerializer", "async Task M(byte[] b) { var s = new System.Runtime.Serialization.DataContractSerializer(typeof(int)); var x = s.ReadObject(new MemoryStream(b)); s.WriteObject(new MemoryStream(), 1); await Task.Yield(); }" },
            { "StreamFormatter System.Xml.Linq.XNode", "async Task M(byte[] b) { var d = System.Xml.Linq.XDocument.Load(new MemoryStream(b), System.Xml.Linq.LoadOptions.None); using var ms = new MemoryStream(); d.Save(ms, System.Xml.Linq.SaveOptions.None); await Task.Yield(); }" },
            { "StreamFormatter NetVips.Image", "async Task M(byte[] b) { using var i = NetVips.Image.NewFromStream(new MemoryStream(b)); using var ms = new MemoryStream(); i.WriteToStream(ms, \".png\"); using var t = NetVips.Image.ThumbnailStream(new MemoryStream(b), 100); var png = NetVips.Image.NewFromBuffer(b).WriteToBuffer(\".png\"); await Task.Yield(); }" },
            { "StreamFormatter System.Text.Json.JsonDocument", "async Task M(byte[] b) { using var d = System.Text.Json.JsonDocument.Parse(new MemoryStream(b)); await Task.Yield(); }" },
            { "ReceiverCreatedBy System.IO.Compression.ZipArchiveEntry.Open", "async Task M(System.IO.Compression.ZipArchive a) { using var s = a.CreateEntry(\"e\").Open(); await Task.Yield(); }" },
            { "ReceiverReadFrom System.Console", "async Task M(Exception e) { Console.Out.WriteLine(\"x\"); Console.Error.WriteLine(e); Console.Out.Flush(); var l = Console.In.ReadLine(); await Task.Yield(); }" },
            { "Microsoft.EntityFrameworkCore.DbContext.Add", "async Task M(Microsoft.EntityFrameworkCore.DbContext db) { db.Add(new object()); await Task.Yield(); }" },
            { "Microsoft.EntityFrameworkCore.DbContext.AddRange", "async Task M(Microsoft.EntityFrameworkCore.DbContext db) { db.AddRange(new object(), new object()); await Task.Yield(); }" },
            { "Microsoft.EntityFrameworkCore.DbSet`1.Add", "async Task M(Microsoft.EntityFrameworkCore.DbSet<string> set) { set.Add(\"x\"); await Task.Yield(); }" },
            { "Microsoft.EntityFrameworkCore.DbSet`1.AddRange", "async Task M(Microsoft.EntityFrameworkCore.DbSet<string> set) { set.AddRange(\"x\", \"y\"); await Task.Yield(); }" },
            { "Microsoft.EntityFrameworkCore.ValueGeneration.ValueGenerator.Next", "async Task M(Func<Microsoft.EntityFrameworkCore.ValueGeneration.ValueGenerator> make) { var id = make().Next(null!); await Task.Yield(); }" },
            { "Microsoft.EntityFrameworkCore.ValueGeneration.ValueGenerator`1.Next", "async Task M(Microsoft.EntityFrameworkCore.ValueGeneration.ValueGenerator<string> g) { var id = g.Next(null!); await Task.Yield(); }" },
            { "Microsoft.CodeAnalysis.SyntaxTree.GetRoot", "async Task M(Microsoft.CodeAnalysis.SyntaxTree t) { var r = t.GetRoot(); await Task.Yield(); }" },
            { "Microsoft.CodeAnalysis.SyntaxTree.GetText", "async Task M(Microsoft.CodeAnalysis.SyntaxTree t) { var r = t.GetText(); await Task.Yield(); }" },
            { "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.UseTransaction", "async Task M(Microsoft.EntityFrameworkCore.DbContext db, DbTransaction t) { Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.UseTransaction(db.Database, t); await Task.Yield(); }" },
            { "Microsoft.EntityFrameworkCore.IDbContextFactory`1.CreateDbContext", "async Task M(Microsoft.EntityFrameworkCore.IDbContextFactory<Microsoft.EntityFrameworkCore.DbContext> f) { var db = f.CreateDbContext(); await Task.Yield(); }" },
            { "System.Threading.CancellationTokenSource.Cancel", "async Task M(CancellationTokenSource cts) { cts.Cancel(); await Task.Yield(); }" },
            { "System.Threading.Timer.Dispose", "async Task M(Timer t) { t.Dispose(); await Task.Yield(); }" },
            { "System.Threading.CancellationTokenRegistration.Dispose", "async Task M(CancellationToken ct) { var r = ct.Register(() => { }); r.Dispose(); await Task.Yield(); }" },
            { "System.Data.Common.DbConnection.Dispose", "async Task M(DbConnection c) { c.Dispose(); await Task.Yield(); }" },
            { "System.Data.Common.DbCommand.Dispose", "async Task M(DbCommand c) { c.Dispose(); await Task.Yield(); }" },
            { "System.Data.Common.DbDataReader.Dispose", "async Task M(DbDataReader r) { r.Dispose(); await Task.Yield(); }" },
            { "System.Data.Common.DbTransaction.Dispose", "async Task M(DbTransaction t) { t.Dispose(); await Task.Yield(); }" },
            { "System.Data.Common.DbDataReader.GetFieldValue", "async Task M(DbDataReader r) { var v = r.GetFieldValue<int>(0); await Task.Yield(); }" },
            { "System.Data.Common.DbDataReader.IsDBNull", "async Task M(DbDataReader r) { var n = r.IsDBNull(0); await Task.Yield(); }" },
            { "System.Xml.XmlReader", "async Task M(System.Xml.XmlReader r) { while (r.Read()) { } var s = r.ReadInnerXml(); await Task.Yield(); }" },
            { "System.Xml.XmlWriter", "async Task M(System.Xml.XmlWriter w) { w.Flush(); w.WriteString(\"x\"); await Task.Yield(); }" },
            { "OwnedByAnotherRule System.Threading.Tasks.Task", "async Task M(Task t, CancellationToken ct) { t.Wait(ct); await Task.Yield(); }" },
            { "OwnedByAnotherRule System.Net.WebClient", "async Task M(string u) { using var c = new WebClient(); var s = c.DownloadString(u); await Task.Yield(); }" },
            { "OwnedByAnotherRule System.Net.WebRequest", "async Task M(HttpWebRequest r) { using var s = r.GetRequestStream(); var x = r.GetResponse(); await Task.Yield(); }" },
            { "OwnedByAnotherRule System.Threading.SemaphoreSlim", "async Task M(SemaphoreSlim s) { s.Wait(); await Task.Yield(); }" },
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(TableRows))]
    public async Task Stays_silent_on_each_row_of_the_non_equivalent_table(string row, string member)
    {
        Assert.False(string.IsNullOrEmpty(row));
        await WithLibrary(Usings + EfCoreStub + NewtonsoftStub + NetVipsStub, Usings + "class C\n{\n    " + member + "\n}");
    }

    /// <summary>
    /// The running .NET's own assemblies as references, for APIs newer than the .NET 8 reference assemblies
    /// (<c>ZipArchiveEntry.OpenAsync</c> is new in .NET 10).
    /// </summary>
    private static Task OnCurrentRuntime(string source)
    {
        var test = new Verify.Test { TestCode = source };
        test.TestState.AdditionalReferences.Clear();
        var assemblies = ((string)System.AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(System.IO.Path.PathSeparator);
        foreach (var path in assemblies)
        {
            var name = System.IO.Path.GetFileName(path);
            if (name.StartsWith("System.", System.StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll")
            {
                test.TestState.AdditionalReferences.Add(Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(path));
            }
        }

        return test.RunAsync();
    }

    // Seen on real code (squidex's backup writer): a zip entry just created has nothing to read; Open only builds the
    // write stream. An entry read from an archive is opened by reading its header.
    [Fact]
    public async Task Zip_entries_being_written_are_silent_and_entries_being_read_are_reported()
        => await OnCurrentRuntime(Usings + @"using System.IO.Compression;
class BackupWriter
{
    private readonly ZipArchive _archive = new(new MemoryStream(), ZipArchiveMode.Create);

    public Task<Stream> OpenBlobAsync(string name)
    {
        var entry = GetEntry(name);
        return Task.FromResult(entry.Open());
    }

    public async Task WriteAsync(string name, byte[] data)
    {
        await using (var stream = _archive.CreateEntry(name).Open())
        {
            await stream.WriteAsync(data);
        }

        await using var second = GetEntry(name + ""2"").Open();
    }

    private ZipArchiveEntry GetEntry(string name) => _archive.CreateEntry(name);
}
class BackupReader
{
    public async Task<int> ReadAsync(ZipArchive archive, string name, byte[] buffer)
    {
        var entry = archive.GetEntry(name)!;
        await using var stream = [|entry.Open()|];
        return await stream.ReadAsync(buffer);
    }
}");

    [Fact]
    public async Task Every_row_of_the_table_has_a_test()
    {
        var tested = TableRows().Select(r => (string)r[0]).ToList();
        foreach (var entry in NonEquivalentTwins.Entries)
        {
            var name = entry.Member is null ? entry.Type : entry.Type + "." + entry.Member;
            var expected = entry.Kind is TwinExclusionKind.ReceiverType or TwinExclusionKind.Member or TwinExclusionKind.TwinNotOverriddenBelow ? name : entry.Kind + " " + name;
            Assert.Contains(expected, tested);
        }

        await Task.CompletedTask;
    }

    [Theory]
    [InlineData("async Task M(Microsoft.EntityFrameworkCore.DbContext db) { var n = [|db.SaveChanges()|]; }")]
    [InlineData("async Task M(byte[] b) { Stream s = File.OpenRead(\"p\"); [|s.Write(b, 0, b.Length)|]; await Task.Yield(); }")]
    [InlineData("async Task M(TextWriter w) { w = Console.Out; [|w.Flush()|]; await Task.Yield(); }")]
    [InlineData("async Task M(Stream s) { var r = new StreamReader(s); var t = [|r.ReadToEnd()|]; }")]
    [InlineData("async Task M(Microsoft.EntityFrameworkCore.ValueGeneration.SequenceGenerator g) { var id = [|g.Next(null!)|]; }")]
    [InlineData("async Task M(string p) { using var w = new StreamWriter(File.OpenWrite(p)); [|w.Flush()|]; await Task.Yield(); }")]
    [InlineData("async Task M(string p, bool b) { Stream s = new MemoryStream(); if (b) s = File.OpenRead(p); [|s.Flush()|]; await Task.Yield(); }")]
    [InlineData("async Task M(FileStream f) { var ms = new MemoryStream(); [|ms.CopyTo(f)|]; await Task.Yield(); }")]
    [InlineData("async Task M(string p) { using var csv = new CsvHelper.CsvWriter(new StreamWriter(p), System.Globalization.CultureInfo.InvariantCulture); [|csv.Flush()|]; await Task.Yield(); }")]
    [InlineData("async Task M(string p) { using var f = File.OpenRead(p); var x = [|System.Text.Json.JsonSerializer.Deserialize<int>(f, (System.Text.Json.JsonSerializerOptions?)null)|]; }")]
    [InlineData("async Task M(Stream s) { var d = [|System.Xml.Linq.XDocument.Load(s, System.Xml.Linq.LoadOptions.None)|]; await Task.Yield(); }")]
    [InlineData("async Task M(string p) { using var file = new StreamReader(p); var x = [|new System.Xml.Serialization.XmlSerializer(typeof(int)).Deserialize(file)|]; await Task.Yield(); }")]
    [InlineData("async Task M(Stream s) { var x = [|new System.Runtime.Serialization.DataContractSerializer(typeof(int)).ReadObject(s)|]; await Task.Yield(); }")]
    [InlineData("async Task M(string p, object o) { await using var f = File.Create(p); [|new System.Xml.Serialization.XmlSerializer(typeof(object)).Serialize(f, o)|]; await Task.Yield(); }")]
    [InlineData("async Task M(HttpClient c, string u) { var s = await c.GetStreamAsync(u); using var i = [|NetVips.Image.PngloadStream(s)|]; }")]
    [InlineData("async Task M(Stream s) { using var i = [|NetVips.Image.NewFromStream(s)|]; await Task.Yield(); }")]
    [InlineData("async Task M(string p) { using var f = File.OpenRead(p); using var i = [|NetVips.Image.ThumbnailStream(f, 100)|]; await Task.Yield(); }")]
    [InlineData("async Task M(NetVips.Image i, string p) { await using var f = File.Create(p); [|i.WriteToStream(f, \".png\")|]; }")]
    public async Task Still_reports_what_the_table_does_not_cover(string member)
        => await WithLibrary(Usings + EfCoreStub + NewtonsoftStub + NetVipsStub, Usings + "class C\n{\n    " + member + "\n}");

    [Fact]
    public async Task Stays_silent_on_a_json_writer_over_a_writer_over_a_pooled_memory_stream()
        => await WithLibrary(Usings + NewtonsoftStub + @"
public sealed class PooledStream : MemoryStream { }
public sealed class StreamPool { public PooledStream GetStream() => new PooledStream(); }", Usings + @"
class Cache
{
    private static readonly StreamPool Pool = new();

    public async Task StoreAsync(object content, Func<byte[], Task> send)
    {
        using var cacheStream = Pool.GetStream();
        using var cacheWriter = new StreamWriter(cacheStream, System.Text.Encoding.UTF8, leaveOpen: true);
        using (var jsonWriter = new Newtonsoft.Json.JsonTextWriter(cacheWriter))
        {
            new Newtonsoft.Json.JsonSerializer().Serialize(jsonWriter, content);
            jsonWriter.Flush();
        }

        await send(cacheStream.ToArray());
    }
}");

    [Fact]
    public async Task Stays_silent_on_an_embedded_resource_read_through_a_reader()
        => await Analyze(@"private readonly System.Reflection.Assembly _assembly = typeof(C).Assembly;
    public Task<string> LoadCurrencyData(CancellationToken cancellationToken)
    {
        var stream = _assembly.GetManifestResourceStream(""currencies.json"");
        if (stream is null)
            throw new InvalidOperationException(""Unknown resource"");
        string content;
        using (var reader = new StreamReader(stream, System.Text.Encoding.UTF8))
        {
            content = reader.ReadToEnd();
        }

        return Task.FromResult(content);
    }

    async Task<string> Read()
    {
        await Task.Yield();
        using var reader = new StreamReader(_assembly.GetManifestResourceStream(""r"")!);
        return reader.ReadToEnd();
    }");

    // ---- options ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("dotnet_code_quality.BLK003.excluded_methods = M:System.IO.File.ReadAllText")]
    [InlineData("dotnet_code_quality.BLK003.excluded_methods = M:System.IO.File.ReadAllText(System.String)")]
    [InlineData("dotnet_code_quality.BLK003.excluded_methods = T:System.IO.File")]
    [InlineData("dotnet_code_quality.unblock.excluded_methods = T:System.IO.File")]
    public async Task Excluded_methods_are_not_reported(string option)
        => await Analyze("async Task M(string p) { var s = File.ReadAllText(p); await Task.Yield(); }", option);

    [Fact]
    public async Task Excluding_one_method_keeps_the_others()
        => await Analyze("async Task M(string p) { var s = File.ReadAllText(p); var b = [|File.ReadAllBytes(p)|]; }", "dotnet_code_quality.BLK003.excluded_methods = M:System.IO.File.ReadAllText");

    // ---- fixes --------------------------------------------------------------------------------------------

    [Fact]
    public async Task Fix_awaits_the_twin_and_keeps_trivia()
        => await Verify.VerifyCodeFixAsync(
            Usings + @"
class C
{
    async Task<int> M(string p)
    {
        // read it
        var s = [|File.ReadAllText(p)|]; // trailing
        return [|File.ReadAllText(p)|].Length;
    }
}",
            Usings + @"
class C
{
    async Task<int> M(string p)
    {
        // read it
        var s = await File.ReadAllTextAsync(p); // trailing
        return (await File.ReadAllTextAsync(p)).Length;
    }
}");

    [Fact]
    public async Task Fix_forwards_a_token_parameter()
        => await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task M(Stream s, byte[] b, CancellationToken ct) { var n = [|s.Read(b, 0, b.Length)|]; [|s.Flush()|]; } }",
            Usings + "class C { async Task M(Stream s, byte[] b, CancellationToken ct) { var n = await s.ReadAsync(b, 0, b.Length, ct); await s.FlushAsync(ct); } }");

    [Fact]
    public async Task Fix_forwards_a_token_local()
        => await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task M(string p) { using var cts = new CancellationTokenSource(); var token = cts.Token; var s = [|File.ReadAllText(p)|]; } }",
            Usings + "class C { async Task M(string p) { using var cts = new CancellationTokenSource(); var token = cts.Token; var s = await File.ReadAllTextAsync(p, token); } }");

    [Fact]
    public async Task Fix_forwards_the_nearest_lambdas_token_first()
        => await Verify.VerifyCodeFixAsync(
            Usings + "class C { void M(string p, CancellationToken outer) { Func<CancellationToken, Task> f = async inner => { var s = [|File.ReadAllText(p)|]; }; } }",
            Usings + "class C { void M(string p, CancellationToken outer) { Func<CancellationToken, Task> f = async inner => { var s = await File.ReadAllTextAsync(p, inner); }; } }");

    [Fact]
    public async Task Fix_keeps_named_arguments_and_names_the_token()
        => await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task M(string p, CancellationToken ct) { [|File.WriteAllText(contents: \"x\", path: p)|]; } }",
            Usings + "class C { async Task M(string p, CancellationToken ct) { await File.WriteAllTextAsync(contents: \"x\", path: p, cancellationToken: ct); } }");

    [Fact]
    public async Task Fix_never_invents_a_token()
        => await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task M(StreamReader r) { var s = [|r.ReadToEnd()|]; } }",
            Usings + "class C { async Task M(StreamReader r) { var s = await r.ReadToEndAsync(); } }");

    [Fact]
    public async Task Fix_turns_a_Span_call_with_an_array_into_Memory()
        => await Verify.VerifyCodeFixAsync(
            Usings + "class C { async Task M(Stream s, byte[] b) { var n = [|s.Read(b)|]; } }",
            Usings + "class C { async Task M(Stream s, byte[] b) { var n = await s.ReadAsync(b); } }");

    [Fact]
    public async Task Fix_uses_extension_twins_and_same_name_overloads()
        => await WithLibrary(
            Usings + @"
public class Legacy { public string Get() => """"; public int Count() => 0; public Task<int> Count(CancellationToken token) => Task.FromResult(0); }",
            Usings + "public static class LegacyExtensions { public static Task<string> GetAsync(this Legacy legacy) => Task.FromResult(legacy.Get()); }\nclass C { async Task M(Legacy l, CancellationToken ct) { var s = [|l.Get()|]; var n = [|l.Count()|]; } }",
            Usings + "public static class LegacyExtensions { public static Task<string> GetAsync(this Legacy legacy) => Task.FromResult(legacy.Get()); }\nclass C { async Task M(Legacy l, CancellationToken ct) { var s = await l.GetAsync(); var n = await l.Count(ct); } }");

    [Fact]
    public async Task No_fix_when_the_twin_needs_a_token_and_none_is_in_scope()
    {
        var source = Usings + "class C { async Task M(Lib l) { [|l.Send()|]; await Task.Yield(); } }";
        await WithLibrary(Usings + "public class Lib { public void Send() { } public Task SendAsync(CancellationToken ct) => Task.CompletedTask; }", source, source);
    }

    [Fact]
    public async Task No_fix_in_a_synchronous_lambda_run_inline()
    {
        var source = Usings + "class C { async Task M(string[] ps) { var all = ps.Select(p => [|File.ReadAllText(p)|]).ToList(); await Task.Yield(); } }";
        await Verify.VerifyCodeFixAsync(source, source);
    }

    [Fact]
    public async Task Fix_all_in_document_and_project()
    {
        var test = new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    Usings + "class A { async Task M(string p, CancellationToken ct) { var s = [|File.ReadAllText(p)|]; [|File.WriteAllText(p, s)|]; } }",
                    Usings + "class B { async Task M(StreamReader r) { var l = [|r.ReadLine()|]; } }",
                },
            },
            FixedState =
            {
                Sources =
                {
                    Usings + "class A { async Task M(string p, CancellationToken ct) { var s = await File.ReadAllTextAsync(p, ct); await File.WriteAllTextAsync(p, s, ct); } }",
                    Usings + "class B { async Task M(StreamReader r) { var l = await r.ReadLineAsync(); } }",
                },
            },
            NumberOfFixAllIterations = 1,
            NumberOfFixAllInDocumentIterations = 2,
        };
        await test.RunAsync();
    }
}
