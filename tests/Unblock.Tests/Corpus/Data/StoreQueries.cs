using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Identity;
using MongoDB.Driver;

namespace Corpus.Data.Stores;

/// <summary>Queries of stores other than EF Core, run synchronously (seen on a CMS's user service and MongoDB migrations).</summary>
public sealed class UserDirectory
{
    private readonly UserManager<IdentityUser> _userManager;

    public UserDirectory(UserManager<IdentityUser> userManager) => _userManager = userManager;

    public async Task<int> QueryAsync(string? email, CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);

        IQueryable<IdentityUser> QueryUsers(string? filter)
        {
            var result = _userManager.Users;
            if (!string.IsNullOrWhiteSpace(filter))
            {
                result = result.Where(x => x.NormalizedEmail == filter);
            }

            return result;
        }

        var page = QueryUsers(email).OrderBy(x => x.NormalizedEmail).Take(10).ToList(); // expect: BLK003
        var total = QueryUsers(email).LongCount(); // expect: BLK003
        var isFirst = !_userManager.Users.Any(); // expect: BLK003
        var filtered = _userManager.Users.Where(x => x.Id != ""); // silent: only builds the query
        var inMemory = page.Where(x => x.Id != "").ToList(); // silent: LINQ to objects over a loaded list
        return page.Count + (int)total + inMemory.Count + (isFirst ? 1 : 0) + (filtered is null ? 0 : 1);
    }
}

public sealed class ConvertEventsMigration
{
    private readonly IMongoCollection<string> _collection;

    public ConvertEventsMigration(IMongoCollection<string> collection) => _collection = collection;

    public async Task UpdateAsync(CancellationToken cancellationToken)
    {
        foreach (var document in _collection.Find("{}").ToEnumerable(cancellationToken)) // expect: BLK003
        {
            await Task.Delay(1, cancellationToken);
        }

        await _collection.Find("{}").ForEachAsync(d => { }, cancellationToken); // silent: iterated asynchronously
    }
}
