using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using Unblock.Analyzers;
using Unblock.Analyzers.Options;
using Unblock.Analyzers.Rules.Sleep;
using Unblock.Analyzers.Rules.SyncWait;
using Unblock.Analyzers.Rules.Transitive;
using Xunit;

namespace Unblock.Tests.Rules;

/// <summary>
/// BLK007 in the IDE: after an edit inside a body, the open document is analysed again on a new compilation; the facts
/// of helpers in unchanged files are reused, unless something they were read from changed.
/// </summary>
public class FactsAcrossEditsTests
{
    private const string Usings = "using System;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

    private const string Handler = Usings + "class Handler\n{\n    async Task Handle()\n    {\n        Helpers.Load();\n        await Task.Yield();\n    }\n}\n";

    private const string HelpersFile = Usings + "static class Helpers\n{\n    public static void Load()\n    {\n        Store.Read(1);\n    }\n}\n";

    private const string BlockingStore = Usings + "static partial class Store\n{\n    public static void Read(object o) => Thread.Sleep(1);\n}\n";

    private const string QuietStore = Usings + "static partial class Store\n{\n    public static void Read(object o) { }\n}\n";

    private const string Message = "'Handle' calls 'Helpers.Load()', which blocks on 'Thread.Sleep' (Handle → Helpers.Load() → Store.Read(object) → Thread.Sleep)";

    [Fact]
    public async Task Helpers_in_unchanged_files_are_not_read_again_after_an_edit_in_a_body()
    {
        var analyzer = new RecordingAnalyzer();
        var before = TransitiveHarness.Compile(new[] { Handler, HelpersFile, BlockingStore });
        Assert.Equal(new[] { Message }, await OpenDocument(analyzer, before, "File0.cs"));
        Assert.Contains("File2.cs", analyzer.Read);

        // The compilation a project starts with (a build's) keeps nothing: the first edit reads the helpers again and
        // keeps what it read for the edits after it.
        var first = Edit(before, "File0.cs", "await Task.Yield();", "await Task.Yield();\n        var w = 0;");
        analyzer.Read.Clear();
        Assert.Equal(new[] { Message }, await OpenDocument(analyzer, first, "File0.cs"));
        Assert.Contains("File2.cs", analyzer.Read);

        var after = Edit(first, "File0.cs", "var w = 0;", "var w = 0;\n        var x = 1;");
        analyzer.Read.Clear();
        Assert.Equal(new[] { Message }, await OpenDocument(analyzer, after, "File0.cs"));
        Assert.Equal(new[] { "File0.cs" }, analyzer.Read.Distinct());

        // What a fresh analysis of the edited code finds.
        Assert.Equal(await OpenDocument(new RecordingAnalyzer(), Fresh(after), "File0.cs"), await OpenDocument(analyzer, Edit(after, "File0.cs", "var x = 1;", "var x = 2;"), "File0.cs"));
    }

    [Fact]
    public async Task Helpers_calling_constructors_accessors_iterators_and_local_functions_are_not_read_again()
    {
        var helpers = Usings + @"using System.Collections.Generic;
static class Helpers
{
    public static void Load()
    {
        var entry = new Entry(1);
        var cache = new Cache();
        _ = cache.Size + entry.Doubled;
        foreach (var item in Items()) { }
        Local();
        Store.Read(1);

        static void Local() { }
    }

    static IEnumerable<int> Items() { yield return 1; }
}
record Entry(int X) { public int Doubled => X * 2; }
class Cache { public Cache() { } public int Size { get { return 1; } } }
";
        var analyzer = new RecordingAnalyzer();
        var before = TransitiveHarness.Compile(new[] { Handler, helpers, BlockingStore });
        Assert.Equal(new[] { Message }, await OpenDocument(analyzer, before, "File0.cs"));

        var first = Edit(before, "File0.cs", "await Task.Yield();", "await Task.Yield();\n        var w = 0;");
        Assert.Equal(new[] { Message }, await OpenDocument(analyzer, first, "File0.cs"));

        analyzer.Read.Clear();
        Assert.Equal(new[] { Message }, await OpenDocument(analyzer, Edit(first, "File0.cs", "var w = 0;", "var w = 0;\n        var x = 1;"), "File0.cs"));
        Assert.Equal(new[] { "File0.cs" }, analyzer.Read.Distinct());
    }

    [Fact]
    public async Task Helpers_of_the_edited_file_are_read_again_only_when_the_edit_touches_them()
    {
        var handler = Usings + @"class Handler
{
    async Task Handle()
    {
        Helper();
        await Task.Yield();
    }

    static void Helper()
    {
        Thread.Sleep(Delay());
    }

    static int Delay() => 1;

    static void Other() { }
}
";
        var message = "'Handle' calls 'Handler.Helper()', which blocks on 'Thread.Sleep' (Handle → Handler.Helper() → Thread.Sleep)";
        var analyzer = new RecordingAnalyzer(quietOnZeroSleeps: true);
        var before = TransitiveHarness.Compile(new[] { handler });
        Assert.Equal(new[] { message }, await OpenDocument(analyzer, before, "File0.cs"));
        var first = Edit(before, "File0.cs", "await Task.Yield();", "await Task.Yield();\n        var w = 0;");
        Assert.Equal(new[] { message }, await OpenDocument(analyzer, first, "File0.cs"));

        // An edit before the helper (its position moves) and one after it: what was read in it is moved along.
        analyzer.Members.Clear();
        var moved = Edit(Edit(first, "File0.cs", "var w = 0;", "var w = 0;\n        var x = 1;"), "File0.cs", "static void Other() { }", "static void Other() { GC.KeepAlive(1); }");
        Assert.Equal(new[] { message }, await OpenDocument(analyzer, moved, "File0.cs"));
        Assert.DoesNotContain("Helper", analyzer.Members);

        // An edit of a helper whose body the blocking call's classification may have read (its argument's method).
        analyzer.Members.Clear();
        var delay = Edit(moved, "File0.cs", "static int Delay() => 1;", "static int Delay() => 2;");
        Assert.Equal(new[] { message }, await OpenDocument(analyzer, delay, "File0.cs"));
        Assert.Contains("Helper", analyzer.Members);

        // An edit of the helper itself.
        Assert.Empty(await OpenDocument(analyzer, Edit(delay, "File0.cs", "Thread.Sleep(Delay());", "GC.KeepAlive(Delay());"), "File0.cs"));
    }

    [Fact]
    public async Task Helpers_whose_returned_values_were_read_at_any_depth_make_the_facts_stale()
    {
        // The stand-in rule reads what Delay returns, and through it what Inner returns: Sleep(0) does not block.
        var handler = Usings + @"class Handler
{
    async Task Handle()
    {
        Helper();
        await Task.Yield();
    }

    static void Helper()
    {
        Thread.Sleep(Delay());
    }

    static int Delay() => Inner();

    static int Inner() => 0;

    static void Other() { }
}
";
        var analyzer = new RecordingAnalyzer(quietOnZeroSleeps: true);
        var before = TransitiveHarness.Compile(new[] { handler });
        Assert.Empty(await OpenDocument(analyzer, before, "File0.cs"));
        var first = Edit(before, "File0.cs", "static void Other() { }", "static void Other() { GC.KeepAlive(1); }");
        Assert.Empty(await OpenDocument(analyzer, first, "File0.cs"));

        analyzer.Members.Clear();
        var other = Edit(first, "File0.cs", "GC.KeepAlive(1);", "GC.KeepAlive(2);");
        Assert.Empty(await OpenDocument(analyzer, other, "File0.cs"));
        Assert.DoesNotContain("Helper", analyzer.Members);

        var inner = Edit(other, "File0.cs", "static int Inner() => 0;", "static int Inner() => 1;");
        Assert.Equal(
            new[] { "'Handle' calls 'Handler.Helper()', which blocks on 'Thread.Sleep' (Handle → Handler.Helper() → Thread.Sleep)" },
            await OpenDocument(analyzer, inner, "File0.cs"));
    }

    [Fact]
    public async Task Implementations_are_found_again_after_an_edit_of_declarations()
    {
        var handler = Usings + "class Handler\n{\n    async Task Handle(IStore store)\n    {\n        store.Load();\n        await Task.Yield();\n    }\n}\n";
        var stores = Usings + "interface IStore { void Load(); }\nclass FileStore : IStore { public void Load() { Thread.Sleep(1); } }\n";
        var message = "'Handle' calls 'FileStore.Load()', which blocks on 'Thread.Sleep' (Handle → FileStore.Load() → Thread.Sleep)";
        var analyzer = new RecordingAnalyzer();
        var before = TransitiveHarness.Compile(new[] { handler, stores });
        Assert.Equal(new[] { message }, await OpenDocument(analyzer, before, "File0.cs"));

        // Edits inside bodies keep the implementations; a second implementation elsewhere makes the call's target unknown.
        var body = Edit(before, "File0.cs", "await Task.Yield();", "await Task.Yield();\n        var w = 0;");
        Assert.Equal(new[] { message }, await OpenDocument(analyzer, body, "File0.cs"));
        var second = Edit(body, "File1.cs", "class FileStore", "class MemoryStore : IStore { public void Load() { } }\nclass FileStore");
        Assert.Empty(await OpenDocument(analyzer, second, "File0.cs"));
        Assert.Empty(await OpenDocument(analyzer, Edit(second, "File0.cs", "var w = 0;", "var w = 1;"), "File0.cs"));
    }

    [Fact]
    public async Task Local_functions_are_followed_the_same_after_edits_whether_they_block_or_not()
    {
        // Quiet's carried facts say it does nothing: the search skips it without finding its symbol again; Loud blocks.
        var helpers = Usings + "static class Helpers\n{\n    public static void Load()\n    {\n        Quiet();\n        Loud();\n\n        static void Quiet() { }\n        static void Loud() => Thread.Sleep(1);\n    }\n}\n";
        var message = "'Handle' calls 'Helpers.Load()', which blocks on 'Thread.Sleep' (Handle → Helpers.Load() → Loud() → Thread.Sleep)";
        var analyzer = new RecordingAnalyzer();
        var before = TransitiveHarness.Compile(new[] { Handler, helpers });
        Assert.Equal(new[] { message }, await OpenDocument(analyzer, before, "File0.cs"));

        var first = Edit(before, "File0.cs", "await Task.Yield();", "await Task.Yield();\n        var w = 0;");
        Assert.Equal(new[] { message }, await OpenDocument(analyzer, first, "File0.cs"));

        var second = Edit(first, "File0.cs", "var w = 0;", "var w = 1;");
        analyzer.Read.Clear();
        Assert.Equal(new[] { message }, await OpenDocument(analyzer, second, "File0.cs"));
        Assert.Equal(new[] { "File0.cs" }, analyzer.Read.Distinct());

        // Quiet made to block first: read again, and the chain goes through it.
        var quietBlocks = Edit(second, "File1.cs", "static void Quiet() { }", "static void Quiet() => Thread.Sleep(2);");
        Assert.Equal(new[] { message.Replace("Loud()", "Quiet()", StringComparison.Ordinal) }, await OpenDocument(analyzer, quietBlocks, "File0.cs"));
    }

    [Fact]
    public async Task An_edited_helper_is_read_again()
    {
        var analyzer = new RecordingAnalyzer();
        var quiet = TransitiveHarness.Compile(new[] { Handler, HelpersFile, QuietStore });
        Assert.Empty(await OpenDocument(analyzer, quiet, "File0.cs"));

        var blocking = Edit(quiet, "File2.cs", "public static void Read(object o) { }", "public static void Read(object o) { Thread.Sleep(1); }");
        Assert.Equal(new[] { Message }, await OpenDocument(analyzer, blocking, "File0.cs"));

        var quietAgain = Edit(blocking, "File2.cs", "Thread.Sleep(1);", "GC.KeepAlive(o);");
        Assert.Empty(await OpenDocument(analyzer, quietAgain, "File0.cs"));
    }

    [Fact]
    public async Task A_declaration_changed_elsewhere_makes_every_helper_read_again()
    {
        // The handler's file gains an overload that Helpers.Load now binds to: its body is the same text, its call is not.
        var analyzer = new RecordingAnalyzer();
        var handler = Handler + "static partial class Store\n{\n}\n";
        var before = TransitiveHarness.Compile(new[] { handler, HelpersFile, QuietStore });
        Assert.Empty(await OpenDocument(analyzer, before, "File0.cs"));

        var after = Edit(before, "File0.cs", "static partial class Store\n{\n", "static partial class Store\n{\n    public static void Read(int i) => Thread.Sleep(i);\n");
        var diagnostic = Assert.Single(await OpenDocument(analyzer, after, "File0.cs"));
        Assert.Contains("Store.Read(int)", diagnostic, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_trees_again_are_analysed_from_scratch()
    {
        var analyzer = new RecordingAnalyzer();
        var compilation = TransitiveHarness.Compile(new[] { Handler, HelpersFile, BlockingStore });
        Assert.Equal(new[] { Message }, await OpenDocument(analyzer, compilation, "File0.cs"));

        analyzer.Read.Clear();
        Assert.Equal(new[] { Message }, await OpenDocument(analyzer, compilation.Clone(), "File0.cs"));
        Assert.Contains("File2.cs", analyzer.Read);
    }

    [Fact]
    public async Task Other_options_make_every_helper_read_again()
    {
        var analyzer = new RecordingAnalyzer();
        var before = TransitiveHarness.Compile(new[] { Handler, HelpersFile, BlockingStore });
        var none = new Config(("dotnet_code_quality.BLK002.excluded_methods", "M:Other.Sleep"));
        Assert.Equal(new[] { Message }, await OpenDocument(analyzer, before, "File0.cs", none));

        var after = Edit(before, "File0.cs", "await Task.Yield();", "await Task.Yield();\n        var x = 1;");
        var excluded = new Config(("dotnet_code_quality.BLK002.excluded_methods", "M:System.Threading.Thread.Sleep(System.Int32)"));
        Assert.Empty(await OpenDocument(analyzer, after, "File0.cs", excluded));
    }

    [Theory]
    [InlineData("void M() { A(); }", "void M() { B(); C(); }")]
    [InlineData("int P { get { return 1; } }", "int P { get { return 2; } }")]
    [InlineData("int P => 1;", "int P => 2;")]
    [InlineData("C() { A(); }", "C() { }")]
    [InlineData("void M() { A(); } // note", "void M() { A(); } // other note")]
    [InlineData("void M() { int L() => 1; }", "void M() { int L() => 2; }")]
    public void Edits_inside_bodies_keep_the_declarations(string member, string edited)
        => Assert.Equal(Skeleton(member), Skeleton(edited));

    /// <summary>Edits of declarations: a signature, a new member, a field initializer, a return type, an attribute, a constructor initializer, a directive.</summary>
    public static TheoryData<string, string> DeclarationEdits { get; } = new()
    {
        { "void M() { }", "void M(int i) { }" },
        { "void M() { }", "void M() { }\nvoid N() { }" },
        { "int _f = 1;", "int _f = 2;" },
        { "int P => 1;", "long P => 1;" },
        { "void M() { }", "[Obsolete] void M() { }" },
        { "C() { }", "C() : this(1) { }\nC(int i) { }" },
        { "void M() { }", "#if DEBUG\nvoid M() { }\n#endif" },
    };

    [Theory]
    [MemberData(nameof(DeclarationEdits))]
    public void Edits_outside_bodies_change_the_declarations(string member, string edited)
        => Assert.NotEqual(Skeleton(member), Skeleton(edited));

    [Theory]
    [InlineData("void M() { A(); }", "void M() { B(); C(); }")]
    [InlineData("int P { get { return 1; } }", "int P { get { return 2; } }")]
    [InlineData("int P => 1;", "int P => 2;")]
    [InlineData("C() { A(); }", "C() { }")]
    [InlineData("void M() { int L() => 1; }", "void M() { int L() => 2; }")]
    [InlineData("void M() { A(); }\nvoid N() { B(); }", "void M() { A(1); }\nvoid N() { B(2, 3); }")]
    public void A_keystroke_inside_bodies_is_told_without_hashing_the_file(string member, string edited)
    {
        var (old, @new) = Trees(member, edited);
        Assert.True(FactsAcrossEdits.ChangedOnlyInsideBodies(old, @new, CancellationToken.None));
        Assert.Equal(Skeleton(member), Skeleton(edited));
    }

    [Theory]
    [MemberData(nameof(DeclarationEdits))]
    [InlineData("void M() { A(); }", "void M() { A(); } void N() { B(); }")]
    [InlineData("void M() { A(); }", "void M() { A(); }\n}\nclass D {\nvoid N() { B(); }")]
    [InlineData("void M() { A(); }", "void M() { A();\n#if false\n }")]
    [InlineData("int P => 1;", "int P => 1; int Q => 2;")]
    [InlineData("void M() { A(); } // note", "void M() { A(); } // other note")]
    public void Other_edits_are_left_to_the_hash(string member, string edited)
    {
        var (old, @new) = Trees(member, edited);
        Assert.False(FactsAcrossEdits.ChangedOnlyInsideBodies(old, @new, CancellationToken.None));
    }

    /// <summary>The class around <paramref name="member"/>, and the same tree edited to <paramref name="edited"/> (parsed incrementally, as the IDE does).</summary>
    private static (SyntaxTree Old, SyntaxTree New) Trees(string member, string edited)
    {
        var old = CSharpSyntaxTree.ParseText("using System;\nclass C\n{\n" + member + "\n}\n");
        var text = old.GetText();
        var start = "using System;\nclass C\n{\n".Length;

        // The smallest change, as typing makes: the text between the common start and the common end.
        var prefix = 0;
        while (prefix < member.Length && prefix < edited.Length && member[prefix] == edited[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < member.Length - prefix && suffix < edited.Length - prefix && member[member.Length - 1 - suffix] == edited[edited.Length - 1 - suffix])
        {
            suffix++;
        }

        var change = new TextChange(new TextSpan(start + prefix, member.Length - prefix - suffix), edited.Substring(prefix, edited.Length - prefix - suffix));
        return (old, old.WithChangedText(text.WithChanges(change)));
    }

    private static long Skeleton(string member)
        => FactsAcrossEdits.SkeletonOf(CSharpSyntaxTree.ParseText("using System;\nclass C\n{\n" + member + "\n}\n"), CancellationToken.None);

    private static Compilation Edit(Compilation compilation, string path, string oldText, string newText)
    {
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var text = tree.GetText().ToString();
        var at = text.IndexOf(oldText, StringComparison.Ordinal);
        Assert.True(at >= 0, oldText);
        var changed = tree.WithChangedText(tree.GetText().WithChanges(new TextChange(new TextSpan(at, oldText.Length), newText)));
        return compilation.ReplaceSyntaxTree(tree, changed);
    }

    /// <summary>The same code on new trees and a new compilation: nothing to reuse.</summary>
    private static CSharpCompilation Fresh(Compilation compilation)
        => TransitiveHarness.Compile(compilation.SyntaxTrees.OrderBy(t => t.FilePath, StringComparer.Ordinal).Select(t => t.GetText().ToString()));

    /// <summary>The IDE's analysis of the open document <paramref name="path"/>.</summary>
    private static async Task<string[]> OpenDocument(DiagnosticAnalyzer analyzer, Compilation compilation, string path, AnalyzerConfigOptionsProvider? config = null)
    {
        var options = config is null ? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty) : new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, config);
        var exceptions = new ConcurrentBag<Exception>();
        var withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create(analyzer), new CompilationWithAnalyzersOptions(options, (e, _, _) => exceptions.Add(e), concurrentAnalysis: true, logAnalyzerExecutionTime: false));
        var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
        var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, CancellationToken.None);
        Assert.Empty(exceptions);
        return diagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)).OrderBy(m => m, StringComparer.Ordinal).ToArray();
    }

    /// <summary>BLK007 over the wait and sleep rules, noting the file of every operation it asks them about.</summary>
    private sealed class RecordingAnalyzer : TransitiveBlockingAnalyzer
    {
        /// <param name="quietOnZeroSleeps">
        /// Whether <c>Thread.Sleep(x)</c> is silent when <c>x</c> is what helpers of the same file return and that is 0,
        /// read the way the I/O rules read a helper's returned values (<see cref="LocalValues.ReturnedValues"/>).
        /// </param>
        public RecordingAnalyzer(bool quietOnZeroSleeps = false)
            : this(new ConcurrentBag<string>(), new ConcurrentBag<string>(), quietOnZeroSleeps)
        {
        }

        private RecordingAnalyzer(ConcurrentBag<string> read, ConcurrentBag<string> members, bool quietOnZeroSleeps)
            : base(ImmutableArray.Create<BlockingCallAnalyzer>(
                new Recording(new SyncWaitAnalyzer(), read, members),
                new Recording(quietOnZeroSleeps ? new QuietOnZero(new SleepAnalyzer()) : new SleepAnalyzer(), read, members)))
        {
            Read = read;
            Members = members;
        }

        /// <summary>The file of every operation asked about.</summary>
        public ConcurrentBag<string> Read { get; }

        /// <summary>The method of every operation asked about.</summary>
        public ConcurrentBag<string> Members { get; }
    }

#pragma warning disable RS1001, RS2008 // A stand-in rule for BLK007's reading, not an analyzer of its own.
    private sealed class Recording : BlockingCallAnalyzer
    {
        private readonly BlockingCallAnalyzer _rule;
        private readonly ConcurrentBag<string> _read;
        private readonly ConcurrentBag<string> _members;

        public Recording(BlockingCallAnalyzer rule, ConcurrentBag<string> read, ConcurrentBag<string> members)
        {
            _rule = rule;
            _read = read;
            _members = members;
        }

        public override DiagnosticDescriptor Descriptor => _rule.Descriptor;

        public override ImmutableArray<OperationKind> OperationKinds => _rule.OperationKinds;

        public override BlockingCall? Classify(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options, CancellationToken cancellationToken)
        {
            _read.Add(operation.Syntax.SyntaxTree.FilePath);
            _members.Add(operation.Syntax.FirstAncestorOrSelf<MethodDeclarationSyntax>()?.Identifier.ValueText ?? string.Empty);
            return _rule.Classify(operation, symbols, options, cancellationToken);
        }
    }

    private sealed class QuietOnZero : BlockingCallAnalyzer
    {
        private readonly BlockingCallAnalyzer _rule;

        public QuietOnZero(BlockingCallAnalyzer rule) => _rule = rule;

        public override DiagnosticDescriptor Descriptor => _rule.Descriptor;

        public override ImmutableArray<OperationKind> OperationKinds => _rule.OperationKinds;

        public override BlockingCall? Classify(IOperation operation, AsyncSymbols symbols, UnblockOptions.TreeOptions options, CancellationToken cancellationToken)
            => operation is IInvocationOperation { Arguments: [{ Value: var value }] } && IsZero(value, symbols, 0) ? null : _rule.Classify(operation, symbols, options, cancellationToken);

        private static bool IsZero(IOperation value, AsyncSymbols symbols, int depth)
            => value switch
            {
                { ConstantValue: { HasValue: true, Value: 0 } } => true,
                IInvocationOperation call when depth < 4 && call.SemanticModel is { } model
                    => LocalValues.ReturnedValues(call.TargetMethod, model, symbols) is { Count: > 0 } values && values.All(v => IsZero(v, symbols, depth + 1)),
                _ => false,
            };
    }
#pragma warning restore RS1001, RS2008

    private sealed class Config : AnalyzerConfigOptionsProvider
    {
        private readonly Values _values;

        public Config(params (string Key, string Value)[] values) => _values = new Values(values.ToImmutableDictionary(v => v.Key, v => v.Value));

        public override AnalyzerConfigOptions GlobalOptions => _values;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _values;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _values;

        private sealed class Values : AnalyzerConfigOptions
        {
            private readonly ImmutableDictionary<string, string> _values;

            public Values(ImmutableDictionary<string, string> values) => _values = values;

            public override System.Collections.Generic.IEnumerable<string> Keys => _values.Keys;

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
        }
    }
}
