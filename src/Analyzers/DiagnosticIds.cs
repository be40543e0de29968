namespace Unblock.Analyzers;

/// <summary>Every diagnostic id Unblock reports. Ids are stable once shipped.</summary>
public static class DiagnosticIds
{
    /// <summary>Waiting synchronously on a task (<c>.Result</c>, <c>.Wait()</c>, <c>GetAwaiter().GetResult()</c>, <c>Task.WaitAll/WaitAny</c>).</summary>
    public const string SyncWaitOnTask = "BLK001";

    /// <summary><c>Thread.Sleep</c> and <c>SpinWait.SpinUntil</c> inside async code.</summary>
    public const string ThreadSleep = "BLK002";

    /// <summary>Synchronous I/O (or another blocking call) that has an asynchronous twin, inside async code.</summary>
    public const string BlockingIo = "BLK003";

    /// <summary>Legacy networking (<c>WebClient</c>, <c>WebRequest</c>) inside async code.</summary>
    public const string LegacyNetworking = "BLK004";

    /// <summary>Blocking synchronization primitives (<c>SemaphoreSlim.Wait</c>, <c>WaitHandle.WaitOne</c>, ...) inside async code.</summary>
    public const string BlockingSynchronization = "BLK005";

    /// <summary>CPU-bound work on the async path: heavy loops, busy-waits and known CPU-heavy APIs.</summary>
    public const string CpuBoundWork = "BLK006";

    /// <summary>A call from async code to a method of the same compilation that blocks, directly or through further calls.</summary>
    public const string TransitiveBlockingCall = "BLK007";

    /// <summary>A blocking call in synchronous Blazor component code (lifecycle overrides, sync event handlers, markup).</summary>
    public const string BlockingInBlazorComponent = "BLK008";

    /// <summary>A line of <c>Unblock.BlockingMethods.txt</c> that cannot be read.</summary>
    public const string MalformedBlockingMethodsFile = "BLK099";
}
