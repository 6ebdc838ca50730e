namespace Talguard.Services;

/// <summary>
/// Hands each report straight on, on the reporting thread: <see cref="Progress{T}"/> would post it to a
/// synchronization context or the thread pool, out of order and possibly after the run has ended.
/// </summary>
internal sealed class ProgressRelay<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
