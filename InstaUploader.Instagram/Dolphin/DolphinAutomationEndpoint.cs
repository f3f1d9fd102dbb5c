namespace InstaUploader.Instagram.Dolphin;

/// <summary>
/// A started profile's DevTools endpoint: <paramref name="Port"/> and <paramref name="WsEndpoint"/> as Dolphin
/// returns them, and the full <paramref name="WebSocketUrl"/> to hand to Playwright's <c>ConnectOverCDPAsync</c>.
/// </summary>
public sealed record DolphinAutomationEndpoint(string ProfileId, int Port, string WsEndpoint, Uri WebSocketUrl);
