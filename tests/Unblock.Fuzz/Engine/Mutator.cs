using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Unblock.Fuzz;

/// <summary>
/// Turns a program into a broken, half-typed one, deterministically from a seed: truncate anywhere, delete line
/// ranges, drop or double braces/parentheses/semicolons, insert <c>await</c>/<c>async</c>/<c>.Result</c>/keywords at
/// random, split tokens, swap lines. Program <c>i</c> of seed <c>s</c> is always the same text.
/// </summary>
public static class Mutator
{
    private static readonly string[] Insertions =
    {
        "await ", "async ", ".Result", ".Wait()", ".GetAwaiter().GetResult()", "Thread.Sleep(1);", "Task.WaitAll(", "Task.WaitAny(",
        "lock (this) ", "return ", "yield return ", "static ", "class ", "void ", "Task ", "Task<int> ", "ValueTask ", "new ", "using ",
        "=> ", "?.", "!", "nameof(", "default", "ref ", "out ", "stackalloc ", "unsafe ", "goto ", "\n#if X\n", "\n#endif\n", "/// ",
        "\"", "@\"", "$\"", "/*", "*/", "'", "(", ")", "{", "}", ";", ",", "<", ">", "[", "]", "=", ".", "delegate ", "() => ",
        "async () => ", "await foreach (var x in ", "await using ", "checked(", "typeof(", "sizeof(", "__arglist", "record ", "init ",
        "ConfigureAwait(false)", "CancellationToken ct", "partial ", "operator ", "this ", "base.", "global::", "\u00A0", "\0",
    };

    private const string Structural = "{}();,<>[]";

    /// <summary>The mutated program number <paramref name="index"/> of the run seeded with <paramref name="seed"/>.</summary>
    public static (string Text, string Origin) Create(IReadOnlyList<SourceFile> sources, int seed, int index)
    {
        var random = new Random(unchecked(seed * 1_000_003 + index));
        var source = sources[random.Next(sources.Count)];
        var text = source.Text;
        var count = 1 + random.Next(3);
        var applied = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var (mutated, name) = Mutate(text, random);
            text = mutated;
            applied.Add(name);
        }

        return (text, source.Name + " [" + string.Join(", ", applied) + "]");
    }

    public static (string Text, string Name) Mutate(string text, Random random)
    {
        if (text.Length == 0)
        {
            return (Insertions[random.Next(Insertions.Length)], "insert");
        }

        switch (random.Next(9))
        {
            case 0:
                return (text.Substring(0, random.Next(text.Length)), "truncate");
            case 1:
                {
                    var lines = text.Split('\n').ToList();
                    var start = random.Next(lines.Count);
                    var length = Math.Min(1 + random.Next(5), lines.Count - start);
                    lines.RemoveRange(start, length);
                    return (string.Join("\n", lines), "delete-lines");
                }

            case 2:
                {
                    var at = RandomIndexOf(text, Structural, random);
                    return at < 0 ? (text, "drop-none") : (text.Remove(at, 1), "drop-" + text[at]);
                }

            case 3:
                {
                    var at = RandomIndexOf(text, Structural, random);
                    return at < 0 ? (text, "double-none") : (text.Insert(at, text[at].ToString()), "double-" + text[at]);
                }

            case 4:
            case 5:
                {
                    var insertion = Insertions[random.Next(Insertions.Length)];
                    var at = TokenBoundary(text, random);
                    return (text.Insert(at, insertion), "insert " + insertion.Trim());
                }

            case 6:
                {
                    // Split a token: a space inside an identifier or keyword.
                    var at = RandomLetterIndex(text, random);
                    return at <= 0 ? (text, "split-none") : (text.Insert(at, " "), "split");
                }

            case 7:
                {
                    var lines = text.Split('\n');
                    if (lines.Length < 2)
                    {
                        return (text, "swap-none");
                    }

                    var a = random.Next(lines.Length);
                    var b = random.Next(lines.Length);
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    return (string.Join("\n", lines), "swap-lines");
                }

            default:
                {
                    // Delete a random span of up to 40 characters.
                    var start = random.Next(text.Length);
                    var length = Math.Min(1 + random.Next(40), text.Length - start);
                    return (text.Remove(start, length), "delete-span");
                }
        }
    }

    private static int RandomIndexOf(string text, string characters, Random random)
    {
        var positions = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (characters.Contains(text[i], StringComparison.Ordinal))
            {
                positions.Add(i);
            }
        }

        return positions.Count == 0 ? -1 : positions[random.Next(positions.Count)];
    }

    private static int TokenBoundary(string text, Random random)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var at = random.Next(text.Length + 1);
            if (at == 0 || at == text.Length || !char.IsLetterOrDigit(text[at - 1]) || !char.IsLetterOrDigit(text[at]))
            {
                return at;
            }
        }

        return random.Next(text.Length + 1);
    }

    private static int RandomLetterIndex(string text, Random random)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var at = 1 + random.Next(Math.Max(1, text.Length - 1));
            if (at < text.Length && char.IsLetter(text[at - 1]) && char.IsLetter(text[at]))
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>A short printable description of a string, for reports.</summary>
    public static string Describe(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Take(80))
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }
}
