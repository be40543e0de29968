// Unblock's event-loop demo: one ASP.NET Core service, blocking (/bad) and non-blocking (/good) handlers.
// Run it with: dotnet run --project samples/BlockingDemo -- --port 0   (or use samples/demo.sh, which measures it)
using System;
using System.IO;
using System.Linq;
using BlockingDemo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// --port N (0, the default, picks a free port); --stub-url http://127.0.0.1:N calls another process's /stub
// (samples/LoadGen starts one), so that a blocked /bad/io waits on a dependency and not on its own thread pool.
var port = 0;
Uri? stubUrl = null;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : string.Empty;
    var ok = args[i] switch
    {
        "--port" => int.TryParse(value, out port) && port is >= 0 and <= 65535,
        "--stub-url" => Uri.TryCreate(value, UriKind.Absolute, out stubUrl) && stubUrl.IsLoopback,
        _ => false,
    };
    if (!ok)
    {
        Console.Error.WriteLine($"error: unexpected argument '{args[i]} {value}'; usage: BlockingDemo [--port N] [--stub-url http://127.0.0.1:N]");
        return 2;
    }

    i++;
}

var builder = WebApplication.CreateSlimBuilder(Array.Empty<string>());
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
// Loopback only; port 0 lets the OS pick a free port, printed below once Kestrel is bound.
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
builder.Services.AddSingleton<Stub>();

var app = builder.Build();
app.MapGet("/health", () => "ok");
app.MapGet("/stub", Stub.RespondAsync);
app.MapBadEndpoints();
app.MapGoodEndpoints();

try
{
    await app.StartAsync();
}
catch (IOException e)
{
    // Kestrel reports a port in use as an IOException (AddressInUseException).
    Console.Error.WriteLine($"error: cannot listen on 127.0.0.1:{port}: {e.Message}");
    return 3;
}

var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
app.Services.GetRequiredService<Stub>().BaseAddress = stubUrl ?? new Uri(address);
// The load generator waits for this exact line.
Console.WriteLine($"Listening on {address}");
await app.WaitForShutdownAsync();
return 0;
