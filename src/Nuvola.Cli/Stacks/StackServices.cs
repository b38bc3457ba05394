using Nuvola.Engine.Applying;
using Nuvola.Engine.State;
using Nuvola.Stacks;

namespace Nuvola.Cli.Stacks;

/// <summary>The one place the command layer makes its <see cref="IStackService"/>.</summary>
internal static class StackServices
{
    public static IStackService Create(IStateStore store, IDriverRegistry drivers)
    {
        _ = store;
        _ = drivers;
        throw new CliException(ExitCodes.Failure, "the stacks layer is not in this build yet");
    }
}
