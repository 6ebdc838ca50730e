namespace Talguard.Model;

public enum NodeRole
{
    /// <summary>A file of Talos documents without a main config: document-local rules only.</summary>
    Patch,
    ControlPlane,
    Worker,
}
