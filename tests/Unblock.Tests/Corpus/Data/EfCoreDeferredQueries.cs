using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Corpus.Data.Deferred;

public sealed class Series
{
    public int Id { get; set; }
    public int LibraryId { get; set; }
    public string SortName { get; set; } = string.Empty;
}

public sealed class ReadingUser
{
    public IQueryable<Series> Series { get; set; } = Enumerable.Empty<Series>().AsQueryable();
}

public abstract class LibraryContext : DbContext
{
    public abstract DbSet<Series> Series { get; }
}

/// <summary>A repository whose methods hand out queries as IEnumerable (seen on a media server's repositories).</summary>
public interface ISeriesRepository
{
    IEnumerable<int> GetLibraryIdsForUser(int userId);

    IEnumerable<Series> GetSeriesForLibrary(int libraryId);

    IEnumerable<char> GetJumpBar(int libraryId);
}

public sealed class SeriesRepository : ISeriesRepository
{
    private readonly LibraryContext _context;

    public SeriesRepository(LibraryContext context) => _context = context;

    public IEnumerable<int> GetLibraryIdsForUser(int userId)
        => _context.Series.Where(s => s.Id == userId).Select(s => s.LibraryId).AsEnumerable(); // silent: builds the query; its callers run it

    public IEnumerable<Series> GetSeriesForLibrary(int libraryId)
    {
        return _context.Series.Where(s => s.LibraryId == libraryId).OrderBy(s => s.SortName); // silent: builds the query
    }

    public IEnumerable<char> GetJumpBar(int libraryId)
    {
        var firstLetters = _context.Series.Where(s => s.LibraryId == libraryId).Select(s => s.SortName).AsEnumerable().Select(n => n[0]);
        var counts = new Dictionary<char, int>();
        foreach (var letter in firstLetters) // silent: a synchronous method; its async callers are flagged (BLK007)
        {
            counts[letter] = counts.TryGetValue(letter, out var n) ? n + 1 : 1;
        }

        return counts.Keys;
    }
}

public sealed class LibraryController
{
    private readonly ISeriesRepository _series;

    public LibraryController(ISeriesRepository series) => _series = series;

    public async Task<int> SearchAsync(int userId, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        var libraries = _series.GetLibraryIdsForUser(userId).ToList(); // expect: BLK003
        var ids = _series.GetLibraryIdsForUser(userId);
        if (!ids.Contains(3)) // expect: BLK003
        {
            return 0;
        }

        var total = 0;
        foreach (var series in _series.GetSeriesForLibrary(3)) // expect: BLK003
        {
            total += series.Id;
        }

        var sorted = _series.GetSeriesForLibrary(4).Where(s => s.Id > 1).OrderBy(s => s.Id).ToList(); // expect: BLK003
        var jumpBar = _series.GetJumpBar(5); // expect: BLK007
        return libraries.Count + sorted.Count + total + jumpBar.Count();
    }

    public async Task<int> TopUsersAsync(List<ReadingUser> users, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        var seriesIds = users // expect: BLK003
            .SelectMany(u => u.Series.Select(s => s.Id))
            .ToList();
        var loaded = libraries().Where(i => i > 0).ToList(); // silent: LINQ to objects over a list
        return seriesIds.Count + loaded.Count;

        static List<int> libraries() => new() { 1, 2 };
    }
}
