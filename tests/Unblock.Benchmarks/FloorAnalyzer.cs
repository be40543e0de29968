using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Unblock.Benchmarks;

/// <summary>
/// The floor: an analyzer that registers exactly the callbacks the Unblock analyzers register (same kinds, same
/// operation and syntax kinds, same number of registrations) with bodies that do nothing. It runs the Unblock
/// analyzers' <c>Initialize</c> and compilation-start actions against recording contexts, so a rule added later is
/// mirrored without a change here. Callbacks registered inside block-start or symbol-start actions are mirrored as
/// empty start actions (their inner registrations are not replayed).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FloorAnalyzer : DiagnosticAnalyzer
{
    public const string Id = "FLOOR";

    private static readonly DiagnosticDescriptor Descriptor = new(Id, "Floor", "Floor", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    private readonly ImmutableArray<DiagnosticAnalyzer> _mirrored;

    public FloorAnalyzer(ImmutableArray<DiagnosticAnalyzer> mirrored) => _mirrored = mirrored;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptor);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        foreach (var analyzer in _mirrored)
        {
            analyzer.Initialize(new MirrorAnalysisContext(context));
        }
    }

    /// <summary>Forwards every registration to the real context with a no-op body; compilation-start actions run against <see cref="MirrorCompilationStartContext"/>.</summary>
    private sealed class MirrorAnalysisContext : AnalysisContext
    {
        private readonly AnalysisContext _real;

        public MirrorAnalysisContext(AnalysisContext real) => _real = real;

        public override void EnableConcurrentExecution()
        {
        }

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode)
        {
        }

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
            => _real.RegisterCompilationStartAction(start => action(new MirrorCompilationStartContext(start)));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => _real.RegisterCompilationAction(static _ => { });

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _real.RegisterSemanticModelAction(static _ => { });

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
            => _real.RegisterSymbolAction(static _ => { }, symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
            => _real.RegisterSymbolStartAction(static _ => { }, symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
            => _real.RegisterCodeBlockStartAction<TLanguageKindEnum>(static _ => { });

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _real.RegisterCodeBlockAction(static _ => { });

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _real.RegisterSyntaxTreeAction(static _ => { });

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => _real.RegisterAdditionalFileAction(static _ => { });

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => _real.RegisterSyntaxNodeAction(static _ => { }, syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => _real.RegisterOperationAction(static _ => { }, operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
            => _real.RegisterOperationBlockStartAction(static _ => { });

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _real.RegisterOperationBlockAction(static _ => { });
    }

    private sealed class MirrorCompilationStartContext : CompilationStartAnalysisContext
    {
        private readonly CompilationStartAnalysisContext _real;

        public MirrorCompilationStartContext(CompilationStartAnalysisContext real)
            : base(real.Compilation, real.Options, real.CancellationToken)
            => _real = real;

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => _real.RegisterCompilationEndAction(static _ => { });

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _real.RegisterSemanticModelAction(static _ => { });

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
            => _real.RegisterSymbolAction(static _ => { }, symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind)
            => _real.RegisterSymbolStartAction(static _ => { }, symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
            => _real.RegisterCodeBlockStartAction<TLanguageKindEnum>(static _ => { });

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _real.RegisterCodeBlockAction(static _ => { });

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _real.RegisterSyntaxTreeAction(static _ => { });

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => _real.RegisterAdditionalFileAction(static _ => { });

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
            => _real.RegisterSyntaxNodeAction(static _ => { }, syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
            => _real.RegisterOperationAction(static _ => { }, operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
            => _real.RegisterOperationBlockStartAction(static _ => { });

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _real.RegisterOperationBlockAction(static _ => { });
    }
}
