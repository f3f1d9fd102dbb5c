namespace InstaUploader.Sandbox.Web.Html;

/// <summary>The left navigation every signed-in page has, with the "New post" (Create) entry.</summary>
internal static class Navigation
{
    public const string Style = """
        <style>
          nav { position: fixed; left: 0; top: 0; bottom: 0; width: 220px; border-right: 1px solid #dbdbdb; background: #fff; padding: 20px 12px; }
          nav a { display: flex; gap: 12px; align-items: center; padding: 12px; color: #262626; text-decoration: none; }
          section.feed, section.page { margin-left: 260px; padding: 24px; }
          .overlay { position: fixed; inset: 0; background: rgba(0,0,0,.65); display: flex; align-items: center; justify-content: center; }
          [role=dialog] { background: #fff; border-radius: 12px; min-width: 420px; max-width: 560px; padding: 0 0 16px; text-align: center; }
          [role=dialog] header { display: flex; justify-content: space-between; align-items: center; border-bottom: 1px solid #dbdbdb; padding: 10px 16px; font-weight: 600; }
          [role=dialog] [role=button] { color: #0095f6; font-weight: 600; }
        </style>
        """;

    private const string NewPostIcon = """
        <svg aria-label="New post" class="x1lliihq x1n2onr6" fill="currentColor" height="24" role="img" viewBox="0 0 24 24" width="24"><title>New post</title><path d="M2 12v3.45c0 2.849.698 4.005 1.606 4.944.94.909 2.098 1.608 4.946 1.608h6.896c2.848 0 4.006-.7 4.946-1.608C21.302 19.455 22 18.3 22 15.45V8.552c0-2.849-.698-4.006-1.606-4.945C19.454 2.7 18.296 2 15.448 2H8.552c-2.848 0-4.006.699-4.946 1.607C2.698 4.547 2 5.703 2 8.552Z" fill="none" stroke="currentColor" stroke-width="2"/><line fill="none" stroke="currentColor" stroke-width="2" x1="6.545" x2="17.455" y1="12.001" y2="12.001"/><line fill="none" stroke="currentColor" stroke-width="2" x1="12.003" x2="12.003" y1="6.545" y2="17.455"/></svg>
        """;

    /// <summary>On pages without the create dialog, "Create" leads home, where the dialog lives.</summary>
    public static string Markup(string username, string createHref = "/") => $$"""
        <nav role="navigation">
          <a href="/" role="link"><span>Home</span></a>
          <a href="/explore/" role="link"><span>Explore</span></a>
          <a href="/reels/" role="link"><span>Reels</span></a>
          <a href="{{createHref}}" role="link" id="create">{{NewPostIcon}}<span>Create</span></a>
          <a href="/{{Layout.Encode(username)}}/" role="link"><span>Profile</span></a>
        </nav>
        """;
}
