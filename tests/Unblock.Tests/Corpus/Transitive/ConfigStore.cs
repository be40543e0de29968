using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Transitive;

/// <summary>Helpers that block, called from async code in another file (BLK007 follows calls across files).</summary>
public static class ConfigStore
{
    public static string LoadConfig() => ReadSettings();

    public static string ReadSettings() => File.ReadAllText("settings.json"); // silent: a sync helper; its async callers are flagged instead

    public static Task<string> LoadConfigAsync(CancellationToken cancellationToken) => File.ReadAllTextAsync("settings.json", cancellationToken);

    public static string Cached() => "cached"; // silent: does not block

    public static string Offloaded() => Task.Run(() => File.ReadAllText("big.json")).Result; // silent: a sync helper (blocks on .Result, so callers from async code are flagged)

    public static int BackgroundOnly()
    {
        _ = Task.Run(() => Thread.Sleep(100)); // silent: blocks only inside Task.Run
        return 1;
    }
}
