using System.Collections.Generic;
using System.Linq;

namespace Unblock.Benchmarks;

/// <summary>PNG plots with ScottPlot.</summary>
public static class Plots
{
    /// <summary>Analyzer time (or time per 10k lines) against lines of code, one line per tool (the Unblock rules only as their total).</summary>
    public static void Cost(List<List<CostResult>> cost, List<Tool> tools, string path, bool perTenK)
    {
        var plot = new ScottPlot.Plot();
        foreach (var tool in tools.Where(t => !t.IsUnblockRule))
        {
            var points = cost.Select(c => c.FirstOrDefault(r => r.Tool.Name == tool.Name)).Where(r => r is not null && r.Failure is null).ToList();
            if (points.Count == 0)
            {
                continue;
            }

            var xs = points.Select(r => r!.Lines / 1000.0).ToArray();
            var ys = points.Select(r => perTenK ? r!.MsPer10k : r!.MedianMs).ToArray();
            var scatter = plot.Add.Scatter(xs, ys);
            scatter.LegendText = tool.Name;
            scatter.LineWidth = tool.Name == Tools.UnblockTotal ? 4 : 2;
            scatter.MarkerSize = 8;
        }

        plot.Title(perTenK ? "Analyzer time per 10k lines (lower is better)" : "Analyzer time (lower is better)");
        plot.XLabel("thousands of lines");
        plot.YLabel(perTenK ? "ms per 10k lines" : "ms");
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        plot.SavePng(path, 1000, 650);
    }

    /// <summary>Recall and precision per tool, as grouped bars.</summary>
    public static string Detection(DetectionResult detection, string path)
    {
        var plot = new ScottPlot.Plot();
        var rows = detection.Rows;
        var recall = plot.Add.Bars(rows.Select((_, i) => i * 3.0).ToArray(), rows.Select(r => r.Recall).ToArray());
        recall.LegendText = "recall";
        var precision = plot.Add.Bars(rows.Select((_, i) => (i * 3.0) + 1).ToArray(), rows.Select(r => r.Precision).ToArray());
        precision.LegendText = "precision";
        plot.Axes.Bottom.SetTicks(rows.Select((_, i) => (i * 3.0) + 0.5).ToArray(), rows.Select(r => r.Tool).ToArray());
        plot.Axes.SetLimitsY(0, 1.1);
        plot.Title("Detection on the labelled corpus (higher is better)");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.SavePng(path, 1000, 650);
        return path;
    }
}
