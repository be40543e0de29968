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

    public static readonly DiagnosticDescriptor CpuBoundWork = Create(
        DiagnosticIds.CpuBoundWork,
        title: "Do not run CPU-bound work on the async path",
        messageFormat: "{0} keeps the async thread busy; {1}",
        description: "A loop that runs long without awaiting, a busy-wait, or a CPU-heavy API such as PBKDF2 key derivation holds " +
                     "the thread that runs the async method: on a server that thread serves other requests, which all wait behind " +
                     "the computation. Move the work to the thread pool with 'await Task.Run(...)', or replace a busy-wait by " +
                     "awaiting (Task.Delay polling, a TaskCompletionSource). Thresholds are options (min_iterations, " +
                     "min_kdf_iterations, min_nested_collection_loops, heavy_methods).");
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
    public static readonly DiagnosticDescriptor TransitiveBlockingCall = Create(
        DiagnosticIds.TransitiveBlockingCall,
        title: "Do not call methods that block from async code",
        messageFormat: "'{0}' calls '{1}', which blocks on '{2}' ({3})",
        description: "A synchronous method of this compilation that blocks (a sync wait on a task, Thread.Sleep, synchronous I/O, " +
                     "a blocking primitive or heavy CPU work), directly or through the methods it calls, blocks the async code that " +
                     "calls it just as much. Call its async twin and await it, move the work to the thread pool with " +
                     "'await Task.Run(...)' when it is CPU-bound, or make the helper async. The message shows the call chain; the " +
                     "blocking call is the diagnostic's additional location.");

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
