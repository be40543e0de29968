using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Transitive;

public interface ISettingsSource
{
    string Read();
}

public class FileSettingsSource : ISettingsSource
{
    public virtual string Read() => File.ReadAllText("settings.ini");
}

public static class StringExtensions
{
    public static string Slow(this string value)
    {
        Thread.Sleep(50);
        return value;
    }
}

public sealed class RequestHandler
{
    private readonly ISettingsSource _source;
    private readonly FileSettingsSource _fileSource = new();

    public RequestHandler(ISettingsSource source) => _source = source;

    private string Settings => ConfigStore.ReadSettings();

    public async Task<string> HandleAsync(CancellationToken cancellationToken)
    {
        var config = ConfigStore.LoadConfig(); // expect: BLK007
        var viaAsync = await ConfigStore.FetchConfigAsync(cancellationToken); // silent: an async helper, awaited
        var cached = ConfigStore.Cached(); // silent: the helper does not block
        var background = ConfigStore.BackgroundOnly(); // silent: the helper blocks only inside Task.Run
        var offloaded = ConfigStore.Offloaded(); // expect: BLK007
        var viaInterface = _source.Read(); // expect: BLK007
        var viaVirtual = _fileSource.Read(); // expect: BLK007
        var viaProperty = Settings; // expect: BLK007
        var viaExtension = "x".Slow(); // expect: BLK007
        var viaGeneric = Echo(config); // expect: BLK007
        var recursive = Countdown(3); // expect: BLK007
        var mutual = Ping(2); // expect: BLK007
        var computed = Checksum(); // expect: BLK007
        var local = LocalBlocking(); // expect: BLK007
        return config + viaAsync + cached + background + offloaded + viaInterface + viaVirtual + viaProperty + viaExtension + viaGeneric + recursive + mutual + computed + local;

        static string LocalBlocking()
        {
            Thread.Sleep(1);
            return "local";
        }
    }

    public string HandleSync() => ConfigStore.LoadConfig(); // silent: sync callers are not async code

    private static T Echo<T>(T value)
    {
        Thread.Sleep(1);
        return value;
    }

    private static int Countdown(int n)
    {
        if (n == 0)
        {
            Thread.Sleep(1);
            return 0;
        }

        return Countdown(n - 1);
    }

    private static int Ping(int n) => n <= 0 ? File.ReadAllText("pong").Length : Pong(n - 1);

    private static int Pong(int n) => Ping(n - 1);

    private static long Checksum()
    {
        long sum = 0;
        for (var i = 0; i < 100_000_000; i++)
        {
            sum += i;
        }

        return sum;
    }

    private static async Task<int> AlreadyAsync()
    {
        await Task.Yield();
        return File.ReadAllText("x").Length; // expect: BLK003
    }

    public async Task<int> CallsAsyncHelperAsync() => await AlreadyAsync(); // silent: an async helper is flagged inside, not at the call
}
