// Unblock sample: each method below blocks inside async code on purpose.
// Build it (dotnet build samples/ConsoleSample) to see one BLK warning per violation.
using System;
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

    // Not flagged: the blocking call runs on its own pool thread through Task.Run.
    public static Task<int> CountInBackgroundAsync() => Task.Run(() => LoadCountAsync().Result);

    private static async Task<int> LoadCountAsync()
    {
        await Task.Delay(1);
        return 42;
    }
}
