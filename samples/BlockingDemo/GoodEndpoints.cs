using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace BlockingDemo;

/// <summary>
/// The same work as <see cref="BadEndpoints"/>, written the way Unblock's fixes write it: CPU work handed to the
/// thread pool with <c>await Task.Run</c>, waits and I/O awaited, the request's token passed on.
/// </summary>
public static class GoodEndpoints
{
    public static void MapGoodEndpoints(this IEndpointRouteBuilder app)
    {
        var good = app.MapGroup("/good");

        good.MapGet("/cpu", async () =>
        {
            var acc = await Task.Run(() =>
            {
                var sum = 0L;
                for (var i = 0; i < 1_000; i++)
                {
                    for (var j = 0; j < 1_000; j++)
                    {
                        sum = Work.Mix(sum, i, j);
                    }
                }

                return sum;
            });
            return acc.ToString(CultureInfo.InvariantCulture);
        });

        good.MapGet("/sleep", async (CancellationToken cancellationToken) =>
        {
            await Task.Delay(Work.SleepMilliseconds, cancellationToken);
            return "slept";
        });

        good.MapGet("/io", async (Stub stub, CancellationToken cancellationToken) =>
        {
            using var response = await stub.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, stub.Url), cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body;
        });
    }
}
