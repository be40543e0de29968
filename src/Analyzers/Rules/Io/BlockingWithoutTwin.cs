using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers.Rules.Io;

/// <summary>
/// Knowledge: blocking I/O whose cost grows with the data or the number of files, and that has no asynchronous twin
/// for the twin search to find (copying and moving files, walking and deleting directories, zipping a folder, loading
/// XML from a path, encoding images to files, reading media tags, disconnecting an SSH client, beginning a SqlClient transaction, XmlSerializer over a file stream, NetVips decoding a network stream). Reported by BLK003 with the asynchronous way in the message, and no fix.
/// Deleting a file is listed: the file system frees its data (the cost grows with its size, and network shares and
/// virus scanners make it wait). Single metadata calls (<c>File.Exists</c>, <c>Directory.CreateDirectory</c>) are not:
/// they cost one system call. Matched by method name first, then by the declaring type's full name. Also constructors
/// that read the stream they are given (<c>new ZipArchive(stream)</c>, <see cref="ReadingConstructorAdvice"/>).
/// </summary>
internal static class BlockingWithoutTwin
{
    private const string CopyAdvice = "it has no asynchronous twin: copy through streams with 'await source.CopyToAsync(target, token)', or move the work into 'await Task.Run(...)'";
    private const string DeleteAdvice = "deleting a file frees its data on disk (its cost grows with the file, and network shares and virus scanners make it wait), and there is no asynchronous API: move it into 'await Task.Run(...)'";
    private const string DirectoryAdvice = "the file system has no asynchronous directory API: move the whole walk or delete into 'await Task.Run(...)'";
    private const string ZipAdvice = "it reads and writes every file synchronously: use the ZipArchive async APIs over streams, or 'await Task.Run(...)'";
    private const string XmlAdvice = "it reads or writes the file synchronously: open a FileStream with useAsync and use 'await XDocument.LoadAsync(stream, ...)' / 'SaveAsync', or 'await Task.Run(...)'";
    private const string SshAdvice = "it disconnects the SSH session and waits for its message listener to stop: disconnect asynchronously, or move it into 'await Task.Run(...)'";
    private const string MediaTagsAdvice = "it reads the media file's headers and tags (Save: rewrites the file) synchronously, and TagLib# has no asynchronous API: move it into 'await Task.Run(...)'";
    private const string SqlBeginAdvice = "it sends the request to begin the transaction to SQL Server and waits for the reply, and SqlClient has no asynchronous way (its BeginTransactionAsync runs the same request synchronously): begin the transaction in the SQL of the first awaited command, or accept one round trip here";
    private const string ImageAdvice = "it decodes or encodes the image and reads or writes the file synchronously: move it into 'await Task.Run(...)'";

    private static readonly ImmutableArray<string> DirectoryMethods = ImmutableArray.Create(
        "Delete", "Move", "GetFiles", "GetDirectories", "GetFileSystemEntries", "EnumerateFiles", "EnumerateDirectories",
        "EnumerateFileSystemEntries");

    private static readonly ImmutableArray<string> DirectoryInfoMethods = ImmutableArray.Create(
        "Delete", "MoveTo", "GetFiles", "GetDirectories", "GetFileSystemInfos", "EnumerateFiles", "EnumerateDirectories",
        "EnumerateFileSystemInfos");

    /// <summary>Method name to the declaring types (full names) that block, and what to do instead.</summary>
    private static readonly MethodTable Table = MethodTable.Build(
        ("System.IO.File", ImmutableArray.Create("Copy", "Move", "Replace"), false, CopyAdvice),
        ("System.IO.FileInfo", ImmutableArray.Create("CopyTo", "MoveTo", "Replace"), false, CopyAdvice),
        ("System.IO.File", ImmutableArray.Create("Delete"), false, DeleteAdvice),
        ("System.IO.FileInfo", ImmutableArray.Create("Delete"), false, DeleteAdvice),
        ("System.IO.Directory", DirectoryMethods, false, DirectoryAdvice),
        ("System.IO.DirectoryInfo", DirectoryInfoMethods, false, DirectoryAdvice),

        // System.IO.Abstractions (TestableIO), the file system behind many services' DI: the same calls through its interfaces.
        ("System.IO.Abstractions.IFile", ImmutableArray.Create("Copy", "Move", "Replace"), false, CopyAdvice),
        ("System.IO.Abstractions.FileBase", ImmutableArray.Create("Copy", "Move", "Replace"), false, CopyAdvice),
        ("System.IO.Abstractions.IFileInfo", ImmutableArray.Create("CopyTo", "MoveTo", "Replace"), false, CopyAdvice),
        ("System.IO.Abstractions.FileInfoBase", ImmutableArray.Create("CopyTo", "MoveTo", "Replace"), false, CopyAdvice),
        ("System.IO.Abstractions.IFile", ImmutableArray.Create("Delete"), false, DeleteAdvice),
        ("System.IO.Abstractions.FileBase", ImmutableArray.Create("Delete"), false, DeleteAdvice),
        ("System.IO.Abstractions.IFileInfo", ImmutableArray.Create("Delete"), false, DeleteAdvice),
        ("System.IO.Abstractions.FileInfoBase", ImmutableArray.Create("Delete"), false, DeleteAdvice),
        ("System.IO.Abstractions.IDirectory", DirectoryMethods, false, DirectoryAdvice),
        ("System.IO.Abstractions.DirectoryBase", DirectoryMethods, false, DirectoryAdvice),
        ("System.IO.Abstractions.IDirectoryInfo", DirectoryInfoMethods, false, DirectoryAdvice),
        ("System.IO.Abstractions.DirectoryInfoBase", DirectoryInfoMethods, false, DirectoryAdvice),

        ("System.IO.Compression.ZipFile", ImmutableArray.Create("CreateFromDirectory", "ExtractToDirectory", "Open", "OpenRead"), false, ZipAdvice),
        ("System.IO.Compression.ZipFileExtensions", ImmutableArray.Create("ExtractToDirectory", "ExtractToFile", "CreateEntryFromFile"), false, ZipAdvice),

        // Loading from or saving to a path; the stream overloads are judged by the stream (an in-memory one does no I/O).
        ("System.Xml.XmlDocument", ImmutableArray.Create("Load", "Save"), true, XmlAdvice),
        ("System.Xml.Linq.XDocument", ImmutableArray.Create("Load", "Save"), true, XmlAdvice),
        ("System.Xml.Linq.XElement", ImmutableArray.Create("Load", "Save"), true, XmlAdvice),

        // SSH.NET: Dispose disconnects (sends the disconnect message, then joins the listener thread).
        ("Renci.SshNet.BaseClient", ImmutableArray.Create("Dispose", "Disconnect"), false, SshAdvice),

        // NetVips: libvips decodes from and encodes to files synchronously.
        ("NetVips.Image", ImmutableArray.Create("NewFromFile", "Thumbnail", "WriteToFile", "Jpegsave", "Pngsave", "Webpsave", "Heifsave", "Tiffsave", "Gifsave", "Avifsave"), true, ImageAdvice),

        // System.Drawing and SkiaSharp: decoding from a path.
        ("System.Drawing.Image", ImmutableArray.Create("FromFile"), true, ImageAdvice),
        ("SkiaSharp.SKBitmap", ImmutableArray.Create("Decode"), true, ImageAdvice),
        ("SkiaSharp.SKImage", ImmutableArray.Create("FromEncodedData"), true, ImageAdvice),

        // SqlClient: BeginTransaction is a round trip to the server; the twin search finds no twin (BeginTransactionAsync
        // returns a DbTransaction, not a SqlTransaction), and SqlClient's BeginTransactionAsync is the base class's
        // synchronous one anyway. Providers that defer BEGIN to the next command (Npgsql) are not listed.
        ("Microsoft.Data.SqlClient.SqlConnection", ImmutableArray.Create("BeginTransaction"), false, SqlBeginAdvice),
        ("System.Data.SqlClient.SqlConnection", ImmutableArray.Create("BeginTransaction"), false, SqlBeginAdvice),

        // TagLib#: File.Create parses the media file (from a path or a file abstraction's stream) before it returns.
        ("TagLib.File", ImmutableArray.Create("Create", "Save"), false, MediaTagsAdvice));

    private const string StreamSerializerAdvice = "the serializer has no asynchronous API and reads or writes the whole document synchronously through the stream it is given: go through memory ('await stream.CopyToAsync(memoryStream)' before reading, 'await memoryStream.CopyToAsync(stream)' after writing), or move it into 'await Task.Run(...)'";

    private const string ImageStreamAdvice = "libvips decodes from or encodes to the stream it is given synchronously, pulling or pushing its bytes on the calling thread: go through memory ('await stream.CopyToAsync(memoryStream)', then 'Image.NewFromBuffer(memoryStream.ToArray())'; 'WriteToBuffer' before 'await stream.WriteAsync(...)'), or move it into 'await Task.Run(...)'";

    /// <summary>
    /// APIs without an asynchronous twin that read or write the stream, reader or writer they are given first:
    /// serializers, and NetVips's stream loaders and savers. They block on that argument unless it is in memory
    /// (BlockingIoAnalyzer checks with InMemoryStreams, which knows their types as stream formatters).
    /// </summary>
    private static readonly MethodTable StreamArgumentApis = MethodTable.Build(
        ("System.Xml.Serialization.XmlSerializer", ImmutableArray.Create("Deserialize", "Serialize"), false, StreamSerializerAdvice),
        ("System.Runtime.Serialization.XmlObjectSerializer", ImmutableArray.Create("ReadObject", "WriteObject"), false, StreamSerializerAdvice),
        ("NetVips.Image", ImmutableArray.Create(
            "NewFromStream", "ThumbnailStream", "PngloadStream", "JpegloadStream", "WebploadStream", "GifloadStream", "HeifloadStream",
            "TiffloadStream", "SvgloadStream", "PdfloadStream", "JxlloadStream", "MagickloadStream", "WriteToStream", "PngsaveStream",
            "JpegsaveStream", "WebpsaveStream", "HeifsaveStream", "TiffsaveStream", "GifsaveStream", "JxlsaveStream", "MagicksaveStream"), false, ImageStreamAdvice));

    private const string ArchiveReadAdvice = "it reads the archive's central directory from the stream synchronously (in Update mode, the whole archive): ";
    private const string ArchiveCreateAsync = "use 'await ZipArchive.CreateAsync(stream, mode, leaveOpen, entryNameEncoding: null, cancellationToken)', or copy the stream into memory first with 'await stream.CopyToAsync(memoryStream)'";
    private const string ArchiveCopyFirst = "copy the stream into memory first with 'await stream.CopyToAsync(memoryStream)', or move it into 'await Task.Run(...)'";

    /// <summary>
    /// The one constructor known to read the stream it is given before it returns: a <c>ZipArchive</c> opened for
    /// reading (the default) or update reads the central directory (ZipArchiveMode.Create reads nothing). Judged by the
    /// stream and the mode at each call (<see cref="ReadingConstructorAdvice"/>, whose mode and advice are its own).
    /// </summary>
    private const string ZipArchiveType = "System.IO.Compression.ZipArchive";

    private const string ZipArchiveName = "ZipArchive";

    /// <summary>
    /// What to do instead of <paramref name="creation"/> when it creates a <c>ZipArchive</c> (<see cref="ZipArchiveType"/>)
    /// and the mode argument does not rule out reading, with the stream argument; else null (the caller decides whether
    /// the stream is in memory). The advice names <c>ZipArchive.CreateAsync</c> where the framework has it (.NET 10).
    /// </summary>
    public static string? ReadingConstructorAdvice(IObjectCreationOperation creation, out IArgumentOperation? stream)
    {
        stream = null;
        // The name first: this runs for every object creation, and a full name is a string built each time.
        if (creation.Constructor is not { ContainingType: { Name: ZipArchiveName } type } || !string.Equals(MethodTable.FullName(type), ZipArchiveType, StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter is not { } parameter)
            {
                continue;
            }

            if (parameter.Type.TypeKind == TypeKind.Enum && argument.Value.ConstantValue is { HasValue: true, Value: int mode } && mode == CreateMode)
            {
                return null;
            }

            if (parameter.Ordinal == 0 && parameter.Type is INamedTypeSymbol { Name: "Stream" } streamType && MethodTable.FullName(streamType) == "System.IO.Stream")
            {
                stream = argument;
            }
        }

        return stream is null ? null : ArchiveReadAdvice + (type.GetMembers("CreateAsync").IsEmpty ? ArchiveCopyFirst : ArchiveCreateAsync);
    }

    /// <summary><c>ZipArchiveMode.Create</c>: the archive is only written.</summary>
    private const int CreateMode = 1;

    /// <summary>What to do instead of <paramref name="method"/> when the table lists it, else null.</summary>
    public static string? AdviceFor(IMethodSymbol method) => Table.Find(method);

    /// <summary>
    /// What to do instead of <paramref name="method"/> when it blocks on the stream it is given first (a serializer, a
    /// NetVips loader or saver: <see cref="StreamArgumentApis"/>), else null; the caller decides whether the stream is in
    /// memory.
    /// </summary>
    public static string? StreamArgumentAdviceFor(IMethodSymbol method) => StreamArgumentApis.Find(method);
}
