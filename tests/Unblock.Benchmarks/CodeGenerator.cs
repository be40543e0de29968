using System;
using System.Collections.Generic;
using System.Text;

namespace Unblock.Benchmarks;

/// <summary>
/// Deterministic generator of service-shaped C#: per module an entity, a repository interface and class, a
/// service and a controller, with async and sync methods, loops, LINQ, lambdas, locks, <c>Task.Run</c>, and a few
/// percent of methods that block (<c>.Result</c>, <c>.Wait()</c>, <c>GetAwaiter().GetResult()</c>,
/// <c>Thread.Sleep</c>, sync I/O, a sync repository call that has an async twin). The same seed gives the same
/// text; only the reference assemblies of .NET 8 are needed to compile it.
/// </summary>
public sealed class CodeGenerator
{
    private static readonly string[] Domains =
    {
        "Order", "Invoice", "Customer", "Product", "Shipment", "Payment", "Account", "Ticket", "Report", "Review",
        "Booking", "Supplier", "Warehouse", "Coupon", "Session", "Message", "Document", "Contract", "Device", "Policy",
    };

    /// <summary>Share of async methods that contain one blocking call.</summary>
    public const double BlockingShare = 0.04;

    private readonly Random _random;
    private int _module;

    public CodeGenerator(int seed = 20261129) => _random = new Random(seed);

    /// <summary>The shared types every module uses.</summary>
    public static string CommonFile { get; } = """
        using System;
        using System.Collections.Generic;

        namespace Shop.Common;

        public sealed record ApiResult(int Status, object? Body)
        {
            public static ApiResult Ok(object? body) => new(200, body);

            public static ApiResult NotFound() => new(404, null);
        }

        public sealed class AuditLog
        {
            private readonly List<string> _lines = new();

            public void Add(string line)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }
            }

            public int Count
            {
                get
                {
                    lock (_lines)
                    {
                        return _lines.Count;
                    }
                }
            }
        }
        """;

    /// <summary>Files of about <paramref name="lines"/> lines in total (the common file included).</summary>
    public List<(string Name, string Text)> GenerateProject(int lines)
    {
        var files = new List<(string, string)> { ("Common.cs", CommonFile) };
        var total = CountLines(CommonFile);
        while (total < lines)
        {
            var (name, text) = GenerateModule(methodsPerClass: _random.Next(8, 16));
            files.Add((name, text));
            total += CountLines(text);
        }

        return files;
    }

    /// <summary>One module file whose service and controller have <paramref name="methodsPerClass"/> generated methods each.</summary>
    public (string Name, string Text) GenerateModule(int methodsPerClass)
    {
        var index = _module++;
        var entity = Domains[index % Domains.Length] + index;
        var sb = new StringBuilder(32 * 1024);
        sb.Append($$"""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Net.Http;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;
            using Shop.Common;

            namespace Shop.Module{{index}};

            public sealed class {{entity}}
            {
                public int Id { get; set; }

                public string Name { get; set; } = "";

                public decimal Price { get; set; }

                public DateTime CreatedAt { get; set; }

                public List<string> Tags { get; } = new();
            }

            public interface I{{entity}}Repository
            {
                Task<{{entity}}?> FindAsync(int id, CancellationToken cancellationToken);

                {{entity}}? Find(int id);

                Task<List<{{entity}}>> ListAsync(CancellationToken cancellationToken);

                List<{{entity}}> List();

                Task SaveAsync({{entity}} item, CancellationToken cancellationToken);

                void Save({{entity}} item);
            }

            public sealed class {{entity}}Repository : I{{entity}}Repository
            {
                private readonly Dictionary<int, {{entity}}> _items = new();
                private readonly object _gate = new();

                public async Task<{{entity}}?> FindAsync(int id, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    return Find(id);
                }

                public {{entity}}? Find(int id)
                {
                    lock (_gate)
                    {
                        return _items.TryGetValue(id, out var item) ? item : null;
                    }
                }

                public Task<List<{{entity}}>> ListAsync(CancellationToken cancellationToken)
                    => Task.FromResult(List());

                public List<{{entity}}> List()
                {
                    lock (_gate)
                    {
                        return _items.Values.OrderBy(x => x.Id).ToList();
                    }
                }

                public async Task SaveAsync({{entity}} item, CancellationToken cancellationToken)
                {
                    await Task.Delay(1, cancellationToken).ConfigureAwait(false);
                    Save(item);
                }

                public void Save({{entity}} item)
                {
                    lock (_gate)
                    {
                        _items[item.Id] = item;
                    }
                }
            }

            public sealed class {{entity}}Service
            {
                private readonly I{{entity}}Repository _repository;
                private readonly HttpClient _http;
                private readonly AuditLog _log;
                private readonly string _path;

                public {{entity}}Service(I{{entity}}Repository repository, HttpClient http, AuditLog log, string path)
                {
                    _repository = repository;
                    _http = http;
                    _log = log;
                    _path = path;
                }

                public async Task<{{entity}}?> GetAsync(int id, CancellationToken cancellationToken)
                {
                    var item = await _repository.FindAsync(id, cancellationToken).ConfigureAwait(false);
                    _log.Add("get " + id);
                    return item;
                }

                public Task<List<{{entity}}>> ListAsync(CancellationToken cancellationToken) => _repository.ListAsync(cancellationToken);

                public {{entity}}? Get(int id) => _repository.Find(id);

            """);

        for (var k = 0; k < methodsPerClass; k++)
        {
            sb.Append(ServiceMethod(entity, k));
        }

        sb.Append($$"""
            }

            public sealed class {{entity}}Controller
            {
                private readonly {{entity}}Service _service;
                private readonly AuditLog _log;

                public {{entity}}Controller({{entity}}Service service, AuditLog log)
                {
                    _service = service;
                    _log = log;
                }

            """);

        for (var k = 0; k < methodsPerClass; k++)
        {
            sb.Append(ControllerMethod(entity, k));
        }

        sb.Append("}\n");
        return ($"Module{index}.cs", sb.ToString());
    }

    private string ServiceMethod(string e, int k)
    {
        var n = _random.Next(2, 50);
        if (_random.Next(100) < 30)
        {
            return SyncServiceMethod(e, k, n);
        }

        var block = _random.NextDouble() < BlockingShare ? BlockingStatement(e) : string.Empty;
        switch (_random.Next(6))
        {
            case 0:
                return $$"""
                        public async Task<decimal> TotalPrice{{k}}Async(CancellationToken cancellationToken)
                        {
                            var items = await _repository.ListAsync(cancellationToken);
                    {{block}}        var total = items.Where(x => x.Price > {{n}}m).Select(x => x.Price * 1.2m).Sum();
                            foreach (var item in items.OrderBy(x => x.Name).Take({{n}}))
                            {
                                if (item.Tags.Count > 2)
                                {
                                    total += item.Tags.Count;
                                }
                            }

                            return total;
                        }


                    """;
            case 1:
                return $$"""
                        public async Task<int> Refresh{{k}}Async(IReadOnlyList<int> ids, CancellationToken cancellationToken)
                        {
                            var count = 0;
                            for (var i = 0; i < ids.Count; i++)
                            {
                                var item = await _repository.FindAsync(ids[i], cancellationToken).ConfigureAwait(false);
                                if (item is null)
                                {
                                    continue;
                                }

                                item.Name = item.Name.Trim().ToUpperInvariant();
                    {{block}}            await _repository.SaveAsync(item, cancellationToken);
                                count++;
                            }

                            _log.Add($"refreshed {count} of {ids.Count}");
                            return count;
                        }


                    """;
            case 2:
                return $$"""
                        public async Task<string> Describe{{k}}Async(int id, CancellationToken cancellationToken)
                        {
                            var first = _repository.FindAsync(id, cancellationToken);
                            var second = _repository.FindAsync(id + {{n}}, cancellationToken);
                            await Task.WhenAll(first, second);
                            var a = first.Result;
                            var b = second.Result;
                    {{block}}        return $"{a?.Name ?? "none"}/{b?.Name ?? "none"}";
                        }


                    """;
            case 3:
                return $$"""
                        public async Task<List<string>> Names{{k}}Async(CancellationToken cancellationToken)
                        {
                            var items = await _repository.ListAsync(cancellationToken);
                            var names = await Task.Run(() => items.Select(x => x.Name).Distinct().ToList(), cancellationToken);
                            names.Sort((x, y) => string.CompareOrdinal(x, y));
                            items.ForEach(x => x.Tags.Add("seen"));
                    {{block}}        return names;
                        }


                    """;
            case 4:
                return $$"""
                        public async Task<Dictionary<string, int>> Group{{k}}Async(CancellationToken cancellationToken)
                        {
                            try
                            {
                                var items = await _repository.ListAsync(cancellationToken);
                    {{block}}            return items
                                    .GroupBy(x => x.Name.Length > 0 ? x.Name.Substring(0, 1) : "?")
                                    .ToDictionary(g => g.Key, g => g.Count());
                            }
                            catch (InvalidOperationException ex)
                            {
                                _log.Add(ex.Message);
                                return new Dictionary<string, int>();
                            }
                        }


                    """;
            default:
                return $$"""
                        public async Task<int> Import{{k}}Async(string url, CancellationToken cancellationToken)
                        {
                            var body = await _http.GetStringAsync(url, cancellationToken);
                            var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                            var imported = 0;
                            foreach (var line in lines)
                            {
                                var parts = line.Split(';');
                                if (parts.Length < 2 || !int.TryParse(parts[0], out var id))
                                {
                                    continue;
                                }

                                var item = new {{e}} { Id = id, Name = parts[1], CreatedAt = DateTime.UtcNow };
                                await _repository.SaveAsync(item, cancellationToken);
                                imported++;
                            }

                    {{block}}        return imported;
                        }


                    """;
        }
    }

    private string SyncServiceMethod(string e, int k, int n)
    {
        switch (_random.Next(4))
        {
            case 0:
                return $$"""
                        public int Count{{k}}(int threshold)
                        {
                            var items = _repository.List();
                            var result = 0;
                            foreach (var item in items)
                            {
                                if (item.Price > threshold + {{n}})
                                {
                                    result++;
                                }
                            }

                            return result;
                        }


                    """;
            case 1:
                return $$"""
                        public string Render{{k}}(IEnumerable<{{e}}> items)
                        {
                            var sb = new StringBuilder();
                            foreach (var item in items.Where(x => x.Tags.Contains("tag{{n}}")))
                            {
                                sb.Append(item.Id).Append(';').Append(item.Name).AppendLine();
                            }

                            return sb.ToString();
                        }


                    """;
            case 2:
                // Sync over async in a synchronous method: not async code, but some analyzers flag it.
                return $$"""
                        public {{e}}? Load{{k}}(int id)
                        {
                            return _repository.FindAsync(id + {{n}}, CancellationToken.None).GetAwaiter().GetResult();
                        }


                    """;
            default:
                return $$"""
                        public IReadOnlyList<{{e}}> Top{{k}}(int take)
                        {
                            lock (_log)
                            {
                                return _repository.List()
                                    .Where(x => x.CreatedAt > DateTime.UtcNow.AddDays(-{{n}}))
                                    .OrderByDescending(x => x.Price)
                                    .Take(take)
                                    .ToList();
                            }
                        }


                    """;
        }
    }

    private string BlockingStatement(string e)
        => _random.Next(6) switch
        {
            0 => "        var blockedItem = _repository.FindAsync(1, cancellationToken).Result;\n",
            1 => "        _repository.SaveAsync(new " + e + "(), cancellationToken).Wait();\n",
            2 => "        var blockedList = _repository.ListAsync(cancellationToken).GetAwaiter().GetResult();\n",
            3 => "        Thread.Sleep(10);\n",
            4 => "        var blockedText = File.ReadAllText(_path);\n",
            _ => "        var blockedFind = _repository.Find(1);\n",
        };

    private string ControllerMethod(string e, int k)
    {
        switch (_random.Next(3))
        {
            case 0:
                return $$"""
                        public async Task<ApiResult> Get{{k}}(int id, CancellationToken cancellationToken)
                        {
                            var item = await _service.GetAsync(id, cancellationToken);
                            return item is null ? ApiResult.NotFound() : ApiResult.Ok(item);
                        }


                    """;
            case 1:
                return $$"""
                        public async Task<ApiResult> List{{k}}(string? filter, CancellationToken cancellationToken)
                        {
                            var items = await _service.ListAsync(cancellationToken);
                            var selected = items
                                .Where(x => filter is null || x.Name.Contains(filter, StringComparison.OrdinalIgnoreCase))
                                .Select(x => new { x.Id, x.Name, Total = x.Price * 1.2m })
                                .ToList();
                            _log.Add($"listed {selected.Count}");
                            return ApiResult.Ok(selected);
                        }


                    """;
            default:
                return $$"""
                        public ApiResult Peek{{k}}(int id)
                        {
                            var item = _service.Get(id);
                            return item is null ? ApiResult.NotFound() : ApiResult.Ok(item.Name);
                        }


                    """;
        }
    }

    public static int CountLines(string text)
    {
        var lines = 1;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                lines++;
            }
        }

        return lines;
    }
}
