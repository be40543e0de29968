using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Unblock.Fuzz;

/// <summary>One C# source harvested from the repository: where it came from and its text (test markup removed).</summary>
public sealed record SourceFile(string Name, string Text);

/// <summary>
/// Harvests every C# program the repository already holds: the samples, the labelled corpus
/// (<c>tests/Unblock.Tests/Corpus</c>, when present), the reliability seeds, and the test sources of every rule
/// (<c>tests/Unblock.Tests/Rules</c>), whose string expressions are evaluated the way the test builds them: constants
/// and locals are inlined, and a theory's parameters take the values of each <c>[InlineData]</c> row. New rules and
/// new tests are therefore covered without touching this file.
/// </summary>
public static class Sources
{
    private static readonly Regex Markup = new(@"\{\|[^:|{}\s]*:|\|\}|\[\||\|\]", RegexOptions.Compiled);

    /// <summary>Removes the test markup <c>[|...|]</c>, <c>{|#0:...|}</c> and <c>{|BLK001:...|}</c>.</summary>
    public static string StripMarkup(string text) => Markup.Replace(text, string.Empty);

    /// <summary>Every harvested source, in a stable order (by name), without duplicates.</summary>
    public static IReadOnlyList<SourceFile> Harvest(string repositoryRoot)
    {
        var files = new List<SourceFile>();
        foreach (var folder in new[] { "samples", Path.Combine("tests", "Unblock.Tests", "Corpus"), Path.Combine("tests", "Unblock.Tests", "Reliability", "Seeds") })
        {
            foreach (var path in CSharpFiles(Path.Combine(repositoryRoot, folder)))
            {
                files.Add(new SourceFile(Relative(repositoryRoot, path), File.ReadAllText(path)));
            }
        }

        foreach (var path in CSharpFiles(Path.Combine(repositoryRoot, "tests", "Unblock.Tests", "Rules")))
        {
            var name = Relative(repositoryRoot, path);
            var index = 0;
            foreach (var text in EvaluateStrings(File.ReadAllText(path)))
            {
                files.Add(new SourceFile($"{name}#{index++}", text));
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        return files
            .Select(f => f with { Text = StripMarkup(f.Text) })
            .Where(f => f.Text.Length >= 10 && seen.Add(f.Text))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static IEnumerable<string> CSharpFiles(string folder)
        => Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                            && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .OrderBy(p => p, StringComparer.Ordinal)
            : Enumerable.Empty<string>();

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    /// <summary>The values of the outermost string expressions of a test file, one per <c>[InlineData]</c> row in theories.</summary>
    public static IEnumerable<string> EvaluateStrings(string testSource)
    {
        var root = CSharpSyntaxTree.ParseText(testSource).GetRoot();
        var constants = new Dictionary<string, ExpressionSyntax>(StringComparer.Ordinal);
        foreach (var field in root.DescendantNodes().OfType<FieldDeclarationSyntax>())
        {
            foreach (var variable in field.Declaration.Variables)
            {
                if (variable.Initializer is not null)
                {
                    constants[variable.Identifier.ValueText] = variable.Initializer.Value;
                }
            }
        }

        var results = new List<string>();
        foreach (var method in root.DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            var rows = InlineDataRows(method).ToList();
            if (rows.Count == 0)
            {
                rows.Add(new Dictionary<string, string?>(StringComparer.Ordinal));
            }

            foreach (var row in rows)
            {
                var environment = new Evaluator(constants, row);
                foreach (var node in method.DescendantNodes().OfType<ExpressionSyntax>())
                {
                    if (IsStringExpressionRoot(node))
                    {
                        if (node.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax local })
                        {
                            environment.Locals[local.Identifier.ValueText] = node;
                        }

                        var value = environment.Evaluate(node);
                        if (value is not null)
                        {
                            results.Add(value);
                        }
                    }
                }
            }
        }

        return results;
    }

    private static bool IsStringExpressionRoot(ExpressionSyntax node)
    {
        if (node.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } or ParenthesizedExpressionSyntax)
        {
            return false;
        }

        if (node.Parent is AttributeArgumentSyntax)
        {
            return false;
        }

        return node is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression }
               || (node is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } binary && ContainsLiteral(binary));
    }

    private static bool ContainsLiteral(SyntaxNode node)
        => node.DescendantNodesAndSelf().Any(n => n is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression });

    private static IEnumerable<Dictionary<string, string?>> InlineDataRows(MethodDeclarationSyntax method)
    {
        var parameters = method.ParameterList.Parameters.Select(p => p.Identifier.ValueText).ToList();
        foreach (var attribute in method.AttributeLists.SelectMany(l => l.Attributes))
        {
            if (attribute.Name.ToString() is not ("InlineData" or "InlineDataAttribute") || attribute.ArgumentList is null)
            {
                continue;
            }

            var row = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < attribute.ArgumentList.Arguments.Count && i < parameters.Count; i++)
            {
                row[parameters[i]] = attribute.ArgumentList.Arguments[i].Expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal
                    ? literal.Token.ValueText
                    : null;
            }

            yield return row;
        }
    }

    /// <summary>Folds string concatenations of literals, constants, locals, parameters and <c>.Replace(a, b)</c>; anything else is empty.</summary>
    private sealed class Evaluator
    {
        private readonly Dictionary<string, ExpressionSyntax> _constants;
        private readonly Dictionary<string, string?> _parameters;
        private int _depth;

        public Evaluator(Dictionary<string, ExpressionSyntax> constants, Dictionary<string, string?> parameters)
        {
            _constants = constants;
            _parameters = parameters;
        }

        public Dictionary<string, ExpressionSyntax> Locals { get; } = new(StringComparer.Ordinal);

        public string? Evaluate(ExpressionSyntax expression)
        {
            if (++_depth > 50)
            {
                _depth--;
                return null;
            }

            try
            {
                return expression switch
                {
                    LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal => literal.Token.ValueText,
                    ParenthesizedExpressionSyntax parenthesized => Evaluate(parenthesized.Expression),
                    BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add => Evaluate(add.Left) + Evaluate(add.Right),
                    IdentifierNameSyntax identifier => Lookup(identifier.Identifier.ValueText),
                    MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Empty", Expression: PredefinedTypeSyntax } => string.Empty,
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Replace" } access } replace
                        when replace.ArgumentList.Arguments.Count == 2 =>
                        Replace(Evaluate(access.Expression), Evaluate(replace.ArgumentList.Arguments[0].Expression), Evaluate(replace.ArgumentList.Arguments[1].Expression)),
                    _ => null,
                };
            }
            finally
            {
                _depth--;
            }
        }

        private static string? Replace(string? text, string? oldValue, string? newValue)
            => text is null || string.IsNullOrEmpty(oldValue) ? text : text.Replace(oldValue, newValue ?? string.Empty, StringComparison.Ordinal);

        private string? Lookup(string name)
        {
            if (_parameters.TryGetValue(name, out var value))
            {
                return value;
            }

            if (Locals.TryGetValue(name, out var local))
            {
                return Evaluate(local);
            }

            return _constants.TryGetValue(name, out var constant) ? Evaluate(constant) : null;
        }
    }
}
