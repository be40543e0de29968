using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Corpus.AspNetCore.Middleware;

public delegate Task RequestDelegate(HttpContext context);

/// <summary>Middleware runs on every request: one blocking call here stalls the whole server.</summary>
public sealed class AuditMiddleware
{
    private static readonly ConcurrentDictionary<string, Task<string>> Tenants = new();
    private readonly RequestDelegate _next;
    private readonly ILogger<AuditMiddleware> _logger;
    private readonly object _fileLock = new();

    public AuditMiddleware(RequestDelegate next, ILogger<AuditMiddleware> logger)
    {
        _next = next;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var tenantKey = context.Request.Query.TryGetValue("tenant", out var key) ? key : "default";
        var tenant = Tenants.GetOrAdd(tenantKey, LoadTenantAsync).Result; // expect: BLK001
        var cachedTenant = await Tenants.GetOrAdd(tenantKey, LoadTenantAsync); // silent: awaited
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
        var body = await reader.ReadToEndAsync(context.RequestAborted); // silent: awaited with the request token
        var peek = reader.Peek(); // silent: Peek has no async twin
        lock (_fileLock)
        {
            File.AppendAllText("audit.log", tenant + body.Length + peek); // expect: BLK003
        }

        await File.AppendAllTextAsync("audit2.log", cachedTenant, context.RequestAborted); // silent: awaited
        _logger.LogInformation("audited {Tenant}", tenant); // silent: logging
        await _next(context);
        context.Response.StatusCode = 200; // silent: property set
        context.Response.Body.Flush(); // expect: BLK003
        await context.Response.Body.FlushAsync(context.RequestAborted); // silent: awaited
    }

    private static async Task<string> LoadTenantAsync(string key)
    {
        await Task.Delay(1);
        return key.ToUpperInvariant(); // silent: string work
    }
}

public sealed class RateLimiter
{
    private readonly SemaphoreSlim _slots = new(10);

    public async Task<bool> TryEnterAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (!_slots.Wait(wait, cancellationToken)) // expect: BLK005
        {
            return false;
        }

        var entered = await _slots.WaitAsync(wait, cancellationToken); // silent: the async design
        var free = _slots.Wait(TimeSpan.Zero); // silent: a zero time-out never blocks
        return entered && free;
    }

    public bool TryEnter(TimeSpan wait) => _slots.Wait(wait); // silent: sync method
}
