using System.Net;
using System.Net.Sockets;
using InstaUploader.Sandbox.State;
using Microsoft.Extensions.Options;

namespace InstaUploader.Sandbox.Mail;

/// <summary>
/// A small IMAP4rev1 server over <see cref="SandboxStore.Mail"/>, so mail clients (MailKit) can read the codes
/// the Sandbox "sends". Plain TCP on "Sandbox:ImapPort"; off when the port is 0.
/// </summary>
internal sealed class SandboxImapServer(SandboxStore store, IOptions<SandboxImapOptions> options, ILogger<SandboxImapServer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var port = options.Value.ImapPort;
        if (port <= 0)
        {
            return;
        }

        var listener = new TcpListener(IPAddress.Parse(options.Value.ImapHost), port);
        listener.Start();
        logger.LogInformation("Sandbox IMAP listening on {Host}:{Port}", options.Value.ImapHost, port);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stoppingToken);
                _ = ServeAsync(client, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Host is stopping.
        }
        finally
        {
            listener.Stop();
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        using (client)
        {
            try
            {
                await new ImapSession(client.GetStream(), store).RunAsync(ct);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                logger.LogDebug("IMAP connection ended: {Reason}", e.Message);
            }
        }
    }
}
