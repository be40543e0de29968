using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers.Rules.Transitive;

/// <summary>
/// BLK007: a call from async code to a method of this compilation that blocks, directly or through further calls.
/// "Blocks" means one of the <see cref="BlockingRules"/> classifies an operation of the body (judged as if the body were
/// async code: not inside lambdas that run elsewhere, inside inline LINQ lambdas yes), or the body calls such a method.
/// Diagnostics are reported at the call site when its type has been analyzed (a symbol-end action: live in the open
/// document); the chain is in the message and the blocking operation is the additional location.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public class TransitiveBlockingAnalyzer : UnblockAnalyzer
{
    private static readonly ImmutableArray<OperationKind> CallKinds =
        ImmutableArray.Create(OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.ObjectCreation);

    private readonly ImmutableArray<ImmutableArray<BlockingCallAnalyzer>> _rulesByKind;
    private readonly bool _reportAtCompilationEnd;

    public TransitiveBlockingAnalyzer()
        : this(BlockingRules.All, reportAtCompilationEnd: false)
    {
    }

    /// <summary>
    /// For tests and measurements: other rules than <see cref="BlockingRules.All"/>, and the compilation-end design
    /// (diagnostics gathered during analysis and reported once the whole compilation was seen).
    /// </summary>
    internal TransitiveBlockingAnalyzer(ImmutableArray<BlockingCallAnalyzer> rules, bool reportAtCompilationEnd)
    {
        _rulesByKind = MethodSummaries.IndexByKind(rules);
        _reportAtCompilationEnd = reportAtCompilationEnd;
    }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TransitiveBlockingCall);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, AsyncSymbols symbols, UnblockOptions options)
    {
        var summaries = new MethodSummaries(context.Compilation, symbols, options, _rulesByKind);
        if (!_reportAtCompilationEnd)
        {
            // Call sites are judged when the driver has analyzed their whole type: by then every member of the type is
            // bound, so reading a helper of the same type (most helpers) binds nothing. Symbol-end diagnostics show as
            // live squiggles in the open document, like operation diagnostics.
            context.RegisterSymbolStartAction(
                typeStart =>
                {
                    if (!MayHoldAsyncCode((INamedTypeSymbol)typeStart.Symbol, options, typeStart.CancellationToken))
                    {
                        // Models, DTOs, synchronous utilities: nothing is registered for their members.
                        return;
                    }

                    // Most types call no helper from async code: their queue is never made.
                    ConcurrentQueue<CallSite>? sites = null;
                    RegisterCallSites(
                        typeStart.RegisterOperationBlockStartAction,
                        symbols,
                        options,
                        summaries,
                        site => LazyInitializer.EnsureInitialized(ref sites, () => new ConcurrentQueue<CallSite>())!.Enqueue(site));
                    typeStart.RegisterSymbolEndAction(end =>
                    {
                        if (Volatile.Read(ref sites) is { } found)
                        {
                            Report(found, summaries, symbols, end.ReportDiagnostic, end.CancellationToken);
                        }
                    });
                },
                SymbolKind.NamedType);
            return;
        }

        var all = new ConcurrentQueue<CallSite>();
        RegisterCallSites(context.RegisterOperationBlockStartAction, symbols, options, summaries, all.Enqueue);
#pragma warning disable RS1037 // Test-only design, kept to measure it against the live one (docs/rules/BLK007.md); the shipped analyzer reports per type.
        context.RegisterCompilationEndAction(end => Report(all, summaries, symbols, end.ReportDiagnostic, end.CancellationToken));
#pragma warning restore RS1037
    }

    /// <summary>
    /// Hands <paramref name="found"/> each call to a method with a body in the compilation, in the bodies that may hold
    /// async code: async members, and members with an async lambda or local function (or, with the task-returning
    /// option, any member); whether the call itself sits in async code is decided when it is reported. Most of a
    /// project is synchronous code, which this skips with one scan of its text per member instead of a look at each call.
    /// </summary>
    private static void RegisterCallSites(
        Action<Action<OperationBlockStartAnalysisContext>> registerBlockStart,
        AsyncSymbols symbols,
        UnblockOptions options,
        MethodSummaries summaries,
        Action<CallSite> found)
    {
        // One callback for every member of the scope, not one per member.
        Action<OperationAnalysisContext> onCall = operationContext =>
        {
            if (CallSite.Find(operationContext.Operation, operationContext.ContainingSymbol, options, summaries) is { } site)
            {
                found(site);
            }
        };
        registerBlockStart(blockStart =>
        {
            if (MayHoldAsyncCode(blockStart.OwningSymbol, blockStart.OperationBlocks, symbols, options))
            {
                blockStart.RegisterOperationAction(onCall, CallKinds);
            }
        });
    }

    /// <summary>
    /// Whether a type may hold async code: the text of one of its declarations mentions <c>async</c>, or its file has
    /// the task-returning option, or it is the type of top-level statements (or it has no declaration to read).
    /// </summary>
    private static bool MayHoldAsyncCode(INamedTypeSymbol type, UnblockOptions options, CancellationToken cancellationToken)
    {
        var declarations = type.DeclaringSyntaxReferences;
        if (declarations.IsEmpty)
        {
            return true;
        }

        foreach (var declaration in declarations)
        {
            if (options.For(declaration.SyntaxTree).TaskReturningMethodsAreAsync
                || declaration.GetSyntax(cancellationToken) is var syntax && (syntax is CompilationUnitSyntax || MentionsAsync(syntax)))
            {
                // The type of top-level statements (declared by a compilation unit) is async code when they await, with
                // no "async" in their text.
                return true;
            }
        }

        return false;
    }

    private static bool MayHoldAsyncCode(ISymbol owner, ImmutableArray<IOperation> blocks, AsyncSymbols symbols, UnblockOptions options)
    {
        if (blocks.IsEmpty)
        {
            return false;
        }

        var treeOptions = options.For(blocks[0].Syntax.SyntaxTree);
        if (treeOptions.TaskReturningMethodsAreAsync || (owner is IMethodSymbol method && AsyncContext.IsAsyncFunction(method, symbols, treeOptions)))
        {
            return true;
        }

        foreach (var block in blocks)
        {
            if (!MentionsAsync(block.Syntax))
            {
                // Most synchronous members: no "async" anywhere in their text, so no async lambda or local function.
                continue;
            }

            foreach (var node in block.Syntax.DescendantNodesAndSelf())
            {
                if (node is AnonymousFunctionExpressionSyntax { AsyncKeyword.RawKind: (int)SyntaxKind.AsyncKeyword }
                    || (node is LocalFunctionStatementSyntax local && local.Modifiers.Any(SyntaxKind.AsyncKeyword)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether the text of <paramref name="node"/> contains <c>async</c>: the text is copied in chunks into a pooled
    /// buffer and searched there, with no syntax node and no call per character.
    /// </summary>
    private static bool MentionsAsync(SyntaxNode node)
    {
        if (!node.SyntaxTree.TryGetText(out var text))
        {
            return true;
        }

        var keyword = "async".AsSpan();
        var span = node.Span;
        var buffer = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            // Chunks overlap by the keyword's length less one, so a keyword across two chunks is found.
            for (var start = span.Start; start + keyword.Length <= span.End; start += buffer.Length - keyword.Length + 1)
            {
                var count = System.Math.Min(buffer.Length, span.End - start);
                text.CopyTo(start, buffer, 0, count);
                if (buffer.AsSpan(0, count).IndexOf(keyword) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static void Report(ConcurrentQueue<CallSite> sites, MethodSummaries summaries, AsyncSymbols symbols, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        foreach (var site in sites)
        {
            Report(site, summaries, symbols, report, cancellationToken);
        }
    }

    private static void Report(CallSite site, MethodSummaries summaries, AsyncSymbols symbols, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        var chain = summaries.ChainFrom(site.Target, site.MaxDepth, cancellationToken);
        if (chain is null)
        {
            return;
        }

        // The async context is decided only for calls to a helper that blocks, most calls to helpers being to ones that do not.
        var operation = site.Operation;
        var asyncContext = AsyncContext.Of(operation, site.ContainingSymbol, symbols, site.Options);
        if (!asyncContext.IsAsync || site.Options.IsExcluded(DiagnosticIds.TransitiveBlockingCall, site.Target))
        {
            return;
        }

        var caller = asyncContext.Function is ILocalFunctionOperation local ? local.Symbol : site.ContainingSymbol;
        var callerName = caller is IMethodSymbol callerMethod ? DisplayName(callerMethod) : caller.Name;
        if (summaries.RulesFor(operation.Kind).Any(rule => rule.Classify(operation, symbols, site.Options) is not null))
        {
            // The call itself is a finding of another rule (say, a known blocking API with a twin): that rule reports it.
            return;
        }

        var path = new StringBuilder(callerName);
        foreach (var method in chain.Methods)
        {
            path.Append(" → ").Append(DisplayName(method));
        }

        path.Append(" → ").Append(chain.BlockingCall.Member);
        var properties = asyncContext.InsideLock ? null : FixFor(site, caller, chain, symbols);
        report(Diagnostic.Create(
            Descriptors.TransitiveBlockingCall,
            operation.Syntax.GetLocation(),
            new[] { chain.BlockingCall.Node.GetLocation() },
            properties,
            callerName,
            DisplayName(site.Target),
            chain.BlockingCall.Member,
            path.ToString()));
    }

    private static ImmutableDictionary<string, string?>? FixFor(CallSite site, ISymbol caller, BlockingChain chain, AsyncSymbols symbols)
    {
        if (site.Operation is not IInvocationOperation invocation || invocation.Syntax is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax })
        {
            return null;
        }

        // The same twin search as BLK003 (TwinLookup), and so the same fix (FixKinds.AwaitTwin).
        var twin = symbols.Twins.Find(invocation, invocation.TargetMethod.Name + TwinLookup.AsyncSuffix);
        if (twin is not null && !TwinLookup.IsEnclosingMethodOrItsContract(invocation, twin.Method))
        {
            return twin.FixProperties;
        }

        return chain.CpuOnly && CanRunOnThreadPool(invocation, caller, symbols) ? BlockingCall.Fix(FixKinds.TaskRun) : null;
    }

    /// <summary>
    /// Whether <c>Helper(args)</c> can become <c>await Task.Run(() =&gt; Helper(args))</c> with the same meaning: no
    /// <c>ref</c>/<c>out</c>/<c>in</c> argument, no ref struct (<c>Span</c>, <c>stackalloc</c>), no <c>await</c> in
    /// the arguments, no awaitable result (<c>Task.Run</c> would unwrap it), no <c>this</c> of a struct captured,
    /// and not inside a conditional access.
    /// </summary>
    private static bool CanRunOnThreadPool(IInvocationOperation invocation, ISymbol caller, AsyncSymbols symbols)
    {
        var method = invocation.TargetMethod;
        if (method.ReturnsByRef || method.ReturnsByRefReadonly || method.ReturnType.IsRefLikeType
            || method.ReturnType.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer || symbols.IsAwaitable(method.ReturnType))
        {
            return false;
        }

        if (caller.ContainingType is { IsValueType: true } && !caller.IsStatic)
        {
            return false;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { RefKind: not RefKind.None } || argument.Value.Type is { IsRefLikeType: true }
                || argument.Value.Type?.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer
                || argument.Value.Descendants().Any(d => d is IAwaitOperation))
            {
                return false;
            }
        }

        return invocation.Instance?.Type is not { IsRefLikeType: true };
    }

    /// <summary>How a method is named in the message: a property by its name, a constructor as <c>new T</c>.</summary>
    internal static string DisplayName(IMethodSymbol method)
        => method.MethodKind switch
        {
            MethodKind.PropertyGet or MethodKind.PropertySet when method.AssociatedSymbol is IPropertySymbol { IsIndexer: true } indexer
                => indexer.ContainingType.Name + "[]",
            MethodKind.PropertyGet or MethodKind.PropertySet when method.AssociatedSymbol is { } property => property.Name,
            MethodKind.Constructor => "new " + method.ContainingType.Name,
            _ when method.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName => "top-level statements",
            _ => method.Name,
        };

    /// <summary>
    /// A call to a method with a body in the compilation, from a member that may hold async code; whether it sits in
    /// async code is decided only when its helper blocks.
    /// </summary>
    private sealed class CallSite
    {
        private CallSite(IOperation operation, ISymbol containingSymbol, IMethodSymbol target, UnblockOptions.TreeOptions options, int maxDepth)
        {
            Operation = operation;
            ContainingSymbol = containingSymbol;
            Target = target;
            Options = options;
            MaxDepth = maxDepth;
        }

        public IOperation Operation { get; }

        /// <summary>The member whose body holds the call.</summary>
        public ISymbol ContainingSymbol { get; }

        public IMethodSymbol Target { get; }

        public UnblockOptions.TreeOptions Options { get; }

        public int MaxDepth { get; }

        public static CallSite? Find(IOperation operation, ISymbol containingSymbol, UnblockOptions options, MethodSummaries summaries)
        {
            var treeOptions = options.For(operation.Syntax.SyntaxTree);
            var settings = summaries.SettingsFor(treeOptions);
            var target = summaries.TargetOf(operation, settings.IncludeVirtual);
            return target is null ? null : new CallSite(operation, containingSymbol, target, treeOptions, settings.MaxDepth);
        }
    }
}
