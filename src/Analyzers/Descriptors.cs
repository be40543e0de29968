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
