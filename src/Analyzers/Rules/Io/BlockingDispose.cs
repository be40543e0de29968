using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers.Rules.Io;

/// <summary>When the synchronous <c>Dispose</c> of a type does I/O (<see cref="BlockingDisposeEntry"/>).</summary>
public enum DisposeCondition
{
    /// <summary>Every <c>Dispose</c> of an open instance does I/O.</summary>
    Always,

    /// <summary>
    /// A stream opened for writing (<c>File.Create</c>, <c>File.OpenWrite</c>, <c>FileMode.Create</c>/<c>CreateNew</c>/
    /// <c>Truncate</c>/<c>Append</c>, <c>FileAccess.Write</c>): <c>Dispose</c> flushes the bytes still buffered.
    /// </summary>
    OpenedForWriting,
}

/// <summary>One row of <see cref="BlockingDispose"/>: a type (and what derives from or implements it) and why its <c>Dispose</c> blocks.</summary>
/// <param name="Type">Metadata name of the type.</param>
/// <param name="Reason">What <c>Dispose</c> does that waits on I/O (evidence: the library's source).</param>
public sealed record BlockingDisposeEntry(string Type, DisposeCondition Condition, string Reason);

/// <summary>
/// Knowledge: types whose synchronous <c>Dispose</c> waits on I/O, so that a synchronous <c>using</c> in async code
/// blocks at the end of its scope: a file stream that was written (the last buffer is flushed), network channels and
/// clients that close with a round trip. BLK003 reports such a <c>using</c>, with <c>await using</c> as the fix where
/// the type is <c>IAsyncDisposable</c>. Types whose <c>Dispose</c> only releases memory or handles
/// (<c>MemoryStream</c>, <c>CancellationTokenSource</c>, <c>WebSocket</c>, a stream opened for reading) are not
/// listed. Resolved once per compilation; rows whose type the compilation lacks are dropped.
/// </summary>
public sealed class BlockingDispose
{
    public static readonly ImmutableArray<BlockingDisposeEntry> Entries = ImmutableArray.Create(
        new BlockingDisposeEntry("System.IO.FileStream", DisposeCondition.OpenedForWriting, "flushes the bytes still buffered to the file"),
        new BlockingDisposeEntry("RabbitMQ.Client.IChannel", DisposeCondition.Always, "closes the channel with a round trip to the broker (it waits on CloseAsync)"),
        new BlockingDisposeEntry("RabbitMQ.Client.IConnection", DisposeCondition.Always, "closes the connection with a round trip to the broker (it waits on CloseAsync)"),
        new BlockingDisposeEntry("Renci.SshNet.BaseClient", DisposeCondition.Always, "disconnects the SSH session and waits for its message listener to stop"));

    /// <summary>
    /// Awaited calls on the resource (as receiver or an extension's first argument) after which its <c>Dispose</c> has
    /// nothing left to write or wait for: an asynchronous flush, close or disconnect.
    /// </summary>
    public static readonly ImmutableArray<string> FinishingCalls = ImmutableArray.Create("FlushAsync", "CloseAsync", "DisconnectAsync");

    private readonly List<(INamedTypeSymbol Type, BlockingDisposeEntry Entry)> _rows = new();
    private readonly INamedTypeSymbol? _jsonSerializer;
    private readonly INamedTypeSymbol? _file;
    private readonly INamedTypeSymbol? _fileInfo;
    private readonly INamedTypeSymbol? _fileMode;
    private readonly INamedTypeSymbol? _fileAccess;
    private readonly INamedTypeSymbol? _asyncDisposable;
    private readonly IMethodSymbol? _dispose;

    private BlockingDispose(AsyncSymbols symbols)
    {
        foreach (var entry in Entries)
        {
            if (symbols.TypeByMetadataName(entry.Type) is { } type)
            {
                _rows.Add((type, entry));
            }
        }

        _file = symbols.TypeByMetadataName("System.IO.File");
        _fileInfo = symbols.TypeByMetadataName("System.IO.FileInfo");
        _fileMode = symbols.TypeByMetadataName("System.IO.FileMode");
        _fileAccess = symbols.TypeByMetadataName("System.IO.FileAccess");
        _asyncDisposable = symbols.TypeByMetadataName("System.IAsyncDisposable");
        _jsonSerializer = symbols.TypeByMetadataName("System.Text.Json.JsonSerializer");
        _dispose = symbols.Compilation.GetSpecialType(SpecialType.System_IDisposable).GetMembers("Dispose").FirstOrDefault() as IMethodSymbol;
    }

    /// <summary>
    /// Whether the last statement of <paramref name="scope"/> that uses <paramref name="local"/> awaits a call that
    /// leaves <c>Dispose</c> nothing to do (<see cref="FinishingCalls"/>, or <c>JsonSerializer.SerializeAsync</c>, which
    /// flushes the stream it writes): <c>await connection.DisconnectAsync()</c> as the last use of an SSH client.
    /// </summary>
    public bool IsFinishedBeforeDispose(ILocalSymbol local, IEnumerable<IOperation> scope)
    {
        IOperation? last = null;
        foreach (var statement in scope)
        {
            if (Uses(statement, local))
            {
                last = statement;
            }
        }

        if (last is not IExpressionStatementOperation { Operation: IAwaitOperation { Operation: var awaited } })
        {
            return false;
        }

        while (awaited is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
        {
            awaited = configured;
        }

        if (awaited is not IInvocationOperation call)
        {
            return false;
        }

        var target = call.Instance ?? (call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
        if (target?.WithoutImplicitConversions() is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
        {
            return false;
        }

        return FinishingCalls.Contains(call.TargetMethod.Name)
               || (call.TargetMethod.Name == "SerializeAsync" && SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, _jsonSerializer));
    }

    private static bool Uses(IOperation statement, ILocalSymbol local)
    {
        foreach (var operation in statement.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <c>await using</c> accepts a resource of <paramref name="type"/> (it is, or implements, <c>IAsyncDisposable</c>).</summary>
    public bool IsAsyncDisposable(ITypeSymbol type)
        => _asyncDisposable is not null && type is INamedTypeSymbol named && IsOrDerives(named, _asyncDisposable);

    /// <summary>The <c>Dispose</c> a <c>using</c> of <paramref name="type"/> calls (for <c>excluded_methods</c>), or null.</summary>
    public IMethodSymbol? DisposeOf(ITypeSymbol type)
        => _dispose is null ? null : type.FindImplementationForInterfaceMember(_dispose) as IMethodSymbol ?? _dispose;

    /// <summary>The table resolved for this compilation (built once).</summary>
    public static BlockingDispose For(AsyncSymbols symbols) => symbols.GetOrCreate(static s => new BlockingDispose(s));

    /// <summary>The row that makes disposing <paramref name="resource"/> (a <c>using</c> resource's value) block, or null.</summary>
    public BlockingDisposeEntry? Find(IOperation resource)
    {
        if (_rows.Count == 0 || resource.Type is not INamedTypeSymbol type)
        {
            return null;
        }

        foreach (var (rowType, entry) in _rows)
        {
            if (!IsOrDerives(type, rowType))
            {
                continue;
            }

            return entry.Condition == DisposeCondition.Always || IsOpenedForWriting(resource) ? entry : null;
        }

        return null;
    }

    private static bool IsOrDerives(INamedTypeSymbol type, INamedTypeSymbol row)
    {
        if (row.TypeKind == TypeKind.Interface)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, row))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, row))
                {
                    return true;
                }
            }

            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, row))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the stream was opened for writing, from the call or <c>new</c> that opened it: <c>File.Create</c>,
    /// <c>File.OpenWrite</c> (and <c>FileInfo</c>'s), or a <c>FileMode</c> that creates, truncates or appends, or
    /// <c>FileAccess.Write</c>. A mode that may only read (<c>Open</c>, <c>OpenOrCreate</c> without an access) is not.
    /// </summary>
    private bool IsOpenedForWriting(IOperation value)
    {
        while (value is IConversionOperation conversion)
        {
            value = conversion.Operand;
        }

        if (value is ILocalReferenceOperation local && LocalValues.InitializerOf(local) is { } initializer)
        {
            return IsOpenedForWriting(initializer);
        }

        ImmutableArray<IArgumentOperation> arguments;
        switch (value)
        {
            case IInvocationOperation call:
                var owner = call.TargetMethod.ContainingType?.OriginalDefinition;
                if (!SymbolEqualityComparer.Default.Equals(owner, _file) && !SymbolEqualityComparer.Default.Equals(owner, _fileInfo))
                {
                    return false;
                }

                if (call.TargetMethod.Name is "Create" or "OpenWrite")
                {
                    return true;
                }

                if (call.TargetMethod.Name != "Open")
                {
                    return false;
                }

                arguments = call.Arguments;
                break;
            case IObjectCreationOperation creation:
                arguments = creation.Arguments;
                break;
            default:
                return false;
        }

        var writes = false;
        foreach (var argument in arguments)
        {
            if (argument.Value.ConstantValue is not { HasValue: true, Value: int constant } || argument.Value.Type is not { } argumentType)
            {
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(argumentType, _fileAccess))
            {
                // An explicit access decides: Write (2), or ReadWrite (3) with a mode that creates, truncates or appends.
                return constant == 2 || (constant == 3 && writes);
            }

            if (SymbolEqualityComparer.Default.Equals(argumentType, _fileMode))
            {
                // CreateNew (1), Create (2), Truncate (5), Append (6); not Open (3) nor OpenOrCreate (4).
                writes = constant is 1 or 2 or 5 or 6;
            }
        }

        return writes;
    }
}
