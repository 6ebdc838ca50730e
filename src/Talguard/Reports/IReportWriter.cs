using Talguard.Findings;

namespace Talguard.Reports;

/// <summary>Writes a complete, sorted scan result in one format.</summary>
public interface IReportWriter
{
    void Write(ScanResult result, Stream output);
}
