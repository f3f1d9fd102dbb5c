using System.Globalization;

namespace InstaUploader.Instagram.Mobile;

/// <summary>The headers the Android app sends on every private-API call (device ids, app id, locale, session hints).</summary>
internal static class MobileRequestHeaders
{
    public static void Apply(HttpRequestMessage request, MobileSession session, MobileAppIdentity app, DateTimeOffset now)
    {
        var profile = session.DeviceProfile(app);
        var device = session.Device;
        var headers = request.Headers;
        headers.TryAddWithoutValidation("User-Agent", app.UserAgent(profile));
        headers.TryAddWithoutValidation("X-IG-App-ID", app.AppId);
        headers.TryAddWithoutValidation("X-IG-App-Locale", profile.Locale);
        headers.TryAddWithoutValidation("X-IG-Device-Locale", profile.Locale);
        headers.TryAddWithoutValidation("X-IG-Mapped-Locale", profile.Locale);
        headers.TryAddWithoutValidation("X-IG-App-Startup-Country", profile.Country);
        headers.TryAddWithoutValidation("X-Pigeon-Session-Id", $"UFS-{device.ClientSessionId}-0");
        headers.TryAddWithoutValidation("X-Pigeon-Rawclienttime", (now.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("X-IG-Bandwidth-Speed-KBPS", "-1.000");
        headers.TryAddWithoutValidation("X-IG-Bandwidth-TotalBytes-B", "0");
        headers.TryAddWithoutValidation("X-IG-Bandwidth-TotalTime-MS", "0");
        headers.TryAddWithoutValidation("X-Bloks-Version-Id", app.BloksVersionId);
        headers.TryAddWithoutValidation("X-Bloks-Is-Layout-RTL", "false");
        headers.TryAddWithoutValidation("X-Bloks-Is-Panorama-Enabled", "true");
        headers.TryAddWithoutValidation("X-IG-WWW-Claim", "0");
        headers.TryAddWithoutValidation("X-IG-Device-ID", device.Uuid);
        headers.TryAddWithoutValidation("X-IG-Family-Device-ID", device.PhoneId);
        headers.TryAddWithoutValidation("X-IG-Android-ID", device.AndroidDeviceId);
        headers.TryAddWithoutValidation("X-IG-Timezone-Offset", "0");
        headers.TryAddWithoutValidation("X-IG-Connection-Type", "WIFI");
        headers.TryAddWithoutValidation("X-IG-Capabilities", "3brTv10=");
        // instagrapi mixins/private.py:250-255: the app's Tigon network stack and its zero-rating headers.
        headers.TryAddWithoutValidation("X-FB-HTTP-Engine", "Tigon/MNS/TCP");
        headers.TryAddWithoutValidation("X-Tigon-Is-Retry", "False");
        headers.TryAddWithoutValidation("X-Zero-Balance", "INIT");
        headers.TryAddWithoutValidation("X-Zero-Eh", "");
        headers.TryAddWithoutValidation("X-Zero-State", "unknown");
        headers.TryAddWithoutValidation("Zero-HTTP-Network-Interface", "wifi");
        headers.TryAddWithoutValidation("X-IG-SALT-IDS", Random.Shared.Next(1061162222, 1061262222).ToString(CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("X-FB-Client-IP", "True");
        headers.TryAddWithoutValidation("X-FB-Server-Cluster", "True");
        headers.TryAddWithoutValidation("Priority", "u=3");
        headers.TryAddWithoutValidation("Accept-Language", profile.LanguageTag);
        headers.TryAddWithoutValidation("IG-INTENDED-USER-ID", (session.UserPk ?? 0).ToString(CultureInfo.InvariantCulture));

        if (session.Mid is { } mid)
        {
            headers.TryAddWithoutValidation("X-MID", mid);
        }

        if (session.UserPk is { } pk)
        {
            headers.TryAddWithoutValidation("IG-U-DS-USER-ID", pk.ToString(CultureInfo.InvariantCulture));
        }

        if (session.Rur is { } rur)
        {
            headers.TryAddWithoutValidation("IG-U-RUR", rur);
        }

        if (session.Authorization is { Length: > 0 } authorization)
        {
            headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (session.Cookies.Count > 0)
        {
            headers.TryAddWithoutValidation("Cookie", string.Join("; ", session.Cookies.Select(c => $"{c.Key}={c.Value}")));
        }
    }

    /// <summary>Keeps what Instagram set for the session: authorization, mid, rur, cookies and the password key.</summary>
    public static void Capture(HttpResponseMessage response, MobileSession session)
    {
        if (MobilePasswordKey.From(response) is { } passwordKey)
        {
            session.PasswordKey = passwordKey;
        }

        if (response.Headers.TryGetValues("ig-set-authorization", out var authorization) && authorization.FirstOrDefault() is { } header)
        {
            session.SetAuthorization(header);
        }

        if (response.Headers.TryGetValues("ig-set-x-mid", out var mid) && mid.FirstOrDefault() is { Length: > 0 } midValue)
        {
            session.Mid = midValue;
        }

        if (response.Headers.TryGetValues("ig-set-ig-u-rur", out var rur) && rur.FirstOrDefault() is { Length: > 0 } rurValue)
        {
            session.Rur = rurValue;
        }

        if (response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            foreach (var cookie in cookies)
            {
                var pair = cookie.Split(';', 2)[0];
                var eq = pair.IndexOf('=');
                if (eq > 0)
                {
                    session.Cookies[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
                }
            }
        }
    }
}
