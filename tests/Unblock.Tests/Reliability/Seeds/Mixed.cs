// Seed for the reliability tests: blocking calls in many shapes of async code (compiles with C# 7.3 and later).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Seeds
{
    public class Service
    {
        private readonly object _gate = new object();

        public async Task<int> CountAsync(CancellationToken cancellationToken)
        {
            var count = LoadAsync().Result;
            Thread.Sleep(10);
            Thread.Sleep(TimeSpan.FromMilliseconds(5));
            LoadAsync().Wait();
            var length = LoadAsync().Result.ToString().Length;
            return count + length + LoadAsync().GetAwaiter().GetResult();
        }

        public async void OnClick(object sender, EventArgs e)
        {
            var value = LoadAsync().ConfigureAwait(false).GetAwaiter().GetResult();
            Console.WriteLine(value);
        }

        public Task<int> NotAsync()
        {
            return Task.FromResult(LoadAsync().Result);
        }

        public void Lambdas()
        {
            Func<Task> first = async () => { Thread.Sleep(1); await Task.Yield(); };
            Func<Task<int>> second = async () => LoadAsync().Result;
            Func<Task> third = async delegate { LoadAsync().Wait(); await Task.Yield(); };
            first();
            second();
            third();
        }

        public void LocalFunctions()
        {
            async Task Local()
            {
                Thread.Sleep(1);
                var x = LoadAsync().Result;
            }

            Local();
        }

        public async Task Waits()
        {
            var a = LoadAsync();
            var b = LoadAsync();
            Task.WaitAll(a, b);
            var index = Task.WaitAny(a, b);
            var ok = a.Wait(100);
            a.Wait(TimeSpan.FromSeconds(1));
            Console.WriteLine(index + (ok ? 1 : 0));
        }

        public async Task InsideLock()
        {
            await Task.Yield();
            lock (_gate)
            {
                var x = LoadAsync().Result;
                Thread.Sleep(1);
            }
        }

        public async Task Linq(List<Task<int>> tasks)
        {
            var sum = tasks.Select(t => t.Result).Sum();
            tasks.ForEach(t => t.Wait());
            Console.WriteLine(sum);
            await Task.Yield();
        }

        public async Task<string> Nested()
        {
            return Describe(LoadAsync().Result, LoadTextAsync().Result.Trim());
        }

        public async Task<int> ExpressionBodied() => LoadAsync().Result;

        public async Task Conditional(bool flag)
        {
            var x = flag ? LoadAsync().Result : 0;
            if (LoadAsync().Result > 0)
            {
                Thread.Sleep(x);
            }

            for (var i = 0; i < LoadAsync().Result; i++)
            {
                Thread.Sleep(i);
            }
        }

        private static string Describe(int value, string text)
        {
            return text + value;
        }

        private static async Task<int> LoadAsync()
        {
            await Task.Delay(1);
            return 42;
        }

        private static async Task<string> LoadTextAsync()
        {
            await Task.Delay(1);
            return " x ";
        }
    }
}
