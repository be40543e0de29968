using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using System.Windows.Forms;

namespace Corpus.Desktop.WinForms;

public sealed class MainForm : Form
{
    private readonly Button _load = new();
    private readonly Button _save = new();
    private readonly Label _status = new();
    private readonly HttpClient _http = new();

    public MainForm()
    {
        _load.Click += OnLoadClick;
        _save.Click += async (sender, e) =>
        {
            var text = _http.GetStringAsync("https://example.com/save").Result; // expect: BLK001
            await File.WriteAllTextAsync("saved.txt", text); // silent: awaited
        };
        _status.Text = "ready";
    }

    private async void OnLoadClick(object? sender, EventArgs e)
    {
        _load.Enabled = false;
        var text = _http.GetStringAsync("https://example.com/data").Result; // expect: BLK001
        var local = File.ReadAllText("cache.txt"); // expect: BLK003
        _status.Text = text + local; // silent: UI property set
        await Task.Delay(100);
        _load.Enabled = true;
    }

    private void OnRefreshClick(object? sender, EventArgs e)
    {
        var text = _http.GetStringAsync("https://example.com/data").Result; // silent: a sync handler (blocks the UI, but it is not async code)
        _status.Text = text;
    }

    private async void OnExportClick(object? sender, EventArgs e)
    {
        var export = ExportAsync();
        if (export.IsCompleted)
        {
            _status.Text = export.Result; // silent: guarded by IsCompleted
        }

        _status.Text = await export;
        _status.Text = export.Result; // silent: awaited above
        Invoke(new Action(() => _status.Text = export.Result)); // silent: export is awaited before this line, and the delegate is not async code
    }

    private async Task<string> ExportAsync()
    {
        await Task.Yield();
        return "done";
    }
}
