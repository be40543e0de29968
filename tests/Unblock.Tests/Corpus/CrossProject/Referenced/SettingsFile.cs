using System.IO;
using System.Threading;

namespace Corpus.CrossProject.Core;

/// <summary>
/// A class library the web project references (the corpus builds the Referenced folder first, as another project
/// with Unblock's summary generator; CrossProject/Endpoints.cs sees it only as an assembly).
/// </summary>
public sealed class SettingsFile
{
    public string Read() => Load("appsettings.json");

    public string JwtKey => Load("jwt.json"); // silent: a sync property; its async callers in the other project are flagged

    public int Version() => 3; // silent: does not block

    private static string Load(string path) => File.ReadAllText(path); // silent: a sync helper
}

public interface IReportStore
{
    string Render(int id);

    int Count();
}

/// <summary>The only implementation, internal to this project: callers in other projects know only the interface.</summary>
internal sealed class ReportStore : IReportStore
{
    public string Render(int id)
    {
        Thread.Sleep(50); // silent: a sync implementation; calls through the interface in the other project are flagged
        return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public int Count() => 0;
}
