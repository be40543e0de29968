using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Tools.Backup;

public static class BackupTool
{
    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        System.Console.CancelKeyPress += (_, e) => cts.Cancel(); // silent: a sync event handler
        var source = args.Length > 0 ? args[0] : ".";
        var files = Directory.GetFiles(source); // expect: BLK003
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file); // expect: BLK003
            await File.WriteAllBytesAsync(file + ".bak", bytes, cts.Token); // silent: awaited
            System.Console.WriteLine("copied " + file); // silent: Console writes
        }

        await using (var output = File.Create("backup.log"))
        {
            output.Write(new byte[] { 1 }, 0, 1); // expect: BLK003
            output.Flush(); // expect: BLK003
            await output.FlushAsync(cts.Token); // silent: awaited
        }

        using (var writer = new StreamWriter("summary.txt"))
        {
            writer.WriteLine("done"); // expect: BLK003
            await writer.WriteLineAsync("really done"); // silent: awaited
        }

        var lines = File.ReadLines("summary.txt").ToList(); // silent: File.ReadLines has no same-shape async twin (ReadLinesAsync returns IAsyncEnumerable)
        cts.Cancel(); // silent: CancellationTokenSource.Cancel is not I/O
        return lines.Count;
    }
}

public static class NetworkProbe
{
    public static async Task ProbeAsync(string host, CancellationToken cancellationToken)
    {
        var entry = Dns.GetHostEntry(host); // expect: BLK003
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken); // silent: awaited
        using var client = new TcpClient();
        client.Connect(host, 443); // expect: BLK003
        var stream = client.GetStream();
        var buffer = new byte[256];
        var read = stream.Read(buffer, 0, buffer.Length); // expect: BLK003
        await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken); // silent: awaited
        System.Console.WriteLine(entry.HostName + addresses.Length); // silent: Console writes
    }

    public static async Task LegacyAsync(string url)
    {
#pragma warning disable SYSLIB0014 // WebClient and WebRequest are obsolete: exactly why the rule exists
        using var web = new WebClient();
        var page = web.DownloadString(url); // expect: BLK004
        var data = web.DownloadData(url); // expect: BLK004
        web.DownloadFile(url, "page.html"); // expect: BLK004
        var awaited = await web.DownloadStringTaskAsync(url); // silent: the TaskAsync twin, awaited
        var request = WebRequest.Create(url);
        using var response = request.GetResponse(); // expect: BLK004
        var fine = await request.GetResponseAsync(); // silent: awaited
#pragma warning restore SYSLIB0014
        System.Console.WriteLine(page.Length + data.Length + awaited.Length + fine.ContentLength);
    }

    public static void LegacySync(string url)
    {
#pragma warning disable SYSLIB0014
        using var web = new WebClient();
        System.Console.WriteLine(web.DownloadString(url)); // silent: sync code
#pragma warning restore SYSLIB0014
    }
}

public static class Archive
{
    public static async Task PackAsync(string folder, CancellationToken cancellationToken)
    {
        ZipFile.CreateFromDirectory(folder, folder + ".zip"); // expect: BLK003
        var info = new FileInfo(folder + ".zip");
        System.Console.WriteLine(info.Length); // silent: Console writes
        await Task.Delay(1, cancellationToken);
    }
}
