// Seed for the reliability tests: top-level statements that await, then block.
using System;
using System.Threading;
using System.Threading.Tasks;

await Task.Yield();
var value = Compute().Result;
Thread.Sleep(value);
Compute().Wait();
Console.WriteLine(value);

static async Task<int> Compute()
{
    await Task.Delay(1);
    return 1;
}
