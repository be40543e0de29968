// Minimal stand-ins, in their real namespaces, for the framework and library types the .NET 8 reference
// assemblies lack (ASP.NET Core, EF Core, hosting, logging, WinForms, WPF, Dapper, SqlClient, xunit, Newtonsoft.Json, RabbitMQ.Client, SSH.NET, ASP.NET Core Identity, the MongoDB driver, and the imaging
// libraries System.Drawing.Common, SkiaSharp and ImageSharp). Only the
// members the corpus uses exist; bodies never run. No line of this file is ever expected to be flagged.
#pragma warning disable CS1591, CS0067
using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;

namespace Microsoft.AspNetCore.Http
{
    public interface IResult { }

    public abstract class HttpRequest
    {
        public abstract System.IO.Stream Body { get; }
        public abstract IDictionary<string, string> Query { get; }
    }

    public abstract class HttpResponse
    {
        public abstract System.IO.Stream Body { get; }
        public abstract int StatusCode { get; set; }
    }

    public abstract class HttpContext
    {
        public abstract HttpRequest Request { get; }
        public abstract HttpResponse Response { get; }
        public abstract CancellationToken RequestAborted { get; }
    }

    public static class Results
    {
        public static IResult Ok(object? value = null) => throw null!;
        public static IResult NotFound() => throw null!;
    }

    public static class HttpResponseWritingExtensions
    {
        public static Task WriteAsync(this HttpResponse response, string text, CancellationToken cancellationToken = default) => throw null!;
    }
}

namespace Microsoft.AspNetCore.Mvc
{
    public interface IActionResult { }

    public class ActionResult<T>
    {
        public static implicit operator ActionResult<T>(T value) => throw null!;
    }

    [AttributeUsage(AttributeTargets.Class)]
    public sealed class ApiControllerAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
    public sealed class RouteAttribute : Attribute
    {
        public RouteAttribute(string template) { }
    }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class HttpGetAttribute : Attribute
    {
        public HttpGetAttribute() { }
        public HttpGetAttribute(string template) { }
    }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class HttpPostAttribute : Attribute
    {
        public HttpPostAttribute() { }
        public HttpPostAttribute(string template) { }
    }

    public abstract class ControllerBase
    {
        public Microsoft.AspNetCore.Http.HttpContext HttpContext => throw null!;
        public IActionResult Ok(object? value = null) => throw null!;
        public IActionResult NotFound() => throw null!;
        public IActionResult BadRequest(object? error = null) => throw null!;
    }
}

namespace Microsoft.AspNetCore.Builder
{
    public sealed class WebApplicationBuilder
    {
        public WebApplication Build() => throw null!;
    }

    public sealed class WebApplication
    {
        public static WebApplicationBuilder CreateBuilder(string[] args) => throw null!;
        public void MapGet(string pattern, Delegate handler) { }
        public void MapPost(string pattern, Delegate handler) { }
        public Task RunAsync(CancellationToken cancellationToken = default) => throw null!;
    }
}

namespace Microsoft.Extensions.Logging
{
    public interface ILogger<T>
    {
        void LogInformation(string message, params object?[] args);
        void LogWarning(string message, params object?[] args);
    }
}

namespace Microsoft.Extensions.Hosting
{
    public abstract class BackgroundService : IDisposable
    {
        protected abstract Task ExecuteAsync(CancellationToken stoppingToken);
        public virtual Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public virtual void Dispose() { }
    }
}

namespace Microsoft.EntityFrameworkCore
{
    public class DbContext : IDisposable, IAsyncDisposable
    {
        public virtual Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade Database => throw null!;
        public virtual int SaveChanges() => throw null!;
        public virtual Task<int> SaveChangesAsync(CancellationToken cancellationToken = default) => throw null!;
        public virtual void Dispose() { }
        public virtual ValueTask DisposeAsync() => default;
    }

    public abstract class DbSet<TEntity> : System.Linq.IQueryable<TEntity>
        where TEntity : class
    {
        public virtual void Add(TEntity entity) { }
        public virtual ValueTask<object> AddAsync(TEntity entity, CancellationToken cancellationToken = default) => throw null!;
        public virtual void AddRange(params TEntity[] entities) { }
        public virtual Task AddRangeAsync(params TEntity[] entities) => throw null!;
        public virtual void Remove(TEntity entity) { }
        public virtual TEntity? Find(params object?[]? keyValues) => throw null!;
        public virtual ValueTask<TEntity?> FindAsync(params object?[]? keyValues) => throw null!;
        public Type ElementType => throw null!;
        public System.Linq.Expressions.Expression Expression => throw null!;
        public System.Linq.IQueryProvider Provider => throw null!;
        public IEnumerator<TEntity> GetEnumerator() => throw null!;
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => throw null!;
    }

    public static class EntityFrameworkQueryableExtensions
    {
        public static Task<List<TSource>> ToListAsync<TSource>(this System.Linq.IQueryable<TSource> source, CancellationToken cancellationToken = default) => throw null!;
        public static Task<TSource?> FirstOrDefaultAsync<TSource>(this System.Linq.IQueryable<TSource> source, CancellationToken cancellationToken = default) => throw null!;
        public static Task<TSource?> FirstOrDefaultAsync<TSource>(this System.Linq.IQueryable<TSource> source, System.Linq.Expressions.Expression<Func<TSource, bool>> predicate, CancellationToken cancellationToken = default) => throw null!;
        public static Task<int> CountAsync<TSource>(this System.Linq.IQueryable<TSource> source, CancellationToken cancellationToken = default) => throw null!;
        public static Task<bool> AnyAsync<TSource>(this System.Linq.IQueryable<TSource> source, CancellationToken cancellationToken = default) => throw null!;
        public static IAsyncEnumerable<TSource> AsAsyncEnumerable<TSource>(this System.Linq.IQueryable<TSource> source) => throw null!;
    }
}

namespace Microsoft.EntityFrameworkCore.Infrastructure
{
    public class DatabaseFacade
    {
        public virtual void SetDbConnection(System.Data.Common.DbConnection? connection) { }
    }
}

namespace Microsoft.EntityFrameworkCore
{
    public static class RelationalDatabaseFacadeExtensions
    {
        public static object? UseTransaction(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade databaseFacade, System.Data.Common.DbTransaction? transaction) => throw null!;
        public static Task<object?> UseTransactionAsync(this Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade databaseFacade, System.Data.Common.DbTransaction? transaction, CancellationToken cancellationToken = default) => throw null!;
    }
}

namespace Microsoft.EntityFrameworkCore.ChangeTracking
{
    public class EntityEntry
    {
    }
}

namespace Microsoft.EntityFrameworkCore.ValueGeneration
{
    public abstract class ValueGenerator
    {
        public virtual object? Next(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) => NextValue(entry);
        public virtual ValueTask<object?> NextAsync(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, CancellationToken cancellationToken = default) => new(Next(entry));
        protected abstract object? NextValue(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry);
    }
}

namespace Microsoft.Data.SqlClient
{
    public sealed class SqlConnection : DbConnection
    {
        public SqlConnection(string connectionString) { }
        [AllowNull]
        public override string ConnectionString { get => throw null!; set { } }
        public override string Database => throw null!;
        public override string DataSource => throw null!;
        public override string ServerVersion => throw null!;
        public override ConnectionState State => throw null!;
        public override void ChangeDatabase(string databaseName) { }
        public override void Close() { }
        public override void Open() { }
        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => throw null!;
        protected override DbCommand CreateDbCommand() => throw null!;
        public new SqlTransaction BeginTransaction() => throw null!;
    }

    public sealed class SqlTransaction : DbTransaction
    {
        public override IsolationLevel IsolationLevel => throw null!;
        protected override DbConnection DbConnection => throw null!;
        public override void Commit() { }
        public override void Rollback() { }
    }
}

namespace Dapper
{
    public static class SqlMapper
    {
        public static IEnumerable<T> Query<T>(this IDbConnection cnn, string sql, object? param = null) => throw null!;
        public static Task<IEnumerable<T>> QueryAsync<T>(this IDbConnection cnn, string sql, object? param = null) => throw null!;
        public static int Execute(this IDbConnection cnn, string sql, object? param = null) => throw null!;
        public static Task<int> ExecuteAsync(this IDbConnection cnn, string sql, object? param = null) => throw null!;
    }
}

namespace System.Windows.Forms
{
    public class Control
    {
        public string Text { get; set; } = string.Empty;
        public bool Enabled { get; set; }
        public object Invoke(Delegate method) => throw null!;
    }

    public class Form : Control { }

    public class Button : Control
    {
        public event EventHandler? Click;
    }

    public class Label : Control { }
}

namespace System.Windows
{
    public class RoutedEventArgs : EventArgs { }

    public delegate void RoutedEventHandler(object sender, RoutedEventArgs e);

    public class Window
    {
        public object? DataContext { get; set; }
        public string Title { get; set; } = string.Empty;
    }
}

namespace Newtonsoft.Json
{
    public abstract class JsonWriter : IDisposable
    {
        public virtual void WriteValue(string? value) { }
        public virtual void Flush() { }
        public virtual Task FlushAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        public void Dispose() { }
    }

    public class JsonTextWriter : JsonWriter
    {
        public JsonTextWriter(System.IO.TextWriter textWriter) { }
    }
}

namespace Microsoft.AspNetCore.Identity
{
    public class IdentityUser
    {
        public string Id { get; set; } = string.Empty;

        public string? NormalizedEmail { get; set; }
    }

    public class UserManager<TUser>
        where TUser : class
    {
        public virtual System.Linq.IQueryable<TUser> Users => throw null!;

        public virtual string NormalizeEmail(string email) => email;
    }
}

namespace MongoDB.Driver
{
    public interface IAsyncCursor<out T> : IDisposable
    {
        IEnumerable<T> Current { get; }

        bool MoveNext(CancellationToken cancellationToken = default);

        Task<bool> MoveNextAsync(CancellationToken cancellationToken = default);
    }

    public interface IAsyncCursorSource<out T>
    {
        IAsyncCursor<T> ToCursor(CancellationToken cancellationToken = default);
    }

    public interface IFindFluent<TDocument, TProjection> : IAsyncCursorSource<TProjection>
    {
    }

    public interface IMongoCollection<T>
    {
        IFindFluent<T, T> Find(string filter);
    }

    public static class IAsyncCursorSourceExtensions
    {
        public static IEnumerable<T> ToEnumerable<T>(this IAsyncCursorSource<T> source, CancellationToken cancellationToken = default) => throw null!;

        public static Task ForEachAsync<T>(this IAsyncCursorSource<T> source, Action<T> processor, CancellationToken cancellationToken = default) => throw null!;
    }
}

namespace RabbitMQ.Client
{
    public interface IChannel : IAsyncDisposable, IDisposable
    {
        Task BasicPublishAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default);
    }

    public interface IConnection : IAsyncDisposable, IDisposable
    {
        Task<IChannel> CreateChannelAsync(CancellationToken cancellationToken = default);
    }
}

namespace Renci.SshNet
{
    public abstract class BaseClient : IDisposable
    {
        public void Connect() { }
        public void Disconnect() { }
        public void Dispose() { }
    }

    public class SshClient : BaseClient
    {
        public SshClient(string host, string username, string password) { }
    }
}

namespace Xunit
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class FactAttribute : Attribute { }

    public static class Assert
    {
        public static T Throws<T>(Action testCode) where T : Exception => throw null!;
        public static Task<T> ThrowsAsync<T>(Func<Task> testCode) where T : Exception => throw null!;
        public static void Equal<T>(T expected, T actual) { }
        public static void True(bool condition) { }
    }
}

namespace Microsoft.AspNetCore.Components
{
    public abstract class ComponentBase
    {
        protected virtual void OnInitialized() { }
        protected virtual System.Threading.Tasks.Task OnInitializedAsync() => System.Threading.Tasks.Task.CompletedTask;
        protected virtual void OnParametersSet() { }
        protected virtual void OnAfterRender(bool firstRender) { }
        protected void StateHasChanged() { }
    }
}

namespace System.Drawing
{
    public class Image : IDisposable
    {
        public int Width => 0;
        public int Height => 0;
        public static Image FromStream(System.IO.Stream stream) => throw null!;
        public void Save(System.IO.Stream stream, System.Drawing.Imaging.ImageFormat format) { }
        public void Dispose() { }
    }

    public sealed class Bitmap : Image
    {
        public Bitmap(int width, int height) { }
        public Bitmap(Image original, int width, int height) { }
    }
}

namespace System.Drawing.Imaging
{
    public sealed class ImageFormat
    {
        public static ImageFormat Jpeg => throw null!;
    }
}

namespace NetVips
{
    public class Image : IDisposable
    {
        public int Width => 0;
        public static Image PngloadStream(System.IO.Stream stream) => throw null!;
        public void Pngsave(string filename) { }
        public void Dispose() { }
    }
}

namespace TagLib
{
    public enum ReadStyle { None, Average }

    public interface IFileAbstraction
    {
        string Name { get; }
        System.IO.Stream ReadStream { get; }
    }

    public class Properties
    {
        public int Duration => 0;
    }

    public abstract class File : IDisposable
    {
        public Properties Properties => throw null!;
        public static File Create(string path) => throw null!;
        public static File Create(IFileAbstraction abstraction, ReadStyle propertiesStyle) => throw null!;
        public abstract void Save();
        public void Dispose() { }
    }
}

namespace SkiaSharp
{
    public enum SKEncodedImageFormat { Jpeg, Png }

    public enum SKFilterQuality { None, High }

    public readonly struct SKImageInfo
    {
        public SKImageInfo(int width, int height) { }
    }

    public class SKData : IDisposable
    {
        public byte[] ToArray() => throw null!;
        public void Dispose() { }
    }

    public class SKBitmap : IDisposable
    {
        public int Width => 0;
        public static SKBitmap Decode(System.IO.Stream stream) => throw null!;
        public SKBitmap Resize(SKImageInfo info, SKFilterQuality quality) => throw null!;
        public SKData Encode(SKEncodedImageFormat format, int quality) => throw null!;
        public void Dispose() { }
    }
}

namespace SixLabors.ImageSharp
{
    public class Image : IDisposable
    {
        public int Width => 0;
        public static Image Load(byte[] data) => throw null!;
        public void Dispose() { }
    }

    public static class ImageExtensions
    {
        public static void SaveAsJpeg(this Image image, System.IO.Stream stream) { }
    }
}

namespace SixLabors.ImageSharp.Processing
{
    public interface IImageProcessingContext
    {
        IImageProcessingContext Resize(int width, int height);
    }

    public static class ProcessingExtensions
    {
        public static void Mutate(this SixLabors.ImageSharp.Image source, Action<IImageProcessingContext> operation) { }
    }
}
