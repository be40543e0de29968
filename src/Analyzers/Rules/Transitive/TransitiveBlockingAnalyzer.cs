using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
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
    private readonly ImmutableArray<ImmutableArray<BlockingCallAnalyzer>> _rulesByKind;

    public TransitiveBlockingAnalyzer()
        : this(BlockingRules.All)
    {
    }

    /// <summary>For tests: other rules than <see cref="BlockingRules.All"/> (a stand-in rule, say).</summary>
    internal TransitiveBlockingAnalyzer(ImmutableArray<BlockingCallAnalyzer> rules) => _rulesByKind = MethodSummaries.IndexByKind(rules);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TransitiveBlockingCall);

    protected override void OnCompilationStart(CompilationStartAnalysisContext context, AsyncSymbols symbols, UnblockOptions options)
    {
        var summaries = new MethodSummaries(context.Compilation, symbols, options, _rulesByKind);

        // Call sites are judged when the driver has analyzed their whole type. By then every member of the type is
        // bound, so reading a helper of the same type (most helpers) binds nothing; and symbol-end diagnostics show as
        // live squiggles in the open document, like operation diagnostics.
        context.RegisterSymbolStartAction(
            typeStart =>
            {
                if (AsyncCode.Of(symbols).FunctionsIn((INamedTypeSymbol)typeStart.Symbol, options, typeStart.CancellationToken) is not { } asyncCode)
                {
                    // Models, DTOs, synchronous utilities: nothing is registered for their members.
                    return;
                }

                // Most types call no helper from async code: their queue is never made.
                ConcurrentQueue<CallSite>? sites = null;
                typeStart.RegisterOperationAction(
                    operationContext =>
                    {
                        var operation = operationContext.Operation;
                        summaries.Saw(operation.SemanticModel);
                        if (asyncCode.ContainsInFunction(operation)
                            && CallSite.Find(operation, operationContext.ContainingSymbol, asyncCode.OptionsOf(operation, options), summaries) is { } site)
                        {
                            LazyInitializer.EnsureInitialized(ref sites, () => new ConcurrentQueue<CallSite>())!.Enqueue(site);
                        }
                    },
                    CallTargets.Kinds);
                typeStart.RegisterSymbolEndAction(end =>
                {
                    if (Volatile.Read(ref sites) is { } found)
                    {
                        foreach (var site in found)
                        {
                            Report(site, summaries, symbols, end.ReportDiagnostic, end.CancellationToken);
                        }
                    }
                });
            },
            SymbolKind.NamedType);
    }

    private static void Report(CallSite site, MethodSummaries summaries, AsyncSymbols symbols, Action<Diagnostic> report, CancellationToken cancellationToken)
    {
        var chain = summaries.ChainFrom(site.Target, site.MaxDepth, cancellationToken);
        if (chain is null)
        {
            return;
        }

        // A helper given in-memory streams (serializer.Deserialize(new MemoryStream(bytes))) may block only on them.
        var inMemoryArguments = summaries.InMemoryArguments(site.Operation);
        if (inMemoryArguments != 0 && (chain = summaries.ChainFrom(site.Target, inMemoryArguments, site.MaxDepth, cancellationToken)) is null)
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
        if (summaries.RulesFor(operation.Kind).Any(rule => rule.Classify(operation, symbols, site.Options, cancellationToken) is not null))
        {
            // The call itself is a finding of another rule (say, a known blocking API with a twin): that rule reports it.
            return;
        }

        var path = new StringBuilder(callerName);
        foreach (var step in chain.Steps())
        {
            path.Append(" → ").Append(step);
        }

        if (chain.External is { } external)
        {
            path.Append(", in ").Append(external.AssemblyName);
            if (external.Entry.Site is { } externalSite)
            {
                path.Append(" at ").Append(externalSite);
            }
        }

        var properties = asyncContext.InsideLock ? null : FixFor(site, caller, chain, symbols);
        report(Diagnostic.Create(
            Descriptors.TransitiveBlockingCall,
            operation.Syntax.GetLocation(),
            chain.BlockingCall is { } blockingCall ? new[] { blockingCall.Node.GetLocation() } : Array.Empty<Location>(),
            properties,
            callerName,
            CalleeName(site.Target, chain),
            chain.BlockingMember,
            path.ToString()));
    }

    /// <summary>
    /// How the message names the called method (its second argument): as the chain does. A method of another assembly
    /// is named by its summary's first step, which for an interface call is the implementation that runs, as for an
    /// interface of this compilation.
    /// </summary>
    private static string CalleeName(IMethodSymbol target, BlockingChain chain)
        => chain.Methods.Length == 1 && chain.External is { } external ? external.Entry.Steps[0] : QualifiedName(target);

    private static ImmutableDictionary<string, string?>? FixFor(CallSite site, ISymbol caller, BlockingChain chain, AsyncSymbols symbols)
    {
        if (site.Operation is not IInvocationOperation invocation || invocation.Syntax is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax })
        {
            return null;
        }

        // The same twin search as BLK003 (TwinLookup), and so the same fix (FixKinds.AwaitTwin).
        var twin = TwinLookup.Of(symbols).Find(invocation, invocation.TargetMethod.Name + TwinLookup.AsyncSuffix);
        if (twin is not null && !TwinLookup.IsEnclosingMethodOrItsContract(invocation, twin.Method))
        {
            return twin.FixProperties;
        }

        if (chain.CpuOnly && CanRunOnThreadPool(invocation, caller, symbols))
        {
            return BlockingCall.Fix(FixKinds.TaskRun);
        }

        var asyncName = invocation.TargetMethod.Name + TwinLookup.AsyncSuffix;
        return chain.Methods.Length == 1 && CanHaveAsyncCopy(invocation, asyncName, symbols) ? BlockingCall.Fix(FixKinds.CreateAsync, asyncName) : null;
    }

    /// <summary>
    /// Whether the helper can get an async copy next to it (<see cref="FixKinds.CreateAsync"/>): an ordinary method with a
    /// body in the call's own file, that blocks directly (the copy's blocking calls are fixed by the rules' own fixes; the
    /// code fix checks that every one of them has a fix), whose parameters and result an async method can have, which
    /// returns no awaitable (its callers would not expect one wrapped in another), and whose type has nothing named
    /// <paramref name="asyncName"/> yet.
    /// </summary>
    private static bool CanHaveAsyncCopy(IInvocationOperation invocation, string asyncName, AsyncSymbols symbols)
    {
        var method = invocation.TargetMethod;
        if (method.MethodKind != MethodKind.Ordinary || method.IsAbstract || method.IsExtern || method.IsPartialDefinition || method.PartialImplementationPart is not null
            || method.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct } type
            || method.DeclaringSyntaxReferences.Length != 1 || method.DeclaringSyntaxReferences[0].SyntaxTree != invocation.Syntax.SyntaxTree
            || method.ReturnsByRef || method.ReturnsByRefReadonly || method.ReturnType.IsRefLikeType
            || method.ReturnType.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer || symbols.IsAwaitable(method.ReturnType))
        {
            return false;
        }

        if (method.Parameters.Any(p => p.RefKind != RefKind.None || p.Type.IsRefLikeType || p.Type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer))
        {
            return false;
        }

        return type.GetMembers(asyncName).IsEmpty;
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

    /// <summary>
    /// How the message names the method the call is in (its first argument and the chain's first step): by its name, a
    /// property by its name, a constructor as <c>new T</c>. The user is in that method: nothing more is needed.
    /// </summary>
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
    /// How the message and the summaries name a method on a chain, so that users can find it (and tell overloads
    /// apart): <c>FileReportStore.Load(string)</c>, <c>Cache&lt;T&gt;.Get(string)</c>, a property accessor as
    /// <c>Settings.Path</c>, an indexer as <c>ReportIndex[]</c>, a constructor as <c>new FileReportStore(string)</c>, a
    /// local function as <c>Load(string)</c>; types by their own name as C# writes them, parameter types too.
    /// </summary>
    internal static string QualifiedName(IMethodSymbol method)
    {
        method = (method.ReducedFrom ?? method).OriginalDefinition;
        if (method.ContainingType is not { } containing || method.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName)
        {
            return DisplayName(method);
        }

        var type = containing.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
        switch (method.MethodKind)
        {
            case MethodKind.PropertyGet or MethodKind.PropertySet when method.AssociatedSymbol is IPropertySymbol { IsIndexer: true }:
                return type + "[]";
            case MethodKind.PropertyGet or MethodKind.PropertySet when method.AssociatedSymbol is { } property:
                return type + "." + property.Name;
            case MethodKind.Constructor:
                return "new " + type + ParameterTypes(method);
            case MethodKind.LocalFunction:
                return method.Name + TypeParameters(method) + ParameterTypes(method);
        }

        var name = method.ExplicitInterfaceImplementations.FirstOrDefault() is { } implemented
            ? implemented.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "." + implemented.Name
            : method.Name;
        return type + "." + name + TypeParameters(method) + ParameterTypes(method);
    }

    private static string TypeParameters(IMethodSymbol method)
        => method.TypeParameters.IsEmpty ? string.Empty : "<" + string.Join(", ", method.TypeParameters.Select(t => t.Name)) + ">";

    /// <summary><c>(ref int, List&lt;int&gt;)</c>: each parameter's type as C# writes it, with <c>ref</c>, <c>out</c> or <c>in</c>.</summary>
    private static string ParameterTypes(IMethodSymbol method)
    {
        var text = new StringBuilder("(");
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Ordinal > 0)
            {
                text.Append(", ");
            }

            text.Append(parameter.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                _ => string.Empty,
            });
            text.Append(parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
        }

        return text.Append(')').ToString();
    }

    /// <summary>
    /// A call to a method with a body in the compilation, from one of its type's async functions (<see cref="AsyncCode"/>);
    /// whether it sits in async code is decided only when its helper blocks.
    /// </summary>
    /// <param name="ContainingSymbol">The member whose body holds the call.</param>
    private sealed record CallSite(IOperation Operation, ISymbol ContainingSymbol, IMethodSymbol Target, UnblockOptions.TreeOptions Options, int MaxDepth)
    {
        public static CallSite? Find(IOperation operation, ISymbol containingSymbol, UnblockOptions.TreeOptions treeOptions, MethodSummaries summaries)
        {
            var settings = summaries.SettingsFor(treeOptions);
            var target = summaries.TargetOf(operation, settings.IncludeVirtual);
            return target is null || summaries.IsKnownNotToBlock(target, settings.MaxDepth)
                ? null
                : new CallSite(operation, containingSymbol, target, treeOptions, settings.MaxDepth);
        }
    }
}
