namespace Talguard.Formats;

/// <summary>
/// Runs the batches of audit logs through <c>process</c> on several threads and hands the results to <c>sink</c> in log
/// order on the calling thread, so what comes out does not depend on the thread count. A bounded window of batches in
/// flight keeps memory flat: the reader waits for the oldest batch when the window is full.
/// </summary>
internal static class AuditLogPipeline
{
    /// <param name="process">Called with the index of the batch's log in <paramref name="logs"/>.</param>
    public static void Run<TResult>(IReadOnlyList<AuditLogReader> logs, int parallelism, Func<int, AuditLogBatch, TResult> process, Action<TResult> sink)
    {
        if (parallelism <= 1)
        {
            for (var index = 0; index < logs.Count; index++)
            {
                while (logs[index].TryReadBatch(out var batch))
                {
                    using (batch)
                    {
                        sink(process(index, batch));
                    }
                }
            }

            return;
        }

        // Two per worker: one being processed, one read ahead, so no worker waits on the reader.
        var window = new Queue<Task<TResult>>();
        var limit = parallelism * 2;
        try
        {
            for (var index = 0; index < logs.Count; index++)
            {
                var log = index;
                while (logs[index].TryReadBatch(out var batch))
                {
                    var owned = batch;
                    window.Enqueue(Task.Run(() =>
                    {
                        using (owned)
                        {
                            return process(log, owned);
                        }
                    }));
                    while (window.Count >= limit)
                    {
                        sink(window.Dequeue().GetAwaiter().GetResult());
                    }
                }
            }

            while (window.Count > 0)
            {
                sink(window.Dequeue().GetAwaiter().GetResult());
            }
        }
        finally
        {
            // After a failure, the batches still in flight must end before their buffers are reused.
            foreach (var pending in window)
            {
                try
                {
                    pending.Wait();
                }
                catch (AggregateException)
                {
                    // The first failure is the one being thrown; later ones add nothing.
                }
            }
        }
    }
}
