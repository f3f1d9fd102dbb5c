namespace InstaUploader.Sandbox.Web.Html;

/// <summary>/challenge/...: "We detected an unusual login attempt" → mail a code → enter it. Plain form posts.</summary>
internal static class ChallengePage
{
    public static IResult ChooseMethod(string maskedEmail) => Layout.Page("Instagram", $"""
        <main>
          <h2>We Detected An Unusual Login Attempt</h2>
          <p>To secure your account, we'll send you a security code to verify your identity.</p>
          <form method="post">
            <label><input type="radio" name="choice" value="1" checked> Email: {Layout.Encode(maskedEmail)}</label>
            <button type="submit">Send security code</button>
          </form>
        </main>
        """);

    public static IResult EnterCode(string maskedEmail, string? error) => Layout.Page("Instagram", $"""
        <main>
          <h2>Enter Your Security Code</h2>
          <p>Enter the 6-digit code we sent to {Layout.Encode(maskedEmail)}.</p>
          <form method="post">
            <input aria-label="Security code" autocomplete="off" inputmode="numeric" maxlength="6" name="security_code" type="tel" value="">
            <button type="submit">Submit</button>
            <p role="alert" aria-atomic="true"{(error is null ? " hidden" : "")}>{Layout.Encode(error)}</p>
          </form>
        </main>
        """);

    public static IResult Expired() => Layout.Page("Instagram", """
        <main><h2>This page isn't available</h2><p role="alert">The link you followed may be broken, or the page may have been removed.</p><a href="/accounts/login/">Log in</a></main>
        """);
}
