using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Corpus.AspNetCore.Orders;

public sealed record Order(int Id, string Customer, decimal Total);

public interface IOrderService
{
    Task<Order?> FindAsync(int id, CancellationToken cancellationToken);
    Task<IReadOnlyList<Order>> ListAsync(CancellationToken cancellationToken);
    Task SaveAsync(Order order, CancellationToken cancellationToken);
}

[ApiController]
[Route("api/orders")]
public sealed class OrdersController : ControllerBase
{
    private readonly IOrderService _orders;
    private readonly HttpClient _http;
    private readonly ILogger<OrdersController> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public OrdersController(IOrderService orders, HttpClient http, ILogger<OrdersController> logger)
    {
        _orders = orders;
        _http = http;
        _logger = logger;
    }

    [HttpGet("{id}")]
    public async Task<IActionResult> Get(int id, CancellationToken cancellationToken)
    {
        var order = _orders.FindAsync(id, cancellationToken).Result; // expect: BLK001
        if (order is null)
        {
            return NotFound();
        }

        _logger.LogInformation("Order {Id} found", id); // silent: logging has no async twin
        return Ok(order);
    }

    [HttpGet]
    public async Task<IActionResult> List(CancellationToken cancellationToken)
    {
        var orders = await _orders.ListAsync(cancellationToken);
        var totals = orders.Select(o => o.Total).Sum(); // silent: LINQ over data, nothing blocks
        return Ok(new { orders, totals });
    }

    [HttpPost]
    public async Task<IActionResult> Create(Order order, CancellationToken cancellationToken)
    {
        _orders.SaveAsync(order, cancellationToken).Wait(); // expect: BLK001
        _orders.SaveAsync(order, cancellationToken).GetAwaiter().GetResult(); // expect: BLK001
        _orders.SaveAsync(order, cancellationToken).ConfigureAwait(false).GetAwaiter().GetResult(); // expect: BLK001
        await _orders.SaveAsync(order, cancellationToken); // silent: awaited
        return Ok(order);
    }

    [HttpGet("{id}/invoice")]
    public async Task<IActionResult> Invoice(int id)
    {
        var template = System.IO.File.ReadAllText("invoice.html"); // expect: BLK003
        var logo = await System.IO.File.ReadAllBytesAsync("logo.png"); // silent: already async
        System.IO.File.WriteAllText("last-invoice.txt", template); // expect: BLK003
        return Ok(template.Length + logo.Length);
    }

    [HttpGet("{id}/status")]
    public async Task<IActionResult> Status(int id, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://carrier.example/status/" + id);
        using var response = _http.Send(request, cancellationToken); // expect: BLK003
        var body = await response.Content.ReadAsStringAsync(cancellationToken); // silent: awaited
        return Ok(body);
    }

    [HttpPost("{id}/lock")]
    public async Task<IActionResult> Lock(int id)
    {
        _gate.Wait(); // expect: BLK005
        try
        {
            await Task.Delay(10);
        }
        finally
        {
            _gate.Release(); // silent: Release does not block
        }

        if (_gate.Wait(0)) // silent: Wait(0) never blocks
        {
            _gate.Release();
        }

        return Ok();
    }

    [HttpGet("slow")]
    public async Task<IActionResult> Slow()
    {
        Thread.Sleep(250); // expect: BLK002
        await Task.Delay(250); // silent: the cure
        return Ok();
    }

    [HttpGet("parallel")]
    public async Task<IActionResult> Parallel2(CancellationToken cancellationToken)
    {
        var first = _orders.FindAsync(1, cancellationToken);
        var second = _orders.FindAsync(2, cancellationToken);
        await Task.WhenAll(first, second);
        var pair = new[] { first.Result, second.Result }; // silent: both awaited by WhenAll
        return Ok(pair);
    }

    [HttpGet("sync")]
    public IActionResult SyncEndpoint(int id)
    {
        var order = _orders.FindAsync(id, CancellationToken.None).Result; // silent: sync action, not async code
        Thread.Sleep(10); // silent: sync action
        return Ok(order);
    }

    public Task<IActionResult> PassThrough(int id)
    {
        var order = _orders.FindAsync(id, CancellationToken.None).Result; // expect: BLK001
        return Task.FromResult<IActionResult>(Ok(order));
    }
}
