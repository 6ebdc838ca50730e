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
    /// <remarks>
    /// A crash does not stop the run: every input still runs, and the test fails at the end naming each distinct
    /// crash (exception type and the first Talguard frame) with its first input saved, so one known defect
    /// cannot hide another.
    /// </remarks>
    public static Tally Run<T>(string target, int seed, int count, Func<Random, T?> generate, Action<T> run, Func<T, byte[]> bytesOf)
        where T : class
    {
        var random = new Random(seed);
        int accepted = 0, refused = 0, skipped = 0;
        var progress = 0L;
        T? current = null;
        var crashes = new Dictionary<string, Crash>(StringComparer.Ordinal);
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
                    lock (crashes)
                    {
                        crashes["generator"] = new Crash("generator", i, ex, "(none)");
                    }

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
                        var signature = Signature(ex);
                        lock (crashes)
                        {
                            if (crashes.TryGetValue(signature, out var known))
                            {
                                known.Count++;
                            }
                            else
                            {
                                crashes[signature] = new Crash(signature, i, ex, Save(target, seed, i, bytesOf(input)));
                            }
                        }
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
                lock (crashes)
                {
                    Assert.Fail($"{target}: input {now} (seed {seed}) ran longer than {HangTimeout.TotalSeconds:0} s; saved to {saved}" + Describe(crashes.Values));
                }
            }
        }

        var tally = new Tally(target, count, accepted, refused, skipped);
        if (crashes.Count > 0)
        {
            var first = crashes.Values.MinBy(c => c.Input)!;
            Assert.Fail($"{tally} (seed {seed}); {crashes.Values.Sum(c => c.Count)} crashed:{Describe(crashes.Values)}\nfirst crash:\n{first.Exception}");
        }

        return tally;
    }

    /// <summary>The exception type and where in Talguard it was thrown: one line per distinct defect.</summary>
    private static string Signature(Exception ex)
    {
        var frame = ex.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at Talguard.", StringComparison.Ordinal) && !l.Contains(".Tests.", StringComparison.Ordinal));
        frame = frame?[..(frame.IndexOf(" in ", StringComparison.Ordinal) is var cut and > 0 ? cut : frame.Length)];
        return $"{ex.GetType().Name} {frame ?? "(outside Talguard)"}";
    }

    private static string Describe(IEnumerable<Crash> crashes) =>
        string.Concat(crashes.OrderBy(c => c.Input).Select(c => $"\n  {c.Count} x {c.Signature}: {Shorten(c.Exception.Message)} (first: input {c.Input}, saved to {c.SavedTo})"));

    private sealed class Crash(string signature, int input, Exception exception, string savedTo)
    {
        public string Signature { get; } = signature;

        public int Input { get; } = input;

        public Exception Exception { get; } = exception;

        public string SavedTo { get; } = savedTo;

        public int Count { get; set; } = 1;
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
