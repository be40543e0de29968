using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.Transitive;

/// <summary>
/// Summaries: what BLK007 learned about the members of one assembly, written as text so it can travel with the
/// assembly (an <c>[assembly: AssemblyMetadata("Unblock.Summary.v1", text)]</c> written by <see cref="SummaryGenerator"/>)
/// or beside it (an AdditionalFile named <c>*.unblock-summary</c>), and read back by BLK007 in the projects that call it.
/// </summary>
/// <remarks>
/// The text, version 1 (fields separated by tabs, one entry per line, sorted by key):
/// <code>
/// Unblock.Summary	v1	&lt;assembly name&gt;
/// &lt;key&gt;	&lt;rule id&gt;	&lt;flags&gt;	&lt;step → step → blocking member&gt;	&lt;site&gt;	&lt;implemented interface members&gt;
/// </code>
/// The key is the documentation comment ID of a method, accessor or constructor visible outside the assembly (or of an
/// implementation of an interface member that is); the rule id is the rule of the blocking operation at the end of the
/// chain; flags are <c>-</c> or a comma-separated list of <c>cpu</c> (every blocking operation on the way is CPU-bound
/// work) and <c>mem=N</c> (N, in decimal, has a bit per parameter ordinal: when the caller passes in-memory streams,
/// readers or writers for all of them, the method does not block; unknown flags are ignored); the steps name
/// each method as BLK007's message does (<c>Type.Member(parameter types)</c>, <c>Type.Property</c>, <c>new Type(parameter
/// types)</c>), the last one is the blocking member as the rule's message names it; the site is
/// <c>file:line</c> of the blocking operation; the last field lists, separated by spaces, the documentation IDs of the
/// interface members this method is the only implementation of in its assembly. Lines starting with <c>#</c> are
/// comments. A reader ignores a text whose first line it does not know and every line it cannot read.
/// </remarks>
internal static class BlockingSummaryFormat
{
    /// <summary>The <c>AssemblyMetadataAttribute</c> key; the text's first line carries the same version.</summary>
    public const string AttributeKey = "Unblock.Summary.v1";

    /// <summary>An AdditionalFile whose name ends with this holds a summary (the same text as the attribute's value).</summary>
    public const string AdditionalFileSuffix = ".unblock-summary";

    public const string Magic = "Unblock.Summary";

    public const string Version = "v1";

    /// <summary>Entries written at most (the first ones by key); a longer summary says how many were left out.</summary>
    public const int MaxEntries = 2_000;

    /// <summary>Characters written at most (about as many bytes in the assembly: the text is mostly ASCII).</summary>
    public const int MaxChars = 256 * 1024;

    /// <summary>Characters of one field kept at most, and steps of one chain.</summary>
    public const int MaxFieldChars = 1_024;

    public const int MaxSteps = 16;

    public const string Arrow = " → ";

    public const string CpuFlag = "cpu";

    public const string InMemoryFlag = "mem=";

    /// <summary>
    /// The summary of <paramref name="compilation"/>: every blocking method, accessor and constructor callable from
    /// another assembly, and every blocking sole implementation of an interface member callable from another assembly;
    /// null when nothing blocks (or the compilation has no <c>Task</c>).
    /// </summary>
    public static string? Write(Compilation compilation, AnalyzerConfigOptionsProvider options, ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellationToken)
    {
        var symbols = AsyncSymbols.TryCreate(compilation);
        if (symbols is null)
        {
            return null;
        }

        var unblockOptions = new UnblockOptions(options, additionalFiles);
        var summaries = new MethodSummaries(compilation, symbols, unblockOptions, MethodSummaries.IndexByKind(BlockingRules.All));
        var entries = SummaryWriter.Collect(compilation, SourceTypes.Of(symbols), summaries, unblockOptions, cancellationToken);
        return entries.Count == 0 ? null : Encode(compilation.AssemblyName ?? string.Empty, entries);
    }

    /// <summary>The text of a summary of <paramref name="assemblyName"/> holding <paramref name="entries"/> (sorted by key, capped).</summary>
    public static string Encode(string assemblyName, IEnumerable<SummaryEntry> entries)
    {
        var text = new StringBuilder();
        text.Append(Magic).Append('\t').Append(Version).Append('\t').Append(Clean(assemblyName)).Append('\n');
        var sorted = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        var written = 0;
        var line = new StringBuilder();
        foreach (var entry in sorted)
        {
            line.Clear();
            line.Append(Clean(entry.Key)).Append('\t').Append(Clean(entry.RuleId)).Append('\t').Append(Flags(entry)).Append('\t');
            line.Append(string.Join(Arrow, entry.Steps.Take(MaxSteps).Select(Clean))).Append('\t');
            line.Append(Clean(entry.Site ?? string.Empty)).Append('\t');
            line.Append(string.Join(" ", entry.Implements.Select(Clean))).Append('\n');
            if (written >= MaxEntries || text.Length + line.Length + 64 > MaxChars)
            {
                break;
            }

            text.Append(line);
            written++;
        }

        if (written < sorted.Count)
        {
            text.Append("# truncated: ").Append(sorted.Count - written).Append(" more entries\n");
        }

        return text.ToString();
    }

    private static string Flags(SummaryEntry entry)
    {
        var flags = new List<string>(2);
        if (entry.CpuOnly)
        {
            flags.Add(CpuFlag);
        }

        if (entry.InMemoryParameters != 0)
        {
            flags.Add(InMemoryFlag + entry.InMemoryParameters.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return flags.Count == 0 ? "-" : string.Join(",", flags);
    }

    /// <summary>
    /// The summary in <paramref name="text"/>, or null when it is not a summary of a version this reader knows. Lines
    /// that cannot be read are skipped; nothing here throws on malformed text.
    /// </summary>
    public static BlockingSummary? Read(string? text)
    {
        if (text is null || text.Length == 0 || text.Length > 4 * MaxChars)
        {
            return null;
        }

        var lines = text.Split('\n');
        var header = lines[0].TrimEnd('\r').Split('\t');
        if (header.Length != 3 || header[0] != Magic || header[1] != Version || header[2].Length == 0)
        {
            return null;
        }

        var entries = new List<SummaryEntry>();
        for (var i = 1; i < lines.Length && entries.Count < MaxEntries; i++)
        {
            if (ReadEntry(lines[i].TrimEnd('\r')) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return new BlockingSummary(header[2], entries.ToImmutableArray());
    }

    private static SummaryEntry? ReadEntry(string line)
    {
        if (line.Length == 0 || line[0] == '#')
        {
            return null;
        }

        var fields = line.Split('\t');
        if (fields.Length != 6 || fields.Any(f => f.Length > MaxFieldChars * MaxSteps))
        {
            return null;
        }

        var key = fields[0];
        if (!IsDocumentationId(key) || !IsRuleId(fields[1]) || fields[2].Length == 0)
        {
            return null;
        }

        var cpuOnly = false;
        var inMemory = 0UL;
        if (fields[2] != "-")
        {
            foreach (var flag in fields[2].Split(','))
            {
                if (flag == CpuFlag)
                {
                    cpuOnly = true;
                }
                else if (flag.StartsWith(InMemoryFlag, StringComparison.Ordinal)
                         && !ulong.TryParse(flag.Substring(InMemoryFlag.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out inMemory))
                {
                    return null;
                }
            }
        }

        var steps = fields[3].Split(new[] { Arrow }, StringSplitOptions.None);
        if (steps.Length < 2 || steps.Length > MaxSteps || steps.Any(s => s.Length == 0 || s.Length > MaxFieldChars))
        {
            return null;
        }

        var implements = fields[5].Length == 0
            ? ImmutableArray<string>.Empty
            : fields[5].Split(' ').ToImmutableArray();
        if (implements.Any(i => !IsDocumentationId(i)))
        {
            return null;
        }

        return new SummaryEntry(key, fields[1], cpuOnly, steps.ToImmutableArray(), fields[4].Length == 0 ? null : fields[4], implements) { InMemoryParameters = inMemory };
    }

    private static bool IsDocumentationId(string id) => id.Length > 2 && id.Length <= MaxFieldChars && id[0] == 'M' && id[1] == ':';

    private static bool IsRuleId(string id) => id.Length == 6 && id.StartsWith("BLK", StringComparison.Ordinal) && id.Skip(3).All(char.IsDigit);

    private static string Clean(string field)
    {
        var cleaned = field.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
        return cleaned.Length > MaxFieldChars ? cleaned.Substring(0, MaxFieldChars) : cleaned;
    }
}

/// <summary>A summary read back: the assembly it describes and its entries, indexed by key and by implemented interface member.</summary>
internal sealed class BlockingSummary
{
    public BlockingSummary(string assemblyName, ImmutableArray<SummaryEntry> entries)
    {
        AssemblyName = assemblyName;
        Entries = entries;
        var byKey = new Dictionary<string, SummaryEntry>(StringComparer.Ordinal);
        var byInterfaceMember = new Dictionary<string, SummaryEntry?>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            byKey[entry.Key] = entry;
            foreach (var member in entry.Implements)
            {
                // Two implementations of one member in one assembly: which one runs is decided at run time.
                byInterfaceMember[member] = byInterfaceMember.ContainsKey(member) ? null : entry;
            }
        }

        ByKey = byKey;
        ByInterfaceMember = byInterfaceMember;
    }

    public string AssemblyName { get; }

    public ImmutableArray<SummaryEntry> Entries { get; }

    /// <summary>Entries by the documentation ID of their method.</summary>
    public IReadOnlyDictionary<string, SummaryEntry> ByKey { get; }

    /// <summary>Entries by the documentation ID of an interface member they implement (null: several do).</summary>
    public IReadOnlyDictionary<string, SummaryEntry?> ByInterfaceMember { get; }
}

/// <summary>One blocking member of a summary.</summary>
/// <param name="Key">The documentation comment ID of the method (accessor, constructor).</param>
/// <param name="RuleId">The rule of the blocking operation at the end of the chain.</param>
/// <param name="CpuOnly">Whether every blocking operation found on the way is CPU-bound work (a <c>Task.Run</c> fix applies).</param>
/// <param name="Steps">The method itself first (<c>Type.Member(parameter types)</c>), then the methods it calls on the way, the blocking member last.</param>
/// <param name="Site">Where the blocking operation is (<c>file:line</c>), when known.</param>
/// <param name="Implements">Interface members (documentation IDs) this method is the only implementation of in its assembly.</param>
internal sealed record SummaryEntry(string Key, string RuleId, bool CpuOnly, ImmutableArray<string> Steps, string? Site, ImmutableArray<string> Implements)
{
    /// <summary>Parameters (bits by ordinal) for which in-memory streams, readers or writers from the caller keep the method from blocking; 0 when none do.</summary>
    public ulong InMemoryParameters { get; init; }

    /// <summary>Whether the method blocks when the caller passes in-memory streams for the parameters in <paramref name="inMemory"/>.</summary>
    public bool BlocksGiven(ulong inMemory) => InMemoryParameters == 0 || (InMemoryParameters & ~inMemory) != 0;
}
