using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Unblock.Benchmarks;

/// <summary>
/// Binds every member body of the compilation, through the analyzer driver's shared semantic models, before any other
/// analyzer runs (at compilation start; put it first). The driver binds every body anyway for the operation callbacks
/// of any analyzer, once, outside their callbacks; an analyzer that reads other bodies (BLK007's helpers) otherwise pays
/// that shared binding in its own callbacks when it gets there first. With this tool in the run, every tool's figure is
/// its own work on bound code, and the binding is this tool's row.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BindFirstAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "BINDFIRST";

    public const string ToolName = "Binding of every body (before the tools)";

    private static readonly DiagnosticDescriptor Descriptor = new(Id, "Bind first", "Bind first", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptor);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            foreach (var tree in start.Compilation.SyntaxTrees)
            {
#pragma warning disable RS1030 // Measurement only: the point is to bind through the driver's models ahead of the tools.
                var model = start.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                foreach (var node in tree.GetRoot(start.CancellationToken).DescendantNodes())
                {
                    if (node is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax or IndexerDeclarationSyntax })
                    {
                        model.GetOperation(node, start.CancellationToken);
                    }
                }
            }
        });
    }
}
