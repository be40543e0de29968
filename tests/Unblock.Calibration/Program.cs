using System;
using System.Diagnostics;
using System.Linq;
using System.Security.Cryptography;

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
