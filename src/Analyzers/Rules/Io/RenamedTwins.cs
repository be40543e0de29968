using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Unblock.Analyzers.Rules.Io;

/// <summary>
/// Knowledge: synchronous I/O whose asynchronous twin has another name than <c>NameAsync</c> (there the name is taken
/// by the event-based pattern): <c>SmtpClient.Send</c> → <c>SendMailAsync</c>, <c>Ping.Send</c> →
/// <c>SendPingAsync</c>. The twin search (<see cref="TwinLookup"/>) then checks the arguments as for any twin.
/// </summary>
internal static class RenamedTwins
{
    /// <summary>Method name to the declaring types and the twin's name.</summary>
    private static readonly ImmutableDictionary<string, ImmutableArray<Row>> Table = ImmutableDictionary.CreateRange(
        StringComparer.Ordinal,
        new[]
        {
            new KeyValuePair<string, ImmutableArray<Row>>(
                "Send",
                ImmutableArray.Create(
                    new Row("System.Net.Mail", "SmtpClient", "SendMailAsync"),
                    new Row("System.Net.NetworkInformation", "Ping", "SendPingAsync"))),
        });

    /// <summary>The name of <paramref name="method"/>'s twin when the table lists it under another name, else null.</summary>
    public static string? For(IMethodSymbol method)
    {
        if (!Table.TryGetValue(method.Name, out var rows) || method.ContainingType is not { } type)
        {
            return null;
        }

        foreach (var row in rows)
        {
            if (type.MetadataName == row.TypeName && type.ContainingNamespace?.ToDisplayString() == row.Namespace)
            {
                return row.Twin;
            }
        }

        return null;
    }

    private sealed record Row(string Namespace, string TypeName, string Twin);
}
