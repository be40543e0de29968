// Draws /health latency over time (p99 and median per half second), one colour per scenario, from the CSV that samples/LoadGen appends with
// --timeline (label,seconds since load start,latency ms,done|unfinished).
// Usage: DemoPlot <timeline.csv> <output.png> [title]
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ScottPlot;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: DemoPlot <timeline.csv> <output.png> [title]");
    return 1;
}

var rows = File.ReadLines(args[0])
    .Select(line => line.Split(','))
    .Where(f => f.Length >= 3)
    .Select(f => (Label: f[0], Seconds: double.Parse(f[1], CultureInfo.InvariantCulture), Ms: double.Parse(f[2], CultureInfo.InvariantCulture)))
    .ToList();
if (rows.Count == 0)
{
    Console.Error.WriteLine($"error: no samples in {args[0]}");
    return 1;
}

var plot = new Plot();
plot.Title(args.Length > 2 ? args[2] : "/health latency under load");
plot.XLabel("seconds since the load started");
plot.YLabel("/health latency (ms, log scale)");

// Half-second buckets by request start: the p99 (solid) and the median (dashed) of each bucket. A request still
// waiting at the deadline counts with the time it had waited.
const double Bucket = 0.5;
var colors = new Dictionary<string, Color> { ["bad"] = Colors.Red, ["fixed"] = Colors.Orange, ["good"] = Colors.Green };
var others = new[] { Colors.Blue, Colors.Purple, Colors.Brown };
var index = 0;
foreach (var group in rows.GroupBy(r => r.Label))
{
    var buckets = group.GroupBy(r => Math.Floor(r.Seconds / Bucket)).OrderBy(b => b.Key).ToList();
    var xs = buckets.Select(b => (b.Key + 0.5) * Bucket).ToArray();
    var color = colors.TryGetValue(group.Key, out var named) ? named : others[index++ % others.Length];
    foreach (var (quantile, name, dashed) in new[] { (0.99, "p99", false), (0.50, "p50", true) })
    {
        // Log scale: plot log10(ms) and label the ticks with ms (at least 0.01 ms so the log exists).
        var ys = buckets.Select(b => Math.Log10(Math.Max(Percentile(b.Select(r => r.Ms), quantile), 0.01))).ToArray();
        var line = plot.Add.Scatter(xs, ys);
        line.LegendText = $"{group.Key} {name}";
        line.Color = color;
        line.LineWidth = dashed ? 1.5f : 2.5f;
        line.LinePattern = dashed ? LinePattern.Dashed : LinePattern.Solid;
        line.MarkerSize = dashed ? 0 : 4;
    }
}

var ticks = new ScottPlot.TickGenerators.NumericAutomatic
{
    MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
    IntegerTicksOnly = true,
    LabelFormatter = y => Math.Pow(10, y).ToString("0.##", CultureInfo.InvariantCulture),
};
plot.Axes.Left.TickGenerator = ticks;
plot.Axes.Left.Min = -1;
plot.ShowLegend(Alignment.UpperRight);
plot.SavePng(args[1], 1000, 500);
Console.WriteLine($"wrote {args[1]} ({rows.Count} samples)");
return 0;

static double Percentile(IEnumerable<double> values, double p)
{
    var sorted = values.OrderBy(v => v).ToArray();
    var rank = (int)Math.Ceiling(p * sorted.Length);
    return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
}
