using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Corpus.Workers;

public sealed class QueueWorker : BackgroundService
{
    private readonly BlockingCollection<string> _queue = new();
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>();
    private readonly SemaphoreSlim _throttle = new(4);
    private readonly ManualResetEventSlim _ready = new();
    private readonly ILogger<QueueWorker> _logger;
    private readonly object _sync = new();
    private volatile bool _stopping;

    public QueueWorker(ILogger<QueueWorker> logger) => _logger = logger;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ready.Wait(stoppingToken); // expect: BLK005
        while (!stoppingToken.IsCancellationRequested)
        {
            var item = _queue.Take(stoppingToken); // expect: BLK005
            var next = await _channel.Reader.ReadAsync(stoppingToken); // silent: the async design
            _throttle.Wait(stoppingToken); // expect: BLK005
            try
            {
                await ProcessAsync(item + next, stoppingToken);
            }
            finally
            {
                _throttle.Release();
            }

            Thread.Sleep(TimeSpan.FromSeconds(1)); // expect: BLK002
            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken); // silent: the cure
        }
    }

    private async Task ProcessAsync(string item, CancellationToken cancellationToken)
    {
        if (!_throttle.Wait(TimeSpan.Zero)) // silent: a zero time-out never blocks
        {
            _logger.LogWarning("busy");
        }

        lock (_sync)
        {
            _logger.LogInformation("processing {Item}", item); // silent: logging inside a lock
        }

        var worker = new Thread(() => Thread.Sleep(100)); // silent: runs on its own thread
        worker.Start();
        worker.Join(); // expect: BLK005
        SpinWait.SpinUntil(() => _stopping, 1000); // expect: BLK002
        await Task.Yield();
        _ = cancellationToken;
    }

    public void Pump()
    {
        var item = _queue.Take(); // silent: sync method on a dedicated thread
        _throttle.Wait(); // silent: sync method
        Thread.Sleep(5); // silent: sync method
        _logger.LogInformation(item);
    }
}

public sealed class ProcessRunner : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var process = Process.Start("git", "fetch")!;
        process.WaitForExit(); // expect: BLK003
        await process.WaitForExitAsync(stoppingToken); // silent: awaited

        using var timer = new Timer(_ => Thread.Sleep(10), null, 0, 1000); // silent: timer callback is not async code
        var counts = new ConcurrentDictionary<string, int>();
        System.Threading.Tasks.Parallel.ForEach(new[] { "a", "b" }, name => counts[name] = name.Length); // expect: BLK005
        await System.Threading.Tasks.Parallel.ForEachAsync(new[] { "a", "b" }, stoppingToken, async (name, ct) => await Task.Delay(name.Length, ct)); // silent: the async design
    }
}

public sealed class ScheduledJob : BackgroundService
{
    private readonly AutoResetEvent _signal = new(false);
    private readonly CountdownEvent _countdown = new(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _signal.WaitOne(); // expect: BLK005
        _countdown.Wait(stoppingToken); // expect: BLK005
        Monitor.Enter(_signal); // silent: not a wait, the lock itself
        Monitor.Exit(_signal);
        await Task.Run(() => _signal.WaitOne(), stoppingToken); // silent: inside Task.Run
        await Task.Factory.StartNew(() => Thread.Sleep(100), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default); // silent: dedicated thread
    }
}
