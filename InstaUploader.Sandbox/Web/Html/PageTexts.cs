namespace InstaUploader.Sandbox.Web.Html;

/// <summary>
/// The words on the Sandbox's instagram.com pages in one language. Like the real site, the language follows the
/// <c>hl</c> query parameter, else the browser's Accept-Language; English otherwise. Spanish is there so tests can
/// show that the automation forces English instead of meeting labels it does not know.
/// </summary>
internal sealed record PageTexts(
    string Lang, string UsernameLabel, string PasswordLabel, string LogIn, string Follow, string Following, string Like,
    string Unlike, string Website, string Bio, string Submit, string LinksOnlyOnMobile, string ProfileSaved)
{
    public static readonly PageTexts English = new(
        "en", "Mobile number, username or email", "Password", "Log in", "Follow", "Following", "Like", "Unlike",
        "Website", "Bio", "Submit",
        "Editing your links is only available on mobile. Visit the Instagram app and edit your profile to change the websites in your bio.",
        "Profile saved.");

    public static readonly PageTexts Spanish = new(
        "es", "Número de celular, nombre de usuario o correo electrónico", "Contraseña", "Entrar", "Seguir", "Siguiendo",
        "Me gusta", "Ya no me gusta", "Sitio web", "Presentación", "Enviar",
        "Solo puedes editar tus enlaces desde el celular. Abre la app de Instagram y edita tu perfil para cambiar los sitios web de tu presentación.",
        "Se guardó el perfil.");

    public static PageTexts For(HttpContext http)
    {
        var language = http.Request.Query["hl"].ToString() is { Length: > 0 } hl
            ? hl
            : http.Request.GetTypedHeaders().AcceptLanguage.OrderByDescending(l => l.Quality ?? 1).FirstOrDefault()?.Value.Value ?? "en";
        return language.StartsWith("es", StringComparison.OrdinalIgnoreCase) ? Spanish : English;
    }
}
