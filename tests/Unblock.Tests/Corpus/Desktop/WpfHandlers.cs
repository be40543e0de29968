using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Windows;

namespace Corpus.Desktop.Wpf;

public sealed class CustomersWindow : Window
{
    private readonly ICustomerApi _api;
    private List<string> _names = new();

    public CustomersWindow(ICustomerApi api)
    {
        _api = api;
        var first = _api.LoadAsync().Result; // silent: constructors are never async code
        Title = first.FirstOrDefault() ?? string.Empty;
    }

    public interface ICustomerApi
    {
        Task<List<string>> LoadAsync();
        Task<string> LoadOneAsync(int id);
    }

    private async void OnRefresh(object sender, RoutedEventArgs e)
    {
        var loading = _api.LoadAsync();
        _names = loading.Result; // expect: BLK001
        var ids = Enumerable.Range(1, 3).ToList();
        var all = ids.Select(id => _api.LoadOneAsync(id)).ToList();
        await Task.WhenAll(all);
        foreach (var t in all)
        {
            _names.Add(t.Result); // silent: every element awaited by WhenAll
        }

        _names.Add(all[0].Result); // silent: element of a list awaited by WhenAll
        var pending = ids.Select(id => _api.LoadOneAsync(id)).ToList();
        _names.AddRange(pending.Select(t => t.Result)); // expect: BLK001
        DataContext = _names;
    }

    private async void OnSaveAll(object sender, RoutedEventArgs e)
    {
        var tasks = new[] { _api.LoadOneAsync(1), _api.LoadOneAsync(2) };
        Task.WaitAll(tasks); // expect: BLK001
        var index = Task.WaitAny(tasks); // expect: BLK001
        var firstDone = await Task.WhenAny(tasks); // silent: the cure
        Title = tasks[index].Result + firstDone.Result; // silent: tasks waited by WaitAll above; firstDone is awaited
        await Task.WhenAll(tasks);
        var names = tasks.Select(t => t.Result).ToArray(); // silent: the array was awaited by WhenAll
        Title = string.Join(",", names);
    }

    private string Header => _api.LoadOneAsync(0).Result; // silent: accessors are never async code

    private async void OnOpen(object sender, RoutedEventArgs e)
    {
        using var reader = new StringReader("in memory"); // silent: in-memory reader
        var text = reader.ReadToEnd(); // silent: StringReader is in memory
        using var memory = new MemoryStream();
        memory.Write(new byte[] { 1, 2, 3 }, 0, 3); // silent: MemoryStream is in memory
        Stream buffer = new MemoryStream();
        buffer.Write(new byte[] { 4 }, 0, 1); // silent: a Stream local initialised with new MemoryStream()
        var writer = new StringWriter();
        writer.Write(text); // silent: StringWriter is in memory
        await Task.Yield();
        Title = writer.ToString() + memory.Length + buffer.Length;
    }
}
