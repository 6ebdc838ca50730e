using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Talguard.Model;

/// <summary>
/// Turns YamlDotNet parser events into <see cref="YamlNode"/> trees: one pass, no intermediate
/// representation model, positions straight from the parser. Depth is capped so hostile input fails
/// with an input error instead of exhausting the stack of a later consumer.
/// </summary>
public static class YamlStreamReader
{
    public const int MaxDepth = 256;

    public static List<ParsedYamlDocument> Read(string displayPath, TextReader reader) => Read(displayPath, reader, null);

    /// <param name="pool">Shares equal short scalars (keys above all) between the documents of one load.</param>
    internal static List<ParsedYamlDocument> Read(string displayPath, TextReader reader, ScalarPool? pool)
    {
        var documents = new List<ParsedYamlDocument>();
        var parser = new Parser(new Scanner(reader, skipComments: false));
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var open = new CollectionStack();
        var comments = new List<YamlComment>();
        YamlNode? root = null;
        var documentStart = SourceMark.FileStart;

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
                        documentStart = ToMark(start.Start);
                        break;
                    case DocumentEnd:
                        documents.Add(new ParsedYamlDocument(documents.Count, documentStart, root, [.. comments]));
                        comments.Clear();
                        break;
                    case Comment comment:
                        comments.Add(new YamlComment((int)comment.Start.Line, comment.Value, comment.IsInline));
                        break;
                    case Scalar scalar:
                        var scalarNode = new YamlNode(YamlNodeType.Scalar, ToMark(scalar.Start), TagOf(scalar.Tag))
                        {
                            Value = pool?.Share(scalar.Value) ?? scalar.Value,
                            IsPlain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any,
                        };
                        Remember(anchors, scalar.Anchor, scalarNode);
                        Attach(scalarNode);
                        break;
                    case MappingStart mapping:
                        Open(new YamlNode(YamlNodeType.Mapping, ToMark(mapping.Start), TagOf(mapping.Tag)), mapping.Anchor);
                        break;
                    case SequenceStart sequence:
                        Open(new YamlNode(YamlNodeType.Sequence, ToMark(sequence.Start), TagOf(sequence.Tag)), sequence.Anchor);
                        break;
                    case MappingEnd or SequenceEnd:
                        open.Close();
                        break;
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            throw new InputException(displayPath, (int)alias.Start.Line, $"unknown YAML alias *{alias.Value.Value}");
                        }

                        Attach(target);
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
            Attach(node);
            open.Push(node);
        }

        void Attach(YamlNode node)
        {
            if (open.Depth == 0)
            {
                root = node;
                return;
            }

            open.Add(node);
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

    private static SourceMark ToMark(Mark mark) => new((int)mark.Line, (int)mark.Column, mark.Index);

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
/// collection gets an exact-size array when it ends: no growing lists stay behind in the tree.
/// </summary>
internal sealed class CollectionStack
{
    private readonly List<Frame> _frames = [];

    public int Depth { get; private set; }

    public void Push(YamlNode node)
    {
        if (Depth == _frames.Count)
        {
            _frames.Add(new Frame());
        }

        _frames[Depth].Start(node);
        Depth++;
    }

    public void Add(YamlNode node) => _frames[Depth - 1].Add(node);

    public void Close()
    {
        Depth--;
        _frames[Depth].Finish();
    }

    private sealed class Frame
    {
        private readonly List<KeyValuePair<YamlNode, YamlNode>> _entries = [];
        private readonly List<YamlNode> _items = [];
        private YamlNode _node = null!;
        private YamlNode? _pendingKey;

        public void Start(YamlNode node)
        {
            _node = node;
            _pendingKey = null;
        }

        public void Add(YamlNode child)
        {
            if (_node.IsSequence)
            {
                _node.AdoptItem(child, _items.Count);
                _items.Add(child);
            }
            else if (_pendingKey is null)
            {
                _pendingKey = child;
            }
            else
            {
                _node.AdoptEntry(_pendingKey, child);
                _entries.Add(new(_pendingKey, child));
                _pendingKey = null;
            }
        }

        public void Finish()
        {
            if (_node.IsSequence)
            {
                _node.SetItems([.. _items]);
                _items.Clear();
            }
            else
            {
                _node.SetEntries([.. _entries]);
                _entries.Clear();
            }

            _node = null!;
        }
    }
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
