namespace Flotilla.Runner.Tests;

/// <summary>Polls a condition about real processes with a generous deadline instead of sleeping.</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, string message) =>
        TrueAsync(() => Task.FromResult(condition()), message);

    public static async Task TrueAsync(Func<Task<bool>> condition, string message)
    {
        var deadline = DateTime.UtcNow + RunnerHarness.Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(message);
            }

            await Task.Delay(20);
        }
    }
}
