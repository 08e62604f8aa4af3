using Flotilla.Units.Specifiers;

namespace Flotilla.Units.Tests.Specifiers;

public class AccountFilesTests
{
    private const string Passwd = "root:x:0:0:root:/root:/bin/bash\n#comment:x:500:0::/no:/no\r\ncore:x:500:500:CoreOS Admin:/home/core:/bin/zsh\r\nbroken:x\n";
    private const string Group = "root:x:0:\nstaff:x:50:core,other\n";
    private const string Status = "Name:\tbash\nUmask:\t0022\nUid:\t500\t501\t501\t501\nGid:\t50\t50\t50\t50\n";

    [Theory]
    [InlineData("0", "root", "/root", "/bin/bash")]
    [InlineData("500", "core", "/home/core", "/bin/zsh")]
    public void Users_are_found_by_id(string userId, string name, string home, string shell)
    {
        var entry = AccountFiles.FindUser(Passwd, userId);
        Assert.NotNull(entry);
        Assert.Equal((name, home, shell), (entry.Name, entry.HomeDirectory, entry.Shell));
    }

    [Theory]
    [InlineData("0", "root")]
    [InlineData("50", "staff")]
    [InlineData("7", null)]
    public void Groups_are_found_by_id(string groupId, string? expected)
    {
        Assert.Equal(expected, AccountFiles.FindGroupName(Group, groupId));
    }

    [Theory]
    [InlineData("Uid", "500")]
    [InlineData("Gid", "50")]
    [InlineData("Xid", null)]
    public void Status_gives_the_real_id(string field, string? expected)
    {
        Assert.Equal(expected, AccountFiles.FindStatusId(Status, field));
    }

    [Fact]
    public void Unknown_users_are_not_found()
    {
        Assert.Null(AccountFiles.FindUser(Passwd, "999"));
        Assert.Null(AccountFiles.FindUser(string.Empty, "0"));
    }
}
