using Microsoft.AspNetCore.Identity;

namespace InstaUploader.Web.Features.Identity;

public static class AccountEndpoints
{
    /// <summary>POST /account/logout (antiforgery-checked form post from the layout).</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<IdentityUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        }).RequireAuthorization();
        return app;
    }
}
