namespace Unblock.Analyzers;

/// <summary>Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/> that the analyzers hand to the code fixes.</summary>
public static class DiagnosticProperties
{
    /// <summary>What the fix does; one of the <see cref="FixKinds"/> values. Absent: no automatic fix.</summary>
    public const string FixKind = "FixKind";

    /// <summary>Name of the asynchronous member the fix calls, when it calls one.</summary>
    public const string AsyncName = "AsyncName";

    /// <summary>Name of the <c>CancellationToken</c> in scope that the fix passes, when there is one.</summary>
    public const string CancellationToken = "CancellationToken";

    /// <summary>Name of the trailing <c>CancellationToken</c> parameter of the asynchronous twin, when it takes one.</summary>
    public const string TokenParameter = "TokenParameter";
}

/// <summary>Values of <see cref="DiagnosticProperties.FixKind"/>.</summary>
public static class FixKinds
{
    /// <summary><c>t.Result</c> / <c>t.GetAwaiter().GetResult()</c> / <c>t.Wait()</c> become <c>await t</c>.</summary>
    public const string AwaitTask = "AwaitTask";

    /// <summary><c>t.Wait(token)</c> / <c>t.Wait(timeout)</c> (result unused) become <c>await t.WaitAsync(...)</c>.</summary>
    public const string WaitAsync = "WaitAsync";

    /// <summary><c>Task.WaitAll(...)</c> becomes <c>await Task.WhenAll(...)</c> (any overload: see <c>Rules.SyncWait.WaitAllAnyCall</c>).</summary>
    public const string WhenAll = "WhenAll";

    /// <summary><c>Task.WaitAny(...)</c> becomes <c>await Task.WhenAny(...)</c> (index kept with <c>Array.IndexOf</c>; any overload).</summary>
    public const string WhenAny = "WhenAny";

    /// <summary><c>Thread.Sleep(x)</c> becomes <c>await Task.Delay(x)</c>.</summary>
    public const string Delay = "Delay";

    /// <summary>A CPU-heavy call (or a call of a helper that blocks only on CPU work) becomes <c>await Task.Run(() =&gt; call, token)</c>.</summary>
    public const string TaskRun = "TaskRun";

    /// <summary>A CPU-heavy loop moves into <c>await Task.Run(() =&gt; { loop }, token)</c>, returning the locals it writes.</summary>
    public const string TaskRunBlock = "TaskRunBlock";

    /// <summary>A busy-wait's spinning body becomes <c>await Task.Delay(1, token)</c> polling.</summary>
    public const string DelayPolling = "DelayPolling";

    /// <summary>
    /// A call of a helper of this document that blocks and has no async twin: an async copy of the helper,
    /// <see cref="DiagnosticProperties.AsyncName"/>, is added (its blocking calls fixed, the token threaded through) and
    /// the call awaits it. The code fix offers it only when every blocking call of the copy has a fix and the result compiles.
    /// </summary>
    public const string CreateAsync = "CreateAsync";

    /// <summary>A synchronous <c>using</c> becomes <c>await using</c> (the resource's <c>DisposeAsync</c> is its twin).</summary>
    public const string AwaitUsing = "AwaitUsing";

    /// <summary>A synchronous call becomes <c>await</c> of its asynchronous twin <see cref="DiagnosticProperties.AsyncName"/> (same arguments, token in scope).</summary>
    public const string AwaitTwin = "AwaitTwin";
}
