# The Web (control plane). Build from the repository root, tagged with the release:
#   docker build -f deploy/docker/web.Dockerfile -t registry.example.com/instauploader/web:1.0.0 .
# The same image runs the migrations Job (args: --migrate-only).
FROM mcr.microsoft.com/dotnet/sdk:10.0.100-trixie-slim AS build
WORKDIR /src
COPY . .
RUN dotnet publish InstaUploader.Web -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0.0-trixie-slim
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8000 Scraper__Port=8001
EXPOSE 8000 8001
# The image's non-root user ("app", uid 1654), as a number so Kubernetes can check runAsNonRoot.
USER 1654
ENTRYPOINT ["dotnet", "InstaUploader.Web.dll"]
