using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace Unblock.Scan;

/// <summary>
/// Writes the findings as a minimal SARIF 2.1.0 log (one run): the rules from the descriptors, one result per finding
/// with its location relative to the solution folder (<c>%SRCROOT%</c>), the blocking call of a chain as a related
/// location, and the projects that could not be loaded or analysed as tool execution notifications.
/// </summary>
internal static class SarifWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string SourceRoot = "%SRCROOT%";

    public static void Write(Stream stream, ScanResult result, IReadOnlyList<DiagnosticDescriptor> rules, string version, string sourceRoot)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "Unblock");
        json.WriteString("informationUri", "https://github.com/unblock-analyzers/unblock");
        json.WriteString("version", version);
        json.WriteStartArray("rules");
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            ruleIndex[rule.Id] = ruleIndex.Count;
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteStartObject("shortDescription");
            json.WriteString("text", rule.Title.ToString(CultureInfo.InvariantCulture));
            json.WriteEndObject();
            var description = rule.Description.ToString(CultureInfo.InvariantCulture);
            if (description.Length > 0)
            {
                json.WriteStartObject("fullDescription");
                json.WriteString("text", description);
                json.WriteEndObject();
            }

            if (!string.IsNullOrEmpty(rule.HelpLinkUri))
            {
                json.WriteString("helpUri", rule.HelpLinkUri);
            }

            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(rule.DefaultSeverity));
            json.WriteBoolean("enabled", rule.IsEnabledByDefault);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject(SourceRoot);
        json.WriteString("uri", new Uri(Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourceRoot)) + Path.DirectorySeparatorChar).AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", result.Analyzed > 0);
        json.WriteStartArray("toolExecutionNotifications");
        foreach (var problem in result.Problems)
        {
            json.WriteStartObject();
            json.WriteString("level", "warning");
            json.WriteStartObject("message");
            json.WriteString("text", problem);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartArray("results");
        foreach (var finding in result.Findings)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", finding.Id);
            if (ruleIndex.TryGetValue(finding.Id, out var index))
            {
                json.WriteNumber("ruleIndex", index);
            }

            json.WriteString("level", Level(finding.Severity));
            json.WriteStartObject("message");
            json.WriteString("text", finding.Message);
            json.WriteEndObject();
            json.WriteStartArray("locations");
            json.WriteStartObject();
            WritePhysicalLocation(json, finding.At, sourceRoot);
            json.WriteEndObject();
            json.WriteEndArray();
            if (!finding.Steps.IsEmpty)
            {
                json.WriteStartArray("relatedLocations");
                var id = 0;
                foreach (var step in finding.Steps)
                {
                    json.WriteStartObject();
                    json.WriteNumber("id", id++);
                    WritePhysicalLocation(json, step.At, sourceRoot);
                    json.WriteStartObject("message");
                    json.WriteString("text", step.Text);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteStartObject("properties");
            json.WriteString("project", finding.Project);
            if (finding.Chain is not null)
            {
                json.WriteString("chain", finding.Chain);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "note",
        _ => "none",
    };

    private static void WritePhysicalLocation(Utf8JsonWriter json, SourceSpan at, string sourceRoot)
    {
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        var relative = Path.GetRelativePath(sourceRoot, at.Path);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            json.WriteString("uri", new Uri(at.Path).AbsoluteUri);
        }
        else
        {
            json.WriteString("uri", string.Join('/', relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Select(Uri.EscapeDataString)));
            json.WriteString("uriBaseId", SourceRoot);
        }

        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", at.Line);
        if (at.Column > 0)
        {
            json.WriteNumber("startColumn", at.Column);
            json.WriteNumber("endLine", at.EndLine);
            json.WriteNumber("endColumn", at.EndColumn);
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
