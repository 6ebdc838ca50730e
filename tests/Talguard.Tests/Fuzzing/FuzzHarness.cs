using System.Globalization;
using Talguard.Model;

namespace Talguard.Tests.Fuzzing;

/// <summary>
/// Runs one fuzz target: <c>count</c> inputs made from a seeded <see cref="Random"/> (same seed, same inputs), each
/// handed to the target on a worker thread watched for hangs. An input is fine when the target returns or throws
/// <see cref="InputException"/>; any other exception, or no progress for <see cref="HangTimeout"/>, fails the test
/// with the input saved for replay.
/// </summary>
internal static class FuzzHarness
{
    /// <summary>Far above what one input of these sizes needs; only a hang (or an exponential walk) reaches it.</summary>
    public static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The CI count, or TALGUARD_FUZZ_ITERATIONS scaled by <paramref name="ciCount"/> relative to the default of the
    /// Secure Boot fuzzers (3000), so the long campaign keeps the expensive targets in proportion.
    /// </summary>
    public static int Iterations(int ciCount) =>
        int.TryParse(Environment.GetEnvironmentVariable("TALGUARD_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? (int)Math.Max(ciCount, (long)n * ciCount / 3000)
            : ciCount;

    /// <summary>Outcome counts of a run, for the test output and docs/robustness.md.</summary>
    public sealed record Tally(string Target, int Inputs, int Accepted, int Refused, int Skipped)
    {
        public override string ToString() =>
            $"{Target}: {Inputs} inputs, {Accepted} accepted, {Refused} refused with InputException" + (Skipped > 0 ? $", {Skipped} left to the subprocess reproducers" : string.Empty);
    }

    /// <param name="generate">Makes input <c>i</c>; returning null skips it (an input class that cannot run in process).</param>
    /// <param name="run">The target; may throw <see cref="InputException"/>.</param>
    /// <param name="bytesOf">The input as bytes, to save it when it fails.</param>
    public static Tally Run<T>(string target, int seed, int count, Func<Random, T?> generate, Action<T> run, Func<T, byte[]> bytesOf)
        where T : class
    {
        var random = new Random(seed);
        int accepted = 0, refused = 0, skipped = 0;
        var progress = 0L;
        T? current = null;
        Exception? failure = null;
        var failedAt = -1;
        var worker = new Thread(() =>
        {
            for (var i = 0; i < count; i++)
            {
                T? input;
                Volatile.Write(ref current, null);
                try
                {
                    input = generate(random);
                }
                catch (Exception ex)
                {
                    // A broken generator must fail the test, not end the test host with an unhandled exception.
                    failure = ex;
                    failedAt = i;
                    return;
                }

                Volatile.Write(ref current, input);
                if (input is null)
                {
                    skipped++;
                }
                else
                {
                    try
                    {
                        run(input);
                        accepted++;
                    }
                    catch (InputException)
                    {
                        refused++;
                    }
                    catch (Exception ex)
                    {
                        failure = ex;
                        failedAt = i;
                        return;
                    }
                }

                Interlocked.Increment(ref progress);
            }
        }, 16 * 1024 * 1024)
        {
            // A hung input must not keep the test host alive once the failure is reported.
            IsBackground = true,
            Name = "fuzz " + target,
        };
        worker.Start();

        var lastProgress = -1L;
        var lastChange = DateTime.UtcNow;
        while (!worker.Join(TimeSpan.FromMilliseconds(200)))
        {
            var now = Interlocked.Read(ref progress);
            if (now != lastProgress)
            {
                lastProgress = now;
                lastChange = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - lastChange > HangTimeout)
            {
                var saved = Save(target, seed, (int)now, Volatile.Read(ref current) is { } stuck ? bytesOf(stuck) : []);
                Assert.Fail($"{target}: input {now} (seed {seed}) ran longer than {HangTimeout.TotalSeconds:0} s; saved to {saved}");
            }
        }

        if (failure is not null)
        {
            var saved = Save(target, seed, failedAt, Volatile.Read(ref current) is { } failed ? bytesOf(failed) : []);
            Assert.Fail($"{target}: input {failedAt} (seed {seed}): {failure.GetType().Name}: {Shorten(failure.Message)} (input saved to {saved})\n{failure.StackTrace}");
        }

        return new Tally(target, count, accepted, refused, skipped);
    }

    private static string Save(string target, int seed, int index, byte[] input)
    {
        var name = string.Concat(target.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
        var path = Path.Combine(Path.GetTempPath(), $"talguard-fuzz-{name}-{seed}-{index}.bin");
        File.WriteAllBytes(path, input);
        return path;
    }

    private static string Shorten(string message) => message.Length > 300 ? message[..300] + "…" : message;
}
