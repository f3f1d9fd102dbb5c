using System.Net;
using System.Net.Sockets;

namespace InstaUploader.Tests.Ui;

/// <summary>A local port nothing listens on (bound once by the OS, then released): connecting to it is refused.</summary>
public static class DeadPort
{
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
