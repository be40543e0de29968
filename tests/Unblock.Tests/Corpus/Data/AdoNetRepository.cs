using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Dapper;
using Microsoft.Data.SqlClient;

namespace Corpus.Data.AdoNet;

public sealed record Product(int Id, string Name);

public sealed class ProductRepository
{
    private readonly string _connectionString;

    public ProductRepository(string connectionString) => _connectionString = connectionString;

    public async Task<List<string>> NamesAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqlConnection(_connectionString);
        connection.Open(); // expect: BLK003
        await using var command = connection.CreateCommand();
        command.CommandText = "select Name from Products"; // silent: property set
        await using var reader = command.ExecuteReader(); // expect: BLK003
        var names = new List<string>();
        while (reader.Read()) // expect: BLK003
        {
            names.Add(reader.GetString(0)); // silent: column getters read the buffered row
            var id = reader.GetFieldValue<int>(1); // silent: column getter
            var missing = reader.IsDBNull(2); // silent: column getter
            names.Add(id + (missing ? "?" : string.Empty));
        }

        return names;
    }

    public async Task<int> CountAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await connection.OpenAsync(cancellationToken); // silent: awaited
        await using var command = connection.CreateCommand();
        command.CommandText = "select count(*) from Products";
        var count = command.ExecuteScalar(); // expect: BLK003
        var affected = command.ExecuteNonQuery(); // expect: BLK003
        var again = await command.ExecuteScalarAsync(cancellationToken); // silent: awaited
        return Convert.ToInt32(count) + affected + Convert.ToInt32(again);
    }

    public async Task<IEnumerable<Product>> WithDapperAsync(IDbConnection connection)
    {
        var products = connection.Query<Product>("select * from Products"); // expect: BLK003
        connection.Execute("update Products set Seen = 1"); // expect: BLK003
        var awaited = await connection.QueryAsync<Product>("select * from Products"); // silent: awaited
        return products.Concat(awaited);
    }

    public IEnumerable<Product> SyncQuery(IDbConnection connection)
    {
        connection.Open(); // silent: sync method
        return connection.Query<Product>("select * from Products"); // silent: sync method
    }

    public async Task TransactionAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        transaction.Commit(); // expect: BLK003
        await transaction.CommitAsync(cancellationToken); // silent: awaited
    }

    // Seen on real code (bitwarden-server's Dapper repositories): SqlClient begins a transaction with a round trip, and
    // its BeginTransactionAsync is the synchronous one underneath.
    public async Task SqlTransactionAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(); // expect: BLK003
        await connection.ExecuteAsync("update Products set Seen = 1"); // silent: awaited
    }
}
