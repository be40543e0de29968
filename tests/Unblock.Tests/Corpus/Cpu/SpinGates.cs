using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Cpu.Spin;

/// <summary>Busy-waits of every shape on the async path (BLK006), and loops that are not busy-waits.</summary>
public sealed class SpinGates
{
    private volatile bool _released;
    private volatile bool _failed;
    private bool _plainFlag;
    private long _state;
    private int _gate;

    public async Task WaitForReleaseAsync()
    {
        while (true) // expect: BLK006
        {
            if (_released)
            {
                break;
            }
        }

        await Task.Yield();
    }

    public async Task WaitForFlagAsync()
    {
        for (;;) // expect: BLK006
        {
            if (Volatile.Read(ref _plainFlag)) break;
            Thread.SpinWait(10);
        }

        await Task.Yield();
    }

    public async Task WaitForStateAsync()
    {
        while (Interlocked.Read(ref _state) == 0) // expect: BLK006
        {
        }

        while (true) // expect: BLK006
        {
            if (Interlocked.CompareExchange(ref _gate, 1, 0) == 0) break;
        }

        await Task.Yield();
    }

    public async Task WaitWithSpinnerAsync()
    {
        var spinner = new SpinWait();
        while (!_released) // expect: BLK006
        {
            if (_failed) return;
            spinner.SpinOnce();
        }

        await Task.Yield();
    }

    public async Task WaitForDeadlineAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        while (true) // expect: BLK006
        {
            if (stopwatch.ElapsedMilliseconds > 50) break;
        }

        do // expect: BLK006
        {
        }
        while (!_released);

        await Task.Yield();
    }

    public async Task PollPolitelyAsync(CancellationToken cancellationToken)
    {
        while (true) // silent: awaits between checks
        {
            if (_released) break;
            await Task.Delay(10, cancellationToken);
        }
    }

    public async Task DrainAsync(System.Collections.Concurrent.ConcurrentQueue<int> queue, System.Collections.Generic.List<int> sink)
    {
        while (true) // silent: the body does work (the exit check calls nothing, but Add is progress)
        {
            if (_released) break;
            if (queue.TryDequeue(out var item)) sink.Add(item);
        }

        await Task.Yield();
    }

    public void SpinSync()
    {
        while (true) // silent: synchronous code on its own thread
        {
            if (_released) break;
        }
    }
}
