using System;
using System.IO;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Library.InMemory;

/// <summary>A pooled buffer, as RecyclableMemoryStream is: a MemoryStream underneath.</summary>
public sealed class PooledBufferStream : MemoryStream
{
}

/// <summary>Streams that are in memory, however they are wrapped (seen on a CMS's caches and a payment server's tables).</summary>
public sealed class DocumentCache
{
    private readonly Assembly _assembly = typeof(DocumentCache).Assembly;

    public async Task<byte[]> SerializeAsync(object content, Func<byte[], Task> store)
    {
        using var buffer = new PooledBufferStream();
        using var writer = new StreamWriter(buffer, Encoding.UTF8, leaveOpen: true);
        using (var json = new Newtonsoft.Json.JsonTextWriter(writer))
        {
            json.WriteValue(content.ToString());
            json.Flush(); // silent: a JSON writer over a writer over a pooled memory stream
        }

        writer.Flush(); // silent: a writer over a pooled memory stream
        await store(buffer.ToArray());
        return buffer.ToArray();
    }

    public async Task<T?> DeserializeAsync<T>(Func<Task<byte[]>> load)
    {
        var bytes = await load();
        using var stream = new MemoryStream(bytes);
        return JsonSerializer.Deserialize<T>(stream); // silent: the serializer reads a MemoryStream over bytes already in hand
    }

    public Task<string> LoadTemplate(string name)
    {
        var stream = _assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Task.FromResult(reader.ReadToEnd()); // silent: an embedded resource is in memory
    }

    public async Task<string> RenderAsync(string header)
    {
        await Task.Yield();
        var output = new StringWriter();
        using var csv = new StreamWriter(new MemoryStream());
        csv.WriteLine(header); // silent: a writer over a new MemoryStream
        output.WriteLine(header); // silent: a StringWriter
        return output.ToString();
    }

    public async Task<string> ReadFileAsync(string path)
    {
        await Task.Yield();
        using var reader = new StreamReader(File.OpenRead(path));
        return reader.ReadToEnd(); // expect: BLK003
    }

    public async Task CopyOutAsync(string path)
    {
        await Task.Yield();
        using var buffer = new MemoryStream();
        using var file = File.Create(path);
        buffer.CopyTo(file); // expect: BLK003
    }
}

/// <summary>XmlSerializer has no asynchronous API: over a file it blocks, over memory it does not (seen on a media server's imports).</summary>
public sealed class ReadingListImport
{
    public async Task<object?> LoadAsync(string path, string xml, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        var serializer = new System.Xml.Serialization.XmlSerializer(typeof(string));
        using var file = new StreamReader(path);
        var fromFile = serializer.Deserialize(file); // expect: BLK003
        var fromText = serializer.Deserialize(new StringReader(xml)); // silent: reads a string in memory
        return fromFile ?? fromText;
    }
}

/// <summary>A serializer service whose Stream overloads touch only the stream they are given (BLK007 follows the argument).</summary>
public interface IDocumentSerializer
{
    T Deserialize<T>(Stream stream);

    void Serialize<T>(T value, Stream stream);
}

public sealed class DocumentSerializer : IDocumentSerializer
{
    public T Deserialize<T>(Stream stream) => JsonSerializer.Deserialize<T>(stream)!; // silent: a sync helper; its async callers are judged by the stream they pass

    public void Serialize<T>(T value, Stream stream) => JsonSerializer.Serialize(stream, value); // silent: a sync helper
}

public sealed class SnapshotStore
{
    private readonly IDocumentSerializer _serializer = new DocumentSerializer();

    public async Task<T> LoadCachedAsync<T>(Func<Task<byte[]>> load)
    {
        var cached = await load();
        using var stream = new MemoryStream(cached);
        return _serializer.Deserialize<T>(stream); // silent: the helper only reads the MemoryStream it is given
    }

    public async Task SaveCachedAsync<T>(T value, Func<byte[], Task> store)
    {
        using var stream = new PooledBufferStream();
        _serializer.Serialize(value, stream); // silent: the helper only writes the pooled memory stream it is given
        await store(stream.ToArray());
    }

    public async Task<T> LoadFileAsync<T>(string path, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        using var stream = File.OpenRead(path);
        return _serializer.Deserialize<T>(stream); // expect: BLK007
    }
}
