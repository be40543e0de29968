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
    /// <summary>Each method with the name of its twin.</summary>
    private static readonly MethodTable Table = MethodTable.Build(
        ("System.Net.Mail.SmtpClient", ImmutableArray.Create("Send"), false, "SendMailAsync"),
        ("System.Net.NetworkInformation.Ping", ImmutableArray.Create("Send"), false, "SendPingAsync"));

    /// <summary>The name of <paramref name="method"/>'s twin when the table lists it under another name, else null.</summary>
    public static string? For(IMethodSymbol method) => Table.Find(method);
}
