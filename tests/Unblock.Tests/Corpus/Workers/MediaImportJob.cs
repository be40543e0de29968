using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace Corpus.Workers.Media;

// The shape of a media server's import and backup jobs: file copies, directory walks and zips inside async code,
// none of which has an asynchronous twin.
public sealed class MediaImportJob
{
    public async Task<int> ImportAsync(string source, string library, CancellationToken cancellationToken)
    {
        var files = Directory.GetFiles(source, "*.cbz"); // expect: BLK003
        foreach (var file in files)
        {
            if (File.Exists(Path.Combine(library, Path.GetFileName(file)))) // silent: one stat call
            {
                continue;
            }

            File.Copy(file, Path.Combine(library, Path.GetFileName(file)), true); // expect: BLK003
        }

        var manifest = XDocument.Load(Path.Combine(source, "manifest.xml")); // expect: BLK003
        var parsed = XDocument.Parse("<manifest/>"); // silent: parses a string in memory
        File.Delete(Path.Combine(source, "import.lock")); // expect: BLK003
        await Task.Delay(1, cancellationToken);
        return files.Length + manifest.Root!.Elements().Count() + parsed.Root!.Elements().Count();
    }

    public async Task BackupAsync(string library, string target, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        ZipFile.CreateFromDirectory(library, target); // expect: BLK003
        Directory.Delete(library + ".tmp", true); // expect: BLK003
    }

    public Task<int> DurationAsync(string path)
    {
        using var media = TagLib.File.Create(path); // expect: BLK003
        return Task.FromResult(media.Properties.Duration);
    }

    public async Task<int> FaviconAsync(System.Net.Http.HttpClient client, string url, byte[] cached)
    {
        await using var body = await client.GetStreamAsync(url);
        using var favicon = NetVips.Image.PngloadStream(body); // expect: BLK003
        using var fromCache = NetVips.Image.PngloadStream(new MemoryStream(cached)); // silent: decodes memory
        return favicon.Width + fromCache.Width;
    }

    public int Duration(string path)
    {
        using var media = TagLib.File.Create(path); // silent: synchronous code
        return media.Properties.Duration;
    }

    public void BackupNow(string library, string target) => ZipFile.CreateFromDirectory(library, target); // silent: synchronous code
}
