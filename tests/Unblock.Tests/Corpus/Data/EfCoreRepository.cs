using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;

namespace Corpus.Data.EfCore;

public sealed class Customer
{
    public int Id { get; set; }
    public string Name { get; set; } = string.Empty;
}

public abstract class ShopContext : DbContext
{
    public abstract DbSet<Customer> Customers { get; }
}

public sealed class CustomerRepository
{
    private readonly ShopContext _db;

    public CustomerRepository(ShopContext db) => _db = db;

    public async Task<int> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var customer = new Customer { Name = name };
        _db.Customers.Add(customer); // silent: EF Core Add is in memory (AddAsync is only for special value generators)
        _db.Customers.AddRange(new Customer { Name = name + " 2" }); // silent: EF Core AddRange, same reason
        _db.SaveChanges(); // expect: BLK003
        await _db.SaveChangesAsync(cancellationToken); // silent: awaited
        return customer.Id;
    }

    public async Task<Customer?> FindAsync(int id, CancellationToken cancellationToken)
    {
        var found = _db.Customers.Find(id); // expect: BLK003
        var again = await _db.Customers.FindAsync(id); // silent: awaited
        var all = await _db.Customers.ToListAsync(cancellationToken); // silent: awaited
        return found ?? again ?? all.FirstOrDefault();
    }

    public async Task RenameAsync(int id, string name, CancellationToken cancellationToken)
    {
        var customer = await _db.Customers.FindAsync(id);
        if (customer is null)
        {
            return;
        }

        customer.Name = name; // silent: property set
        _db.Customers.Remove(customer); // silent: Remove has no async twin
        await _db.SaveChangesAsync(cancellationToken);
    }

    public async Task<int> ReportAsync(CancellationToken cancellationToken)
    {
        var all = _db.Customers.ToList(); // expect: BLK003
        var first = _db.Customers.FirstOrDefault(c => c.Name == "a"); // expect: BLK003
        var count = _db.Customers.Count(); // expect: BLK003
        var any = _db.Customers.Where(c => c.Name != "").Any(); // expect: BLK003
        var total = 0;
        foreach (var customer in _db.Customers) // expect: BLK003
        {
            total += customer.Id;
        }

        var longNames = _db.Customers.AsEnumerable().Where(c => c.Name.Length > 3).Count(); // expect: BLK003
        var inMemory = all.Where(c => c.Id > 0).ToList(); // silent: LINQ to objects on a loaded list
        var local = all.AsQueryable().Count(); // silent: AsQueryable over a list queries memory
        await foreach (var customer in _db.Customers.AsAsyncEnumerable().WithCancellation(cancellationToken)) // silent: streamed asynchronously
        {
            total += customer.Id;
        }

        return total + count + longNames + inMemory.Count + local + (any ? 1 : 0) + (first?.Id ?? 0);
    }

    public int CountSync() => _db.Customers.Count(); // silent: sync method

    public static string NewId() => CustomerIds.Generator().Next(null!) as string ?? ""; // silent: an in-memory value generator (the base NextAsync only calls Next)

    public async Task<string> InsertWithIdAsync(CancellationToken cancellationToken)
    {
        var id = NewId(); // silent: the generator does no I/O
        await _db.SaveChangesAsync(cancellationToken);
        return id;
    }

    /// <summary>Work that joins a transaction the caller began on its own connection (a key rotation across repositories).</summary>
    public Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task> RenameInTransaction(int id, string name)
        => async (connection, transaction) =>
        {
            var db = Join(connection, transaction); // silent: UseTransaction on the caller's open connection does no I/O
            var customer = await db.Customers.FindAsync(id);
            customer!.Name = name;
            await db.SaveChangesAsync();
        };

    private ShopContext Join(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction)
    {
        _db.Database.SetDbConnection(connection);
        _db.Database.UseTransaction(transaction);
        return _db;
    }

    public async Task DisposeContextAsync()
    {
        await _db.DisposeAsync(); // silent: awaited
        await Task.Yield();
    }
}

/// <summary>An id generator registered with EF Core (a prefix and random characters, seen on a payment server).</summary>
public static class CustomerIds
{
    private sealed class PrefixGenerator : Microsoft.EntityFrameworkCore.ValueGeneration.ValueGenerator
    {
        protected override object? NextValue(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) => "cust_" + Guid.NewGuid().ToString("N");
    }

    public static Func<Microsoft.EntityFrameworkCore.ValueGeneration.ValueGenerator> Generator { get; } = () => new PrefixGenerator();
}
