using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Transitive.Lazy;

// The shape of a MongoDB repository base class in a real service: the collection is created on first use, and every
// query method reads the property. The wait runs once; the queries do not block.
public abstract class RepositoryBase
{
    private object? _collection;
    private string? _schema;
    private static string? _template;
    private bool _warmed;

    protected object Collection
    {
        get
        {
            if (_collection == null)
            {
                InitializeAsync(CancellationToken.None).Wait();
            }

            return _collection!;
        }
    }

    protected string Schema => _schema ??= File.ReadAllText("schema.json");

    protected static string Template
    {
        get
        {
            if (_template != null)
            {
                return _template;
            }

            _template = File.ReadAllText("template.html");
            return _template;
        }
    }

    protected string Current => File.ReadAllText("current.json");

    protected void Warm()
    {
        if (!_warmed)
        {
            Thread.Sleep(10);
            _warmed = true;
        }
    }

    protected static System.Collections.Generic.IEnumerable<string> ListFiles(string folder)
    {
        foreach (var file in Directory.GetFiles(folder))
        {
            yield return file;
        }
    }

    protected async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        _collection = new object();
    }
}

public sealed class UserRepository : RepositoryBase
{
    public async Task<string> FindAsync(string id, CancellationToken cancellationToken)
    {
        var collection = Collection; // silent: created on first use only
        var schema = Schema; // silent: read once, then cached in a field
        var template = Template; // silent: read once, then returned from the field
        Warm(); // silent: sleeps only until the flag is set
        var current = Current; // expect: BLK007
        var files = ListFiles("data"); // silent: an iterator lists the folder when it is enumerated, not here
        await Task.Delay(1, cancellationToken);
        return id + collection + schema + template + current + files;
    }
}
