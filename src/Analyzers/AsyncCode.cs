using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Unblock.Analyzers.Options;

namespace Unblock.Analyzers;

/// <summary>
/// Where the code of each type of a compilation may be async (<see cref="AsyncRegions"/>), found from its text once per
/// type and shared by every rule (one instance per compilation, <see cref="AsyncSymbols.GetOrCreate{T}"/>). The rules
/// call it before anything else: an operation outside these regions is not async code whatever
/// <see cref="AsyncContext.Of"/> would find, so the models, DTOs, migrations and synchronous utilities that make up most
/// of a project cost a span comparison per operation.
/// </summary>
public sealed class AsyncCode
{
    private readonly ConcurrentDictionary<INamedTypeSymbol, AsyncRegions> _types;

    // Operations arrive member by member, so mostly from the type of the previous one: no hashing then.
    private AsyncRegions? _last;

    private AsyncCode(AsyncSymbols symbols) => _types = symbols.NewTable<INamedTypeSymbol, AsyncRegions>(perFile: 2, SymbolEqualityComparer.Default);

    public static AsyncCode Of(AsyncSymbols symbols) => symbols.GetOrCreate(static s => new AsyncCode(s));

    /// <summary>
    /// The async code of <paramref name="type"/> (its own declarations, nested types included), or null when it has no
    /// async function (lambdas aside: see <see cref="AsyncRegions.ContainsInFunction"/>).
    /// </summary>
    public AsyncRegions? FunctionsIn(INamedTypeSymbol type, UnblockOptions options, CancellationToken cancellationToken)
    {
        var regions = RegionsOf(type, options, cancellationToken);
        return regions.HasFunctions ? regions : null;
    }

    /// <summary>
    /// False when <paramref name="operation"/>, in the body or initializer of <paramref name="containingSymbol"/>, lies
    /// outside every async region of its type: then it is not in async code. True means it may be (decide with
    /// <see cref="AsyncContext.Of"/>).
    /// </summary>
    public bool MayContain(IOperation operation, ISymbol containingSymbol, UnblockOptions options, CancellationToken cancellationToken)
    {
        var type = containingSymbol as INamedTypeSymbol ?? containingSymbol.ContainingType;
        if (type is null)
        {
            return true;
        }

        var last = _last;
        var regions = last is not null && ReferenceEquals(last.Type, type) ? last : RegionsOf(type, options, cancellationToken);
        _last = regions;
        return regions.Contains(operation);
    }

    private AsyncRegions RegionsOf(INamedTypeSymbol type, UnblockOptions options, CancellationToken cancellationToken)
        => _types.TryGetValue(type, out var regions)
            ? regions
            : _types.GetOrAdd(type, AsyncRegions.Scan(type, options, cancellationToken));
}

/// <summary>
/// Where the code of one type may be async: its async methods, lambdas, anonymous methods and local functions, found
/// from the occurrences of <c>async</c> in its text; with the task-returning option also the methods and local
/// functions declared to return <c>Task</c>/<c>ValueTask</c> (or another type named <c>...Task</c>) and every lambda and
/// anonymous method (a synchronous lambda may return a task: an operation outside the functions is looked up through
/// its syntax ancestors, which costs less than finding every lambda of the type in its text); and whole declarations for
/// top-level statements (async code when they await, with no <c>async</c> in their text) and when the text cannot be
/// read. Whether an operation inside sits in async code (not in a <c>Task.Run</c> lambda, say) is for
/// <see cref="AsyncContext.Of"/> to decide.
/// </summary>
public sealed class AsyncRegions
{
    private const string AsyncKeyword = "async";
    private const string TaskName = "Task";

    /// <summary>Per file of the type, its async functions, and whether its lambdas may be async code.</summary>
    private readonly FileRegions[] _files;

    /// <summary>The options of the type's file, when it is declared in one file (most types): no lookup per call.</summary>
    private readonly UnblockOptions.TreeOptions? _onlyFile;

    private AsyncRegions(INamedTypeSymbol type, FileRegions[] files, UnblockOptions.TreeOptions? onlyFile)
    {
        Type = type;
        _files = files;
        _onlyFile = onlyFile;
        HasFunctions = files.Any(file => file.Functions.Length > 0);
    }

    /// <summary>The type whose code this is.</summary>
    public INamedTypeSymbol Type { get; }

    /// <summary>True when the type has an async function (a lambda aside).</summary>
    public bool HasFunctions { get; }

    internal static AsyncRegions Scan(INamedTypeSymbol type, UnblockOptions options, CancellationToken cancellationToken)
    {
        var files = new List<FileRegions>(1);
        var declarations = type.DeclaringSyntaxReferences;
        UnblockOptions.TreeOptions? treeOptions = null;
        foreach (var declaration in declarations)
        {
            var syntax = declaration.GetSyntax(cancellationToken);
            var tree = syntax.SyntaxTree;
            treeOptions = options.For(tree);
            var functions = new List<TextSpan>();
            if (syntax is CompilationUnitSyntax || !tree.TryGetText(out var text))
            {
                functions.Add(syntax.FullSpan);
                files.Add(new FileRegions(tree, lambdas: false, functions.ToArray()));
                continue;
            }

            AddFunctions(syntax, text, treeOptions.TaskReturningMethodsAreAsync, functions);
            if (treeOptions.TaskReturningMethodsAreAsync)
            {
                // AddFunctions also found the methods and local functions declared to return Task or ValueTask (ValueTask
                // ends in Task); lambdas and anonymous methods, whose return type the text does not show, are found by the
                // operation's ancestors (Contains).
                files.Add(new FileRegions(tree, lambdas: true, Merge(functions)));
            }
            else if (functions.Count > 0)
            {
                files.Add(new FileRegions(tree, lambdas: false, Merge(functions)));
            }
        }

        return new AsyncRegions(type, files.Count == 0 ? Array.Empty<FileRegions>() : files.ToArray(), declarations.Length == 1 ? treeOptions : null);
    }

    /// <summary>One declaration of the type: its async functions, and whether (with the task-returning option) its lambdas may be async code.</summary>
    private sealed class FileRegions
    {
        public FileRegions(SyntaxTree tree, bool lambdas, TextSpan[] functions)
        {
            Tree = tree;
            Lambdas = lambdas;
            Functions = functions;
        }

        public SyntaxTree Tree { get; }

        public bool Lambdas { get; }

        public TextSpan[] Functions { get; }
    }

    /// <summary>Sorted, with nested and overlapping spans merged: a binary search then answers whether a position is inside.</summary>
    /// <remarks>Sorted in place (this runs for every type: most have no span or one, and need no sort at all).</remarks>
    private static TextSpan[] Merge(List<TextSpan> spans)
    {
        switch (spans.Count)
        {
            case 0:
                return Array.Empty<TextSpan>();
            case 1:
                return new[] { spans[0] };
        }

        spans.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        var merged = 0;
        for (var i = 1; i < spans.Count; i++)
        {
            var last = spans[merged];
            var span = spans[i];
            if (span.Start <= last.End)
            {
                spans[merged] = TextSpan.FromBounds(last.Start, Math.Max(last.End, span.End));
            }
            else
            {
                spans[++merged] = span;
            }
        }

        spans.RemoveRange(merged + 1, spans.Count - merged - 1);
        return spans.ToArray();
    }

    /// <summary>Whether <paramref name="operation"/> lies in one of the type's async functions or lambdas.</summary>
    public bool Contains(IOperation operation) => Contains(operation, lambdas: true);

    /// <summary>Whether <paramref name="operation"/> lies in one of the type's async functions, lambdas not counted (BLK007).</summary>
    public bool ContainsInFunction(IOperation operation) => Contains(operation, lambdas: false);

    private bool Contains(IOperation operation, bool lambdas)
    {
        // Where the node's text starts, leading trivia included (a field; the first token's start is a walk down the
        // node): inside a region for a node inside it, as the region starts with a token before the node.
        var syntax = operation.Syntax;
        var position = syntax.FullSpan.Start;
        var tree = _onlyFile is null ? syntax.SyntaxTree : null;
        foreach (var file in _files)
        {
            if (tree is not null && !ReferenceEquals(file.Tree, tree))
            {
                continue;
            }

            var spans = file.Functions;
            int low = 0, high = spans.Length - 1;
            while (low <= high)
            {
                var middle = low + ((high - low) / 2);
                var span = spans[middle];
                if (position < span.Start)
                {
                    high = middle - 1;
                }
                else if (position >= span.End)
                {
                    low = middle + 1;
                }
                else
                {
                    return true;
                }
            }

            if (lambdas && file.Lambdas && InLambda(syntax))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="node"/> is, or sits in, a lambda or anonymous method of its member.</summary>
    private static bool InLambda(SyntaxNode node)
    {
        for (SyntaxNode? current = node; current is not null and not MemberDeclarationSyntax; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The options of the file of <paramref name="operation"/>.</summary>
    public UnblockOptions.TreeOptions OptionsOf(IOperation operation, UnblockOptions options)
        => _onlyFile ?? options.For(operation.Syntax.SyntaxTree);

    /// <summary>
    /// Adds the functions declared in <paramref name="declaration"/> that the <c>async</c> keyword marks, and with
    /// <paramref name="taskReturning"/> those declared to return a type named <c>...Task</c>: its text is copied once,
    /// in chunks, into a pooled buffer and both words are searched there; only where one occurs is the syntax tree
    /// looked at.
    /// </summary>
    private static void AddFunctions(SyntaxNode declaration, SourceText text, bool taskReturning, List<TextSpan> functions)
    {
        // Chunks overlap by the longer word's length less one, so a word across two chunks is found (once per word).
        var overlap = Math.Max(AsyncKeyword.Length, TaskName.Length) - 1;
        var span = declaration.Span;
        var buffer = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            var lastAsync = -1;
            var lastTask = -1;
            for (var start = span.Start; start + TaskName.Length <= span.End; start += buffer.Length - overlap)
            {
                var count = Math.Min(buffer.Length, span.End - start);
                text.CopyTo(start, buffer, 0, count);
                var chunk = buffer.AsSpan(0, count);
                AddFunctions(declaration, chunk, start, AsyncKeyword, ref lastAsync, functions);
                if (taskReturning)
                {
                    AddFunctions(declaration, chunk, start, TaskName, ref lastTask, functions);
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The functions that <paramref name="keyword"/> marks in one chunk of the text starting at <paramref name="start"/>, each occurrence once (<paramref name="last"/>).</summary>
    private static void AddFunctions(SyntaxNode declaration, ReadOnlySpan<char> chunk, int start, string keyword, ref int last, List<TextSpan> functions)
    {
        for (var offset = chunk.IndexOf(keyword.AsSpan()); offset >= 0; offset = NextOccurrence(chunk, offset, keyword))
        {
            var position = start + offset;
            if (position <= last)
            {
                continue;
            }

            last = position;
            if (MayBeKeywordOrReturnType(chunk, offset, keyword) && FunctionAt(declaration.FindToken(position), position) is { } function)
            {
                functions.Add(function.Span);
            }
        }
    }

    /// <summary>
    /// False when the occurrence of <paramref name="keyword"/> at <paramref name="offset"/> cannot be what
    /// <see cref="FunctionAt"/> looks for, by the character after it: a declared return type (<c>Task</c>,
    /// <c>Task&lt;T&gt;</c>, <c>Task?</c>) or the <c>async</c> modifier is followed by a space, a line break, <c>&lt;</c>,
    /// <c>?</c> or <c>(</c> (<c>async(x) =&gt;</c>); <c>Task.Run(</c>, <c>Task.WhenAll</c>, <c>Func&lt;Task&gt;</c> are not,
    /// and are most of the occurrences (no token is looked up for them). At the end of a chunk the token decides.
    /// </summary>
    private static bool MayBeKeywordOrReturnType(ReadOnlySpan<char> chunk, int offset, string keyword)
    {
        var after = offset + keyword.Length;
        if (after >= chunk.Length)
        {
            return true;
        }

        var next = chunk[after];
        return char.IsWhiteSpace(next) || next is '<' or '?' or '(' or '/';
    }

    private static int NextOccurrence(ReadOnlySpan<char> chunk, int offset, string keyword)
    {
        var next = chunk.Slice(offset + 1).IndexOf(keyword.AsSpan());
        return next < 0 ? -1 : offset + 1 + next;
    }

    /// <summary>
    /// The function whose <c>async</c> modifier, lambda arrow or <c>delegate</c> keyword is <paramref name="token"/>, or
    /// whose declared return type is (or is generic over) an identifier ending in <c>Task</c> at
    /// <paramref name="token"/>; else null.
    /// </summary>
    private static SyntaxNode? FunctionAt(SyntaxToken token, int position)
    {
        switch (token.Kind())
        {
            case SyntaxKind.AsyncKeyword when token.SpanStart == position:
                return token.Parent is MethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax ? token.Parent : null;
            case SyntaxKind.EqualsGreaterThanToken when token.SpanStart == position:
                return token.Parent as LambdaExpressionSyntax;
            case SyntaxKind.DelegateKeyword when token.SpanStart == position:
                return token.Parent as AnonymousMethodExpressionSyntax;
            case SyntaxKind.IdentifierToken:
                break;
            default:
                return null;
        }

        if (!token.ValueText.EndsWith(TaskName, StringComparison.Ordinal))
        {
            return null;
        }

        // Task, Task<T>, System.Threading.Tasks.Task<T>: climb the type to the declaration that returns it.
        SyntaxNode? type = token.Parent;
        while (type?.Parent is QualifiedNameSyntax or AliasQualifiedNameSyntax)
        {
            type = type.Parent;
        }

        return type?.Parent switch
        {
            MethodDeclarationSyntax method when method.ReturnType == type => method,
            LocalFunctionStatementSyntax local when local.ReturnType == type => local,
            _ => null,
        };
    }
}
