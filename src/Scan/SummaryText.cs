using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Unblock.Scan;

/// <summary>Another project's summary, handed to a project's analysis as the AdditionalFile <c>&lt;assembly&gt;.unblock-summary</c>.</summary>
internal sealed class SummaryText : AdditionalText
{
    private readonly SourceText _text;

    public SummaryText(string assemblyName, string text)
    {
        AssemblyName = assemblyName;
        Path = assemblyName + global::Unblock.Analyzers.Rules.Transitive.BlockingSummaryFormat.AdditionalFileSuffix;
        _text = SourceText.From(text);
    }

    public string AssemblyName { get; }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
