using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Library.Completed;

/// <summary>Reading a task's result after it completed does not block: every line here is a trap for a naive rule.</summary>
public sealed class PriceAggregator
{
    private Task<decimal> _cached = Task.FromResult(0m);

    public async Task<decimal> SumAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        var lookups = skus.Select(s => PriceAsync(s, cancellationToken)).ToList();
        await Task.WhenAll(lookups);
        var total = 0m;
        foreach (var lookup in lookups)
        {
            total += lookup.Result; // silent: element of a list awaited by WhenAll
        }

        for (var i = 0; i < lookups.Count; i++)
        {
            total += lookups[i].Result; // silent: indexer into the awaited list
        }

        total += lookups.Sum(l => l.Result); // silent: LINQ over the awaited list
        return total;
    }

    public async Task<(string Sku, decimal Price)[]> SortedAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        var results = new List<(string Sku, Task<decimal> Price)>();
        foreach (var sku in skus)
        {
            results.Add((sku, PriceAsync(sku, cancellationToken)));
        }

        await Task.WhenAll(results.Select(r => r.Price));
        results = results.OrderBy(r => r.Sku).ToList();
        return results.Select(r => (r.Sku, r.Price.Result)).ToArray(); // silent: the awaited list, only reordered
    }

    public async Task<decimal> ExtendedAsync(IReadOnlyList<string> skus, CancellationToken cancellationToken)
    {
        var lookups = skus.Select(s => PriceAsync(s, cancellationToken)).ToList();
        await Task.WhenAll(lookups);
        lookups = lookups.Append(PriceAsync("extra", cancellationToken)).ToList();
        return lookups.Sum(l => l.Result); // expect: BLK001
    }

    public async Task<decimal> PairAsync(CancellationToken cancellationToken)
    {
        var a = PriceAsync("a", cancellationToken);
        var b = PriceAsync("b", cancellationToken);
        await Task.WhenAll(a, b).ConfigureAwait(false);
        var sum = a.Result + b.Result; // silent: both awaited by WhenAll
        b = PriceAsync("c", cancellationToken);
        return sum + b.Result; // expect: BLK001
    }

    public async Task<decimal> GuardsAsync(CancellationToken cancellationToken)
    {
        var t = PriceAsync("x", cancellationToken);
        if (t.IsCompletedSuccessfully)
        {
            return t.Result; // silent: inside an IsCompletedSuccessfully guard
        }

        if (t.Status == TaskStatus.RanToCompletion)
        {
            return t.GetAwaiter().GetResult(); // silent: inside a RanToCompletion guard
        }

        var quick = t.IsCompleted ? t.Result : 0m; // silent: conditional guard
        if (!t.IsCompleted)
        {
            return quick + await t;
        }

        return t.Result; // silent: early-return guard above
    }

    public async Task<decimal> ElseBranchAsync(CancellationToken cancellationToken)
    {
        var t = PriceAsync("y", cancellationToken);
        if (!t.IsCompleted)
        {
            await Task.Yield();
            return t.Result; // expect: BLK001
        }
        else
        {
            return t.Result; // silent: the else of a negated IsCompleted guard
        }
    }

    public async Task<decimal> ReassignedAsync(CancellationToken cancellationToken)
    {
        var t = PriceAsync("z", cancellationToken);
        await t;
        var first = t.Result; // silent: awaited above
        t = PriceAsync("w", cancellationToken);
        var second = t.Result; // expect: BLK001
        return first + second;
    }

    public async Task<decimal> RefOutAsync(CancellationToken cancellationToken)
    {
        var t = PriceAsync("r", cancellationToken);
        await t;
        Replace(ref t);
        var value = t.Result; // expect: BLK001
        await t;
        TryCreate(out t);
        return value + t.Result; // expect: BLK001
    }

    public async Task<decimal> LoopAsync(CancellationToken cancellationToken)
    {
        var t = PriceAsync("l", cancellationToken);
        var total = 0m;
        for (var i = 0; i < 3; i++)
        {
            total += t.Result; // expect: BLK001
            await t;
            t = PriceAsync("l" + i, cancellationToken);
        }

        return total;
    }

    public async Task<decimal> ContinuationsAsync(CancellationToken cancellationToken)
    {
        var t = PriceAsync("c", cancellationToken);
        var doubled = await t.ContinueWith(p => p.Result * 2, cancellationToken); // silent: the antecedent is complete
        var other = PriceAsync("d", cancellationToken);
        var mixed = await t.ContinueWith(p => p.Result + other.Result, cancellationToken); // silent: a sync ContinueWith lambda is not async code
        var chained = await await t.ContinueWith(
            async p =>
            {
                await Task.Yield();
                var antecedent = p.Result; // silent: the antecedent is complete
                return antecedent + other.Result; // expect: BLK001
            },
            cancellationToken);
        return doubled + mixed + chained;
    }

    public async Task<decimal> CreatedCompleteAsync()
    {
        var ready = Task.FromResult(1m).Result; // silent: Task.FromResult is complete
        Task.CompletedTask.Wait(); // silent: Task.CompletedTask is complete
        Task.CompletedTask.GetAwaiter().GetResult(); // silent: complete
        var fromValue = new ValueTask<decimal>(2m).Result; // silent: ValueTask from a value
        var fromTask = new ValueTask<decimal>(PriceAsync("v", CancellationToken.None)).Result; // expect: BLK001
        var cached = Task.FromResult(3m);
        var third = cached.Result; // silent: a local created complete
        await Task.Yield();
        return ready + fromValue + fromTask + third + _cached.Result; // expect: BLK001
    }

    public async Task<decimal> WhenAnyAsync(CancellationToken cancellationToken)
    {
        var tasks = new[] { PriceAsync("p", cancellationToken), PriceAsync("q", cancellationToken) };
        var winner = await Task.WhenAny(tasks);
        var best = winner.Result; // silent: WhenAny returns a completed task
        var other = tasks[1].Result; // expect: BLK001
        return best + other;
    }

    public async Task<decimal> ValueTaskAsync(CancellationToken cancellationToken)
    {
        var vt = QuoteAsync(cancellationToken);
        var blocked = vt.Result; // expect: BLK001
        var awaited = await QuoteAsync(cancellationToken);
        QuoteAsync(cancellationToken).GetAwaiter().GetResult(); // expect: BLK001
        return blocked + awaited;
    }

    private static void Replace(ref Task<decimal> task) => task = Task.Run(() => 5m);

    private static void TryCreate(out Task<decimal> task) => task = Task.Run(() => 6m);

    private static async Task<decimal> PriceAsync(string sku, CancellationToken cancellationToken)
    {
        await Task.Delay(sku.Length, cancellationToken);
        return sku.Length;
    }

    private static async ValueTask<decimal> QuoteAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        return 1m;
    }
}
