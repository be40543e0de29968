using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Cpu.Digests;

/// <summary>Loops whose cost is in the calls they make (BLK006 by estimated cost), and loops that are cheap.</summary>
public sealed class Digests
{
    private static readonly string[] Currencies = { "EUR", "USD", "GBP" };

    public async Task<byte[]> StretchAsync(byte[] seed)
    {
        using var sha = SHA256.Create();
        var hash = seed;
        for (var round = 0; round < 500_000; round++) // expect: BLK006
        {
            hash = sha.ComputeHash(hash);
        }

        await Task.Yield();
        return hash;
    }

    public async Task<int> CountPrimesAsync(int limit = 10_000_000)
    {
        var composite = new bool[limit + 1];
        var count = 0;
        for (var i = 2; i <= limit; i++) // expect: BLK006
        {
            if (composite[i])
            {
                continue;
            }

            count++;
            for (long j = (long)i * i; j <= limit; j += i)
            {
                composite[j] = true;
            }
        }

        await Task.Yield();
        return count;
    }

    public async Task<List<byte[]>> FingerprintAsync(IEnumerable<byte[]> blobs)
    {
        var hashes = new List<byte[]>();
        foreach (var blob in blobs) // expect: BLK006
        {
            hashes.Add(SHA256.HashData(blob));
        }

        await Task.Yield();
        return hashes;
    }

    public async Task<int> EncryptAllAsync(byte[][] records, Aes aes, byte[] iv)
    {
        for (var i = 0; i < records.Length; i++) // expect: BLK006
        {
            records[i] = aes.EncryptCbc(records[i], iv);
        }

        await Task.Yield();
        return records.Length;
    }

    public async Task<int> MatchManyAsync(string text)
    {
        var hits = 0;
        for (var i = 0; i < 200_000; i++) // expect: BLK006
        {
            if (Regex.IsMatch(text + i, "^(a|b)+c$"))
            {
                hits++;
            }
        }

        await Task.Yield();
        return hits;
    }

    public async Task<long> SortSnapshotAsync()
    {
        var samples = new double[2_000_000];
        var random = new Random(42);
        for (var i = 0; i < samples.Length; i++) // silent: the length is not a constant the loop says (no table call, unknown count)
        {
            samples[i] = random.NextDouble();
        }

        Array.Sort(samples); // expect: BLK006
        await Task.Yield();
        return samples.Length;
    }

    public async Task<decimal> ConvertAsync(decimal amount, Func<string, decimal> rate)
    {
        foreach (var currency in Currencies) // silent: a cheap loop over a small constant array
        {
            amount *= rate(currency);
        }

        var codes = 0;
        foreach (var code in new[] { "A", "B", "C" }) // silent: three regex matches over a small constant array
        {
            codes += Regex.IsMatch(code, "^[A-Z]$") ? 1 : 0;
        }

        await Task.Yield();
        return amount + codes;
    }

    public async Task<int> CommentLinesAsync(IReadOnlyList<string> lines)
    {
        var comments = 0;
        foreach (var line in lines) // silent: one cheap match per line of the request
        {
            if (Regex.IsMatch(line, "^#"))
            {
                comments++;
            }
        }

        await Task.Yield();
        return comments;
    }

    public async Task<string> OneOfEachAsync(byte[] payload, string password, object dto)
    {
        var digest = SHA256.HashData(payload); // silent: one hash of a request's payload
        var json = JsonSerializer.Serialize(dto); // silent: one serialisation
        var valid = Regex.IsMatch(password, "^[a-zA-Z0-9]{8,}$"); // silent: one match
        var names = new[] { "b", "a" };
        Array.Sort(names); // silent: a small array
        await Task.Yield();
        return Convert.ToBase64String(digest) + json + valid + names[0];
    }

    public async Task<byte[]> StretchOffloadedAsync(byte[] seed, CancellationToken cancellationToken)
    {
        return await Task.Run(() => // silent: already on the thread pool
        {
            using var sha = SHA256.Create();
            var hash = seed;
            for (var round = 0; round < 500_000; round++)
            {
                hash = sha.ComputeHash(hash);
            }

            return hash;
        }, cancellationToken);
    }

    public async Task UploadDigestsAsync(IEnumerable<byte[]> blobs, Stream output, CancellationToken cancellationToken)
    {
        foreach (var blob in blobs) // silent: the loop awaits every element
        {
            await output.WriteAsync(SHA256.HashData(blob), cancellationToken);
        }
    }

    public async Task AppendLogAsync(string path, IReadOnlyList<string> entries)
    {
        await Task.Yield();
        for (var i = 0; i < 2_000_000; i++) // silent: the cost is sync I/O, reported at the call
        {
            File.AppendAllText(path, entries[i % entries.Count]); // expect: BLK003
        }
    }

    public async Task<int> StampAsync(int count = 5_000_000)
    {
        count = Math.Min(count, 100);
        var stamped = 0;
        for (var i = 0; i < count; i++) // silent: the parameter's default is overwritten, the bound is unknown
        {
            stamped += i;
        }

        await Task.Yield();
        return stamped + Encoding.UTF8.GetByteCount("x");
    }
}
