using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers;

/// <summary>
/// Base of every Unblock analyzer: concurrent execution, generated code skipped, symbols resolved once per
/// compilation, and nothing registered when the compilation has no <c>System.Threading.Tasks.Task</c>.
/// </summary>
public abstract class UnblockAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = AsyncSymbols.TryCreate(start.Compilation);
            if (symbols is null)
            {
                return;
            }

            OnCompilationStart(start, symbols, new UnblockOptions(start.Options.AnalyzerConfigOptionsProvider, start.Options.AdditionalFiles));
        });
    }

    /// <summary>Registers the rule's actions for one compilation.</summary>
    protected abstract void OnCompilationStart(CompilationStartAnalysisContext context, AsyncSymbols symbols, UnblockOptions options);
}
