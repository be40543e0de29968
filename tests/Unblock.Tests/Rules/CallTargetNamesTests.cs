using System.Linq;
using System.Threading.Tasks;
using Unblock.Analyzers.Rules.Transitive;
using Xunit;

namespace Unblock.Tests.Rules;

/// <summary>
/// BLK007 reads the body a call runs under whatever name it is declared with: an explicit interface implementation
/// called through its interface, a property with a getter block, a constructor that chains to another, an override of a
/// framework method, a local function. These guard any shortcut that tells calls apart by name before looking at their
/// symbols (a name index that leaves one of these shapes out silences its case).
/// </summary>
public class CallTargetNamesTests
{
    private const string Usings = "using System;\nusing System.IO;\nusing System.Threading.Tasks;\n";

    private static async Task<string> ChainAsync(string source)
    {
        var diagnostics = await TransitiveHarness.RunAsync(new TransitiveBlockingAnalyzer(), new[] { Usings + source });
        return Assert.Single(diagnostics.Where(d => d.Id == "BLK007")).GetMessage(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task An_explicit_implementation_called_through_its_interface_is_read()
    {
        var message = await ChainAsync(@"
interface IStore { string Load(string path); }
sealed class FileStore : IStore { string IStore.Load(string path) => File.ReadAllText(path); }
class Handler
{
    private readonly IStore _store = new FileStore();
    async Task<string> Get() { await Task.Yield(); return _store.Load(""a""); }
}");
        Assert.Contains("File.ReadAllText", message);
    }

    [Fact]
    public async Task A_property_with_a_getter_block_is_read()
    {
        var message = await ChainAsync(@"
class Settings
{
    public string Text { get { return File.ReadAllText(""settings.json""); } }
}
class Handler
{
    async Task<int> Get(Settings settings) { await Task.Yield(); return settings.Text.Length; }
}");
        Assert.Contains("Settings.Text", message);
    }

    [Fact]
    public async Task A_constructor_chaining_to_one_that_reads_a_file_is_read()
    {
        var message = await ChainAsync(@"
class Config
{
    public Config() : this(""config.json"") { }
    public Config(string path) { Text = File.ReadAllText(path); }
    public string Text { get; }
}
class Handler
{
    async Task<string> Get() { await Task.Yield(); return new Config().Text; }
}");
        Assert.Contains("File.ReadAllText", message);
    }

    [Fact]
    public async Task An_override_of_a_framework_method_is_read()
    {
        var message = await ChainAsync(@"
sealed class Report
{
    public override string ToString() => File.ReadAllText(""report.txt"");
}
class Handler
{
    async Task<string> Get(Report report) { await Task.Yield(); return report.ToString(); }
}");
        Assert.Contains("Report.ToString()", message);
    }

    [Fact]
    public async Task A_local_function_is_read()
    {
        var message = await ChainAsync(@"
class Handler
{
    async Task<string> Get()
    {
        await Task.Yield();
        return Read();
        static string Read() => File.ReadAllText(""a.txt"");
    }
}");
        Assert.Contains("File.ReadAllText", message);
    }
}
