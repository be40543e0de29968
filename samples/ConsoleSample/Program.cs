// Unblock sample: each method below blocks inside async code on purpose.
// Build it (dotnet build samples/ConsoleSample) to see one BLK warning per violation.
using System;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace ConsoleSample;

public static class Program
{
    public static async Task Main()
    {
        Console.WriteLine(await OrdersService.CountAsync());
        await OrdersService.PollAsync(CancellationToken.None);
    }
}

public static class OrdersService
{
    private static readonly SemaphoreSlim Gate = new(1);

    // BLK001: .Result holds a thread-pool thread until the query finishes (and deadlocks on a UI context).
    public static async Task<int> CountAsync()
    {
        var count = LoadCountAsync().Result;
        return count;
    }

    // BLK002: Thread.Sleep stalls every request that shares this thread; await Task.Delay instead.
    public static async Task PollAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < 3 && !cancellationToken.IsCancellationRequested; i++)
        {
            Thread.Sleep(10);
        }
    }

    // BLK003: synchronous file I/O with an asynchronous twin (File.ReadAllTextAsync).
    public static async Task<string> ReadConfigAsync(string path, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return File.ReadAllText(path);
    }

    // BLK004: WebClient blocks on the network; its twin is DownloadStringTaskAsync (better: HttpClient).
    public static async Task<string> DownloadAsync(string url)
    {
        using var client = new WebClient();
        await Task.Yield();
        return client.DownloadString(url);
    }

    // BLK005: SemaphoreSlim.Wait blocks the thread while another request holds the gate.
    public static async Task UpdateAsync()
    {
        Gate.Wait();
        try
        {
            await Task.Yield();
        }
        finally
        {
            Gate.Release();
        }
    }

    // BLK006: a CPU-bound loop runs inline on the request's thread; move it to the pool with Task.Run.
    public static async Task<long> ChecksumAsync()
    {
        await Task.Yield();
        long sum = 0;
        for (var i = 0; i < 50_000_000; i++)
        {
            sum += i % 7;
        }

        return sum;
    }

    // BLK007: the handler calls a helper of ours that blocks two calls further down.
    public static async Task<string> HandleAsync(string path)
    {
        await Task.Yield();
        return LoadSettings(path);
    }

    // Not flagged: the blocking call runs on its own pool thread through Task.Run.
    public static Task<int> CountInBackgroundAsync() => Task.Run(() => LoadCountAsync().Result);

    private static string LoadSettings(string path) => ReadSettings(path).Trim();

    private static string ReadSettings(string path) => File.ReadAllText(path);

    private static async Task<int> LoadCountAsync()
    {
        await Task.Delay(1);
        return 42;
    }
}
