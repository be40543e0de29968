using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace Unblock.Benchmarks;

/// <summary>
/// <c>--pathological</c>: code no one should write but generators and large codebases do, each shape at a size and at
/// twice that size; Unblock's analyzer time must about double (linear), not quadruple. Writes
/// docs/benchmark-pathological.md.
/// </summary>
public static class Pathological
{
    private const string Usings = "using System;\nusing System.IO;\nusing System.Linq;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private sealed record Shape(string Name, string Unit, int Size, Func<int, string> Generate);

    public static async Task<int> RunAsync(string repoRoot, Action<string> log)
    {
        var shapes = new[]
        {
            new Shape("one async method with N calls", "calls", 5_000, ManyCalls),
            new Shape("N overloads of one name (each with an async twin), each called from async code (own code: BLK007 reads each)", "overloads", 1_500, ManyOverloads),
            new Shape("lambdas nested N deep in an async method", "levels", 40, NestedLambdas),
            new Shape("a call graph of N helpers reached from async code", "methods", 10_000, CallGraph),
        };
        var unblock = Tools.Unblock().Single(t => t.Name == Tools.UnblockTotal);
        var text = new StringBuilder();
        text.AppendLine("# Pathological code");
        text.AppendLine();
        text.AppendLine("Written by `dotnet run -c Release --project tests/Unblock.Benchmarks -- --pathological`. Each shape is generated at a");
        text.AppendLine("size N and at 2N; Unblock's analyzer time (all rules, CPU ms inside its callbacks, median of 3 runs on fresh");
        text.AppendLine("compilations after a warm-up) should about double: a ratio near 2 is linear, near 4 quadratic.");
        text.AppendLine();
        text.AppendLine("| shape | N | ms at N | ms at 2N | ratio |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        var worst = 0.0;
        foreach (var shape in shapes)
        {
            var ms = new List<double>();
            foreach (var size in new[] { shape.Size, shape.Size * 2 })
            {
                var source = shape.Generate(size);
                var compilation = Measure.Compile(new[] { ("Pathological.cs", source) }, new[] { unblock });
                Measure.AssertCompiles(compilation);
                var lines = CodeGenerator.CountLines(source);
                var results = await Measure.CostAsync(compilation, lines, new[] { unblock }, repetitions: 3, warmUp: true, _ => { }, freshCompilationPerRun: true);
                var result = results.Single();
                if (result.Failure is not null)
                {
                    log($"{shape.Name}, N = {size}: analyzer failure {result.Failure}");
                    return 1;
                }

                ms.Add(result.MedianMs);
                log($"{shape.Name}, N = {size:N0} ({lines:N0} lines): {result.MedianMs:F1} ms, {result.Findings} findings");
            }

            var ratio = ms[1] / Math.Max(ms[0], 0.001);
            worst = Math.Max(worst, ratio);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {shape.Name} | {shape.Size:N0} {shape.Unit} | {ms[0]:F1} | {ms[1]:F1} | {ratio:F2} |");
        }

        File.WriteAllText(Path.Combine(repoRoot, "docs", "benchmark-pathological.md"), text.ToString());
        log($"wrote docs/benchmark-pathological.md (worst ratio {worst:F2})");
        return 0;
    }

    private static string ManyCalls(int n)
    {
        var text = new StringBuilder(Usings + "class C\n{\n    static int H0(int x) => x + 1;\n    static int H1(int x) { Thread.Sleep(1); return x; }\n    async Task<int> Run()\n    {\n        var t = 0;\n");
        for (var i = 0; i < n; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"        t += {(i % 100 == 0 ? "H1" : "H0")}({i});\n");
        }

        return text.Append("        await Task.Yield();\n        return t;\n    }\n}\n").ToString();
    }

    private static string ManyOverloads(int n)
    {
        var text = new StringBuilder(Usings);
        for (var i = 0; i < n; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"struct S{i} {{ }}\n");
        }

        text.Append("class Store\n{\n");
        for (var i = 0; i < n; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    public int Load(S{i} key) => {i};\n    public Task<int> LoadAsync(S{i} key) => Task.FromResult({i});\n");
        }

        text.Append("}\nclass C\n{\n    async Task<int> Run(Store store)\n    {\n        var t = 0;\n");
        for (var i = 0; i < n; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"        t += store.Load(new S{i}());\n");
        }

        return text.Append("        await Task.Yield();\n        return t;\n    }\n}\n").ToString();
    }

    private static string NestedLambdas(int n)
    {
        var text = new StringBuilder(Usings + "class C\n{\n    async Task<int> Run()\n    {\n        Func<int, Task<int>> f0 = async x0 =>\n        {\n");
        for (var i = 1; i < n; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"            Thread.Sleep(1);\n            Func<int, Task<int>> f{i} = async x{i} =>\n            {{\n");
        }

        text.Append("            await Task.Yield();\n            return 1;\n");
        for (var i = n - 1; i >= 1; i--)
        {
            text.Append(CultureInfo.InvariantCulture, $"            }};\n            return await f{i}(1);\n");
        }

        return text.Append("        };\n        return await f0(0);\n    }\n}\n").ToString();
    }

    private static string CallGraph(int n)
    {
        // Helper i calls helpers 2i+1 and 2i+2 (a binary tree), every 97th also i/2 (cycles); the leaves' every 50th blocks.
        var text = new StringBuilder(Usings + "class G\n{\n");
        for (var i = 0; i < n; i++)
        {
            var body = new StringBuilder();
            foreach (var callee in new[] { (2 * i) + 1, (2 * i) + 2 })
            {
                if (callee < n)
                {
                    body.Append(CultureInfo.InvariantCulture, $"H{callee}(); ");
                }
            }

            if (i % 97 == 0 && i > 0)
            {
                body.Append(CultureInfo.InvariantCulture, $"H{i / 2}(); ");
            }

            if ((2 * i) + 1 >= n && i % 50 == 0)
            {
                body.Append("Thread.Sleep(1); ");
            }

            text.Append(CultureInfo.InvariantCulture, $"    public static void H{i}() {{ {body}}}\n");
        }

        text.Append("}\nclass C\n{\n    async Task Run()\n    {\n");
        for (var i = 0; i < Math.Min(n, 2_000); i += 7)
        {
            text.Append(CultureInfo.InvariantCulture, $"        G.H{i}();\n");
        }

        return text.Append("        await Task.Yield();\n    }\n}\n").ToString();
    }
}
