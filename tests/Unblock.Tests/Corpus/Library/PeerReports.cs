// Shapes users reported against other analyzers (VSTHRD002/103, MA0042, CA1849, AsyncFixer02, S4462),
// rewritten as our own cases.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Corpus.Library.PeerReports;

public sealed record Item(int Id);

public interface IAsyncWorker
{
    Task RunAsync();
}

public sealed class Worker : IAsyncWorker
{
    public void Run() { }

    public async Task RunAsync()
    {
        Run(); // silent: the sync version called from its own async twin (applying a fix would recurse)
        await Task.Yield();
    }
}

public sealed class Mock<T>
{
    public void Raise(Action<T> eventExpression, EventArgs args) { }

    public Task RaiseAsync(Func<T, Task> eventExpression, EventArgs args) => Task.CompletedTask;
}

public sealed class FanOut
{
    public async Task ProcessAllAsync(IEnumerable<Item> items)
    {
        await Task.WhenAll(items.Select(ProcessAsync)); // silent: Select projects tasks, WhenAll awaits them
        var started = items.Select(ProcessAsync).ToList(); // silent: starting tasks is not blocking
        await Task.WhenAll(started);
    }

    public async Task<int> CompletedBeforeAnyAwaitAsync()
    {
        var one = Task.FromResult(1);
        var two = Task.FromResult(2);
        var sum = one.Result + two.Result; // silent: created complete
        await Task.WhenAll(one, two);
        Log(one);
        return sum + one.Result; // silent: passing a task by value does not un-complete it
    }

    public async Task<int> WaitedThenPassedByRefAsync()
    {
        var task = Task.Run(() => 3);
        await task;
        Swap(ref task);
        return task.Result; // expect: BLK001
    }

    public async Task RaiseAsync(Mock<FanOut> mock)
    {
        mock.Raise(f => f.ToString(), EventArgs.Empty); // silent: RaiseAsync takes a different delegate type
        await Task.Yield();
    }

    private static void Log(Task<int> task) => Console.WriteLine(task.Id);

    private static void Swap(ref Task<int> task) => task = Task.Run(() => 4);

    private static Task ProcessAsync(Item item) => Task.Delay(item.Id);
}

public sealed class RepositoryTests
{
    [Fact]
    public async Task Counts_items()
    {
        var items = await Task.FromResult(new List<int> { 1, 2 });
        Assert.Equal(2, items.Count()); // silent: a sync assert in an async test
        Assert.Throws<InvalidOperationException>(() => items.First(i => i > 5)); // silent: an assert that takes a sync delegate
        await Assert.ThrowsAsync<InvalidOperationException>(() => Task.FromException(new InvalidOperationException())); // silent: awaited
        var loaded = Task.Run(() => 5);
        Assert.Equal(5, loaded.Result); // expect: BLK001
        Thread.Sleep(10); // expect: BLK002
        File.Delete("tmp.txt"); // expect: BLK003
    }

    [Fact]
    public void Sync_test_may_block()
    {
        var loaded = Task.Run(() => 5);
        Assert.Equal(5, loaded.Result); // silent: a sync test method
    }
}
