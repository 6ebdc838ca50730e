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

    public static List<ParsedYamlDocument> Read(string displayPath, TextReader reader)
    {
        var documents = new List<ParsedYamlDocument>();
        var parser = new Parser(new Scanner(reader, skipComments: false));
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        var stack = new List<YamlNode>();
        var pendingKey = new List<YamlNode?>();
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
                            Value = scalar.Value,
                            IsPlain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any,
                        };
                        Remember(anchors, scalar.Anchor, scalarNode);
                        Attach(scalarNode, stack, pendingKey, ref root);
                        break;
                    case MappingStart mapping:
                        Open(new YamlNode(YamlNodeType.Mapping, ToMark(mapping.Start), TagOf(mapping.Tag)), mapping.Anchor);
                        break;
                    case SequenceStart sequence:
                        Open(new YamlNode(YamlNodeType.Sequence, ToMark(sequence.Start), TagOf(sequence.Tag)), sequence.Anchor);
                        break;
                    case MappingEnd or SequenceEnd:
                        stack.RemoveAt(stack.Count - 1);
                        pendingKey.RemoveAt(pendingKey.Count - 1);
                        break;
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            throw new InputException(displayPath, (int)alias.Start.Line, $"unknown YAML alias *{alias.Value.Value}");
                        }

                        Attach(target, stack, pendingKey, ref root);
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            throw new InputException(displayPath, (int)ex.Start.Line, "invalid YAML: " + FirstLine(ex.Message));
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
            if (stack.Count >= MaxDepth)
            {
                throw new InputException(displayPath, node.Start.Line, $"YAML nested deeper than {MaxDepth} levels");
            }

            Remember(anchors, anchor, node);
            Attach(node, stack, pendingKey, ref root);
            stack.Add(node);
            pendingKey.Add(null);
        }
    }

    private static void Attach(YamlNode node, List<YamlNode> stack, List<YamlNode?> pendingKey, ref YamlNode? root)
    {
        if (stack.Count == 0)
        {
            root = node;
            return;
        }

        var parent = stack[^1];
        if (parent.Type == YamlNodeType.Sequence)
        {
            parent.AddItem(node);
            return;
        }

        var key = pendingKey[^1];
        if (key is null)
        {
            pendingKey[^1] = node;
            return;
        }

        parent.AddEntry(key, node);
        pendingKey[^1] = null;
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
