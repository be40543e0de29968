// Seed for the reliability tests: blocking calls in synchronous Blazor component code (BLK008).
using System.Threading;
using System.Threading.Tasks;

namespace Microsoft.AspNetCore.Components
{
    public abstract class ComponentBase
    {
        protected virtual void OnInitialized() { }
        protected virtual void OnParametersSet() { }
        protected virtual Task OnInitializedAsync() => Task.CompletedTask;
    }
}

namespace Seeds.Blazor
{
    public class Counter : Microsoft.AspNetCore.Components.ComponentBase
    {
        private int _count;

        protected override void OnInitialized()
        {
            _count = LoadAsync().Result;
        }

        protected override void OnParametersSet()
        {
            Thread.Sleep(10);
        }

        protected override async Task OnInitializedAsync()
        {
            _count = await LoadAsync();
        }

        private static async Task<int> LoadAsync()
        {
            await Task.Yield();
            return 1;
        }
    }
}
