using System.Threading;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.LegacyNetworking;

/// <summary>
/// BLK004: <c>WebClient</c> (Download*, Upload*, OpenRead, OpenWrite) and <c>WebRequest</c>/<c>HttpWebRequest</c>
/// (GetResponse, GetRequestStream) inside async code. Their twins are <c>*TaskAsync</c> and <c>Get*Async</c>; the
/// WebClient methods ending in <c>Async</c> return void (event-based pattern) and are not twins.
/// </summary>
public sealed class LegacyNetworkingAnalyzer : BlockingCallAnalyzer
{
    private const string HttpClientAdvice = "better, replace it with HttpClient";

    public override DiagnosticDescriptor Descriptor => Descriptors.LegacyNetworking;

    public override ImmutableArray<OperationKind> OperationKinds { get; } = ImmutableArray.Create(OperationKind.Invocation);

    public override BlockingCall? Classify(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options, CancellationToken cancellationToken)
    {
        if (operation is not IInvocationOperation { Instance: not null } invocation)
        {
            return null;
        }

        var method = invocation.TargetMethod;
        string twinName;
        switch (method.Name)
        {
            case "DownloadString" or "DownloadData" or "DownloadFile" or "UploadString" or "UploadData" or "UploadFile" or "UploadValues" or "OpenRead" or "OpenWrite":
                if (!AsyncSymbols.InheritsFrom(method.ContainingType, symbols.Blocking.WebClient))
                {
                    return null;
                }

                twinName = method.Name + "TaskAsync";
                break;
            case "GetResponse" or "GetRequestStream":
                if (!AsyncSymbols.InheritsFrom(method.ContainingType, symbols.Blocking.WebRequest))
                {
                    return null;
                }

                twinName = method.Name + TwinLookup.AsyncSuffix;
                break;
            default:
                return null;
        }

        var display = method.ContainingType.Name + "." + method.Name + "()";
        var twin = TwinLookup.Of(symbols).Find(invocation, twinName);
        if (twin is null)
        {
            return new BlockingCall(invocation.Syntax, method, display, "use HttpClient and await its asynchronous methods");
        }

        return new BlockingCall(invocation.Syntax, method, display, $"use 'await {twinName}(...)', or {HttpClientAdvice}", twin.FixProperties);
    }
}
