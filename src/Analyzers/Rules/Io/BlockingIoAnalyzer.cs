using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using Unblock.Analyzers.Options;
using Unblock.Analyzers.Rules.Transitive;

namespace Unblock.Analyzers.Rules.Io;

/// <summary>
/// BLK003: a synchronous call inside async code that has an asynchronous twin (found by <see cref="TwinLookup"/>,
/// not a hand list), unless <see cref="NonEquivalentTwins"/> says the twin is not an equivalent; blocking I/O without
/// a twin from <see cref="BlockingWithoutTwin"/> (reported without a fix); plus the methods users list in
/// <c>Unblock.BlockingMethods.txt</c>.
/// </summary>
public sealed class BlockingIoAnalyzer : BlockingCallAnalyzer
{
    public override DiagnosticDescriptor Descriptor => Descriptors.BlockingIo;

    public override ImmutableArray<OperationKind> OperationKinds { get; } =
        ImmutableArray.Create(OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.Loop, OperationKind.Using, OperationKind.UsingDeclaration);

    /// <summary>Almost every call is a candidate: decide the (cheap) async context before the twin lookup.</summary>
    protected override bool DecidesContextFirst => true;

    /// <summary>
    /// A method of this compilation is judged by what its body does (BLK007 follows the call and offers its async twin
    /// when it blocks), not by the name of a sibling: a sync helper that does not block is not reported.
    /// </summary>
    private static bool IsOwnCode(IMethodSymbol method, Compilation compilation)
        => SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, compilation.Assembly);

    public override BlockingCall? Classify(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options, CancellationToken cancellationToken)
    {
        switch (operation)
        {
            case IUsingOperation { IsAsynchronous: false } statement:
                return SyncDispose(statement.Syntax, statement.Resources, ScopeOf(statement), symbols);
            case IUsingDeclarationOperation { IsAsynchronous: false } declaration:
                return SyncDispose(declaration.Syntax, declaration.DeclarationGroup, ScopeOf(declaration), symbols);
            case IForEachLoopOperation { IsAsynchronous: false } loop:
                return QueryOperators.For(symbols).LoopQuery(loop.Collection) is { } looped ? QueryLoop(loop, looped) : null;
            case IObjectCreationOperation creation:
                return ReadingConstructor(creation, symbols);
            case not IInvocationOperation:
                return null;
        }

        var invocation = (IInvocationOperation)operation;

        var method = invocation.TargetMethod;
        if (method.ReturnsVoid && method.Name.EndsWith(TwinLookup.AsyncSuffix, System.StringComparison.Ordinal))
        {
            // Event-based asynchronous pattern (WebClient.DownloadStringAsync): already non-blocking.
            return null;
        }

        if (options.BlockingMethods.TryGet(method, out var listedTwin))
        {
            return Listed(invocation, symbols, listedTwin);
        }

        // EF Core: ToList(), First(...), Count() on a query run it synchronously; the provider's operators are the twins.
        if (QueryOperators.For(symbols).AsyncOperatorFor(invocation) is { } asyncOperator)
        {
            return new BlockingCall(invocation.Syntax, method, null, $"it runs the database query synchronously: use 'await {asyncOperator}(...)' instead",
                BlockingCall.Fix(FixKinds.AwaitTwin, asyncOperator).Add(DiagnosticProperties.TokenParameter, "cancellationToken"));
        }

        if (QueryOperators.For(symbols).EnumeratedBy(invocation) is { } enumerated)
        {
            return new BlockingCall(invocation.Syntax, method, null, enumerated.Kind switch
            {
                QueryKind.Returned => $"it runs the database query that '{enumerated.Method!.Name}' returns as an IEnumerable and reads every row synchronously: return the IQueryable and materialize it with 'await ToListAsync(...)'",
                QueryKind.Cursor => CursorAdvice,
                QueryKind.Store => StoreAdvice,
                _ => "it runs the database query before 'AsEnumerable()' and reads every row synchronously: materialize the query with 'await ToListAsync(...)' first",
            });
        }

        if (QueryOperators.For(symbols).QueryPerElement(invocation) is not null)
        {
            return new BlockingCall(invocation.Syntax, method, null,
                "its selector returns a database query, which runs synchronously for every element when the result is enumerated: query once (a join, or 'await ToListAsync(...)' of the whole set)");
        }

        // Blocking I/O that the twin search cannot help with (File.Copy, Directory.GetFiles, ZipFile.CreateFromDirectory),
        // and serializers without an async API over a stream that is not in memory.
        var withoutTwin = BlockingWithoutTwin.AdviceFor(method) ?? StreamArgumentAdvice(invocation, symbols);
        if (method.MethodKind != MethodKind.Ordinary || IsOwnCode(method, symbols.Compilation))
        {
            return Unfixable(invocation, withoutTwin);
        }

        // The cached lookup first: most calls have no twin, and the table is only consulted for those that do.
        var twins = TwinLookup.Of(symbols);
        var twin = twins.Find(invocation, method.Name + TwinLookup.AsyncSuffix) ?? twins.Find(invocation, method.Name)
                   ?? (RenamedTwins.For(method) is { } renamed ? twins.Find(invocation, renamed) : null);
        if (twin is null)
        {
            return Unfixable(invocation, withoutTwin);
        }

        var table = NonEquivalentTwins.For(symbols);
        if (table.BeforeLookup(invocation) is not null || table.AfterLookup(invocation, twin.Method) is not null
            || TwinLookup.IsEnclosingMethodOrItsContract(invocation, twin.Method)
            || TouchesOnlyInMemoryStreams(invocation, symbols, options))
        {
            return Unfixable(invocation, withoutTwin);
        }

        return Report(invocation, twin);
    }

    /// <summary>
    /// <c>new ZipArchive(stream)</c> and the like (<see cref="BlockingWithoutTwin.ReadingConstructorAdvice"/>): the
    /// constructor reads a stream that is not in memory. No fix: the factory that replaces it takes other arguments.
    /// </summary>
    private static BlockingCall? ReadingConstructor(IObjectCreationOperation creation, AsyncSymbols symbols)
    {
        if (BlockingWithoutTwin.ReadingConstructorAdvice(creation, out var stream) is not { } advice)
        {
            return null;
        }

        var used = 0UL;
        return InMemoryStreams.For(symbols).IsInMemory(stream!.Value, null, 0, ref used, 0)
            ? null
            : new BlockingCall(creation.Syntax, creation.Constructor!, "new " + creation.Constructor!.ContainingType.Name + "()", advice);
    }

    /// <summary>
    /// Whether the summary of the other assembly that declares the called method (or the only implementation of the
    /// called interface member, see <see cref="ReferencedSummaries"/>) says it blocks only on the streams it is given,
    /// and this call gives it in-memory ones for all of them (<c>serializer.Serialize(value, pooledMemoryStream)</c>
    /// through a project's own serializer interface).
    /// </summary>
    private static bool TouchesOnlyInMemoryStreams(IInvocationOperation invocation, AsyncSymbols symbols, UnblockOptions.TreeOptions options)
    {
        var method = invocation.TargetMethod;
        if (SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, symbols.Compilation.Assembly)
            || ReferencedSummaries.For(symbols, options.AdditionalFiles).Find(CallTargets.Definition(method)) is not { } external
            || external.Entry.InMemoryParameters == 0)
        {
            return false;
        }

        var inMemory = InMemoryStreams.For(symbols);
        var given = 0UL;
        foreach (var argument in invocation.Arguments)
        {
            var used = 0UL;
            if (argument.Parameter is { Ordinal: < InMemoryStreams.MaxParameters } parameter && argument.ArgumentKind != ArgumentKind.DefaultValue
                && inMemory.IsEndpoint(parameter.Type) && inMemory.IsInMemory(argument.Value, null, 0, ref used, 0))
            {
                given |= 1UL << parameter.Ordinal;
            }
        }

        return (external.Entry.InMemoryParameters & ~given) == 0;
    }

    /// <summary>
    /// The advice for an API without an async twin that blocks on the stream it is given first (a serializer, a NetVips
    /// loader or saver: <see cref="BlockingWithoutTwin.StreamArgumentAdviceFor"/>) given a stream, reader or writer
    /// that is not in memory; null otherwise.
    /// </summary>
    private static string? StreamArgumentAdvice(IInvocationOperation invocation, AsyncSymbols symbols)
    {
        var method = invocation.TargetMethod;
        if (BlockingWithoutTwin.StreamArgumentAdviceFor(method) is not { } advice || method.Parameters.Length == 0)
        {
            return null;
        }

        var inMemory = InMemoryStreams.For(symbols);
        var none = 0UL;
        return inMemory.IsEndpoint(method.Parameters[0].Type) && inMemory.OnlyTouchesMemory(invocation, null, 0, ref none) is null ? advice : null;
    }

    /// <summary>
    /// A twin finding on streams that are the helper's parameters (<c>JsonSerializer.Deserialize(stream)</c> in
    /// <c>T Deserialize&lt;T&gt;(Stream stream)</c>): silent when its callers pass in-memory streams.
    /// </summary>
    public override ulong SilencedByInMemoryParameters(IOperation operation, IMethodSymbol owner, AsyncSymbols symbols, UnblockOptions.TreeOptions options)
    {
        if (operation is IObjectCreationOperation creation)
        {
            // new ZipArchive(stream) over the helper's own stream parameter: silent when its callers pass memory.
            var relied = 0UL;
            return BlockingWithoutTwin.ReadingConstructorAdvice(creation, out var stream) is not null
                   && InMemoryStreams.For(symbols).IsInMemory(stream!.Value, owner, ulong.MaxValue, ref relied, 0)
                ? relied
                : 0;
        }

        if (operation is not IInvocationOperation invocation || options.BlockingMethods.TryGet(invocation.TargetMethod, out _)
            || BlockingWithoutTwin.AdviceFor(invocation.TargetMethod) is not null)
        {
            return 0;
        }

        if (BlockingWithoutTwin.StreamArgumentAdviceFor(invocation.TargetMethod) is not null)
        {
            var relied = 0UL;
            return InMemoryStreams.For(symbols).OnlyTouchesMemory(invocation, owner, ulong.MaxValue, ref relied) is null ? 0 : relied;
        }

        var queries = QueryOperators.For(symbols);
        if (queries.AsyncOperatorFor(invocation) is not null || queries.EnumeratedBy(invocation) is not null || queries.QueryPerElement(invocation) is not null)
        {
            return 0;
        }

        var used = 0UL;
        return InMemoryStreams.For(symbols).OnlyTouchesMemory(invocation, owner, ulong.MaxValue, ref used) is null ? 0 : used;
    }

    /// <summary>
    /// A synchronous <c>using</c> whose resource's <c>Dispose</c> waits on I/O (<see cref="BlockingDispose"/>): reported
    /// from the <c>using</c> keyword to the end of its declaration, fixed with <c>await using</c> when every resource is
    /// <c>IAsyncDisposable</c>.
    /// </summary>
    private static BlockingCall? SyncDispose(SyntaxNode syntax, IOperation resources, IEnumerable<IOperation> scope, AsyncSymbols symbols)
    {
        var table = BlockingDispose.For(symbols);
        BlockingDisposeEntry? entry = null;
        ITypeSymbol? blockingType = null;
        var fixable = true;
        foreach (var (declared, value, local) in Resources(resources))
        {
            if (value is not null && entry is null && table.Find(value.WithoutImplicitConversions()) is { } found
                && !(local is not null && table.IsFinishedBeforeDispose(local, scope)))
            {
                entry = found;
                blockingType = value.WithoutImplicitConversions().Type;
            }

            fixable &= declared is not null && table.IsAsyncDisposable(declared);
        }

        if (entry is null || blockingType is null)
        {
            return null;
        }

        var (keyword, end) = syntax switch
        {
            UsingStatementSyntax statement => (statement.UsingKeyword, statement.CloseParenToken.Span.End),
            LocalDeclarationStatementSyntax local => (local.UsingKeyword, local.Declaration.Span.End),
            _ => (default, 0),
        };

        if (!keyword.IsKind(SyntaxKind.UsingKeyword) || end <= keyword.SpanStart)
        {
            return null;
        }

        var location = Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(keyword.SpanStart, end));
        var dispose = table.DisposeOf(blockingType) ?? (ISymbol)blockingType;
        var member = blockingType.Name + ".Dispose()";
        return fixable
            ? new BlockingCall(syntax, location, dispose, member, $"its Dispose {entry.Reason}: use 'await using' instead", BlockingCall.Fix(FixKinds.AwaitUsing))
            : new BlockingCall(syntax, location, dispose, member, $"its Dispose {entry.Reason}: close it asynchronously first, or dispose it inside 'await Task.Run(...)'");
    }

    /// <summary>Each resource of a <c>using</c>: the declared type (null when it cannot be read), the value it holds and its local, if any.</summary>
    private static IEnumerable<(ITypeSymbol? Declared, IOperation? Value, ILocalSymbol? Local)> Resources(IOperation resources)
    {
        if (resources is IVariableDeclarationGroupOperation group)
        {
            foreach (var declaration in group.Declarations)
            {
                foreach (var declarator in declaration.Declarators)
                {
                    yield return (declarator.Symbol.Type, declarator.Initializer?.Value ?? declaration.Initializer?.Value, declarator.Symbol);
                }
            }
        }
        else
        {
            yield return (resources.Type, resources, (resources.WithoutImplicitConversions() as ILocalReferenceOperation)?.Local);
        }
    }

    /// <summary>The statements that run before the resources of <paramref name="operation"/> are disposed.</summary>
    private static IEnumerable<IOperation> ScopeOf(IOperation operation)
    {
        switch (operation)
        {
            case IUsingOperation { Body: IBlockOperation block }:
                return block.Operations;
            case IUsingOperation statement:
                return new[] { statement.Body };
            case IUsingDeclarationOperation { Parent: IBlockOperation block } declaration:
                var index = block.Operations.IndexOf(declaration);
                return index < 0 ? System.Array.Empty<IOperation>() : block.Operations.Skip(index + 1);
            default:
                return System.Array.Empty<IOperation>();
        }
    }

    private const string CursorAdvice = "it iterates a database cursor synchronously, a round trip for every batch: use 'await cursor.ForEachAsync(...)', or 'await ToListAsync(...)' first";

    private const string StoreAdvice = "it runs the store's database query synchronously (UserManager.Users and RoleManager.Roles query the user store): use the provider's asynchronous operator ('ToListAsync', 'CountAsync', ... of EF Core or MongoDB)";

    private static BlockingCall QueryLoop(IForEachLoopOperation loop, QuerySource source)
        => new(loop.Collection.Syntax, loop.Collection.Type!, source.Kind == QueryKind.Cursor ? "foreach over a database cursor" : "foreach over a database query", source.Kind switch
        {
            QueryKind.Returned => $"it runs the query that '{source.Method!.Name}' returns as an IEnumerable and reads every row synchronously: return the IQueryable and use 'await foreach' over its 'AsAsyncEnumerable()', or 'await ToListAsync(...)' first",
            QueryKind.Cursor => CursorAdvice,
            QueryKind.Store => StoreAdvice,
            _ => "it runs the query and reads every row synchronously: use 'await foreach' over the query's 'AsAsyncEnumerable()', or 'await ToListAsync(...)' first",
        });

    private static BlockingCall? Unfixable(IInvocationOperation invocation, string? advice)
        => advice is null ? null : new BlockingCall(invocation.Syntax, invocation.TargetMethod, null, advice);

    private static BlockingCall? Listed(IInvocationOperation invocation, AsyncSymbols symbols, string? twinName)
    {
        var method = invocation.TargetMethod;
        var twin = twinName is null ? null : TwinLookup.Of(symbols).Find(invocation, twinName);
        if (twin is not null && !TwinLookup.IsEnclosingMethodOrItsContract(invocation, twin.Method))
        {
            return Report(invocation, twin);
        }

        var advice = twinName is null
            ? "it is listed as blocking in Unblock.BlockingMethods.txt: use an asynchronous alternative, or 'await Task.Run(...)' as a last resort"
            : $"use 'await {twinName}(...)' (listed in Unblock.BlockingMethods.txt)";
        return new BlockingCall(invocation.Syntax, method, null, advice);
    }

    private static BlockingCall Report(IInvocationOperation invocation, TwinLookup.Twin twin)
    {
        return new BlockingCall(invocation.Syntax, invocation.TargetMethod, null, $"use 'await {twin.Name}(...)' instead", twin.FixProperties);
    }
}
