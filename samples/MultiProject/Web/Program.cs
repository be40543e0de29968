using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MultiProject.Core;
using MultiProject.Web;

// Infrastructure is a plugin: Web knows only Core's IDocumentStore and finds the implementation at run time.
var storeType = Type.GetType("MultiProject.Infrastructure.FileDocumentStore, Infrastructure");
if (storeType is null)
{
    Console.WriteLine("Infrastructure.dll is not next to Web.dll: nothing to serve.");
    return;
}

var store = (IDocumentStore)Activator.CreateInstance(storeType, Path.GetTempPath())!;
var controller = new OrdersController(store);
using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(5));
try
{
    Console.WriteLine(await controller.GetAsync("a1", cancellation.Token));
}
catch (IOException ex)
{
    Console.WriteLine(ex.Message);
}
