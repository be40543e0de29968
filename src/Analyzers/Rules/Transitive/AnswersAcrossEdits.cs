using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Unblock.Analyzers.Rules.Transitive;

/// <summary>
/// One question about method bodies (say, whether a method returns a database query) answered in one compilation of a
/// project and carried to the next across an edit inside member bodies, as <see cref="FactsAcrossEdits"/> carries
/// BLK007's facts: in the IDE every keystroke makes a new compilation, and without this each one binds again the
/// helpers in unchanged files that the open document's calls are asked about. The epochs are FactsAcrossEdits': a
/// compilation joins the one before when its assembly name and references are the same and its trees differ only by
/// edits inside member bodies (<see cref="FactsAcrossEdits.EditedInsideBodies"/>); a build's compilation, or the same
/// trees again, starts afresh and keeps nothing. An answer is kept per declaration with the trees it was read from,
/// and reused while each of those trees is the same object.
/// </summary>
internal sealed class AnswersAcrossEdits<TValue>
{
    // Per project (its options instance) and question: the current epoch.
    private static readonly ConditionalWeakTable<CompilationOptions, Dictionary<string, Epoch>> Projects = new();

    private readonly Compilation _compilation;
    private readonly string _question;
    private Decision? _decision;

    public AnswersAcrossEdits(Compilation compilation, string question)
    {
        _compilation = compilation;
        _question = question;
    }

    /// <summary>The answer kept for <paramref name="declaration"/> in an earlier compilation of this epoch, with the trees it was read from.</summary>
    public bool TryFind(SyntaxNode declaration, out TValue value, out ImmutableArray<SyntaxTree> readFrom)
    {
        var decision = Decide();
        if (decision.Reuses
            && decision.Epoch.Answers.TryGetValue(declaration.SyntaxTree, out var answers)
            && answers.TryGetValue(declaration.SpanStart, out var answer)
            && answer.Length == declaration.Span.Length && answer.RawKind == declaration.RawKind
            && answer.ReadFrom.All(decision.Trees.Contains))
        {
            value = answer.Value;
            readFrom = answer.ReadFrom;
            return true;
        }

        value = default!;
        readFrom = default;
        return false;
    }

    /// <summary>
    /// Keeps <paramref name="value"/> for <paramref name="declaration"/>, read from <paramref name="readFrom"/> (its own
    /// tree among them), when this compilation joined an earlier one's epoch; otherwise nothing is kept.
    /// </summary>
    public void Store(SyntaxNode declaration, TValue value, ImmutableArray<SyntaxTree> readFrom)
    {
        var decision = Decide();
        if (decision.Reuses)
        {
            decision.Epoch.Answers.GetOrAdd(declaration.SyntaxTree, static _ => new ConcurrentDictionary<int, Answer>())[declaration.SpanStart] =
                new Answer(declaration.Span.Length, declaration.RawKind, value, readFrom);
        }
    }

    private Decision Decide()
    {
        var decision = Volatile.Read(ref _decision);
        if (decision is not null)
        {
            return decision;
        }

        var epochs = Projects.GetValue(_compilation.Options, static _ => new Dictionary<string, Epoch>());
        lock (epochs)
        {
            decision = Volatile.Read(ref _decision);
            if (decision is null)
            {
                var trees = _compilation.SyntaxTrees.ToImmutableArray();
                var reuses = false;
                if (epochs.TryGetValue(_question, out var epoch) && epoch.SameProject(_compilation)
                    && FactsAcrossEdits.EditedInsideBodies(epoch.Latest, trees, CancellationToken.None) is { } edited)
                {
                    // The answers of the edited trees, and those read from them, are not used again: drop them with the old trees.
                    var gone = new HashSet<SyntaxTree>(edited.Select(static pair => pair.Old));
                    foreach (var tree in gone)
                    {
                        epoch.Answers.TryRemove(tree, out _);
                    }

                    foreach (var answers in epoch.Answers.Values)
                    {
                        foreach (var entry in answers)
                        {
                            if (entry.Value.ReadFrom.Any(gone.Contains))
                            {
                                answers.TryRemove(entry.Key, out _);
                            }
                        }
                    }

                    reuses = true;
                }
                else
                {
                    epoch = new Epoch(_compilation);
                    epochs[_question] = epoch;
                }

                epoch.Latest = trees;
                decision = new Decision(epoch, new HashSet<SyntaxTree>(trees), reuses);
                Volatile.Write(ref _decision, decision);
            }
        }

        return decision;
    }

    private sealed class Epoch : EditEpoch
    {
        public Epoch(Compilation compilation)
            : base(compilation)
        {
        }

        /// <summary>The trees of the latest compilation that joined.</summary>
        public ImmutableArray<SyntaxTree> Latest { get; set; } = ImmutableArray<SyntaxTree>.Empty;

        /// <summary>Per tree, per declaration start, the answer for the method declared there.</summary>
        public ConcurrentDictionary<SyntaxTree, ConcurrentDictionary<int, Answer>> Answers { get; } = new();
    }

    private sealed record Answer(int Length, int RawKind, TValue Value, ImmutableArray<SyntaxTree> ReadFrom);

    private sealed record Decision(Epoch Epoch, HashSet<SyntaxTree> Trees, bool Reuses);
}
