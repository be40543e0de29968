using System.Collections.Immutable;
using Unblock.Analyzers.Rules.BlockingSync;
using Unblock.Analyzers.Rules.CpuBound;
using Unblock.Analyzers.Rules.Io;
using Unblock.Analyzers.Rules.LegacyNetworking;
using Unblock.Analyzers.Rules.Sleep;
using Unblock.Analyzers.Rules.SyncWait;

namespace Unblock.Analyzers.Rules;

/// <summary>
/// The rules that say what blocks, in one list. BLK007 (transitive blocking) asks each of them whether an operation
/// in a called method blocks, so a rule added here is followed through calls with no other change.
/// </summary>
public static class BlockingRules
{
    /// <summary>
    /// The rule whose findings are CPU-bound work rather than waits or I/O: a helper that blocks only on such findings
    /// can be moved to the thread pool (<c>await Task.Run(() =&gt; Helper())</c>).
    /// </summary>
    public const string CpuBoundRuleId = DiagnosticIds.CpuBoundWork;

    /// <summary>Every rule that classifies a single blocking operation (BLK001-BLK006).</summary>
    public static readonly ImmutableArray<BlockingCallAnalyzer> All = ImmutableArray.Create<BlockingCallAnalyzer>(
        new SyncWaitAnalyzer(),
        new SleepAnalyzer(),
        new BlockingIoAnalyzer(),
        new LegacyNetworkingAnalyzer(),
        new BlockingSyncAnalyzer(),
        new CpuBoundAnalyzer());

    /// <summary>Whether findings of <paramref name="ruleId"/> are CPU-bound work.</summary>
    public static bool IsCpuBound(string ruleId) => ruleId == CpuBoundRuleId;
}
