using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Unblock.Analyzers.Rules.CpuBound;

/// <summary>How a table entry's cost grows.</summary>
public enum CpuCostShape
{
    /// <summary>A fixed nominal cost per call, for an input of unknown (request-sized) size.</summary>
    PerCall,

    /// <summary>Image work: a fixed nominal cost for an image of unknown size (a phone photo).</summary>
    Image,

    /// <summary>Sorting: <c>n log2 n</c> comparisons of the first argument's length (<c>unknown_count</c> when unknown).</summary>
    Sort,
}

/// <summary>One CPU-heavy API: its declaring type, the methods (<c>.ctor</c> for constructors), and the nominal cost.</summary>
/// <param name="RequiredParameterTypes">For constructors that only sometimes work: one parameter must have one of these type names (<c>|</c>-separated).</param>
public sealed record CpuCostEntry(
    string Namespace, string Type, string Methods, double Nanoseconds, string Work, CpuCostShape Shape = CpuCostShape.PerCall, string? RequiredParameterTypes = null);

/// <summary>
/// Knowledge: the nominal CPU cost of well-known heavy APIs, per call. The numbers are rounded measurements of a small
/// input on one server core (docs/rules/BLK006.md): a hash or a cipher of 4 KB, a match of a short string, a small DTO,
/// a phone photo. They are meant to be multiplied by a loop's iterations, and compared with the budget. The calls
/// measured are in tests/Unblock.Calibration (dotnet run -c Release --project tests/Unblock.Calibration).
/// </summary>
public static class CpuCostTable
{
    private const string Crypto = "System.Security.Cryptography";
    private const double Hash = 2_500;          // SHA256.HashData, 4 KB: 2.4 µs
    private const double Cipher = 4_000;        // Aes.EncryptCbc, 4 KB: 4.0 µs
    private const double PrivateKey = 500_000;
    private const double Compression = 100_000;
    private const double RegexMatch = 100;      // Regex.IsMatch, cached pattern, short string: 72 ns
    private const double RegexBuild = 2_500;    // new Regex(pattern), interpreted: 2.3 µs
    private const double Json = 500;            // JsonSerializer.Serialize/Deserialize, 6-field DTO: 0.3-0.4 µs
    private const double Xml = 10_000;
    private const double ImageWork = 20_000_000;

    /// <summary>Nominal nanoseconds per comparison of a sort.</summary>
    public const double SortComparisonNanoseconds = 3;

    /// <summary>The table. Add a row here, not an <c>if</c> in the rule.</summary>
    public static readonly ImmutableArray<CpuCostEntry> Entries = ImmutableArray.Create(
        // Hashing and MACs.
        new CpuCostEntry(Crypto, "HashAlgorithm", "ComputeHash TryComputeHash", Hash, "hashing"),
        new CpuCostEntry(Crypto, "SHA1", "HashData TryHashData", Hash, "hashing"),
        new CpuCostEntry(Crypto, "SHA256", "HashData TryHashData", Hash, "hashing"),
        new CpuCostEntry(Crypto, "SHA384", "HashData TryHashData", Hash, "hashing"),
        new CpuCostEntry(Crypto, "SHA512", "HashData TryHashData", Hash, "hashing"),
        new CpuCostEntry(Crypto, "SHA3_256", "HashData TryHashData", Hash, "hashing"),
        new CpuCostEntry(Crypto, "SHA3_384", "HashData TryHashData", Hash, "hashing"),
        new CpuCostEntry(Crypto, "SHA3_512", "HashData TryHashData", Hash, "hashing"),
        new CpuCostEntry(Crypto, "MD5", "HashData TryHashData", Hash, "hashing"),
        new CpuCostEntry(Crypto, "HMACSHA1", "HashData TryHashData", Hash, "hashing"),
        new CpuCostEntry(Crypto, "HMACSHA256", "HashData TryHashData", Hash, "hashing"),
        new CpuCostEntry(Crypto, "HMACSHA384", "HashData TryHashData", Hash, "hashing"),
        new CpuCostEntry(Crypto, "HMACSHA512", "HashData TryHashData", Hash, "hashing"),
        new CpuCostEntry(Crypto, "HMACMD5", "HashData TryHashData", Hash, "hashing"),
        new CpuCostEntry(Crypto, "CryptographicOperations", "HashData HmacData", Hash, "hashing"),
        new CpuCostEntry(Crypto, "IncrementalHash", "AppendData", Hash, "hashing"),

        // Encryption.
        new CpuCostEntry(Crypto, "SymmetricAlgorithm",
            "EncryptCbc DecryptCbc EncryptEcb DecryptEcb EncryptCfb DecryptCfb TryEncryptCbc TryDecryptCbc TryEncryptEcb TryDecryptEcb TryEncryptCfb TryDecryptCfb",
            Cipher, "encryption"),
        new CpuCostEntry(Crypto, "ICryptoTransform", "TransformBlock TransformFinalBlock", Cipher, "encryption"),
        new CpuCostEntry(Crypto, "AesGcm", "Encrypt Decrypt", Cipher, "encryption"),
        new CpuCostEntry(Crypto, "AesCcm", "Encrypt Decrypt", Cipher, "encryption"),
        new CpuCostEntry(Crypto, "ChaCha20Poly1305", "Encrypt Decrypt", Cipher, "encryption"),
        new CpuCostEntry(Crypto, "RSA", "SignData SignHash TrySignData TrySignHash Decrypt TryDecrypt", PrivateKey, "private-key operation"),
        new CpuCostEntry(Crypto, "ECDsa", "SignData SignHash TrySignData TrySignHash", PrivateKey, "private-key operation"),

        // Compression.
        new CpuCostEntry("System.IO.Compression", "BrotliEncoder", "TryCompress Compress", Compression, "compression"),
        new CpuCostEntry("System.IO.Compression", "BrotliDecoder", "TryDecompress Decompress", Compression, "decompression"),

        // Regular expressions.
        new CpuCostEntry("System.Text.RegularExpressions", "Regex", "IsMatch Match Matches Replace Split Count EnumerateMatches EnumerateSplits", RegexMatch, "regular expression"),
        new CpuCostEntry("System.Text.RegularExpressions", "Regex", ".ctor", RegexBuild, "building a regular expression"),

        // Serialisation.
        new CpuCostEntry("System.Text.Json", "JsonSerializer", "Serialize Deserialize SerializeToUtf8Bytes SerializeToDocument SerializeToElement SerializeToNode", Json, "serialisation"),
        new CpuCostEntry("Newtonsoft.Json", "JsonConvert", "SerializeObject DeserializeObject PopulateObject SerializeXmlNode DeserializeXmlNode", Json, "serialisation"),
        new CpuCostEntry("MessagePack", "MessagePackSerializer", "Serialize Deserialize", Json, "serialisation"),
        new CpuCostEntry("System.Xml.Serialization", "XmlSerializer", "Serialize Deserialize", Xml, "serialisation"),
        new CpuCostEntry("System.Runtime.Serialization", "XmlObjectSerializer", "WriteObject ReadObject", Xml, "serialisation"),

        // Images: System.Drawing.
        new CpuCostEntry("System.Drawing", "Image", "FromStream FromFile", ImageWork, "image decoding", CpuCostShape.Image),
        new CpuCostEntry("System.Drawing", "Image", "Save GetThumbnailImage RotateFlip", ImageWork, "image encoding", CpuCostShape.Image),
        new CpuCostEntry("System.Drawing", "Bitmap", ".ctor", ImageWork, "image decoding or resizing", CpuCostShape.Image, "Image|Bitmap|Stream|String"),
        new CpuCostEntry("System.Drawing", "Graphics", "DrawImage", ImageWork, "image drawing", CpuCostShape.Image),

        // Images: SkiaSharp.
        new CpuCostEntry("SkiaSharp", "SKBitmap", "Decode", ImageWork, "image decoding", CpuCostShape.Image),
        new CpuCostEntry("SkiaSharp", "SKBitmap", "Resize ScalePixels", ImageWork, "image resizing", CpuCostShape.Image),
        new CpuCostEntry("SkiaSharp", "SKBitmap", "Encode", ImageWork, "image encoding", CpuCostShape.Image),
        new CpuCostEntry("SkiaSharp", "SKImage", "FromEncodedData", ImageWork, "image decoding", CpuCostShape.Image),
        new CpuCostEntry("SkiaSharp", "SKImage", "ScalePixels", ImageWork, "image resizing", CpuCostShape.Image),
        new CpuCostEntry("SkiaSharp", "SKImage", "Encode", ImageWork, "image encoding", CpuCostShape.Image),
        new CpuCostEntry("SkiaSharp", "SKPixmap", "ScalePixels", ImageWork, "image resizing", CpuCostShape.Image),
        new CpuCostEntry("SkiaSharp", "SKPixmap", "Encode", ImageWork, "image encoding", CpuCostShape.Image),
        new CpuCostEntry("SkiaSharp", "SKCodec", "GetPixels", ImageWork, "image decoding", CpuCostShape.Image),

        // Images: ImageSharp.
        new CpuCostEntry("SixLabors.ImageSharp", "Image", "Load", ImageWork, "image decoding", CpuCostShape.Image),
        new CpuCostEntry("SixLabors.ImageSharp", "Image", "Save", ImageWork, "image encoding", CpuCostShape.Image),
        new CpuCostEntry("SixLabors.ImageSharp", "ImageExtensions",
            "Save SaveAsJpeg SaveAsPng SaveAsWebp SaveAsGif SaveAsBmp SaveAsTiff SaveAsTga SaveAsPbm SaveAsQoi", ImageWork, "image encoding", CpuCostShape.Image),
        new CpuCostEntry("SixLabors.ImageSharp.Processing", "ProcessingExtensions", "Mutate Clone", ImageWork, "image processing", CpuCostShape.Image),

        // Sorting.
        new CpuCostEntry("System", "Array", "Sort", SortComparisonNanoseconds, "sorting", CpuCostShape.Sort),
        new CpuCostEntry("System.Collections.Generic", "List", "Sort", SortComparisonNanoseconds, "sorting", CpuCostShape.Sort));

    private static readonly ImmutableDictionary<string, ImmutableArray<CpuCostEntry>> ByMethod = Index(Entries);

    /// <summary>The table entry for <paramref name="method"/> (or a method it overrides), or null.</summary>
    public static CpuCostEntry? Find(IMethodSymbol method)
    {
        var name = method.MethodKind == MethodKind.Constructor ? ".ctor" : method.Name;
        if (!ByMethod.TryGetValue(name, out var candidates))
        {
            return null;
        }

        IMethodSymbol? current = method.ReducedFrom ?? method;
        for (var depth = 0; current is not null && depth < 4; current = current.OverriddenMethod, depth++)
        {
            if (current.ContainingType is not { } type)
            {
                return null;
            }

            foreach (var entry in candidates)
            {
                if (type.Name == entry.Type && InNamespace(type.ContainingNamespace, entry.Namespace) && HasRequiredParameter(current, entry))
                {
                    return entry;
                }
            }

            foreach (var face in current.ExplicitInterfaceImplementations)
            {
                foreach (var entry in candidates)
                {
                    if (face.ContainingType.Name == entry.Type && InNamespace(face.ContainingType.ContainingNamespace, entry.Namespace))
                    {
                        return entry;
                    }
                }
            }
        }

        return null;
    }

    private static bool HasRequiredParameter(IMethodSymbol method, CpuCostEntry entry)
    {
        if (entry.RequiredParameterTypes is not { } required)
        {
            return true;
        }

        foreach (var parameter in method.Parameters)
        {
            foreach (var name in required.Split('|'))
            {
                if (parameter.Type.Name == name)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="ns"/> is the dotted <paramref name="name"/>, compared without building a string.</summary>
    private static bool InNamespace(INamespaceSymbol? ns, string name)
    {
        var end = name.Length;
        while (ns is { IsGlobalNamespace: false })
        {
            var part = ns.Name;
            var start = end - part.Length;
            if (start < 0 || string.CompareOrdinal(name, start, part, 0, part.Length) != 0)
            {
                return false;
            }

            end = start - 1;
            if (end >= 0 && name[end] != '.')
            {
                return false;
            }

            ns = ns.ContainingNamespace;
        }

        return end == -1;
    }

    private static ImmutableDictionary<string, ImmutableArray<CpuCostEntry>> Index(ImmutableArray<CpuCostEntry> entries)
    {
        var builders = new Dictionary<string, ImmutableArray<CpuCostEntry>.Builder>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var method in entry.Methods.Split(' '))
            {
                if (!builders.TryGetValue(method, out var list))
                {
                    builders[method] = list = ImmutableArray.CreateBuilder<CpuCostEntry>();
                }

                list.Add(entry);
            }
        }

        var index = ImmutableDictionary.CreateBuilder<string, ImmutableArray<CpuCostEntry>>(StringComparer.Ordinal);
        foreach (var pair in builders)
        {
            index[pair.Key] = pair.Value.ToImmutable();
        }

        return index.ToImmutable();
    }
}
