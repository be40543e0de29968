using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Cpu;

/// <summary>CPU-bound work on the async path (BLK006) and the shapes that are fine.</summary>
public sealed class PricingEngine
{
    private volatile bool _ready;

    public async Task<long> SimulateAsync(CancellationToken cancellationToken)
    {
        long sum = 0;
        for (var i = 0; i < 100_000_000; i++) // expect: BLK006
        {
            sum += i % 7;
        }

        for (var i = 0; i < 10; i++) // silent: a small bounded loop
        {
            sum += i;
        }

        for (var i = 0; i < 1_000_000; i++) // silent: the loop awaits every iteration
        {
            await Task.Yield();
        }

        for (var x = 0; x < 20_000; x++) // expect: BLK006
        {
            for (var y = 0; y < 20_000; y++)
            {
                sum ^= x * y;
            }
        }

        sum += await Task.Run(() => HeavySum(), cancellationToken); // silent: already on the thread pool
        await Task.Delay(1, cancellationToken);
        return sum;
    }

    public async Task<byte[]> HashPasswordAsync(string password, byte[] salt)
    {
        var key = Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32); // expect: BLK006
        var quick = SHA256.HashData(Encoding.UTF8.GetBytes(password)); // silent: one hash of a short input is cheap
        await Task.Yield();
        return key.Concat(quick).ToArray();
    }

    public async Task<byte[]> HashOffloadedAsync(string password, byte[] salt, CancellationToken cancellationToken)
        => await Task.Run(() => Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32), cancellationToken); // silent: the cure

    public async Task<long> RangeAsync()
    {
        var total = Enumerable.Range(0, 50_000_000).Select(i => (long)i * 2).Sum(); // expect: BLK006
        var small = Enumerable.Range(0, 100).Sum(); // silent: a small range
        await Task.Yield();
        return total + small;
    }

    public async Task WaitUntilReadyAsync()
    {
        while (!_ready) { } // expect: BLK006
        while (!_ready) Thread.SpinWait(20); // expect: BLK006
        var deadline = DateTime.UtcNow.AddSeconds(1);
        while (DateTime.UtcNow < deadline) // expect: BLK006
        {
        }

        while (!_ready) // silent: polls with an await
        {
            await Task.Delay(50);
        }
    }

    public async Task<decimal> TotalAsync(IReadOnlyList<decimal> lines)
    {
        decimal total = 0;
        foreach (var line in lines) // silent: a loop over the request's small collection
        {
            total += line;
        }

        await Task.Yield();
        return total;
    }

    public long HeavySum()
    {
        long sum = 0;
        for (var i = 0; i < 100_000_000; i++) // silent: a sync method (the caller offloads it with Task.Run)
        {
            sum += i;
        }

        return sum;
    }

    public void SpinSync()
    {
        while (!_ready) { } // silent: sync method on its own thread
    }

    public async Task<int> InfiniteAsync(CancellationToken cancellationToken)
    {
        var spins = 0;
        for (;;) // silent: the infinite loop awaits every turn
        {
            await Task.Delay(10, cancellationToken);
            if (++spins > 3)
            {
                return spins;
            }
        }
    }
}
