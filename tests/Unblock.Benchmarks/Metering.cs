using System;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Unblock.Benchmarks;

/// <summary>CPU time (of the calling thread), allocated bytes and number of callbacks spent inside one analyzer.</summary>
public sealed class Meter
{
    private long _cpuNs;
    private long _bytes;
    private long _calls;

    public long CpuNs => Interlocked.Read(ref _cpuNs);

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>What one measurement adds to the CPU figure by itself (the clock read inside the interval), calibrated once.</summary>
    public static double BiasNs { get; private set; }

    public void Reset()
    {
        Interlocked.Exchange(ref _cpuNs, 0);
        Interlocked.Exchange(ref _bytes, 0);
        Interlocked.Exchange(ref _calls, 0);
    }

    public void Run<T>(Action<T> action, T argument)
    {
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var pauses = GC.GetTotalPauseDuration();
        var cpu = ThreadCpu.Nanoseconds();
        try
        {
            action(argument);
        }
        finally
        {
            var cpuAfter = ThreadCpu.Nanoseconds();
            var bytesAfter = GC.GetAllocatedBytesForCurrentThread();

            // A collection that happens to start inside this callback collects everyone's garbage: it is not charged
            // here (allocations are reported on their own).
            var gcNs = (long)(GC.GetTotalPauseDuration() - pauses).TotalNanoseconds;
            Interlocked.Add(ref _cpuNs, Math.Max(0, cpuAfter - cpu - gcNs));
            Interlocked.Add(ref _bytes, bytesAfter - bytes);
            Interlocked.Increment(ref _calls);
        }
    }

    public Action<T> Wrap<T>(Action<T> action) => argument => Run(action, argument);

    /// <summary>Measures an empty callback many times: the mean is the bias every measured callback carries.</summary>
    public static void Calibrate()
    {
        var meter = new Meter();
        Action<int> empty = static _ => { };
        var best = double.MaxValue;
        for (var round = 0; round < 5; round++)
        {
            meter.Reset();
            for (var i = 0; i < 20_000; i++)
            {
                meter.Run(empty, i);
            }

            best = Math.Min(best, (double)meter.CpuNs / meter.Calls);
        }

        BiasNs = best;
    }
}

internal static class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    public static long Nanoseconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out var time) == 0)
        {
            return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
        }

        // Elsewhere: wall clock, which also counts time spent waiting for a CPU.
        return System.Diagnostics.Stopwatch.GetTimestamp() * (1_000_000_000L / System.Diagnostics.Stopwatch.Frequency);
    }
}

/// <summary>
/// Wraps an analyzer so that every callback it registers (at any depth: compilation start, symbol start, block
/// start) runs inside <see cref="Meter.Run"/>. With <c>concurrentAnalysis: false</c> the callbacks run one at a time,
/// so the thread's CPU time and allocations in a callback belong to that analyzer alone.
/// </summary>
#pragma warning disable RS1001 // The wrapper is created by the benchmark, never loaded from an attribute.
public sealed class MeteredAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1001
{
    public MeteredAnalyzer(DiagnosticAnalyzer inner, Meter meter)
    {
        Inner = inner;
        Meter = meter;
    }

    public DiagnosticAnalyzer Inner { get; }

    public Meter Meter { get; }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Inner.SupportedDiagnostics;

    public override void Initialize(AnalysisContext context) => Meter.Run(c => Inner.Initialize(new Context(c, Meter)), context);

    private sealed class Context : AnalysisContext
    {
        private readonly AnalysisContext _real;
        private readonly Meter _m;

        public Context(AnalysisContext real, Meter meter)
        {
            _real = real;
            _m = meter;
        }

        public override void EnableConcurrentExecution() => _real.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => _real.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
            => _real.RegisterCompilationStartAction(_m.Wrap<CompilationStartAnalysisContext>(start => action(new StartContext(start, _m))));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => _real.RegisterCompilationAction(_m.Wrap(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _real.RegisterSemanticModelAction(_m.Wrap(action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
            => _real.RegisterSymbolAction(_m.Wrap(action), symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
            => _real.RegisterSymbolStartAction(_m.Wrap<SymbolStartAnalysisContext>(s => action(new SymbolStart(s, _m))), symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
            => _real.RegisterCodeBlockStartAction<TLanguageKindEnum>(_m.Wrap<CodeBlockStartAnalysisContext<TLanguageKindEnum>>(s => action(new CodeBlockStart<TLanguageKindEnum>(s, _m))));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _real.RegisterCodeBlockAction(_m.Wrap(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _real.RegisterSyntaxTreeAction(_m.Wrap(action));

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => _real.RegisterAdditionalFileAction(_m.Wrap(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => _real.RegisterSyntaxNodeAction(_m.Wrap(action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => _real.RegisterOperationAction(_m.Wrap(action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
            => _real.RegisterOperationBlockStartAction(_m.Wrap<OperationBlockStartAnalysisContext>(s => action(new OperationBlockStart(s, _m))));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _real.RegisterOperationBlockAction(_m.Wrap(action));
    }

    private sealed class StartContext : CompilationStartAnalysisContext
    {
        private readonly CompilationStartAnalysisContext _real;
        private readonly Meter _m;

        public StartContext(CompilationStartAnalysisContext real, Meter meter)
            : base(real.Compilation, real.Options, real.CancellationToken)
        {
            _real = real;
            _m = meter;
        }

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => _real.RegisterCompilationEndAction(_m.Wrap(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _real.RegisterSemanticModelAction(_m.Wrap(action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
            => _real.RegisterSymbolAction(_m.Wrap(action), symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
            => _real.RegisterSymbolStartAction(_m.Wrap<SymbolStartAnalysisContext>(s => action(new SymbolStart(s, _m))), symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
            => _real.RegisterCodeBlockStartAction<TLanguageKindEnum>(_m.Wrap<CodeBlockStartAnalysisContext<TLanguageKindEnum>>(s => action(new CodeBlockStart<TLanguageKindEnum>(s, _m))));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _real.RegisterCodeBlockAction(_m.Wrap(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _real.RegisterSyntaxTreeAction(_m.Wrap(action));

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => _real.RegisterAdditionalFileAction(_m.Wrap(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => _real.RegisterSyntaxNodeAction(_m.Wrap(action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => _real.RegisterOperationAction(_m.Wrap(action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
            => _real.RegisterOperationBlockStartAction(_m.Wrap<OperationBlockStartAnalysisContext>(s => action(new OperationBlockStart(s, _m))));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _real.RegisterOperationBlockAction(_m.Wrap(action));
    }

    private sealed class SymbolStart : SymbolStartAnalysisContext
    {
        private readonly SymbolStartAnalysisContext _real;
        private readonly Meter _m;

        public SymbolStart(SymbolStartAnalysisContext real, Meter meter)
            : base(real.Symbol, real.Compilation, real.Options, real.CancellationToken)
        {
            _real = real;
            _m = meter;
        }

        public override void RegisterSymbolEndAction(Action<SymbolAnalysisContext> action) => _real.RegisterSymbolEndAction(_m.Wrap(action));

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
            => _real.RegisterCodeBlockStartAction<TLanguageKindEnum>(_m.Wrap<CodeBlockStartAnalysisContext<TLanguageKindEnum>>(s => action(new CodeBlockStart<TLanguageKindEnum>(s, _m))));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _real.RegisterCodeBlockAction(_m.Wrap(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => _real.RegisterSyntaxNodeAction(_m.Wrap(action), syntaxKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
            => _real.RegisterOperationBlockStartAction(_m.Wrap<OperationBlockStartAnalysisContext>(s => action(new OperationBlockStart(s, _m))));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _real.RegisterOperationBlockAction(_m.Wrap(action));

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => _real.RegisterOperationAction(_m.Wrap(action), operationKinds);
    }

    private sealed class CodeBlockStart<TLanguageKindEnum> : CodeBlockStartAnalysisContext<TLanguageKindEnum>
        where TLanguageKindEnum : struct
    {
        private readonly CodeBlockStartAnalysisContext<TLanguageKindEnum> _real;
        private readonly Meter _m;

        public CodeBlockStart(CodeBlockStartAnalysisContext<TLanguageKindEnum> real, Meter meter)
            : base(real.CodeBlock, real.OwningSymbol, real.SemanticModel, real.Options, real.CancellationToken)
        {
            _real = real;
            _m = meter;
        }

        public override void RegisterCodeBlockEndAction(Action<CodeBlockAnalysisContext> action) => _real.RegisterCodeBlockEndAction(_m.Wrap(action));

        public override void RegisterSyntaxNodeAction(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => _real.RegisterSyntaxNodeAction(_m.Wrap(action), syntaxKinds);
    }

    private sealed class OperationBlockStart : OperationBlockStartAnalysisContext
    {
        private readonly OperationBlockStartAnalysisContext _real;
        private readonly Meter _m;

        public OperationBlockStart(OperationBlockStartAnalysisContext real, Meter meter)
            : base(real.OperationBlocks, real.OwningSymbol, real.Compilation, real.Options, real.CancellationToken)
        {
            _real = real;
            _m = meter;
        }

        public override void RegisterOperationBlockEndAction(Action<OperationBlockAnalysisContext> action) => _real.RegisterOperationBlockEndAction(_m.Wrap(action));

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => _real.RegisterOperationAction(_m.Wrap(action), operationKinds);
    }
}
