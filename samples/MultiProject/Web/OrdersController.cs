using System.Threading;
using System.Threading.Tasks;
using MultiProject.Core;
using MultiProject.Library;

namespace MultiProject.Web;

/// <summary>Async request handlers, as an ASP.NET Core controller would have them.</summary>
public sealed class OrdersController
{
    private readonly IDocumentStore _store;

    public OrdersController(IDocumentStore store) => _store = store;

    public async Task<string> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        // Blocks in Infrastructure (FileDocumentStore.Load reads a file), which this project does not reference.
        return _store.Load(OrderService.Normalize(orderId) + ".json");
    }

    public static async Task<string> PageAsync(string orderId, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        // Blocks in Library (Templates.Render reads a file), across the project reference.
        return Templates.Render("order", orderId);
    }
}
