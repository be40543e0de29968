using Microsoft.CodeAnalysis;

namespace Unblock.Analyzers;

/// <summary>Every descriptor Unblock reports, built by one factory that owns categories and help links.</summary>
public static class Descriptors
{
    /// <summary>Where the rule documentation lives; each rule has <c>docs/rules/BLKnnn.md</c>.</summary>
    public const string HelpLinkBase = "https://github.com/unblock-analyzers/unblock/blob/main/docs/rules/";

    /// <summary>The category of every Unblock rule.</summary>
    public const string Category = "Unblock.Async";

    public static readonly DiagnosticDescriptor SyncWaitOnTask = Create(
        DiagnosticIds.SyncWaitOnTask,
        title: "Do not wait synchronously on a task inside async code",
        messageFormat: "'{0}' blocks the thread until the task completes; {1}",
        description: "Task.Result, Task.Wait(), GetAwaiter().GetResult(), Task.WaitAll and Task.WaitAny hold a thread-pool thread " +
                     "hostage while the task runs, and deadlock on a single-threaded synchronization context. Inside async code, " +
                     "await the task instead. Note that await rethrows the task's own exception, where .Result and .Wait() wrap it " +
                     "in an AggregateException.");
    public static readonly DiagnosticDescriptor ThreadSleep = Create(
        DiagnosticIds.ThreadSleep,
        title: "Do not sleep the thread inside async code",
        messageFormat: "'{0}' blocks the thread; {1}",
        description: "Thread.Sleep and SpinWait.SpinUntil stop the current thread; inside async code that thread serves other " +
                     "requests, so every one of them waits too. Use 'await Task.Delay(...)', which frees the thread while waiting.");
    public static readonly DiagnosticDescriptor BlockingIo = Create(
        DiagnosticIds.BlockingIo,
        title: "Do not call synchronous I/O inside async code when an asynchronous twin exists",
        messageFormat: "'{0}' blocks the thread on I/O; {1}",
        description: "A synchronous I/O call (File, Stream, readers and writers, HttpClient.Send, ADO.NET, sockets, DNS, " +
                     "Process.WaitForExit, or any API with an awaitable twin taking the same arguments) holds a thread-pool thread " +
                     "while the device works. Inside async code, await the asynchronous twin instead and pass the cancellation token " +
                     "in scope. In-memory types and twins that are not equivalent (EF Core Add, CancellationTokenSource.Cancel, ...) " +
                     "are not reported.");
    public static readonly DiagnosticDescriptor LegacyNetworking = Create(
        DiagnosticIds.LegacyNetworking,
        title: "Do not use synchronous WebClient or WebRequest calls inside async code",
        messageFormat: "'{0}' blocks the thread on the network; {1}",
        description: "WebClient and WebRequest/HttpWebRequest perform the whole request synchronously. Their awaitable twins are " +
                     "named *TaskAsync (WebClient) and Get*Async (WebRequest); the WebClient methods ending in Async return void and " +
                     "are not awaitable. Await the twin, or better, move to HttpClient, which replaces both.");
    public static readonly DiagnosticDescriptor BlockingSynchronization = Create(
        DiagnosticIds.BlockingSynchronization,
        title: "Do not block on synchronization primitives inside async code",
        messageFormat: "'{0}' blocks the thread while it waits; {1}",
        description: "SemaphoreSlim.Wait, ManualResetEventSlim.Wait, WaitHandle.WaitOne/WaitAll/WaitAny, Monitor.Wait, Thread.Join, " +
                     "BlockingCollection.Take, CountdownEvent.Wait, Barrier.SignalAndWait and Parallel.For/ForEach/Invoke hold the " +
                     "thread until another thread acts. Inside async code use an awaitable design: SemaphoreSlim.WaitAsync, " +
                     "Channel<T>, TaskCompletionSource, Parallel.ForEachAsync. A zero time-out never blocks and is not reported.");
    public static readonly DiagnosticDescriptor CpuBoundWork = Create(
        DiagnosticIds.CpuBoundWork,
        title: "Do not run CPU-bound work on the async path",
        messageFormat: "{0} keeps the async thread busy; {1}",
        description: "A loop that runs long without awaiting (estimated iterations times the nominal cost of its body: hashing, " +
                     "encryption, regular expressions, serialisation, image processing, sorting), a busy-wait, or a CPU-heavy call such " +
                     "as PBKDF2 key derivation or image decoding holds the thread that runs the async method: on a server that thread " +
                     "serves other requests, which all wait behind the computation. Move the work to the thread pool with " +
                     "'await Task.Run(...)', or replace a busy-wait by awaiting (Task.Delay polling, a TaskCompletionSource). " +
                     "Thresholds are options (budget_ms, unknown_count, min_iterations, min_kdf_iterations, " +
                     "min_nested_collection_loops, heavy_methods).");
    public static readonly DiagnosticDescriptor TransitiveBlockingCall = Create(
        DiagnosticIds.TransitiveBlockingCall,
        title: "Do not call methods that block from async code",
        messageFormat: "'{0}' calls '{1}', which blocks on '{2}' ({3})",
        description: "A synchronous method of this compilation that blocks (a sync wait on a task, Thread.Sleep, synchronous I/O, " +
                     "a blocking primitive or heavy CPU work), directly or through the methods it calls, blocks the async code that " +
                     "calls it just as much. Call its async twin and await it, move the work to the thread pool with " +
                     "'await Task.Run(...)' when it is CPU-bound, or make the helper async. The message shows the call chain; the " +
                     "blocking call is the diagnostic's additional location.");
    public static readonly DiagnosticDescriptor BlockingInBlazorComponent = Create(
        DiagnosticIds.BlockingInBlazorComponent,
        title: "Do not block in synchronous Blazor component code",
        messageFormat: "'{0}' in {1} blocks the component's single-threaded synchronization context, and with it every event of the circuit; {2}, then {3}",
        description: "A Blazor component runs its lifecycle methods (OnInitialized, OnParametersSet, OnAfterRender), its rendering " +
                     "and its event handlers on the renderer's synchronization context; on Blazor Server each circuit processes its " +
                     "events one at a time there. A blocking call in synchronous component code freezes the user's UI exactly like " +
                     "one in an async handler, and .Result or .Wait() on a task that needs that context deadlocks. Move the work " +
                     "to the async lifecycle method (OnInitializedAsync, ...) or make the handler async, and await. Reported at a " +
                     "lower severity than the async-code rules because synchronous component code is sometimes deliberate; there " +
                     "is no automatic fix because the rewrite changes the method's signature.",
        severity: DiagnosticSeverity.Info);
    public static readonly DiagnosticDescriptor MalformedBlockingMethodsFile = Create(
        DiagnosticIds.MalformedBlockingMethodsFile,
        title: "Unblock.BlockingMethods.txt has a line Unblock cannot read",
        messageFormat: "Line '{0}' of Unblock.BlockingMethods.txt is skipped: {1}",
        description: "Each line of Unblock.BlockingMethods.txt is empty, a comment starting with '#', or a documentation ID of a " +
                     "blocking method ('M:Namespace.Type.Method' or with its parameter list) optionally followed by '=>' and the name " +
                     "of its asynchronous twin, or a type ID ('T:Namespace.Type') whose every method blocks. A malformed line is " +
                     "skipped; the rest of the file still applies.");

    private static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string description,
        DiagnosticSeverity severity = DiagnosticSeverity.Warning,
        bool isEnabledByDefault = true)
        => new(
            id,
            title,
            messageFormat,
            Category,
            severity,
            isEnabledByDefault,
            description,
            helpLinkUri: HelpLinkBase + id + ".md");
}
