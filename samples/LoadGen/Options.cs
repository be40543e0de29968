using System;
using System.Globalization;

namespace LoadGen;

/// <summary>Command-line options; every bound has a default so a run always ends.</summary>
public sealed class Options
{
    public const string Usage =
        "usage: LoadGen (--server <BlockingDemo.dll> [--port 0] [--stub-server <BlockingDemo.dll>] | --url http://127.0.0.1:<port>) --family bad|good\n" +
        "               [--endpoints cpu,sleep,io] [--think 0] [--label NAME] [--clients 32] [--health-clients 4] [--health-requests 200]\n" +
        "               [--ramp 0.5] [--deadline 10] [--startup-timeout 30] [--timeline file.csv]";

    public string? Server { get; private set; }

    public int Port { get; private set; }

    /// <summary>The server whose /stub answers the /*/io calls; the tested server by default.</summary>
    public string? StubServer { get; private set; }

    public Uri? Url { get; private set; }

    public string Family { get; private set; } = "bad";

    public string Label { get; private set; } = string.Empty;

    public string[] Endpoints { get; private set; } = { "cpu", "sleep", "io" };

    public int Clients { get; private set; } = 32;

    /// <summary>Milliseconds each load client waits between two requests (a user reading the page).</summary>
    public int ThinkMilliseconds { get; private set; }

    public int HealthClients { get; private set; } = 4;

    public int HealthRequests { get; private set; } = 200;

    public double Ramp { get; private set; } = 0.5;

    public double Deadline { get; private set; } = 10;

    public double StartupTimeout { get; private set; } = 30;

    public string? Timeline { get; private set; }

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{name} expects a value");
            }

            var value = args[++i];
            switch (name)
            {
                case "--server": o.Server = value; break;
                case "--stub-server": o.StubServer = value; break;
                case "--port": o.Port = Int(name, value, 0, 65535); break;
                case "--url": o.Url = LoopbackUrl(value); break;
                case "--family": o.Family = value is "bad" or "good" ? value : throw new ArgumentException("--family must be bad or good"); break;
                case "--label": o.Label = value; break;
                case "--endpoints": o.Endpoints = EndpointList(value); break;
                case "--clients": o.Clients = Int(name, value, 1, 10_000); break;
                case "--think": o.ThinkMilliseconds = Int(name, value, 0, 60_000); break;
                case "--health-clients": o.HealthClients = Int(name, value, 1, 1_000); break;
                case "--health-requests": o.HealthRequests = Int(name, value, 1, 10_000_000); break;
                case "--ramp": o.Ramp = Seconds(name, value); break;
                case "--deadline": o.Deadline = Seconds(name, value); break;
                case "--startup-timeout": o.StartupTimeout = Seconds(name, value); break;
                case "--timeline": o.Timeline = value; break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }

        if ((o.Server is null) == (o.Url is null))
        {
            throw new ArgumentException("give either --server or --url");
        }

        if (o.Label.Length == 0)
        {
            o.Label = o.Family;
        }

        return o;
    }

    private static string[] EndpointList(string value)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var n in names)
        {
            if (n is not ("cpu" or "sleep" or "io"))
            {
                throw new ArgumentException($"--endpoints takes cpu, sleep and io, got '{n}'");
            }
        }

        return names.Length > 0 ? names : throw new ArgumentException("--endpoints is empty");
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} expects a whole number from {min} to {max}, got '{value}'");

    private static double Seconds(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && s <= 3600
            ? s
            : throw new ArgumentException($"{name} expects seconds from 0 to 3600, got '{value}'");

    private static Uri LoopbackUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.Host == "127.0.0.1"
            ? uri
            : throw new ArgumentException($"--url must be http://127.0.0.1:<port> (loopback only), got '{value}'");
}
