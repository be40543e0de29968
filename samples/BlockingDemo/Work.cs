using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace BlockingDemo;

/// <summary>How long each kind of work takes; the same for the /bad and the /good handlers.</summary>
public static class Work
{
    /// <summary>What /bad/sleep and /good/sleep wait for (a slow dependency, a retry back-off).</summary>
    public const int SleepMilliseconds = 250;

    /// <summary>How long the local stub endpoint takes to answer the /bad/io and /good/io calls.</summary>
    public const int StubMilliseconds = 250;

    /// <summary>Sum of a small pseudo-random walk: the "heavy calculation" of /bad/cpu and /good/cpu.</summary>
    public static long Mix(long acc, int i, int j) => (acc * 31 + i * j) % 1_000_003;
}

/// <summary>A slow local HTTP dependency (/stub) and the client that /bad/io and /good/io call it with.</summary>
public sealed class Stub
{
    private Uri? _baseAddress;

    public Stub()
    {
        // One pooled connection per concurrent call; no proxy, loopback only.
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = int.MaxValue });
    }

    public HttpClient Client { get; }

    public Uri BaseAddress
    {
        get => _baseAddress ?? throw new InvalidOperationException("the server is not listening yet");
        set => _baseAddress = value;
    }

    public Uri Url => new(BaseAddress, "/stub");

    public static async Task<string> RespondAsync()
    {
        await Task.Delay(StubMilliseconds);
        return "stub";
    }

    private const int StubMilliseconds = Work.StubMilliseconds;
}
