using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Components;

namespace Corpus.Blazor.Components;

// A Blazor Server component written in C#: the circuit runs its lifecycle and events one at a time on a
// single-threaded synchronization context, so a block in synchronous component code freezes the user's UI.
public class WeatherComponent : ComponentBase
{
    private readonly HttpClient _http = new();
    private string _forecast = "";
    private int _count;

    protected override void OnInitialized()
    {
        _forecast = _http.GetStringAsync("https://example.invalid/forecast").Result; // expect: BLK008
    }

    protected override async Task OnInitializedAsync()
    {
        _forecast = await _http.GetStringAsync("https://example.invalid/forecast"); // silent: awaited
        Thread.Sleep(100); // expect: BLK002
    }

    protected override void OnParametersSet()
    {
        Thread.Sleep(50); // expect: BLK008
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            Thread.Sleep(20); // expect: BLK008
            _count++; // silent: no blocking
            StateHasChanged(); // silent: no blocking
        }
    }

    private void Render()
    {
        _count += 1; // silent: a plain helper of the component, nothing blocks
    }

    private async Task RefreshAsync()
    {
        var task = _http.GetStringAsync("https://example.invalid/forecast");
        await task; // silent: awaited
        _forecast = task.Result; // silent: already complete
        Render(); // silent: does not block
    }
}
