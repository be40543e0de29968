// A minimal API: top-level statements that await are async code, and so is every async handler lambda.
using System;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var http = new HttpClient();
var settingsText = File.ReadAllText("appsettings.json"); // expect: BLK003
var warmup = http.GetStringAsync("https://example.com/warmup").Result; // expect: BLK001

app.MapGet("/weather", async (HttpContext context) =>
{
    var forecast = http.GetStringAsync("https://weather.example/today").Result; // expect: BLK001
    Thread.Sleep(100); // expect: BLK002
    await context.Response.WriteAsync(forecast, context.RequestAborted); // silent: awaited, token forwarded
});

app.MapGet("/ping", () => "pong"); // silent: a sync handler that does nothing blocking

app.MapGet("/sync-report", () =>
{
    var report = File.ReadAllText("report.txt"); // silent: sync handler lambda is not async code
    return Results.Ok(report);
});

app.MapPost("/upload", async (HttpRequest request, CancellationToken cancellationToken) =>
{
    using var reader = new StreamReader(request.Body);
    var body = reader.ReadToEnd(); // expect: BLK003
    var doc = JsonSerializer.Deserialize<JsonElement>(body); // silent: the Stream overload is not the same call
    var copy = await reader.ReadToEndAsync(cancellationToken); // silent: awaited
    return Results.Ok(doc.ValueKind.ToString() + copy.Length);
});

app.MapGet("/cached", async () =>
{
    var cached = Task.FromResult("hit");
    var value = cached.Result; // silent: Task.FromResult is complete
    await Task.Yield();
    return Results.Ok(value);
});

var startup = Task.Run(() => 42);
await startup;
Console.WriteLine(startup.Result); // silent: awaited above
Console.WriteLine(settingsText.Length + warmup.Length); // silent: Console writes are not I/O to await
await app.RunAsync();
