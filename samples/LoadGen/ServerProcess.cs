using System;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace LoadGen;

/// <summary>The demo server in its own process: started, awaited until it listens (or fails), always stopped.</summary>
public sealed class ServerProcess : IDisposable
{
    private const string ListeningPrefix = "Listening on ";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _disposed;
    private readonly TaskCompletionSource<Uri?> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process) => _process = process;

    public Uri? BaseAddress { get; private set; }

    /// <summary>Why the server did not start, or null when it listens.</summary>
    public string? Error { get; private set; }

    public static async Task<ServerProcess> StartAsync(string server, int port, Uri? stubUrl, double timeoutSeconds)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(server);
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (stubUrl is not null)
        {
            info.ArgumentList.Add("--stub-url");
            info.ArgumentList.Add(stubUrl.ToString());
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var result = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => result.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => result.OnLine(e.Data);
        process.Exited += (_, _) => result._listening.TrySetResult(null);
        if (!System.IO.File.Exists(server))
        {
            result.Error = $"{server} does not exist (build samples/BlockingDemo first)";
            return result;
        }

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var listening = result._listening.Task;
        if (await Task.WhenAny(listening, Task.Delay(TimeSpan.FromSeconds(timeoutSeconds))) != listening)
        {
            result.Error = $"no '{ListeningPrefix}...' line within {timeoutSeconds} s. Output:\n{result.Output}";
        }
        else if (await listening is { } address)
        {
            result.BaseAddress = address;
        }
        else
        {
            process.WaitForExit();
            result.Error = $"it exited with code {process.ExitCode}. Output:\n{result.Output}";
        }

        return result;
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString().TrimEnd();
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal) && Uri.TryCreate(line.Substring(ListeningPrefix.Length).Trim(), UriKind.Absolute, out var uri))
        {
            _listening.TrySetResult(uri);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }
}
