namespace Flotilla.Confd.Tests;

/// <summary>Polls a condition of real processes and files with a generous deadline instead of sleeping a fixed time.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"within {seconds} s: {what}");
            }
            await Task.Delay(20);
        }
    }

    public static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }

    public static int Lines(string path) => Read(path).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
}
