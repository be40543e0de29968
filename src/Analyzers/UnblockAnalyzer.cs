using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers;

/// <summary>
/// Base of every Unblock analyzer: concurrent execution, generated code skipped (no callback runs there), symbols resolved once per
/// compilation, and nothing registered when the compilation has no <c>System.Threading.Tasks.Task</c>.
/// An analyzer that overrides <see cref="AnalyzesRazorCode"/> also sees the C# the Razor source generator writes
/// for <c>.razor</c>/<c>.cshtml</c> files; Roslyn then hands it every generated tree, so it must filter its
/// callbacks and reports through <see cref="Razor.RazorCode"/> (as <see cref="BlockingCallAnalyzer"/> does).
/// </summary>
public abstract class UnblockAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();

        // Without Analyze the driver runs no callback on generated code (files by name or header, and symbols marked
        // [GeneratedCode]), so every diagnostic is reported in code that was analysed. ReportDiagnostics tells it so:
        // otherwise it checks each diagnostic by finding every [GeneratedCode] symbol of its file, binding the
        // attributes of every declaration there, which cost BLK007 about a sixth of its time on real code.
        context.ConfigureGeneratedCodeAnalysis(AnalyzesRazorCode
            ? GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics
            : GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = AsyncSymbols.TryCreate(start.Compilation);
            if (symbols is null)
            {
                return;
            }

            OnCompilationStart(start, symbols, UnblockOptions.Of(symbols, start.Options));
        });
    }

    /// <summary>
    /// True when the analyzer also runs on Razor generator output. Its callbacks then receive all generated code and
    /// must skip what <see cref="Razor.RazorCode.ShouldAnalyze"/> rejects and report only where
    /// <see cref="Razor.RazorCode.CanReportAt"/> allows.
    /// </summary>
    protected virtual bool AnalyzesRazorCode => false;

    /// <summary>Registers the rule's actions for one compilation.</summary>
    protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, AsyncSymbols symbols, UnblockOptions options);
}
