using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Corpus.Workers.Storage;

/// <summary>Synchronous Dispose at the end of a using (seen on a password manager's local stores and queue service, and a payment server's SSH maintenance).</summary>
public sealed class LocalFileStore
{
    private readonly RabbitMQ.Client.IConnection _connection;

    public LocalFileStore(RabbitMQ.Client.IConnection connection) => _connection = connection;

    public async Task UploadAsync(string path, Stream stream, CancellationToken cancellationToken)
    {
        using (var fs = File.Create(path)) // expect: BLK003
        {
            stream.Seek(0, SeekOrigin.Begin);
            await stream.CopyToAsync(fs, cancellationToken);
        }

        await using var copy = File.Create(path + ".bak"); // silent: DisposeAsync flushes asynchronously
        await stream.CopyToAsync(copy, cancellationToken);
    }

    public async Task SaveLicenseAsync(string path, object license, CancellationToken cancellationToken)
    {
        using var fs = File.OpenWrite(path); // silent: SerializeAsync flushes the stream it writes, Dispose has nothing left
        await System.Text.Json.JsonSerializer.SerializeAsync(fs, license, cancellationToken: cancellationToken);
    }

    public async Task<int> ReadAsync(string path, byte[] buffer, CancellationToken cancellationToken)
    {
        using var fs = File.OpenRead(path); // silent: a stream opened for reading has nothing to flush
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken); // silent: disposing a token source does no I/O
        using var scratch = new MemoryStream(); // silent: an in-memory stream
        return await fs.ReadAsync(buffer, cts.Token);
    }

    public async Task PublishAsync(string queue, byte[] body, CancellationToken cancellationToken)
    {
        using var channel = await _connection.CreateChannelAsync(cancellationToken); // expect: BLK003
        await channel.BasicPublishAsync(string.Empty, queue, body, cancellationToken);
    }

    public async Task RunRemoteAsync(Func<Task<Renci.SshNet.SshClient>> connect)
    {
        var ssh = await connect();
        try
        {
            await Task.Delay(1);
        }
        finally
        {
            ssh.Dispose(); // expect: BLK003
        }
    }

    public async Task ExportAsync(string path, string source, CancellationToken cancellationToken)
    {
        File.WriteAllLines(path, await File.ReadAllLinesAsync(source, cancellationToken)); // expect: BLK003
    }

    public void WriteSync(string path, byte[] data)
    {
        using var fs = File.Create(path); // silent: synchronous code
        fs.Write(data, 0, data.Length);
    }
}
