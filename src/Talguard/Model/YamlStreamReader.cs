using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Talguard.Model;

/// <summary>
/// Turns YamlDotNet parser events into <see cref="YamlNode"/> trees: one pass, no intermediate
/// representation model, positions straight from the parser. Depth is capped so hostile input fails
/// with an input error instead of exhausting the stack of a later consumer. Aliases and merge keys
/// (<c>&lt;&lt;</c>) resolve as Go's yaml.v3 decodes them for Talos and Kubernetes: an alias shares its anchor's
/// node (marked <see cref="YamlNode.IsShared"/>), an anchor that contains itself is an error, and alias
/// expansion is held to the same budget as Go's "excessive aliasing" check.
/// </summary>
public static class YamlStreamReader
{
    public const int MaxDepth = 256;

    public static List<ParsedYamlDocument> Read(string displayPath, TextReader reader) => Read(displayPath, reader, null);

    /// <param name="pool">Shares equal short scalars (keys above all) between the documents of one load.</param>
    internal static List<ParsedYamlDocument> Read(string displayPath, TextReader reader, ScalarPool? pool)
    {
        var documents = new List<ParsedYamlDocument>();
        var source = new LineStartMarkSkipper(reader);
        var parser = new Parser(new Scanner(source, skipComments: false));
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var open = new CollectionStack(displayPath);
        var comments = new List<YamlComment>();
        YamlNode? root = null;
        var documentStart = SourceMark.FileStart;
        var budget = new AliasBudget();

        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                switch (current)
                {
                    case DocumentStart start:
                        root = null;
                        anchors.Clear();
                        open.ForgetAnchors();
                        budget = new AliasBudget();
                        documentStart = source.ToMark(start.Start);
                        break;
                    case DocumentEnd:
                        documents.Add(new ParsedYamlDocument(documents.Count, documentStart, root, [.. comments]));
                        comments.Clear();
                        break;
                    case Comment comment:
                        comments.Add(new YamlComment((int)comment.Start.Line, comment.Value, comment.IsInline));
                        break;
                    case Scalar scalar:
                        var scalarNode = new YamlNode(YamlNodeType.Scalar, source.ToMark(scalar.Start), TagOf(scalar.Tag))
                        {
                            Value = pool?.Share(scalar.Value) ?? scalar.Value,
                            IsPlain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any,
                        };
                        Remember(anchors, scalar.Anchor, scalarNode);
                        budget.Decode(1, aliased: false);
                        Attach(scalarNode, viaAlias: false, weight: 1, height: 0);
                        break;
                    case MappingStart mapping:
                        Open(new YamlNode(YamlNodeType.Mapping, source.ToMark(mapping.Start), TagOf(mapping.Tag)), mapping.Anchor);
                        break;
                    case SequenceStart sequence:
                        Open(new YamlNode(YamlNodeType.Sequence, source.ToMark(sequence.Start), TagOf(sequence.Tag)), sequence.Anchor);
                        break;
                    case MappingEnd or SequenceEnd:
                        open.Close();
                        break;
                    case AnchorAlias alias:
                        var name = alias.Value.Value;
                        var line = (int)alias.Start.Line;
                        if (!anchors.TryGetValue(name, out var target))
                        {
                            throw new InputException(displayPath, line, $"unknown YAML alias *{name}");
                        }

                        if (open.IsOpen(target))
                        {
                            throw new InputException(displayPath, line, $"anchor '{name}' value contains itself");
                        }

                        // Walks descend through aliases: the nesting they reach is held to the same cap as written nesting.
                        var (expanded, height) = open.ExtentOf(target);
                        if (open.Depth + height > MaxDepth)
                        {
                            throw new InputException(displayPath, line, $"YAML nested deeper than {MaxDepth} levels (through aliases)");
                        }

                        // Go decodes the alias node itself, then every node of its anchor's value again.
                        budget.Decode(1, aliased: false);
                        budget.Decode(expanded, aliased: true);
                        if (budget.IsExcessive)
                        {
                            throw new InputException(displayPath, line, "document contains excessive aliasing");
                        }

                        if (target.IsScalar && open.ExpectsKey)
                        {
                            // A key written as an alias gets a node of its own, named by the alias: the anchored text
                            // may be a secret (a token), and paths and messages show keys.
                            Attach(new YamlNode(YamlNodeType.Scalar, source.ToMark(alias.Start), target.Tag) { Value = target.Value, IsPlain = target.IsPlain, AliasName = name }, viaAlias: false, weight: 1, height: 0);
                            break;
                        }

                        target.IsShared = true;
                        Attach(target, viaAlias: true, weight: AliasBudget.Add(1, expanded), height);
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            throw new InputException(displayPath, (int)ex.Start.Line, "invalid YAML: " + FirstLine(ex.Message));
        }
        catch (ArgumentException)
        {
            // YamlDotNet decodes an escaped high surrogate followed by an escape that is not a low one with
            // char.ConvertToUtf32, which throws this; go-yaml refuses surrogate escapes as an input error.
            var line = parser.Current is { } last ? (int)last.End.Line : 0;
            throw new InputException(displayPath, line, "invalid YAML: a \\u escape names a UTF-16 surrogate without its pair");
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet's scanner reports some malformed plain scalars this way instead of with a YamlException.
            var line = parser.Current is { } last ? (int)last.End.Line : 0;
            throw new InputException(displayPath, line, "invalid YAML: " + FirstLine(ex.Message));
        }

        return documents;

        void Open(YamlNode node, AnchorName anchor)
        {
            if (open.Depth >= MaxDepth)
            {
                throw new InputException(displayPath, node.Start.Line, $"YAML nested deeper than {MaxDepth} levels");
            }

            Remember(anchors, anchor, node);
            budget.Decode(1, aliased: false);
            Attach(node, viaAlias: false, weight: 0, height: 0);
            open.Push(node, anchored: !anchor.IsEmpty);
        }

        void Attach(YamlNode node, bool viaAlias, long weight, int height)
        {
            if (open.Depth == 0)
            {
                root = node;
                return;
            }

            open.Add(node, viaAlias, weight, height);
        }
    }

    private static void Remember(Dictionary<string, YamlNode> anchors, AnchorName anchor, YamlNode node)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = node;
        }
    }

    private static string? TagOf(TagName tag) => tag.IsEmpty || tag.IsNonSpecific ? null : tag.Value;


    private static string FirstLine(string message)
    {
        var text = message;
        var parenthesis = text.IndexOf("): ", StringComparison.Ordinal);
        if (text.StartsWith('(') && parenthesis > 0)
        {
            text = text[(parenthesis + 3)..];
        }

        var newline = text.IndexOfAny(['\r', '\n']);
        return newline < 0 ? text : text[..newline];
    }
}

/// <summary>One document of a YAML stream, before it is classified.</summary>
public sealed record ParsedYamlDocument(int Index, SourceMark Start, YamlNode? Root, IReadOnlyList<YamlComment> Comments);

/// <summary>
/// The collections being read, innermost last. Children gather in buffers kept per depth and reused, and each
/// collection gets an exact-size array when it ends: no growing lists stay behind in the tree. A mapping with a
/// merge key gets its merged entries when it ends. Each collection's extent (its weight: the nodes Go decodes for it,
/// aliases expanded; and its height in nested collections, aliases followed) is summed on the way; anchored ones
/// keep it for the aliases that follow.
/// </summary>
internal sealed class CollectionStack(string displayPath)
{
    private readonly List<Frame> _frames = [];
    private readonly HashSet<YamlNode> _openAnchors = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<YamlNode, (long Weight, int Height)> _anchorExtents = new(ReferenceEqualityComparer.Instance);

    public int Depth { get; private set; }

    public void Push(YamlNode node, bool anchored)
    {
        if (Depth == _frames.Count)
        {
            _frames.Add(new Frame(displayPath));
        }

        _frames[Depth].Start(node, anchored);
        if (anchored)
        {
            _openAnchors.Add(node);
        }

        Depth++;
    }

    public void Add(YamlNode node, bool viaAlias, long weight, int height) => _frames[Depth - 1].Add(node, viaAlias, weight, height);

    /// <summary>True when the next node read is a key of the innermost open mapping.</summary>
    public bool ExpectsKey => Depth > 0 && _frames[Depth - 1].ExpectsKey;

    public void Close()
    {
        Depth--;
        var frame = _frames[Depth];
        var (node, anchored) = (frame.Node, frame.Anchored);
        var (weight, height) = frame.Finish();
        if (anchored)
        {
            _openAnchors.Remove(node);
            _anchorExtents[node] = (weight, height);
        }

        if (Depth > 0)
        {
            _frames[Depth - 1].AddExtent(weight, height);
        }
    }

    /// <summary>True while <paramref name="node"/> is still being read: an alias to it would contain itself.</summary>
    public bool IsOpen(YamlNode node) => _openAnchors.Contains(node);

    /// <summary>The nodes Go decodes for an anchored <paramref name="node"/>, and its nested collections, aliases expanded (a scalar: one node, none).</summary>
    public (long Weight, int Height) ExtentOf(YamlNode node) => _anchorExtents.GetValueOrDefault(node, (1, 0));

    /// <summary>Anchors are per document.</summary>
    public void ForgetAnchors() => _anchorExtents.Clear();

    private sealed class Frame(string displayPath)
    {
        private readonly List<KeyValuePair<YamlNode, YamlNode>> _entries = [];
        private readonly List<YamlNode> _items = [];
        private YamlNode? _pendingKey;
        private long _weight;
        private int _height;
        private int _mergeAt;
        private bool _mergeViaAlias;

        public YamlNode Node { get; private set; } = null!;

        public bool Anchored { get; private set; }

        public bool ExpectsKey => Node.IsMapping && _pendingKey is null;

        public void Start(YamlNode node, bool anchored)
        {
            Node = node;
            Anchored = anchored;
            _pendingKey = null;
            _weight = 0;
            _height = 0;
            _mergeAt = -1;
        }

        public void AddExtent(long weight, int height)
        {
            _weight = AliasBudget.Add(_weight, weight);
            _height = Math.Max(_height, height);
        }

        public void Add(YamlNode child, bool viaAlias, long weight, int height)
        {
            AddExtent(weight, height);
            if (Node.IsSequence)
            {
                Node.AdoptItem(child, _items.Count);
                _items.Add(child);
            }
            else if (_pendingKey is null)
            {
                _pendingKey = child;
            }
            else
            {
                if (_pendingKey.IsMergeKey)
                {
                    // Go keeps the last merge key of a mapping.
                    _mergeAt = _entries.Count;
                    _mergeViaAlias = viaAlias;
                }

                Node.AdoptEntry(_pendingKey, child);
                _entries.Add(new(_pendingKey, child));
                _pendingKey = null;
            }
        }

        /// <summary>Gives the collection its children and returns its extent.</summary>
        public (long Weight, int Height) Finish()
        {
            if (Node.IsSequence)
            {
                Node.SetItems([.. _items]);
                _items.Clear();
            }
            else
            {
                Node.SetEntries(_mergeAt < 0 ? [.. _entries] : Merged());
                _entries.Clear();
            }

            Node = null!;
            return (AliasBudget.Add(_weight, 1), _height + 1);
        }

        /// <summary>
        /// The entries of a mapping with a merge key, as yaml.v3 decodes it: the merge key's value is a mapping, or a
        /// sequence of mappings written in place (not an alias to a sequence); keys written in the mapping win over
        /// merged ones, and of the merged mappings the earlier wins. Merged entries take the merge key's place and keep
        /// the nodes (and so the positions) where they were written.
        /// </summary>
        private KeyValuePair<YamlNode, YamlNode>[] Merged()
        {
            var (mergeKey, value) = _entries[_mergeAt];
            var sources = value.IsMapping ? [value]
                : value.IsSequence && !_mergeViaAlias && value.Items.All(i => i.IsMapping) ? value.Items.ToArray()
                : throw new InputException(displayPath, mergeKey.Start.Line, "map merge requires map or sequence of maps as the value");

            var taken = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (key, _) in _entries)
            {
                if (!key.IsMergeKey)
                {
                    taken.Add(key.Value);
                }
            }

            var result = new List<KeyValuePair<YamlNode, YamlNode>>(_entries.Count);
            for (var i = 0; i < _entries.Count; i++)
            {
                if (i == _mergeAt)
                {
                    foreach (var source in sources)
                    {
                        foreach (var entry in source.Entries)
                        {
                            if (taken.Add(entry.Key.Value))
                            {
                                entry.Key.IsShared = true;
                                entry.Value.IsShared = true;
                                result.Add(entry);
                            }
                        }
                    }
                }
                else if (!_entries[i].Key.IsMergeKey)
                {
                    result.Add(_entries[i]);
                }
            }

            return [.. result];
        }
    }
}

/// <summary>
/// Go's yaml.v3 "excessive aliasing" check, counted per document as its decoder counts: every node decoded, and
/// those decoded again through an alias. Up to 400,000 decoded nodes 99% may come from aliases, falling linearly
/// to 10% at 4,000,000 and beyond, so a few hundred bytes cannot expand to billions of nodes.
/// </summary>
internal sealed class AliasBudget
{
    private const long RatioRangeLow = 400_000;
    private const long RatioRangeHigh = 4_000_000;

    /// <summary>Weights saturate here: far past any budget, and two of them still add without overflow.</summary>
    private const long Saturated = 1L << 60;

    private long _decoded;
    private long _aliased;

    public bool IsExcessive => _aliased > 100 && _decoded > 1000 && (double)_aliased / _decoded > AllowedRatio(_decoded);

    public static long Add(long a, long b) => Math.Min(a + b, Saturated);

    public void Decode(long nodes, bool aliased)
    {
        _decoded = Add(_decoded, nodes);
        if (aliased)
        {
            _aliased = Add(_aliased, nodes);
        }
    }

    private static double AllowedRatio(long decoded) => decoded switch
    {
        <= RatioRangeLow => 0.99,
        >= RatioRangeHigh => 0.10,
        _ => 0.99 - (0.89 * ((double)(decoded - RatioRangeLow) / (RatioRangeHigh - RatioRangeLow))),
    };
}

/// <summary>
/// One instance of each short scalar text seen in a load, shared by every tree: the parser makes a new string
/// for each of the thousands of repeated keys (<c>machine</c>, <c>install</c>, ...), and keeping one copy makes
/// the model smaller and cheaper for the garbage collector to carry. Safe to use from several threads.
/// </summary>
internal sealed class ScalarPool
{
    private const int MaxLength = 64;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);

    public string Share(string text) => text.Length is 0 or > MaxLength ? text : _texts.GetOrAdd(text, text);
}

/// <summary>
/// Skips a byte-order mark at the start of a line after the first, as go-yaml v3's scanner does before each token
/// at column 0 (files concatenated with <c>---</c> keep their marks); YamlDotNet would make it part of the next key.
/// Offsets of marks are given back in the caller's text, so edits by offset stay exact.
/// </summary>
internal sealed class LineStartMarkSkipper(TextReader inner) : TextReader
{
    private const char ByteOrderMark = '\uFEFF';

    /// <summary>For each mark skipped, how many characters YamlDotNet had been given before it; ascending.</summary>
    private readonly List<long> _skipped = [];

    /// <summary>Characters given to YamlDotNet: its mark index.</summary>
    private long _position;
    private bool _atLineStart;

    public override int Peek()
    {
        SkipMarkAtLineStart();
        return inner.Peek();
    }

    public override int Read()
    {
        SkipMarkAtLineStart();
        var next = inner.Read();
        if (next >= 0)
        {
            _position++;
            _atLineStart = next is '\n' or '\r';
        }

        return next;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        var read = 0;
        while (read < buffer.Length && Read() is var next and >= 0)
        {
            buffer[read++] = (char)next;
        }

        return read;
    }

    /// <summary>The position of a YamlDotNet mark, its offset moved past the marks skipped before it.</summary>
    public SourceMark ToMark(Mark mark)
    {
        var before = 0;
        while (before < _skipped.Count && _skipped[before] <= mark.Index)
        {
            before++;
        }

        return new SourceMark((int)mark.Line, (int)mark.Column, mark.Index + before);
    }

    private void SkipMarkAtLineStart()
    {
        if (_atLineStart && inner.Peek() == ByteOrderMark)
        {
            inner.Read();
            _skipped.Add(_position);
            _atLineStart = false;
        }
    }
}
