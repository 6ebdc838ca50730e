using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Talguard.Tests.Fuzzing;

/// <summary>
/// Which inputs the in-process fuzzers leave to the subprocess reproducers: an alias inside the node it names
/// (a cyclic tree; a stack overflow kills the whole test host) and alias bombs (expanding to more nodes than any
/// config has, so a walk can run for minutes). Decided from the same YamlDotNet events the loader reads.
/// </summary>
internal static class AliasShape
{
    /// <summary>Nodes an input may expand to through aliases; real configs have a few thousand.</summary>
    public const long MaxExpandedNodes = 100_000;

    public static bool RunsInProcess(string text)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new HashSet<string>(StringComparer.Ordinal);
        var frames = new Stack<(string? Anchor, long Nodes)>();
        long total = 0;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                long added;
                switch (parser.Current)
                {
                    case DocumentStart:
                        sizes.Clear();
                        open.Clear();
                        continue;
                    case MappingStart or SequenceStart:
                        var anchor = ((NodeEvent)parser.Current).Anchor;
                        var name = anchor.IsEmpty ? null : anchor.Value;
                        if (name is not null)
                        {
                            open.Add(name);
                            sizes.Remove(name);
                        }

                        frames.Push((name, 1));
                        continue;
                    case MappingEnd or SequenceEnd:
                        var (closed, nodes) = frames.Pop();
                        if (closed is not null)
                        {
                            open.Remove(closed);
                            sizes[closed] = nodes;
                        }

                        added = nodes;
                        break;
                    case Scalar scalar:
                        if (!scalar.Anchor.IsEmpty)
                        {
                            open.Remove(scalar.Anchor.Value);
                            sizes[scalar.Anchor.Value] = 1;
                        }

                        added = 1;
                        break;
                    case AnchorAlias alias:
                        if (open.Contains(alias.Value.Value))
                        {
                            return false;
                        }

                        added = sizes.GetValueOrDefault(alias.Value.Value, 1);
                        break;
                    default:
                        continue;
                }

                // A frame only grows by what its children add, so checking the one that grew is enough.
                long grown;
                if (frames.Count > 0)
                {
                    var (anchorName, nodes) = frames.Pop();
                    frames.Push((anchorName, grown = nodes + added));
                }
                else
                {
                    grown = total += added;
                }

                if (grown > MaxExpandedNodes)
                {
                    return false;
                }
            }
        }
        catch (YamlException)
        {
            // The loader stops at the same place with an input error.
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // As above: YamlDotNet reports some malformed scalars and surrogate escapes this way.
        }

        return true;
    }
}
