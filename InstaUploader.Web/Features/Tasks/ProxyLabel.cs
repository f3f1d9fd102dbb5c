using System.Linq.Expressions;
using InstaUploader.Web.Data;

namespace InstaUploader.Web.Features.Tasks;

/// <summary>
/// A proxy as screens name it: user@host:port, so 150 proxies on two gateways read as 150 different strings
/// (host:port alone made them look like two).
/// </summary>
public static class ProxyLabel
{
    public static readonly Expression<Func<Proxy, string>> Of = p =>
        (p.Username == null || p.Username == "" ? "" : p.Username + "@") + p.Host + ":" + p.Port;
}
