using System.Globalization;
using System.Text.Json;

namespace Nuvola.Stacks.Internal;

/// <summary>
/// A number property as Heat reads it: a JSON number or a string that is one (a ResourceGroup member's "%index%",
/// a string parameter), never an exception for any other value.
/// </summary>
internal static class PropertyNumbers
{
    public static bool TryNumber(this JsonElement value, out double number)
    {
        number = 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out number),
            JsonValueKind.String => double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number),
            _ => false,
        };
    }

    public static bool TryInteger(this JsonElement value, out int integer)
    {
        integer = 0;
        if (!value.TryNumber(out var number) || number != Math.Floor(number) || number is < int.MinValue or > int.MaxValue)
        {
            return false;
        }

        integer = (int)number;
        return true;
    }
}
