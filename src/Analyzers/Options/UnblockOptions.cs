using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Unblock.Analyzers.Options;

/// <summary>
/// The typed .editorconfig options of Unblock, read in one place and cached per syntax tree.
/// Keys: <c>dotnet_code_quality.unblock.task_returning_methods</c>,
/// <c>dotnet_code_quality.unblock.excluded_methods</c> and <c>dotnet_code_quality.BLKnnn.excluded_methods</c>.
/// </summary>
public sealed class UnblockOptions
{
    public const string TaskReturningMethodsOption = "task_returning_methods";
    public const string ExcludedMethodsOption = "excluded_methods";
    public const string GlobalPrefix = "dotnet_code_quality.unblock.";
    public const string RulePrefix = "dotnet_code_quality.";

    private readonly AnalyzerConfigOptionsProvider _provider;
    private readonly ConcurrentDictionary<SyntaxTree, TreeOptions> _perTree;
    private readonly ConcurrentDictionary<AdditionalText, TreeOptions> _perAdditionalFile = new();
    private readonly Func<SyntaxTree, TreeOptions> _create;

    // Callbacks arrive tree by tree: the last tree's options answer most lookups without hashing the tree.
    private TreeOptions? _last;
    private readonly ImmutableArray<AdditionalText> _additionalFiles;
    private BlockingMethodsFile? _blockingMethods;

    public UnblockOptions(AnalyzerConfigOptionsProvider provider)
        : this(provider, ImmutableArray<AdditionalText>.Empty)
    {
    }

    public UnblockOptions(AnalyzerConfigOptionsProvider provider, ImmutableArray<AdditionalText> additionalFiles)
        : this(provider, additionalFiles, new ConcurrentDictionary<SyntaxTree, TreeOptions>())
    {
    }

    private UnblockOptions(AnalyzerConfigOptionsProvider provider, ImmutableArray<AdditionalText> additionalFiles, ConcurrentDictionary<SyntaxTree, TreeOptions> perTree)
    {
        _perTree = perTree;
        _provider = provider;
        _additionalFiles = additionalFiles.IsDefault ? ImmutableArray<AdditionalText>.Empty : additionalFiles;
        _create = t => new TreeOptions(t, _provider.GetOptions(t), this);
    }

    /// <summary>
    /// The options of <paramref name="symbols"/>'s compilation, one instance for every Unblock analyzer given the same
    /// <paramref name="analyzerOptions"/> (the driver gives them all the same): each file's options are then read once,
    /// not once per analyzer.
    /// </summary>
    public static UnblockOptions Of(AsyncSymbols symbols, AnalyzerOptions analyzerOptions)
    {
        var shared = symbols.GetOrCreate(static _ => new SharedOptions());
        var current = Volatile.Read(ref shared.Options);
        if (current is not null && ReferenceEquals(current._provider, analyzerOptions.AnalyzerConfigOptionsProvider) && current._additionalFiles == analyzerOptions.AdditionalFiles)
        {
            return current;
        }

        var created = new UnblockOptions(analyzerOptions.AnalyzerConfigOptionsProvider, analyzerOptions.AdditionalFiles, symbols.NewTable<SyntaxTree, TreeOptions>(perFile: 1));
        Interlocked.CompareExchange(ref shared.Options, created, current);
        return created;
    }

    /// <summary>
    /// Whether these options read as <paramref name="other"/>'s for every file of <paramref name="trees"/> and for the
    /// additional files: the same provider and files, or equal keys and values, file by file.
    /// </summary>
    internal bool ReadsAs(UnblockOptions other, ImmutableArray<SyntaxTree> trees)
    {
        if (!SameFiles(_additionalFiles, other._additionalFiles))
        {
            return false;
        }

        if (ReferenceEquals(_provider, other._provider))
        {
            return true;
        }

        if (!SameValues(_provider.GlobalOptions, other._provider.GlobalOptions))
        {
            return false;
        }

        foreach (var tree in trees)
        {
            if (!SameValues(_provider.GetOptions(tree), other._provider.GetOptions(tree)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameFiles(ImmutableArray<AdditionalText> files, ImmutableArray<AdditionalText> others)
    {
        if (files == others)
        {
            return true;
        }

        if (files.Length != others.Length)
        {
            return false;
        }

        for (var i = 0; i < files.Length; i++)
        {
            if (!ReferenceEquals(files[i], others[i])
                && (files[i].Path != others[i].Path || files[i].GetText() is not { } text || others[i].GetText() is not { } otherText || !text.ContentEquals(otherText)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Equal keys and values; options that list no keys are equal only to themselves.</summary>
    private static bool SameValues(AnalyzerConfigOptions options, AnalyzerConfigOptions others)
    {
        if (ReferenceEquals(options, others))
        {
            return true;
        }

        var count = 0;
        foreach (var key in options.Keys)
        {
            count++;
            if (!options.TryGetValue(key, out var value) || !others.TryGetValue(key, out var otherValue) || value != otherValue)
            {
                return false;
            }
        }

        return count > 0 && others.Keys.Count() == count;
    }

    /// <summary>The compilation's AdditionalFiles.</summary>
    internal ImmutableArray<AdditionalText> AdditionalFiles => _additionalFiles;

    /// <summary>The extra blocking methods of <c>Unblock.BlockingMethods.txt</c> (AdditionalFiles), read once per compilation.</summary>
    public BlockingMethodsFile BlockingMethods
    {
        get
        {
            var current = _blockingMethods;
            if (current is null)
            {
                current = _additionalFiles.IsEmpty ? BlockingMethodsFile.Empty : BlockingMethodsFile.Read(_additionalFiles);
                _blockingMethods = current;
            }

            return current;
        }
    }

    /// <summary>The options in force for one file.</summary>
    public TreeOptions For(SyntaxTree tree)
    {
        var last = _last;
        if (last is not null && ReferenceEquals(last.Tree, tree))
        {
            return last;
        }

        if (!_perTree.TryGetValue(tree, out var options))
        {
            options = _perTree.GetOrAdd(tree, _create);
        }

        _last = options;
        return options;
    }

    /// <summary>
    /// The options in force for a non-C# file of the compilation, e.g. the <c>.razor</c> file a generated tree comes
    /// from (the compiler applies no .editorconfig section to generated trees).
    /// </summary>
    public TreeOptions For(AdditionalText file) => _perAdditionalFile.GetOrAdd(file, f => new TreeOptions(null, _provider.GetOptions(f), this));

    /// <summary>The instance <see cref="Of"/> shares (per compilation).</summary>
    private sealed class SharedOptions
    {
        public UnblockOptions? Options;
    }

    /// <summary>The options in force for one file, with a lazily parsed exclusion list per rule.</summary>
    public sealed class TreeOptions
    {
        private readonly AnalyzerConfigOptions _options;
        // Keyed by reference: callers pass the rule's and the option's constant strings, so no string is hashed per
        // call (an equal string from elsewhere only adds an entry with the same parsed list).
        // Made on the first question: most files never ask one (a dictionary per file of a large project cost more than
        // the file's own scan).
        private ConcurrentDictionary<(string RuleId, string Name), ImmutableHashSet<string>>? _excluded;
        private readonly Func<(string RuleId, string Name), ImmutableHashSet<string>> _parseList;

        private readonly UnblockOptions? _owner;

        internal TreeOptions(SyntaxTree? tree, AnalyzerConfigOptions options, UnblockOptions? owner = null)
        {
            _owner = owner;
            Tree = tree;
            _options = options;
            _parseList = key => Parse(Get(key.RuleId, key.Name));
            TaskReturningMethodsAreAsync = GetBool(GlobalPrefix + TaskReturningMethodsOption, defaultValue: true);
        }

        /// <summary>The file these options belong to (null for a non-C# file such as a .razor file).</summary>
        internal SyntaxTree? Tree { get; }

        /// <summary>The extra blocking methods declared in <c>Unblock.BlockingMethods.txt</c>.</summary>
        public BlockingMethodsFile BlockingMethods => _owner?.BlockingMethods ?? BlockingMethodsFile.Empty;

        /// <summary>The compilation's AdditionalFiles (summaries of other assemblies among them).</summary>
        internal ImmutableArray<AdditionalText> AdditionalFiles => _owner?.AdditionalFiles ?? ImmutableArray<AdditionalText>.Empty;

        /// <summary>Whether a non-async method returning Task, ValueTask or another awaitable counts as async code.</summary>
        public bool TaskReturningMethodsAreAsync { get; }

        /// <summary>A raw option value for <c>dotnet_code_quality.{ruleId}.{name}</c>, falling back to <c>dotnet_code_quality.unblock.{name}</c>.</summary>
        public string? Get(string ruleId, string name)
            => _options.TryGetValue(RulePrefix + ruleId + "." + name, out var value)
               || _options.TryGetValue(GlobalPrefix + name, out value)
                ? value
                : null;

        /// <summary>An integer option for a rule, or <paramref name="defaultValue"/> when absent or malformed.</summary>
        public long GetInt64(string ruleId, string name, long defaultValue)
            => long.TryParse(Get(ruleId, name)?.Trim(), out var value) && value > 0 ? value : defaultValue;

        /// <summary>True when the user excluded <paramref name="symbol"/> (or its containing type) for <paramref name="ruleId"/>.</summary>
        public bool IsExcluded(string ruleId, ISymbol? symbol)
        {
            if (symbol is null)
            {
                return false;
            }

            return IsListed(ruleId, ExcludedMethodsOption, symbol);
        }

        /// <summary>
        /// True when <paramref name="symbol"/> (or its containing type) is in the documentation-ID list
        /// <c>dotnet_code_quality.{ruleId}.{name}</c> (e.g. <c>excluded_methods</c>, <c>heavy_methods</c>).
        /// Pass constants (a <see cref="DiagnosticIds"/> member, an option name constant): the parsed list is cached by
        /// the strings' references.
        /// </summary>
        public bool IsListed(string ruleId, string name, ISymbol? symbol)
        {
            if (symbol is null)
            {
                return false;
            }

            var lists = Volatile.Read(ref _excluded)
                        ?? Interlocked.CompareExchange(ref _excluded, new ConcurrentDictionary<(string RuleId, string Name), ImmutableHashSet<string>>(ReferenceKeys.Instance), null)
                        ?? _excluded!;
            if (!lists.TryGetValue((ruleId, name), out var excluded))
            {
                excluded = lists.GetOrAdd((ruleId, name), _parseList);
            }

            if (excluded.IsEmpty)
            {
                return false;
            }

            var id = symbol.OriginalDefinition.GetDocumentationCommentId();
            if (id is not null)
            {
                if (excluded.Contains(id))
                {
                    return true;
                }

                var paren = id.IndexOf('(');
                if (paren > 0 && excluded.Contains(id.Substring(0, paren)))
                {
                    return true;
                }
            }

            for (var type = symbol.ContainingType; type is not null; type = type.ContainingType)
            {
                var typeId = type.OriginalDefinition.GetDocumentationCommentId();
                if (typeId is not null && excluded.Contains(typeId))
                {
                    return true;
                }
            }

            return false;
        }

        private bool GetBool(string key, bool defaultValue)
            => _options.TryGetValue(key, out var value) && bool.TryParse(value.Trim(), out var parsed) ? parsed : defaultValue;

        private static ImmutableHashSet<string> Parse(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return ImmutableHashSet<string>.Empty;
            }

            // Entries are separated by ',', '|' or ';' outside parentheses (documentation IDs contain commas in parameter lists).
            var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            var depth = 0;
            var start = 0;
            for (var i = 0; i <= value!.Length; i++)
            {
                var c = i < value.Length ? value[i] : ',';
                if (c == '(')
                {
                    depth++;
                }
                else if (c == ')')
                {
                    depth = Math.Max(0, depth - 1);
                }
                else if ((c is ',' or '|' or ';' && depth == 0) || i == value.Length)
                {
                    var entry = value.Substring(start, i - start).Trim();
                    if (entry.Length > 0)
                    {
                        builder.Add(entry);
                    }

                    start = i + 1;
                }
            }

            return builder.ToImmutable();
        }
    }

    /// <summary>Compares option keys by reference (see <see cref="TreeOptions"/>).</summary>
    private sealed class ReferenceKeys : IEqualityComparer<(string RuleId, string Name)>
    {
        public static readonly ReferenceKeys Instance = new();

        public bool Equals((string RuleId, string Name) x, (string RuleId, string Name) y)
            => ReferenceEquals(x.RuleId, y.RuleId) && ReferenceEquals(x.Name, y.Name);

        public int GetHashCode((string RuleId, string Name) key)
            => (RuntimeHelpers.GetHashCode(key.RuleId) * 31) + RuntimeHelpers.GetHashCode(key.Name);
    }
}
