// Seed for the reliability tests: blocking calls where a rewrite is easy to get wrong.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Seeds.Tricky
{
    public class Holder
    {
        public string Name { get; set; }
    }

    public class Rewrites
    {
        public async Task<string> Interpolated(Task<int> t) => $"value {t.Result}";

        public async Task<int?> ConditionalAccess(Task<string> t) => t.Result?.Length;

        public async Task<Holder> Initializer(Task<string> t) => new Holder { Name = t.Result };

        public async Task<int> Nested(Task<Task<int>> t) => t.Result.Result;

        public async Task<int> Chained() => Parse(Text().Result).Result + 1;

        public async Task InCatch(Task t)
        {
            try
            {
                await Task.Yield();
            }
            catch (Exception)
            {
                t.Wait();
            }
            finally
            {
                Thread.Sleep(1);
            }
        }

        public async Task InSwitch(Task<int> t, int kind)
        {
            var label = kind switch
            {
                1 => t.Result.ToString(),
                _ => "other",
            };
            switch (t.Result)
            {
                case 1:
                    Thread.Sleep(1);
                    break;
            }

            Console.WriteLine(label);
        }

        public async Task InUsingAndForeach(Task<Stream> stream, Task<List<int>> list)
        {
            using (var s = stream.Result)
            {
                foreach (var item in list.Result)
                {
                    Thread.Sleep(item);
                }
            }
        }

        public async Task<bool> TimedWaits(Task t, Task[] tasks, List<Task> list)
        {
            if (!t.Wait(100))
            {
                return false;
            }

            Task.WaitAll(tasks);
            Task.WaitAll(list.ToArray());
            var index = Task.WaitAny(tasks);
            Task.WaitAny(tasks);
            return index >= 0 && t.Wait(TimeSpan.FromSeconds(1));
        }

        public async IAsyncEnumerable<int> Iterator(Task<int> t)
        {
            yield return t.Result;
            Thread.Sleep(1);
        }

        public async Task OutAndRef(Task<int> t)
        {
            var ok = int.TryParse(t.Result.ToString(), out var parsed);
            Console.WriteLine(ok ? parsed : -1);
        }

        public async Task Pattern(Task<string> t)
        {
            if (t.Result is { Length: > 0 } text)
            {
                Console.WriteLine(text);
            }
        }

        public async ValueTask<int> ValueTaskMethod(ValueTask<int> t) => t.Result;

        public Func<Task<int>> Lambda(Task<int> t) => async () => t.Result;

        public void LocalVoid(Task t)
        {
            void Local()
            {
                t.Wait();
            }

            async void LocalAsyncVoid()
            {
                t.Wait();
            }

            Local();
            LocalAsyncVoid();
        }

        public async Task WithToken(CancellationToken cancellationToken, Task t)
        {
            t.Wait(cancellationToken);
            Thread.Sleep(5);
        }

        private static Task<string> Text() => Task.FromResult("1");

        private static Task<int> Parse(string text) => Task.FromResult(int.Parse(text));
    }

    public interface IHandler
    {
        void Handle();
    }

    public class Handler : IHandler
    {
        public async void Handle()
        {
            Thread.Sleep(1);
        }
    }

    public abstract class Base
    {
        public abstract Task RunAsync();

        public virtual void Run()
        {
        }
    }

    public class Derived : Base
    {
        public override Task RunAsync()
        {
            Thread.Sleep(1);
            return Task.CompletedTask;
        }

        public override async void Run()
        {
            Thread.Sleep(1);
        }
    }
}
