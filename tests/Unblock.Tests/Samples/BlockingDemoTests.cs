using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using Unblock.Tests.Smoke;
using Xunit;

namespace Unblock.Tests.Samples;

/// <summary>
/// The cheap half of samples/demo.sh: the script and the plot the README shows are there, and the load generator
/// fails fast and clearly on bad input and stops by itself at its deadline. The measurement itself is not run here
/// (it takes a minute); run <c>bash samples/demo.sh --quick</c>.
/// </summary>
public sealed class BlockingDemoTests
{
    // The samples are built with this test project (project references), in the same configuration.
    private static readonly string Configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    private static string SampleDll(string project) =>
        RepositoryPaths.Combine("samples", project, "bin", Configuration, "net10.0", project + ".dll");

    private static DotNetCli.Result LoadGen(string arguments) =>
        DotNetCli.Run(RepositoryPaths.Root, $"\"{SampleDll("LoadGen")}\" --server \"{SampleDll("BlockingDemo")}\" {arguments}", timeoutSeconds: 120);

    [Fact]
    public void Readme_shows_the_demo_command_and_its_plot()
    {
        Assert.True(File.Exists(RepositoryPaths.Combine("samples", "demo.sh")));
        var readme = File.ReadAllText(RepositoryPaths.Combine("README.md"));
        Assert.Contains("bash samples/demo.sh --quick", readme, StringComparison.Ordinal);
        Assert.Contains("](docs/demo-latency.png)", readme, StringComparison.Ordinal);
        var png = File.ReadAllBytes(RepositoryPaths.Combine("docs", "demo-latency.png"));
        Assert.True(png.Length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "docs/demo-latency.png is not a PNG");
    }

    [Fact]
    public void A_server_that_cannot_listen_is_reported_and_the_load_generator_exits()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var run = LoadGen($"--family bad --port {port} --startup-timeout 60");

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("error: the server did not start: it exited with code 3", run.Output, StringComparison.Ordinal);
        Assert.Contains($"error: cannot listen on 127.0.0.1:{port}", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_load_generator_stops_at_its_deadline_and_reports_partial_results()
    {
        var run = LoadGen("--family good --label deadline --clients 2 --health-clients 1 --health-requests 10000000 --ramp 0 --deadline 1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("(deadline of 1 s reached: partial results", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"RESULT\tdeadline\t[0-9.]+\t[0-9.]+\t[0-9.]+\t[1-9][0-9]*\t10000000\tpartial\t", run.Output);
    }
}
