using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Library.Lookalikes;

/// <summary>Members that only share a name with blocking APIs, and twins that are not equivalent.</summary>
public sealed class Calculation
{
    public int Result { get; set; }

    public void Wait() { }

    public bool Wait(int milliseconds) => milliseconds > 0;
}

public sealed class OperationResult<T>
{
    public T? Result { get; init; }

    public T GetResult() => Result!;
}

public sealed class Cache
{
    public string Get(string key) => key;

    [Obsolete("use Get")]
    public Task<string> GetAsync(string key) => Task.FromResult(key);

    public string Load(string key) => key;

    private Task<string> LoadAsync(string key) => Task.FromResult(key);

    public string Fetch(string key, int retries) => key + retries;

    public Task<string> FetchAsync(string key, Uri endpoint) => Task.FromResult(key + endpoint);

    public string Read() => "sync";

    public async Task<string> ReadAsync()
    {
        await Task.Yield();
        return Read(); // silent: the async method calling its own sync version is not "use the async version"
    }

    internal Task<string> ExposeAsync() => LoadAsync("k");
}

public sealed class Consumer
{
    private readonly Cache _cache = new();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var calc = new Calculation();
        calc.Wait(); // silent: Wait on a user type
        var ok = calc.Wait(10); // silent: Wait on a user type
        var result = calc.Result; // silent: a Result property of a non-task type
        var op = new OperationResult<int> { Result = 3 };
        var r = op.Result + op.GetResult(); // silent: name-only lookalikes
        var cached = _cache.Get("a"); // silent: the twin is [Obsolete]
        var loaded = _cache.Load("b"); // silent: the twin is private
        var fetched = _cache.Fetch("c", 3); // silent: the twin takes different parameters
        using var source = new CancellationTokenSource();
        source.Cancel(); // silent: CancellationTokenSource.Cancel
        source.Dispose(); // silent: Dispose without async disposal
        using var timer = new Timer(_ => { });
        Console.WriteLine(cached + loaded + fetched); // silent: Console writes
        Console.Out.Flush(); // silent: Console writes
        await Task.Yield();
        return result + r + (ok ? 1 : 0);
    }
}

public sealed class LibraryStreams
{
    public async Task<byte[]> CopyAsync(Stream input, CancellationToken cancellationToken)
    {
        using var memory = new MemoryStream();
        input.CopyTo(memory); // expect: BLK003
        await input.CopyToAsync(memory, cancellationToken); // silent: awaited
        memory.Position = 0;
        var reader = new StreamReader(memory);
        var text = reader.ReadToEnd(); // silent: a StreamReader over a MemoryStream local does not do I/O
        var buffer = memory.ToArray(); // silent: no twin
        memory.Write(buffer, 0, buffer.Length); // silent: MemoryStream
        input.Write(buffer, 0, buffer.Length); // expect: BLK003
        return text.Length > 0 ? buffer : Array.Empty<byte>();
    }
}
