using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Library.Client;

/// <summary>A typical library client: async all the way, with a sync facade for legacy callers.</summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private Task<string>? _tokenTask;

    public ApiClient(HttpClient http) => _http = http;

    public async Task<string> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        var token = await GetTokenAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Authorization", "Bearer " + token); // silent: header collection, no I/O
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode(); // silent: no I/O
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> GetWithTimeoutAsync(string path, CancellationToken cancellationToken)
    {
        var call = GetAsync(path, cancellationToken);
        if (!call.Wait(TimeSpan.FromSeconds(5))) // expect: BLK001
        {
            throw new TimeoutException();
        }

        var second = GetAsync(path + "?again", cancellationToken);
        second.Wait(cancellationToken); // expect: BLK001
        var both = new[] { call, second };
        Task.WaitAll(both, TimeSpan.FromSeconds(1)); // expect: BLK001
        await Task.WhenAll(call, second).WaitAsync(TimeSpan.FromSeconds(1), cancellationToken); // silent: the cure
        return call.Result + second.Result; // silent: both awaited via WhenAll(...).WaitAsync
    }

    public async Task<Stream> DownloadAsync(string path, CancellationToken cancellationToken)
    {
        var stream = _http.GetStreamAsync(path, cancellationToken).GetAwaiter().GetResult(); // expect: BLK001
        var content = new StringContent("{}", Encoding.UTF8, "application/json"); // silent: no I/O
        var text = content.ReadAsStringAsync().Result; // expect: BLK001
        var sent = _http.PostAsync(path, content, cancellationToken).ConfigureAwait(false).GetAwaiter().GetResult(); // expect: BLK001
        await Task.Yield();
        return text.Length > 0 && sent.IsSuccessStatusCode ? stream : Stream.Null;
    }

    private async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        await _tokenLock.WaitAsync(cancellationToken).ConfigureAwait(false); // silent: the async design
        try
        {
            _tokenTask ??= FetchTokenAsync(cancellationToken);
            if (_tokenTask.IsCompletedSuccessfully)
            {
                return _tokenTask.Result; // silent: guarded
            }

            return await _tokenTask.ConfigureAwait(false);
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    private async Task<string> FetchTokenAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        return "token";
    }

    /// <summary>The sync facade: sync over async, on purpose, for callers that cannot be async.</summary>
    public string Get(string path) => GetAsync(path).GetAwaiter().GetResult(); // silent: a sync method (its callers decide)

    public IReadOnlyList<string> GetMany(IEnumerable<string> paths)
    {
        var results = new List<string>();
        foreach (var path in paths)
        {
            results.Add(Task.Run(() => GetAsync(path)).Result); // silent: sync method
        }

        Thread.Sleep(1); // silent: sync method
        return results;
    }

    public void Dispose()
    {
        _tokenLock.Dispose(); // silent: Dispose in a sync method
        _http.Dispose(); // silent: Dispose in a sync method
    }
}

public static class Retry
{
    public static async Task<T> WithRetryAsync<T>(Func<Task<T>> action, int attempts)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await action().ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < attempts)
            {
                Thread.Sleep(100 * attempt); // expect: BLK002
                await Task.Delay(100 * attempt).ConfigureAwait(false); // silent: the cure
            }
        }
    }

    public static T WithRetry<T>(Func<T> action, int attempts)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return action();
            }
            catch (IOException) when (attempt < attempts)
            {
                Thread.Sleep(100 * attempt); // silent: sync method
            }
        }
    }
}
