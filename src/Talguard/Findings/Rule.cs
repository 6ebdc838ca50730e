namespace Talguard.Findings;

/// <summary>
/// A scan rule: one descriptor and the check that reports against it. Rules are stateless; everything
/// they need comes from the <see cref="ScanContext"/>.
/// </summary>
public abstract class Rule
{
    public abstract RuleDescriptor Descriptor { get; }

    public abstract void Check(ScanContext context);

    public override string ToString() => Descriptor.Id;
}
