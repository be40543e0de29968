using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers.Rules.Io;

/// <summary>How an entry of <see cref="NonEquivalentTwins"/> matches a call.</summary>
public enum TwinExclusionKind
{
    /// <summary>Every call whose receiver (or, for a static method, whose declaring type) is, or derives from, the type.</summary>
    ReceiverType,

    /// <summary>The named method of the type (or of a type deriving from it, or implementing it).</summary>
    Member,

    /// <summary>Calls on an object read from a property or field of the type (<c>Console.Out.Write</c>).</summary>
    ReceiverReadFrom,

    /// <summary>
    /// A stream, reader or writer over memory (and what derives from it): a call on it is silent unless it also touches
    /// a stream that is not in memory (<c>ms.CopyTo(file)</c>), and so is a call on a wrapper constructed over it or a
    /// local that holds one (see <see cref="InMemoryStreams"/>).
    /// </summary>
    InMemoryType,

    /// <summary>The named method returns a stream that is in memory (<c>Assembly.GetManifestResourceStream</c>).</summary>
    InMemorySource,

    /// <summary>
    /// Streams, readers and writers (and what derives from them): a call on one does its I/O on it, and one constructed
    /// over another (its first constructor argument) does its I/O on that one. A call is silent when every one it
    /// touches is in memory.
    /// </summary>
    StreamEndpoint,

    /// <summary>A serializer whose methods do I/O only on the streams, readers and writers passed to them: silent when those are in memory.</summary>
    StreamFormatter,

    /// <summary>The named method when its twin is the one the type declares, not an override (the base twin just calls the sync one).</summary>
    TwinNotOverriddenBelow,

    /// <summary>
    /// The named method on a receiver that <see cref="TwinExclusion.CreatedBy"/> returned (directly, through a local,
    /// or through a helper of the same file that returns it): <c>archive.CreateEntry(name).Open()</c>.
    /// </summary>
    ReceiverCreatedBy,

    /// <summary>The type belongs to another Unblock rule, which reports it with its own advice.</summary>
    OwnedByAnotherRule,
}

/// <summary>One row of the table: which calls, and why their twin is not an equivalent.</summary>
/// <param name="Kind">What the row matches.</param>
/// <param name="Type">Metadata name of the type (<c>System.IO.MemoryStream</c>, <c>Microsoft.EntityFrameworkCore.DbSet`1</c>).</param>
/// <param name="Member">Method name for <see cref="TwinExclusionKind.Member"/> and <see cref="TwinExclusionKind.TwinNotOverriddenBelow"/>.</param>
/// <param name="Reason">Why the twin is not an equivalent (evidence: the peers' issue trackers, the API docs).</param>
/// <param name="CreatedBy">For <see cref="TwinExclusionKind.ReceiverCreatedBy"/>: the method that made the receiver, <c>Namespace.Type.Method</c>.</param>
public sealed record TwinExclusion(TwinExclusionKind Kind, string Type, string? Member, string Reason, string? CreatedBy = null);

/// <summary>
/// BLK003's one table of twins that are not equivalent: calls that have an awaitable sibling but must stay silent.
/// Each row has a test in <c>BlockingIoTests</c>. Resolved once per compilation; rows whose type the compilation lacks
/// are dropped.
/// </summary>
public sealed class NonEquivalentTwins
{
    public static readonly ImmutableArray<TwinExclusion> Entries = ImmutableArray.Create(
        // In-memory types: the "async" versions complete synchronously and only add overhead (Meziantou #774).
        new TwinExclusion(TwinExclusionKind.InMemoryType, "System.IO.MemoryStream", null, "an in-memory stream does no I/O (RecyclableMemoryStream and other pooled streams derive from it)"),
        new TwinExclusion(TwinExclusionKind.InMemoryType, "System.IO.UnmanagedMemoryStream", null, "an in-memory stream does no I/O"),
        new TwinExclusion(TwinExclusionKind.InMemoryType, "System.IO.StringReader", null, "reads a string in memory"),
        new TwinExclusion(TwinExclusionKind.InMemoryType, "System.IO.StringWriter", null, "writes to a StringBuilder in memory"),
        new TwinExclusion(TwinExclusionKind.InMemorySource, "System.Reflection.Assembly", "GetManifestResourceStream", "an embedded resource is an UnmanagedMemoryStream over the loaded assembly image; its async methods complete synchronously"),

        // Wrappers over them (new StreamReader(ms), new JsonTextWriter(new StreamWriter(ms))), followed through locals.
        new TwinExclusion(TwinExclusionKind.StreamEndpoint, "System.IO.Stream", null, "a stream wrapping an in-memory stream (GZipStream, CryptoStream, BufferedStream) reads and writes memory"),
        new TwinExclusion(TwinExclusionKind.StreamEndpoint, "System.IO.TextReader", null, "a reader over an in-memory stream or string reads memory"),
        new TwinExclusion(TwinExclusionKind.StreamEndpoint, "System.IO.TextWriter", null, "a writer over an in-memory stream or string writer writes memory"),
        new TwinExclusion(TwinExclusionKind.StreamEndpoint, "Newtonsoft.Json.JsonReader", null, "a JSON reader over an in-memory reader reads memory"),
        new TwinExclusion(TwinExclusionKind.StreamEndpoint, "Newtonsoft.Json.JsonWriter", null, "a JSON writer over an in-memory writer writes memory"),
        new TwinExclusion(TwinExclusionKind.StreamEndpoint, "CsvHelper.CsvReader", null, "a CSV reader over an in-memory reader reads memory"),
        new TwinExclusion(TwinExclusionKind.StreamEndpoint, "CsvHelper.CsvWriter", null, "a CSV writer over an in-memory writer (an export built in a StringWriter) writes memory"),

        // Serializers given in-memory streams (JsonSerializer.Deserialize(new MemoryStream(bytes))).
        new TwinExclusion(TwinExclusionKind.StreamFormatter, "System.Text.Json.JsonSerializer", null, "serializes to and from the stream it is given"),
        new TwinExclusion(TwinExclusionKind.StreamFormatter, "System.Xml.Serialization.XmlSerializer", null, "serializes to and from the stream, reader or writer it is given (BlockingWithoutTwin reports it over a file)"),
        new TwinExclusion(TwinExclusionKind.StreamFormatter, "System.Runtime.Serialization.XmlObjectSerializer", null, "DataContractSerializer reads and writes the stream it is given (BlockingWithoutTwin reports it over a file)"),
        new TwinExclusion(TwinExclusionKind.StreamFormatter, "System.Xml.Linq.XNode", null, "XDocument/XElement load from and save to the stream, reader or writer they are given"),
        new TwinExclusion(TwinExclusionKind.StreamFormatter, "System.Text.Json.JsonDocument", null, "parses the stream it is given"),
        new TwinExclusion(TwinExclusionKind.StreamFormatter, "NetVips.Image", null, "decodes from and encodes to the stream it is given (BlockingWithoutTwin reports it over a file or network stream)"),

        // Zip entries being written: an entry that CreateEntry made has no data in the archive yet.
        new TwinExclusion(TwinExclusionKind.ReceiverCreatedBy, "System.IO.Compression.ZipArchiveEntry", "Open",
            "Open on a new entry only builds the write stream (a deflate wrapper over the archive stream); nothing is read, and the entry's header is written with the first write",
            "System.IO.Compression.ZipArchive.CreateEntry"),

        // Console: its writers are synchronous underneath; the async twins queue the same blocking write (SharpSource #97).
        new TwinExclusion(TwinExclusionKind.ReceiverReadFrom, "System.Console", null, "Console.Out/Error/In are synchronous writers and readers"),

        // EF Core: AddAsync exists only for special value generators (MA0042 #374/#376, CA1849 #6684, S6966 #9269).
        new TwinExclusion(TwinExclusionKind.Member, "Microsoft.EntityFrameworkCore.DbContext", "Add", "AddAsync is only for special value generators"),
        new TwinExclusion(TwinExclusionKind.Member, "Microsoft.EntityFrameworkCore.DbContext", "AddRange", "AddRangeAsync is only for special value generators"),
        new TwinExclusion(TwinExclusionKind.Member, "Microsoft.EntityFrameworkCore.DbSet`1", "Add", "AddAsync is only for special value generators"),
        new TwinExclusion(TwinExclusionKind.Member, "Microsoft.EntityFrameworkCore.DbSet`1", "AddRange", "AddRangeAsync is only for special value generators"),
        new TwinExclusion(TwinExclusionKind.TwinNotOverriddenBelow, "Microsoft.EntityFrameworkCore.ValueGeneration.ValueGenerator", "Next", "the base NextAsync just calls Next; only generators that need the database (HiLo sequences) override it, and those are not the static type here"),
        new TwinExclusion(TwinExclusionKind.TwinNotOverriddenBelow, "Microsoft.EntityFrameworkCore.ValueGeneration.ValueGenerator`1", "Next", "the base NextAsync just calls Next; only generators that need the database (HiLo sequences) override it, and those are not the static type here"),
        new TwinExclusion(TwinExclusionKind.Member, "Microsoft.CodeAnalysis.SyntaxTree", "GetRoot", "a tree parsed from text holds its root in memory; GetRootAsync exists for trees loaded lazily by a workspace (seen on btcpayserver's rate rules)"),
        new TwinExclusion(TwinExclusionKind.Member, "Microsoft.CodeAnalysis.SyntaxTree", "GetText", "same: the text of a parsed tree is in memory"),
        new TwinExclusion(TwinExclusionKind.Member, "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", "UseTransaction", "a DbTransaction belongs to an open connection, which EF opens only when it is closed: the context just records the transaction (UseTransactionAsync is for async interceptors)"),
        new TwinExclusion(TwinExclusionKind.Member, "Microsoft.EntityFrameworkCore.IDbContextFactory`1", "CreateDbContext", "CreateDbContextAsync is for factories that need I/O, not the default one (MA0042 #1115)"),

        // CancellationTokenSource.Cancel: CancelAsync only moves callbacks elsewhere; Cancel is the standard API (SharpSource #374).
        new TwinExclusion(TwinExclusionKind.Member, "System.Threading.CancellationTokenSource", "Cancel", "Cancel does no I/O; CancelAsync only runs the callbacks elsewhere"),

        // Dispose without I/O.
        new TwinExclusion(TwinExclusionKind.Member, "System.Threading.Timer", "Dispose", "disposing a timer does no I/O"),
        new TwinExclusion(TwinExclusionKind.Member, "System.Threading.CancellationTokenRegistration", "Dispose", "unregistering a callback does no I/O (VSTHRD103 #1003)"),
        new TwinExclusion(TwinExclusionKind.TwinNotOverriddenBelow, "System.Data.Common.DbConnection", "Dispose", "the base DisposeAsync just calls Dispose (Meziantou #1136)"),
        new TwinExclusion(TwinExclusionKind.TwinNotOverriddenBelow, "System.Data.Common.DbCommand", "Dispose", "the base DisposeAsync just calls Dispose (Meziantou #1136)"),
        new TwinExclusion(TwinExclusionKind.TwinNotOverriddenBelow, "System.Data.Common.DbDataReader", "Dispose", "the base DisposeAsync just calls Dispose (Meziantou #1136)"),
        new TwinExclusion(TwinExclusionKind.TwinNotOverriddenBelow, "System.Data.Common.DbTransaction", "Dispose", "the base DisposeAsync just calls Dispose (Meziantou #1136)"),

        // DbDataReader column getters: after Read the row is buffered; the async getters only matter with SequentialAccess.
        new TwinExclusion(TwinExclusionKind.Member, "System.Data.Common.DbDataReader", "GetFieldValue", "the row is already read; GetFieldValueAsync only helps with CommandBehavior.SequentialAccess"),
        new TwinExclusion(TwinExclusionKind.Member, "System.Data.Common.DbDataReader", "IsDBNull", "the row is already read; IsDBNullAsync only helps with CommandBehavior.SequentialAccess"),

        // XmlReader/XmlWriter: the Async methods throw unless the settings say Async = true.
        new TwinExclusion(TwinExclusionKind.ReceiverType, "System.Xml.XmlReader", null, "the async methods throw InvalidOperationException unless XmlReaderSettings.Async is true"),
        new TwinExclusion(TwinExclusionKind.ReceiverType, "System.Xml.XmlWriter", null, "the async methods throw InvalidOperationException unless XmlWriterSettings.Async is true"),

        // Reported by other rules, with their own advice.
        new TwinExclusion(TwinExclusionKind.OwnedByAnotherRule, "System.Threading.Tasks.Task", null, "BLK001"),
        new TwinExclusion(TwinExclusionKind.OwnedByAnotherRule, "System.Net.WebClient", null, "BLK004"),
        new TwinExclusion(TwinExclusionKind.OwnedByAnotherRule, "System.Net.WebRequest", null, "BLK004"),
        new TwinExclusion(TwinExclusionKind.OwnedByAnotherRule, "System.Threading.SemaphoreSlim", null, "BLK005"));

    private readonly Dictionary<INamedTypeSymbol, List<TwinExclusion>> _byType = new(SymbolEqualityComparer.Default);
    private readonly AsyncSymbols _symbols;
    private readonly InMemoryStreams _inMemory;
    private readonly Dictionary<TwinExclusion, (INamedTypeSymbol Type, string Name)> _creators = new();

    /// <summary>Locals and helpers followed back to the creating call at most.</summary>
    private const int MaxCreatedByDepth = 4;

    private NonEquivalentTwins(AsyncSymbols symbols)
    {
        _symbols = symbols;
        _inMemory = InMemoryStreams.For(symbols);
        foreach (var entry in Entries)
        {
            if (symbols.TypeByMetadataName(entry.Type) is { } type)
            {
                if (!_byType.TryGetValue(type, out var list))
                {
                    list = new List<TwinExclusion>();
                    _byType.Add(type, list);
                }

                list.Add(entry);
                if (entry.CreatedBy is { } createdBy && createdBy.LastIndexOf('.') is var dot and > 0
                    && symbols.TypeByMetadataName(createdBy.Substring(0, dot)) is { } creator)
                {
                    _creators[entry] = (creator, createdBy.Substring(dot + 1));
                }
            }
        }
    }

    /// <summary>The table resolved for this compilation (built once).</summary>
    public static NonEquivalentTwins For(AsyncSymbols symbols) => symbols.GetOrCreate(static s => new NonEquivalentTwins(s));

    /// <summary>The row that silences the call whatever its twin (receiver type, member, where the receiver comes from), or null.</summary>
    public TwinExclusion? BeforeLookup(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var receiverType = method.IsStatic ? method.ContainingType : invocation.Instance?.Type ?? method.ContainingType;

        // The receiver's type and its bases (and the declaring type's bases, for an interface or base call).
        foreach (var type in new[] { receiverType, method.ContainingType })
        {
            for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
            {
                if (Matches(current, method, TwinExclusionKind.ReceiverType, TwinExclusionKind.OwnedByAnotherRule, TwinExclusionKind.Member) is { } row)
                {
                    return row;
                }
            }

            if (type is not null)
            {
                foreach (var iface in type.AllInterfaces)
                {
                    if (Matches(iface, method, TwinExclusionKind.Member, TwinExclusionKind.Member, TwinExclusionKind.Member) is { } row)
                    {
                        return row;
                    }
                }
            }
        }

        if (invocation.Instance is IPropertyReferenceOperation or IFieldReferenceOperation)
        {
            var member = ((IMemberReferenceOperation)invocation.Instance).Member;
            if (member.IsStatic && member.ContainingType is { } owner
                && Matches(owner, method, TwinExclusionKind.ReceiverReadFrom, TwinExclusionKind.ReceiverReadFrom, TwinExclusionKind.ReceiverReadFrom) is { } row)
            {
                return row;
            }
        }

        if (invocation.Instance is { } instance && receiverType is INamedTypeSymbol receiverNamed && _byType.TryGetValue(receiverNamed.OriginalDefinition, out var created))
        {
            foreach (var row in created)
            {
                if (row.Kind == TwinExclusionKind.ReceiverCreatedBy && row.Member == method.Name && IsCreatedBy(instance, row, 0))
                {
                    return row;
                }
            }
        }

        // Every stream, reader or writer the call touches is in memory (a wrapper over one, a local holding one).
        var none = 0UL;
        return _inMemory.OnlyTouchesMemory(invocation, owner: null, assumed: 0, ref none);
    }

    /// <summary>Whether <paramref name="value"/> was returned by the row's <see cref="TwinExclusion.CreatedBy"/> method.</summary>
    private bool IsCreatedBy(IOperation value, TwinExclusion row, int depth)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        switch (value)
        {
            case IInvocationOperation call:
                if (_creators.TryGetValue(row, out var creator) && call.TargetMethod.Name == creator.Name
                    && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType?.OriginalDefinition, creator.Type))
                {
                    return true;
                }

                // GetEntry(name) => archive.CreateEntry(...): a helper of the same file, every return of which is one.
                if (depth >= MaxCreatedByDepth || call.SemanticModel is not { } model)
                {
                    return false;
                }

                var returned = LocalValues.ReturnedValues(call.TargetMethod, model, _symbols);
                if (returned.Count == 0)
                {
                    return false;
                }

                foreach (var each in returned)
                {
                    if (!IsCreatedBy(each, row, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case ILocalReferenceOperation local:
                return depth < MaxCreatedByDepth && LocalValues.InitializerOf(local) is { } initializer && IsCreatedBy(initializer, row, depth + 1);
            default:
                return false;
        }
    }

    /// <summary>The row that silences the call because of which twin it has (the base's non-overridden one), or null.</summary>
    public TwinExclusion? AfterLookup(IInvocationOperation invocation, IMethodSymbol twin)
    {
        if (twin.ContainingType is { } declaring && _byType.TryGetValue(declaring.OriginalDefinition, out var rows))
        {
            foreach (var row in rows)
            {
                if (row.Kind == TwinExclusionKind.TwinNotOverriddenBelow && row.Member == invocation.TargetMethod.Name)
                {
                    return row;
                }
            }
        }

        return null;
    }

    private TwinExclusion? Matches(INamedTypeSymbol type, IMethodSymbol method, TwinExclusionKind a, TwinExclusionKind b, TwinExclusionKind c)
    {
        if (!_byType.TryGetValue(type.OriginalDefinition, out var rows))
        {
            return null;
        }

        foreach (var row in rows)
        {
            if ((row.Kind == a || row.Kind == b || row.Kind == c) && (row.Member is null || row.Member == method.Name))
            {
                return row;
            }
        }

        return null;
    }
}
