// Bounded loopback load generator for samples/BlockingDemo.
//
// Starts the demo server (its own process, default thread pool, a free port on 127.0.0.1), then lets
// --clients concurrent clients hit /<family>/cpu, /<family>/sleep and /<family>/io in turn (--think ms apart) while --health-clients
// clients send --health-requests requests to /health, whose throughput and latency it reports. Everything stops
// at --deadline seconds at the latest; then the results so far are reported as partial. The server is always
// stopped before exit.
//
// Output: a human summary on stderr, one tab-separated "RESULT" line on stdout, and optionally one CSV line per
// /health request (label,seconds since load start,latency ms,done|unfinished) appended to --timeline.
//
// Exit codes: 0 done (also when partial), 1 bad arguments, 2 server failed to start, 3 warm-up failed.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace LoadGen;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        Options options;
        try
        {
            options = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine("error: " + e.Message);
            Console.Error.WriteLine(Options.Usage);
            return 1;
        }

        ServerProcess? stub = null;
        ServerProcess? server = null;
        // Stopped from outside (Ctrl+C, SIGTERM from `timeout`): stop the servers too.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server?.Dispose();
            stub?.Dispose();
        };
        try
        {
            Uri baseAddress;
            if (options.Url is not null)
            {
                baseAddress = options.Url;
            }
            else
            {
                // The slow dependency of /*/io runs in a process of its own (on a free port), like a real one.
                stub = await ServerProcess.StartAsync(options.StubServer ?? options.Server!, 0, null, options.StartupTimeout);
                if (stub.Error is not null)
                {
                    Console.Error.WriteLine($"error: the stub server did not start: {stub.Error}");
                    return 2;
                }

                server = await ServerProcess.StartAsync(options.Server!, options.Port, stub.BaseAddress, options.StartupTimeout);
                if (server.Error is not null)
                {
                    Console.Error.WriteLine($"error: the server did not start: {server.Error}");
                    return 2;
                }

                baseAddress = server.BaseAddress!;
            }

            return await RunAsync(options, baseAddress);
        }
        finally
        {
            server?.Dispose();
            stub?.Dispose();
        }
    }

    private static async Task<int> RunAsync(Options options, Uri baseAddress)
    {
        using var healthClient = CreateClient(baseAddress);
        using var loadClient = CreateClient(baseAddress);
        var endpoints = options.Endpoints.Select(e => $"/{options.Family}/{e}").ToArray();

        // Warm-up, before any load: JIT the handlers and open the /health connections.
        try
        {
            using var warmup = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Task.WhenAll(Enumerable.Range(0, options.HealthClients).Select(_ => GetAsync(healthClient, "/health", warmup.Token)));
            foreach (var endpoint in endpoints)
            {
                await GetAsync(loadClient, endpoint, warmup.Token);
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            Console.Error.WriteLine($"error: warm-up against {baseAddress} failed: {e.Message}");
            return 3;
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(options.Deadline));
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var clock = Stopwatch.StartNew();
        long loadDone = 0, loadFailed = 0;

        var load = Enumerable.Range(0, options.Clients).Select(client => Task.Run(async () =>
        {
            for (var n = client; !stopLoad.IsCancellationRequested; n++)
            {
                try
                {
                    await GetAsync(loadClient, endpoints[n % endpoints.Length], stopLoad.Token);
                    Interlocked.Increment(ref loadDone);
                    await Task.Delay(options.ThinkMilliseconds, stopLoad.Token);
                }
                catch (OperationCanceledException) when (stopLoad.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    Interlocked.Increment(ref loadFailed);
                }
            }
        })).ToArray();

        // Let the load reach the server before the first /health request.
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.Ramp), deadline.Token);
        }
        catch (OperationCanceledException)
        {
        }

        var samples = new List<(double Start, double LatencyMs, bool Completed)>();
        var healthFailed = 0L;
        var next = -1;
        var healthStart = clock.Elapsed.TotalSeconds;
        var health = Enumerable.Range(0, options.HealthClients).Select(_ => Task.Run(async () =>
        {
            while (!deadline.IsCancellationRequested && Interlocked.Increment(ref next) < options.HealthRequests)
            {
                var start = clock.Elapsed.TotalSeconds;
                try
                {
                    await GetAsync(healthClient, "/health", deadline.Token);
                    var latency = (clock.Elapsed.TotalSeconds - start) * 1000;
                    lock (samples)
                    {
                        samples.Add((start, latency, true));
                    }
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    // Still waiting at the deadline: it counts with the time it had waited, a lower bound.
                    lock (samples)
                    {
                        samples.Add((start, (clock.Elapsed.TotalSeconds - start) * 1000, false));
                    }

                    return;
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
                {
                    Interlocked.Increment(ref healthFailed);
                }
            }
        })).ToArray();

        await Task.WhenAll(health);
        var healthEnd = clock.Elapsed.TotalSeconds;
        var partial = deadline.IsCancellationRequested;
        stopLoad.Cancel();
        await Task.WhenAll(load);
        var loadEnd = clock.Elapsed.TotalSeconds;

        // Percentiles over every request sent, the unfinished ones included with their wait so far.
        var latencies = samples.Select(s => s.LatencyMs).OrderBy(l => l).ToArray();
        var completed = samples.Count(s => s.Completed);
        var unfinished = samples.Count - completed;
        var window = Math.Max(healthEnd - healthStart, 1e-3);
        var rps = completed / window;
        var p50 = Percentile(latencies, 0.50);
        var p99 = Percentile(latencies, 0.99);
        var loadRps = loadDone / Math.Max(loadEnd, 1e-3);

        var inv = CultureInfo.InvariantCulture;
        Console.Error.WriteLine(string.Format(inv,
            "[{0}] /health: {1}/{2} done in {3:F1} s{4}, {5:F1} req/s, p50 {6:F1} ms, p99 {7:F1} ms; load: {8} {9}/* requests ({10:F1} req/s, {11} failed) from {12} clients; {13} /health failed",
            options.Label, completed, options.HealthRequests, window,
            partial ? $" (deadline of {options.Deadline} s reached: partial results, {unfinished} still waiting, {options.HealthRequests - samples.Count - healthFailed} never sent)" : string.Empty,
            rps, p50, p99, loadDone, "/" + options.Family, loadRps, loadFailed, options.Clients, healthFailed));
        Console.WriteLine(string.Join('\t', "RESULT", options.Label,
            rps.ToString("F1", inv), p50.ToString("F1", inv), p99.ToString("F1", inv),
            completed.ToString(inv), options.HealthRequests.ToString(inv), partial ? "partial" : "complete",
            loadRps.ToString("F1", inv)));

        if (options.Timeline is not null)
        {
            using var writer = new StreamWriter(options.Timeline, append: true);
            foreach (var (start, latency, done) in samples.OrderBy(s => s.Start))
            {
                writer.WriteLine(string.Format(inv, "{0},{1:F4},{2:F3},{3}", options.Label, start, latency, done ? "done" : "unfinished"));
            }
        }

        return 0;
    }

    private static HttpClient CreateClient(Uri baseAddress) =>
        new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = int.MaxValue })
        {
            BaseAddress = baseAddress,
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };

    private static async Task GetAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Nearest-rank percentile of sorted values; 0 when there are none.</summary>
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
