using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.BlockingMethodsFile;

/// <summary>
/// BLK099: a line of <c>Unblock.BlockingMethods.txt</c> that cannot be read. The line is skipped (the rest of the
/// file still applies) and this diagnostic, on the line itself, says why.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingMethodsFileAnalyzer : UnblockAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MalformedBlockingMethodsFile);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, AsyncSymbols symbols, UnblockOptions options)
        => context.RegisterAdditionalFileAction(fileContext =>
        {
            var file = fileContext.AdditionalFile;
            if (!Options.BlockingMethodsFile.IsBlockingMethodsFile(file))
            {
                return;
            }

            foreach (var error in Options.BlockingMethodsFile.Parse(file.Path, file.GetText(fileContext.CancellationToken)).Errors)
            {
                fileContext.ReportDiagnostic(Diagnostic.Create(Descriptors.MalformedBlockingMethodsFile, error.Location, error.Text, error.Reason));
            }
        });
}
