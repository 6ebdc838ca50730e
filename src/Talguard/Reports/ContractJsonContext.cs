using System.Text.Json.Serialization;

namespace Talguard.Reports;

/// <summary>
/// Source-generated (AOT-safe) serialization of the verbs' JSON contracts. Indentation and escaping come from the
/// <see cref="System.Text.Json.Utf8JsonWriter"/> each writer serializes into (<see cref="JsonReportWriter.WriterOptions"/>),
/// so the contracts keep the bytes their hand-written writers produced; <c>etcd status</c>'s one-line JSON is the one
/// serialized to a string, with the context's compact defaults.
/// </summary>
[JsonSerializable(typeof(RuleCatalogDocument))]
[JsonSerializable(typeof(SnapshotStatusJson))]
[JsonSerializable(typeof(SnapshotJson))]
[JsonSerializable(typeof(IReadOnlyList<ProviderTotalJson>))]
[JsonSerializable(typeof(InventoryEntryJson))]
[JsonSerializable(typeof(PssEvaluationJson))]
[JsonSerializable(typeof(IReadOnlyList<InventoryNodeJson>))]
internal sealed partial class ContractJsonContext : JsonSerializerContext;
