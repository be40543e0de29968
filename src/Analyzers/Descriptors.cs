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
