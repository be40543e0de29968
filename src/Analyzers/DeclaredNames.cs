using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Unblock.Analyzers;

/// <summary>
/// Names read from the syntax of the compilation's declarations (namespaces, types and member signatures; member bodies
/// are never walked), shared by every rule (<see cref="Of"/>):
/// <list type="bullet">
/// <item>which type names name a given type in their base list (<see cref="DerivedFrom"/>, for
/// <see cref="SoleImplementations"/>). A type that implements an interface or derives from an abstract class names it,
/// or names a type that does (transitively); a base named through a <c>using</c> alias counts as naming the alias's
/// target too (any file's alias of that name: aliases are few, and a type too many only costs its binding);</item>
/// <item>the names of the extension methods declared in source (<see cref="HasExtensionMethodNamed"/>, for
/// <see cref="TwinLookup"/>'s search of extension twins).</item>
/// </list>
/// No symbol is created. An edit inside member bodies (a keystroke in the IDE) leaves every declaration as it was: the
/// next compilation of the project uses the same index again instead of reading every file (<see cref="DeclarationEpoch"/>).
/// </summary>
internal sealed class DeclaredNames
{
    private readonly Dictionary<string, List<string>> _byBaseName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _withBaseList = new(StringComparer.Ordinal);
    private readonly HashSet<string> _extensionMethods = new(StringComparer.Ordinal);

    private DeclaredNames(Compilation compilation)
    {
        var aliases = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var declarations = new List<BaseTypeDeclarationSyntax>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            Collect(tree.GetRoot(), aliases, declarations, _extensionMethods, inExtensionBlock: false);
        }

        foreach (var declaration in declarations)
        {
            _withBaseList.Add(declaration.Identifier.ValueText);
            foreach (var baseType in declaration.BaseList!.Types)
            {
                if (SimpleName(baseType.Type) is not { } name)
                {
                    continue;
                }

                Add(name, declaration.Identifier.ValueText);
                if (aliases.TryGetValue(name, out var targets))
                {
                    foreach (var target in targets)
                    {
                        Add(target, declaration.Identifier.ValueText);
                    }
                }
            }
        }
    }

    /// <summary>The index of the compilation of <paramref name="symbols"/>: its epoch's (<see cref="DeclarationEpoch"/>).</summary>
    public static DeclaredNames Of(AsyncSymbols symbols)
        => symbols.GetOrCreate(static s => s.Epoch.Shared(s.Compilation, static compilation => new DeclaredNames(compilation)));

    /// <summary>The names of the types that may derive from a type named <paramref name="name"/>.</summary>
    public HashSet<string> DerivedFrom(string name)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(name);
        while (queue.Count > 0)
        {
            if (_byBaseName.TryGetValue(queue.Dequeue(), out var derived))
            {
                foreach (var type in derived)
                {
                    if (found.Add(type))
                    {
                        queue.Enqueue(type);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>Whether a type named <paramref name="name"/> is declared with a base list (every name <see cref="DerivedFrom"/> gives is).</summary>
    public bool HasBaseList(string name) => _withBaseList.Contains(name);

    /// <summary>
    /// Whether the compilation's source declares an extension method named <paramref name="name"/> (<c>this</c> on
    /// its first parameter, or a member of an <c>extension</c> block).
    /// </summary>
    public bool HasExtensionMethodNamed(string name) => _extensionMethods.Contains(name);

    private void Add(string baseName, string derivedName)
    {
        if (!_byBaseName.TryGetValue(baseName, out var derived))
        {
            _byBaseName[baseName] = derived = new List<string>();
        }

        derived.Add(derivedName);
    }

    /// <summary>Namespaces, types and member signatures only: member bodies are never walked.</summary>
    private static void Collect(SyntaxNode node, Dictionary<string, List<string>> aliases, List<BaseTypeDeclarationSyntax> declarations,
        HashSet<string> extensionMethods, bool inExtensionBlock)
    {
        foreach (var child in node.ChildNodes())
        {
            switch (child)
            {
                case UsingDirectiveSyntax { Alias: { } alias, NamespaceOrType: { } target }:
                    // using Store = N.IStore<string>; (an alias of a namespace adds a name no base list holds)
                    if (SimpleName(target) is { } targetName && targetName != alias.Name.Identifier.ValueText)
                    {
                        if (!aliases.TryGetValue(alias.Name.Identifier.ValueText, out var targets))
                        {
                            aliases[alias.Name.Identifier.ValueText] = targets = new List<string>();
                        }

                        targets.Add(targetName);
                    }

                    break;
                case BaseNamespaceDeclarationSyntax:
                    Collect(child, aliases, declarations, extensionMethods, inExtensionBlock: false);
                    break;
                case BaseTypeDeclarationSyntax type:
                    if (type.BaseList is not null)
                    {
                        declarations.Add(type);
                    }

                    if (type is TypeDeclarationSyntax declaration)
                    {
                        // C# 14's extension(T value) { ... } block, told by its keyword (the compiler this package
                        // builds against has no node for it): each of its methods extends T.
                        Collect(child, aliases, declarations, extensionMethods, declaration.Keyword.ValueText == "extension");
                    }

                    break;
                case MethodDeclarationSyntax method when inExtensionBlock
                                                         || method.ParameterList.Parameters.FirstOrDefault()?.Modifiers.Any(SyntaxKind.ThisKeyword) == true:
                    extensionMethods.Add(method.Identifier.ValueText);
                    break;
            }
        }
    }

    private static string? SimpleName(TypeSyntax type)
        => type switch
        {
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax aliasQualified => aliasQualified.Name.Identifier.ValueText,
            _ => null,
        };
}
