using System;
using System.Diagnostics;
using System.Linq;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Unblock.Calibration;

/// <summary>
/// Measures how much of each kind of CPU-bound work fits in one millisecond on this machine, the budget above which
/// BLK006 calls work "heavy" (a request thread held for a millisecond is a thread not serving anyone else).
/// Prints one line per kind: nanoseconds per unit and units per millisecond.
/// </summary>
public static class Program
{
    private static volatile int sink;

    public static void Main()
    {
        Console.WriteLine($"runtime {Environment.Version}, {Environment.ProcessorCount} cores, {RuntimeInformationText()}");
        Report("loop iteration, arithmetic body (sum += i * i)", 10_000_000, ArithmeticLoop);
        Report("loop iteration, array read/write body", 10_000_000, ArrayLoop);
        Report("loop iteration, string append body (StringBuilder)", 2_000_000, StringBuilderLoop);
        Report("loop iteration, dictionary lookup body", 2_000_000, DictionaryLoop);
        Report("Enumerable.Range(0, n).Select(x => x & 0xFF).Sum() element", 10_000_000, RangePipeline);
        Report("Rfc2898DeriveBytes.Pbkdf2 iteration (SHA256)", 200_000, n => Pbkdf2(n, HashAlgorithmName.SHA256));
        Report("Rfc2898DeriveBytes.Pbkdf2 iteration (SHA512)", 100_000, n => Pbkdf2(n, HashAlgorithmName.SHA512));
        Report("empty spin iteration (while (!flag) { })", 50_000_000, SpinLoop);

        // The nominal costs of BLK006's CPU table (CpuCostTable.cs): one call on a small input.
        Report("SHA256.HashData, 4 KB", 200_000, n => Repeat(n, () => sink = SHA256.HashData(Kilobytes4)[0]));
        Report("Aes EncryptCbc, 4 KB", 100_000, n => Repeat(n, () => sink = Aes128.EncryptCbc(Kilobytes4, Iv)[0]));
        Report("JsonSerializer.Serialize, small DTO (6 fields)", 200_000, n => Repeat(n, () => sink = JsonSerializer.Serialize(SmallDto).Length));
        Report("JsonSerializer.Deserialize, small DTO (6 fields)", 200_000, n => Repeat(n, () => sink = JsonSerializer.Deserialize<Dto>(SmallDtoJson)!.Id));
        Report("Regex.IsMatch (cached pattern), short string", 1_000_000, n => Repeat(n, () => sink = Regex.IsMatch("someone@example.org", "^[^@]+@[^@]+\\.[a-z]+$") ? 1 : 0));
        Report("new Regex(pattern) (construction)", 20_000, n => Repeat(n, () => sink = new Regex("^[^@]+@[^@]+\\.[a-z]+$").GetHashCode()));
        Report("GZip compress, 4 KB", 20_000, n => Repeat(n, () => sink = Compress(Kilobytes4)));
    }

    private static readonly byte[] Kilobytes4 = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray();
    private static readonly byte[] Iv = new byte[16];
    private static readonly Aes Aes128 = CreateAes();
    private static readonly Dto SmallDto = new(42, "Ada Lovelace", "ada@example.org", true, 3.5, new DateTime(2026, 1, 1));
    private static readonly string SmallDtoJson = JsonSerializer.Serialize(SmallDto);

    public sealed record Dto(int Id, string Name, string Email, bool Active, double Score, DateTime Created);

    private static Aes CreateAes()
    {
        var aes = Aes.Create();
        aes.Key = new byte[16];
        return aes;
    }

    private static int Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data, 0, data.Length);
        }

        return (int)output.Length;
    }

    private static void Repeat(int n, Action call)
    {
        for (var i = 0; i < n; i++)
        {
            call();
        }
    }

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();

    private static void Report(string what, int units, Action<int> work)
    {
        work(Math.Max(1, units / 100)); // warm up (JIT, tiering)
        work(Math.Max(1, units / 10));
        var best = double.MaxValue;
        for (var run = 0; run < 5; run++)
        {
            var watch = Stopwatch.StartNew();
            work(units);
            best = Math.Min(best, watch.Elapsed.TotalMilliseconds);
        }

        var nsPerUnit = best * 1_000_000 / units;
        Console.WriteLine($"{what,-58} {nsPerUnit,10:F2} ns/unit  {1_000_000 / nsPerUnit,14:N0} units/ms");
    }

    private static void ArithmeticLoop(int n)
    {
        long sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += (long)i * i;
        }

        sink = (int)sum;
    }

    private static readonly int[] Buffer = new int[4096];

    private static void ArrayLoop(int n)
    {
        var buffer = Buffer;
        for (var i = 0; i < n; i++)
        {
            buffer[i & 4095] = buffer[(i * 7) & 4095] + i;
        }

        sink = buffer[0];
    }

    private static void StringBuilderLoop(int n)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < n; i++)
        {
            builder.Append('x');
            if (builder.Length > 10_000)
            {
                builder.Clear();
            }
        }

        sink = builder.Length;
    }

    private static readonly System.Collections.Generic.Dictionary<int, int> Map = Enumerable.Range(0, 1024).ToDictionary(i => i, i => i);

    private static void DictionaryLoop(int n)
    {
        var total = 0;
        for (var i = 0; i < n; i++)
        {
            total += Map[i & 1023];
        }

        sink = total;
    }

    private static void RangePipeline(int n) => sink = (int)Enumerable.Range(0, n).Select(x => x & 0xFF).Sum();

    private static readonly byte[] Salt = new byte[16];

    private static void Pbkdf2(int iterations, HashAlgorithmName algorithm)
        => sink = Rfc2898DeriveBytes.Pbkdf2("correct horse battery staple"u8, Salt, iterations, algorithm, 32)[0];

#pragma warning disable CS0649 // never set: the spin runs its bound out, like a wait that never ends
    private static volatile bool flag;
#pragma warning restore CS0649

    private static void SpinLoop(int n)
    {
        var i = 0;
        while (!flag && i < n)
        {
            i++;
        }

        sink = i;
    }
}
