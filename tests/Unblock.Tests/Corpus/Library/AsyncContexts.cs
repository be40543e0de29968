using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Library.Contexts;

/// <summary>The nearest enclosing function decides whether code is async.</summary>
public sealed class ReportBuilder
{
    private readonly object _gate = new();
    private readonly List<Task<string>> _parts = new();

    public async Task BuildAsync()
    {
        var header = LoadAsync("header").Result; // expect: BLK001

        Func<Task<string>> asyncLambda = async () => LoadAsync("a").Result; // expect: BLK001
        Func<Task<string>> anonymous = async delegate { await Task.Yield(); return LoadAsync("b").Result; }; // expect: BLK001
        Func<string> syncLambda = () => LoadAsync("c").Result; // silent: a sync lambda may run anywhere
        Action syncAction = delegate { Thread.Sleep(1); }; // silent: a sync anonymous method

        async Task<string> LocalAsync()
        {
            Thread.Sleep(5); // expect: BLK002
            return await LoadAsync("d");
        }

        string LocalSync()
        {
            return LoadAsync("e").Result; // silent: a sync local function (never called from async code here)
        }

        var fromRun = await Task.Run(() => LoadAsync("f").Result); // silent: Task.Run moves it off the async path
        var fromFactory = await Task.Factory.StartNew(() => LoadAsync("g").Result); // silent: StartNew, same
        var thread = new Thread(() => Thread.Sleep(10)); // silent: a dedicated thread
        thread.Start();

        var inline = _parts.Select(p => p.Result).ToList(); // expect: BLK001
        _parts.ForEach(p => Console.WriteLine(p.Result)); // expect: BLK001
        var filtered = _parts.Where(p => p.Wait(10)).Count(); // expect: BLK001
        Array.ForEach(new[] { 1, 2 }, _ => Thread.Sleep(1)); // expect: BLK002

        Expression<Func<Task<string>, string>> tree = t => t.Result; // silent: an expression tree is never run as code here
        var query = _parts.AsQueryable().Select(t => t.Result); // silent: IQueryable operators take expression trees
        var name = nameof(Task<string>.Result); // silent: nameof

        lock (_gate)
        {
            var locked = LoadAsync("h").Result; // expect: BLK001
            Thread.Sleep(1); // expect: BLK002
        }

        await Task.WhenAll(asyncLambda(), anonymous(), LocalAsync());
        Console.WriteLine(header + syncLambda() + fromRun + fromFactory + inline.Count + filtered + tree + query + name);
        syncAction();
        _ = (Func<string>)LocalSync;
    }

    public async IAsyncEnumerable<string> StreamAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        yield return LoadAsync("i").Result; // expect: BLK001
        Thread.Sleep(10); // expect: BLK002
        yield return await LoadAsync("j");
    }

    public IEnumerable<string> SyncIterator()
    {
        yield return LoadAsync("k").Result; // silent: a sync iterator is not async code
    }

    public string Title => LoadAsync("title").Result; // silent: accessors are never async code

    public string this[int index] => LoadAsync("row" + index).Result; // silent: indexer accessors are never async code

    public Task<string> TaskReturning()
    {
        Thread.Sleep(1); // expect: BLK002
        return LoadAsync("l");
    }

    public ValueTask<int> ValueTaskReturning() => new(LoadAsync("m").Result.Length); // expect: BLK001

    public async void OnTimerElapsed(object? sender, EventArgs e)
    {
        var value = LoadAsync("timer").Result; // expect: BLK001
        await Task.Yield();
        Console.WriteLine(value);
    }

    public static string Blocking() => LoadAsync("sync").Result; // silent: sync method

    private static Task<string> LoadAsync(string key) => Task.Run(() => key);
}
