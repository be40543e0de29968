// Draws /health latency over time, one series per scenario, from the CSV that samples/LoadGen appends with
// --timeline (label,seconds since load start,latency ms,done|unfinished).
// Usage: DemoPlot <timeline.csv> <output.png> [title]
using System;
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

var colors = new[] { Colors.Red, Colors.Orange, Colors.Green, Colors.Blue, Colors.Purple };
var index = 0;
foreach (var group in rows.GroupBy(r => r.Label))
{
    var xs = group.Select(r => r.Seconds).ToArray();
    // Log scale: plot log10(ms) and label the ticks with ms (at least 0.01 ms so the log exists).
    var ys = group.Select(r => Math.Log10(Math.Max(r.Ms, 0.01))).ToArray();
    var scatter = plot.Add.ScatterPoints(xs, ys);
    scatter.LegendText = group.Key;
    scatter.Color = colors[index++ % colors.Length];
    scatter.MarkerSize = 4;
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
