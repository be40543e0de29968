using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace BlockingDemo;

/// <summary>
/// Async handlers that block the thread they run on: each one holds a thread-pool thread for the whole request,
/// so under load the pool starves and even /health waits. Building this project shows one BLK warning per
/// blocking call; samples/demo.sh copies this file, lets `dotnet format analyzers` apply Unblock's fixes, and
/// measures again.
/// </summary>
public static class BadEndpoints
{
    public static void MapBadEndpoints(this IEndpointRouteBuilder app)
    {
        var bad = app.MapGroup("/bad");

        // A heavy calculation run inline: the request's thread computes for the whole loop.
        bad.MapGet("/cpu", async () =>
        {
            var acc = 0L;
            for (var i = 0; i < 1_000; i++)
            {
                for (var j = 0; j < 1_000; j++)
                {
                    acc = Work.Mix(acc, i, j);
                }
            }

            return acc.ToString(CultureInfo.InvariantCulture);
        });

        // A wait that sleeps the thread instead of releasing it.
        bad.MapGet("/sleep", async (CancellationToken cancellationToken) =>
        {
            Thread.Sleep(Work.SleepMilliseconds);
            return "slept";
        });

        // A call to a slow HTTP dependency: sent synchronously, and its body read with .Result.
        bad.MapGet("/io", async (Stub stub, CancellationToken cancellationToken) =>
        {
            using var response = stub.Client.Send(new HttpRequestMessage(HttpMethod.Get, stub.Url), cancellationToken);
            var body = response.Content.ReadAsStringAsync(cancellationToken).Result;
            return body;
        });
    }
}
