using System.Threading.Tasks;
using Corpus.CrossProject.Core;

namespace Corpus.CrossProject;

/// <summary>Async endpoints of a web project calling a class library it references (CrossProject/Referenced).</summary>
public sealed class SettingsEndpoints
{
    private readonly SettingsFile _settings = new();
    private readonly IReportStore _reports;

    public SettingsEndpoints(IReportStore reports) => _reports = reports;

    public async Task<string> GetAsync()
    {
        await Task.Yield();
        return _settings.Read(); // expect: BLK007
    }

    public async Task<string> KeyAsync()
    {
        await Task.Yield();
        return "Bearer " + _settings.JwtKey; // expect: BLK007
    }

    public async Task<int> VersionAsync()
    {
        await Task.Yield();
        return _settings.Version(); // silent: the library's method does not block
    }

    public async Task<string> ReportAsync(int id)
    {
        await Task.Yield();
        return _reports.Render(id); // expect: BLK007
    }

    public async Task<int> CountAsync()
    {
        await Task.Yield();
        return _reports.Count(); // silent: the only implementation does not block
    }

    public Task<string> OffloadedAsync() => Task.Run(() => _settings.Read()); // silent: runs on the thread pool
}
