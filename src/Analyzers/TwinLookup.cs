using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Unblock.Analyzers;

/// <summary>
/// Finds the asynchronous twin of a synchronous call: a method named <c>M + suffix</c> (or <c>M</c> itself) on the
/// receiver's type, its base types or interfaces, or an extension method in scope, that returns an awaitable whose
/// result is the synchronous method's result, accepts the same arguments (optionally plus a trailing
/// <c>CancellationToken</c>; a <c>T[]</c>/<c>Span&lt;T&gt;</c> may become <c>Memory&lt;T&gt;</c>, and a parameter may
/// become an interface its type implements, <c>string[]</c> → <c>IEnumerable&lt;string&gt;</c>), is accessible
/// at the call site and is not <c>[Obsolete]</c>. Results are cached per compilation in two steps: the matching
/// members of the receiver's types by method, receiver type and twin name (most calls end there, with none); then,
/// only when there is a candidate, by the type declaration the call sits in (accessibility and extension methods in
/// scope depend on it).
/// </summary>
public sealed class TwinLookup
{
    /// <summary>The suffix of an asynchronous twin's name (<c>Read</c> → <c>ReadAsync</c>).</summary>
    public const string AsyncSuffix = "Async";

    private readonly AsyncSymbols _symbols;
    private readonly INamedTypeSymbol? _span;
    private readonly INamedTypeSymbol? _readOnlySpan;
    private readonly INamedTypeSymbol? _memory;
    private readonly INamedTypeSymbol? _readOnlyMemory;
    private readonly ConcurrentDictionary<Key, ImmutableArray<(ITypeSymbol Type, Candidate Candidate)>> _members = new();
    private readonly ConcurrentDictionary<Key, ImmutableArray<Candidate>> _cache = new();
    private readonly ConcurrentDictionary<(ITypeSymbol Definition, string Name), bool> _awaitableNamed = new(DefinitionAndName.Instance);

    /// <summary>The compilation's lookup (BLK003, BLK004, BLK005, BLK007), made on first use and shared by every rule.</summary>
    public static TwinLookup Of(AsyncSymbols symbols) => symbols.GetOrCreate(static s => new TwinLookup(s));

    private TwinLookup(AsyncSymbols symbols)
    {
        _symbols = symbols;
        _span = symbols.TypeByMetadataName("System.Span`1");
        _readOnlySpan = symbols.TypeByMetadataName("System.ReadOnlySpan`1");
        _memory = symbols.TypeByMetadataName("System.Memory`1");
        _readOnlyMemory = symbols.TypeByMetadataName("System.ReadOnlyMemory`1");
    }

    /// <summary>
    /// The twin named <paramref name="twinName"/> of the call, or null. Does not look at the async context nor at
    /// the enclosing method (see <see cref="IsEnclosingMethodOrItsContract"/>).
    /// </summary>
    public Twin? Find(IInvocationOperation invocation, string twinName)
    {
        var method = invocation.TargetMethod;
        var model = invocation.SemanticModel;
        if (model is null || method.ReturnType.TypeKind == TypeKind.Error || method.IsImplicitlyDeclared || _symbols.IsAwaitable(method.ReturnType))
        {
            return null;
        }

        // For a static call the receiver is the declaring type: every search below starts from receiverType.
        var receiverType = method.IsStatic ? method.ContainingType : invocation.Instance?.Type ?? method.ContainingType;
        if (receiverType is null || receiverType.TypeKind == TypeKind.Error)
        {
            return null;
        }

        if (receiverType.TypeKind == TypeKind.TypeParameter)
        {
            receiverType = method.ContainingType;
        }

        var extensions = !method.IsStatic && !method.IsExtensionMethod && twinName != method.Name && HasSourceExtensionNamed(twinName);
        if (!extensions && !MayDeclareTwin(receiverType, twinName))
        {
            // Most calls: no type the call can reach declares an awaitable method of that name (cached per type
            // definition and name, so a LINQ call's same-name overloads are looked at once, not per constructed call).
            return null;
        }

        // Members of the receiver's types do not depend on where the call sits: one search per method, receiver and name.
        var typeKey = new Key(method, receiverType, null, twinName);
        if (!_members.TryGetValue(typeKey, out var members))
        {
            members = MembersNamed(method, receiverType, twinName);
            _members.TryAdd(typeKey, members);
        }

        if (members.IsEmpty && !extensions)
        {
            return null;
        }

        // Accessibility and the extension methods in scope depend on the type declaration the call sits in.
        var scope = invocation.Syntax.FirstAncestorOrSelf<BaseTypeDeclarationSyntax>() ?? (SyntaxNode)invocation.Syntax.SyntaxTree.GetRoot();
        var key = new Key(method, receiverType, scope, twinName);
        if (!_cache.TryGetValue(key, out var candidates))
        {
            candidates = Compute(method, receiverType, members, extensions, twinName, model, invocation.Syntax.SpanStart);
            _cache.TryAdd(key, candidates);
        }

        if (candidates.IsEmpty)
        {
            return null;
        }

        // Per call: a Span argument cannot become Memory; only an array or a Memory value can.
        var plain = false;
        string? tokenParameter = null;
        IMethodSymbol? first = null;
        foreach (var candidate in candidates)
        {
            if (!SpanArgumentsFit(invocation, candidate))
            {
                continue;
            }

            first ??= candidate.Method;
            plain |= candidate.Plain;
            tokenParameter ??= candidate.TokenParameter;
        }

        return first is null ? null : new Twin(first, twinName, plain, tokenParameter);
    }

    /// <summary>
    /// True when <paramref name="twin"/> is the function that contains <paramref name="operation"/>, or the member it
    /// overrides or implements: a synchronous method calling its own async version is not "use the async version".
    /// </summary>
    public static bool IsEnclosingMethodOrItsContract(IOperation operation, IMethodSymbol twin)
    {
        IMethodSymbol? enclosing = null;
        for (var current = operation.Parent; current is not null && enclosing is null; current = current.Parent)
        {
            if (current is ILocalFunctionOperation local)
            {
                enclosing = local.Symbol;
            }
            else if (current is IAnonymousFunctionOperation)
            {
                return false;
            }
        }

        if (enclosing is null && operation.SemanticModel is { } model)
        {
            // Names first (an override or an implementation has the twin's name); the symbol only when they agree.
            var declaration = operation.Syntax.FirstAncestorOrSelf<MethodDeclarationSyntax>();
            enclosing = declaration is null || declaration.Identifier.ValueText != twin.Name ? null : model.GetDeclaredSymbol(declaration) as IMethodSymbol;
        }

        if (enclosing is null)
        {
            return false;
        }

        var target = twin.ReducedFrom ?? twin;
        target = target.OriginalDefinition;
        for (var method = enclosing; method is not null; method = method.OverriddenMethod)
        {
            if (SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, target))
            {
                return true;
            }
        }

        foreach (var implemented in enclosing.ExplicitInterfaceImplementations)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, target))
            {
                return true;
            }
        }

        var type = enclosing.ContainingType;
        if (type is not null && target.ContainingType is { TypeKind: TypeKind.Interface })
        {
            foreach (var member in target.ContainingType.GetMembers(target.Name))
            {
                foreach (var iface in type.AllInterfaces)
                {
                    if (!SymbolEqualityComparer.Default.Equals(iface.OriginalDefinition, target.ContainingType))
                    {
                        continue;
                    }

                    foreach (var constructedMember in iface.GetMembers(member.Name))
                    {
                        if (SymbolEqualityComparer.Default.Equals(constructedMember.OriginalDefinition, target)
                            && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(constructedMember), enclosing))
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The members named <paramref name="twinName"/> of the types a call on <paramref name="receiverType"/> can reach,
    /// most derived first, that match <paramref name="method"/> wherever the call sits (before accessibility).
    /// </summary>
    private ImmutableArray<(ITypeSymbol Type, Candidate Candidate)> MembersNamed(IMethodSymbol method, ITypeSymbol receiverType, string twinName)
    {
        var found = ImmutableArray.CreateBuilder<(ITypeSymbol, Candidate)>();
        var isInstance = !method.IsStatic;
        foreach (var type in TypesToSearch(receiverType))
        {
            foreach (var member in type.GetMembers(twinName))
            {
                if (member is IMethodSymbol twin && twin.IsStatic != isInstance && !SymbolEqualityComparer.Default.Equals(twin.OriginalDefinition, method.OriginalDefinition)
                    && Match(method, twin) is { } candidate)
                {
                    found.Add((type, candidate));
                }
            }
        }

        return found.ToImmutable();
    }

    private ImmutableArray<Candidate> Compute(
        IMethodSymbol method,
        ITypeSymbol receiverType,
        ImmutableArray<(ITypeSymbol Type, Candidate Candidate)> members,
        bool extensions,
        string twinName,
        SemanticModel model,
        int position)
    {
        var found = ImmutableArray.CreateBuilder<Candidate>();
        ITypeSymbol? declaring = null;
        foreach (var (type, candidate) in members)
        {
            if (declaring is not null && !SymbolEqualityComparer.Default.Equals(type, declaring))
            {
                // The most derived type that declares an accessible twin wins (an override hides the base version).
                break;
            }

            if (model.IsAccessible(position, candidate.Method))
            {
                declaring = type;
                found.Add(candidate);
            }
        }

        if (found.Count > 0 || !extensions)
        {
            return found.ToImmutable();
        }

        // Extension methods in scope at the call site (the key includes the type declaration, so usings agree).
        // Only source-declared ones are searched: a position-dependent lookup over every referenced assembly costs
        // milliseconds a call, and library extension twins sit next to their synchronous extension (found above).
        foreach (var symbol in model.LookupSymbols(position, receiverType, twinName, includeReducedExtensionMethods: true))
        {
            if (symbol is IMethodSymbol { ReducedFrom: not null } reduced && Match(method, reduced) is { } candidate && model.IsAccessible(position, reduced))
            {
                found.Add(candidate);
            }
        }

        return found.ToImmutable();
    }

    /// <summary>True when the compilation's own source declares an extension method named <paramref name="name"/> (<see cref="DeclaredNames"/>).</summary>
    private bool HasSourceExtensionNamed(string name) => DeclaredNames.Of(_symbols).HasExtensionMethodNamed(name);

    /// <summary>Whether a type a call on <paramref name="type"/> can reach declares a method named <paramref name="name"/> that returns an awaitable.</summary>
    private bool MayDeclareTwin(ITypeSymbol type, string name)
    {
        var key = (type.OriginalDefinition, name);
        if (!_awaitableNamed.TryGetValue(key, out var may))
        {
            may = DeclaresAwaitableNamed(type.OriginalDefinition, name);
            _awaitableNamed.TryAdd(key, may);
        }

        return may;
    }

    private bool DeclaresAwaitableNamed(ITypeSymbol type, string name)
    {
        foreach (var current in TypesToSearch(type))
        {
            if (current is INamedTypeSymbol named && !named.MemberNames.Contains(name))
            {
                continue;
            }

            foreach (var member in current.GetMembers(name))
            {
                if (member is IMethodSymbol method && _symbols.IsAwaitable(method.ReturnType))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static IEnumerable<ITypeSymbol> TypesToSearch(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            yield return current;
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            foreach (var iface in type.AllInterfaces)
            {
                yield return iface;
            }
        }
    }

    private Candidate? Match(IMethodSymbol method, IMethodSymbol twin)
    {
        if (method.IsGenericMethod != twin.IsGenericMethod || method.Arity != twin.Arity
            || (twin.Parameters.Length != method.Parameters.Length && twin.Parameters.Length != method.Parameters.Length + 1)
            || !_symbols.IsAwaitable(twin.ReturnType))
        {
            // Checks that hold before construction (an awaitable stays awaitable): most same-name overloads stop here.
            return null;
        }

        if (twin.IsGenericMethod && twin.ReducedFrom is null)
        {
            twin = twin.Construct(method.TypeArguments.ToArray());
        }

        var count = method.Parameters.Length;
        var twinCount = twin.Parameters.Length;
        string? tokenParameter = null;
        var plain = twinCount == count;
        if (twinCount == count + 1)
        {
            var last = twin.Parameters[count];
            if (!_symbols.IsCancellationToken(last.Type) || last.RefKind != RefKind.None)
            {
                return null;
            }

            tokenParameter = last.Name;
            plain = last.IsOptional;
        }
        else if (twinCount != count)
        {
            return null;
        }

        var spanChecks = ImmutableArray<int>.Empty;
        for (var i = 0; i < count; i++)
        {
            var p = method.Parameters[i];
            var q = twin.Parameters[i];
            if (p.RefKind != q.RefKind || p.IsParams != q.IsParams || q.Type.TypeKind == TypeKind.Error)
            {
                return null;
            }

            if (SymbolEqualityComparer.Default.Equals(p.Type, q.Type))
            {
                continue;
            }

            switch (BufferConversion(p.Type, q.Type))
            {
                case BufferFit.Always:
                    continue;
                case BufferFit.ArrayOrMemoryArgument:
                    spanChecks = spanChecks.Add(i);
                    continue;
            }

            // File.WriteAllLines(path, string[]) and WriteAllLinesAsync(path, IEnumerable<string>): the twin takes an
            // interface the argument already implements, so the same argument passes.
            if (p.RefKind != RefKind.None || q.Type.TypeKind != TypeKind.Interface || !ConvertsByReference(p.Type, q.Type))
            {
                return null;
            }
        }

        if (!ResultMatches(method.ReturnType, twin.ReturnType) || IsObsolete(twin))
        {
            return null;
        }

        return new Candidate(twin, plain, tokenParameter, spanChecks);
    }

    private bool ConvertsByReference(ITypeSymbol from, ITypeSymbol to)
    {
        var conversion = _symbols.Compilation.ClassifyCommonConversion(from, to);
        return conversion.Exists && conversion.IsImplicit && conversion.IsReference;
    }

    private bool ResultMatches(ITypeSymbol syncResult, ITypeSymbol twinReturn)
    {
        if (twinReturn.TypeKind == TypeKind.Error || !_symbols.IsAwaitable(twinReturn))
        {
            return false;
        }

        var awaited = AwaitedType(twinReturn);
        if (syncResult.SpecialType == SpecialType.System_Void)
        {
            return awaited is null;
        }

        return awaited is not null && SymbolEqualityComparer.Default.Equals(awaited, syncResult);
    }

    /// <summary>The type <c>await</c> gives (null for void).</summary>
    private ITypeSymbol? AwaitedType(ITypeSymbol awaitable)
    {
        if (awaitable is INamedTypeSymbol { IsGenericType: true } named
            && (_symbols.IsGenericTask(named) || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _symbols.ValueTaskOfT)))
        {
            for (var current = named; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, _symbols.TaskOfT)
                    || SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, _symbols.ValueTaskOfT))
                {
                    return current.TypeArguments[0];
                }
            }
        }

        if (_symbols.IsTask(awaitable) || _symbols.IsValueTask(awaitable))
        {
            return null;
        }

        var getAwaiter = awaitable.GetMembers("GetAwaiter").OfType<IMethodSymbol>().FirstOrDefault(m => !m.IsStatic && m.Parameters.IsEmpty);
        var getResult = getAwaiter?.ReturnType.GetMembers("GetResult").OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.IsEmpty);
        return getResult is null || getResult.ReturnsVoid ? null : getResult.ReturnType;
    }

    private enum BufferFit
    {
        No,
        Always,
        ArrayOrMemoryArgument,
    }

    /// <summary><c>T[]</c> fits <c>(ReadOnly)Memory&lt;T&gt;</c>; a <c>(ReadOnly)Span&lt;T&gt;</c> parameter does only when the argument is an array or Memory.</summary>
    private BufferFit BufferConversion(ITypeSymbol sync, ITypeSymbol twin)
    {
        if (twin is not INamedTypeSymbol { IsGenericType: true } twinNamed
            || !(SymbolEqualityComparer.Default.Equals(twinNamed.OriginalDefinition, _memory) || SymbolEqualityComparer.Default.Equals(twinNamed.OriginalDefinition, _readOnlyMemory)))
        {
            return BufferFit.No;
        }

        var element = twinNamed.TypeArguments[0];
        var readOnly = SymbolEqualityComparer.Default.Equals(twinNamed.OriginalDefinition, _readOnlyMemory);
        if (sync is IArrayTypeSymbol { Rank: 1 } array && SymbolEqualityComparer.Default.Equals(array.ElementType, element))
        {
            return BufferFit.Always;
        }

        if (sync is INamedTypeSymbol { IsGenericType: true } syncNamed && SymbolEqualityComparer.Default.Equals(syncNamed.TypeArguments[0], element))
        {
            if (SymbolEqualityComparer.Default.Equals(syncNamed.OriginalDefinition, _span)
                || (readOnly && SymbolEqualityComparer.Default.Equals(syncNamed.OriginalDefinition, _readOnlySpan)))
            {
                return BufferFit.ArrayOrMemoryArgument;
            }
        }

        return BufferFit.No;
    }

    private bool SpanArgumentsFit(IInvocationOperation invocation, Candidate candidate)
    {
        foreach (var index in candidate.SpanChecks)
        {
            var argument = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == index);
            if (argument is null)
            {
                return false;
            }

            var value = argument.Value is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : argument.Value;
            var type = value.Type;
            var fits = type is IArrayTypeSymbol
                       || (type is INamedTypeSymbol named
                           && (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _memory) || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, _readOnlyMemory)));
            if (!fits)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsObsolete(IMethodSymbol twin)
    {
        foreach (var attribute in (twin.ReducedFrom ?? twin).GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "ObsoleteAttribute", ContainingNamespace.Name: "System" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A twin found for one call.</summary>
    /// <param name="Method">One of the matching twin methods (the first found).</param>
    /// <param name="Name">The twin's name.</param>
    /// <param name="Plain">True when a twin accepts exactly the call's arguments (no token, or an optional one).</param>
    /// <param name="TokenParameter">The name of the trailing <c>CancellationToken</c> parameter, when a twin takes one.</param>
    public sealed record Twin(IMethodSymbol Method, string Name, bool Plain, string? TokenParameter)
    {
        /// <summary>What the code fix needs to call this twin (<see cref="FixKinds.AwaitTwin"/>).</summary>
        public ImmutableDictionary<string, string?> FixProperties
            => TokenParameter is null
                ? BlockingCall.Fix(FixKinds.AwaitTwin, Name)
                : BlockingCall.Fix(FixKinds.AwaitTwin, Name).Add(DiagnosticProperties.TokenParameter, TokenParameter);
    }

    private sealed record Candidate(IMethodSymbol Method, bool Plain, string? TokenParameter, ImmutableArray<int> SpanChecks);

    private readonly struct Key : IEquatable<Key>
    {
        private readonly IMethodSymbol _method;
        private readonly ITypeSymbol _receiver;
        private readonly SyntaxNode? _scope;
        private readonly string _name;

        public Key(IMethodSymbol method, ITypeSymbol receiver, SyntaxNode? scope, string name)
        {
            _method = method;
            _receiver = receiver;
            _scope = scope;
            _name = name;
        }

        public bool Equals(Key other)
            => _scope == other._scope
               && string.Equals(_name, other._name, StringComparison.Ordinal)
               && SymbolEqualityComparer.Default.Equals(_method, other._method)
               && SymbolEqualityComparer.Default.Equals(_receiver, other._receiver);

        public override bool Equals(object? obj) => obj is Key other && Equals(other);

        public override int GetHashCode()
        {
            unchecked
            {
                var hash = SymbolEqualityComparer.Default.GetHashCode(_method);
                hash = (hash * 31) + SymbolEqualityComparer.Default.GetHashCode(_receiver);
                hash = (hash * 31) + (_scope?.GetHashCode() ?? 0);
                return (hash * 31) + StringComparer.Ordinal.GetHashCode(_name);
            }
        }
    }

    private sealed class DefinitionAndName : IEqualityComparer<(ITypeSymbol Definition, string Name)>
    {
        public static readonly DefinitionAndName Instance = new();

        public bool Equals((ITypeSymbol Definition, string Name) x, (ITypeSymbol Definition, string Name) y)
            => SymbolEqualityComparer.Default.Equals(x.Definition, y.Definition) && string.Equals(x.Name, y.Name, StringComparison.Ordinal);

        public int GetHashCode((ITypeSymbol Definition, string Name) key)
            => (SymbolEqualityComparer.Default.GetHashCode(key.Definition) * 31) + StringComparer.Ordinal.GetHashCode(key.Name);
    }
}
