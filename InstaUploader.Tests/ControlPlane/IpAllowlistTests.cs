using System.Net;
using InstaUploader.Web.Features.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace InstaUploader.Tests.ControlPlane;

/// <summary>WORKER_ALLOWED_IPS: callers outside the CIDRs get 403 even with a valid token.</summary>
public sealed class IpAllowlistTests
{
    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("10.255.0.1", true)]
    [InlineData("192.168.1.5", true)]
    [InlineData("192.168.1.6", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("::ffff:10.9.9.9", true)]
    public async Task Only_addresses_inside_the_allowlist_pass(string remote, bool allowed)
    {
        var filter = new WorkerIpAllowlist(Options.Create(new ApiAuthOptions { WorkerAllowedIps = "10.0.0.0/8, 192.168.1.5" }));
        var http = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(remote) } };
        var context = EndpointFilterInvocationContext.Create(http);

        var result = await filter.InvokeAsync(context, _ => ValueTask.FromResult<object?>("passed"));

        if (allowed)
        {
            Assert.Equal("passed", result);
        }
        else
        {
            var problem = Assert.IsAssignableFrom<IStatusCodeHttpResult>(result);
            Assert.Equal(StatusCodes.Status403Forbidden, problem.StatusCode);
        }
    }

    [Fact]
    public async Task An_empty_allowlist_lets_everyone_through()
    {
        var filter = new WorkerIpAllowlist(Options.Create(new ApiAuthOptions { WorkerAllowedIps = "" }));
        var http = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse("8.8.8.8") } };
        Assert.Equal("passed", await filter.InvokeAsync(EndpointFilterInvocationContext.Create(http), _ => ValueTask.FromResult<object?>("passed")));
    }
}
