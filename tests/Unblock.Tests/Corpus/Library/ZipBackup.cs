using System.IO;
using System.IO.Compression;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Library.Zip;

/// <summary>
/// A backup written as a zip archive (seen on a CMS's backup job). On .NET 10, where ZipArchiveEntry.OpenAsync exists,
/// Open on an entry that CreateEntry just made is still silent: it only builds the write stream.
/// </summary>
public sealed class BackupWriter
{
    private readonly ZipArchive _archive;

    public BackupWriter(Stream stream) => _archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);

    public Task<Stream> OpenBlobAsync(string name)
    {
        var entry = GetEntry(name);
        return Task.FromResult(entry.Open()); // silent: a new entry has nothing to read; Open builds the write stream
    }

    public async Task WriteJsonAsync(string name, object value, CancellationToken cancellationToken)
    {
        await using var stream = _archive.CreateEntry(name).Open(); // silent: a new entry has nothing to read
        await JsonSerializer.SerializeAsync(stream, value, cancellationToken: cancellationToken);
    }

    private ZipArchiveEntry GetEntry(string name) => _archive.CreateEntry(name);
}
