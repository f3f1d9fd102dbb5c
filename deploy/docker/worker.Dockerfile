# The Worker, with Chromium (Playwright drives it over CDP; BrowserOptions.ExecutablePath is /usr/bin/chromium)
# and ffmpeg (media uniquification, video probing). Build from the repository root, tagged with the release:
#   docker build -f deploy/docker/worker.Dockerfile -t registry.example.com/instauploader/worker:1.0.0 .
# Pinned to a patch release of .NET 10 on Debian 13 (trixie): the default 10.0 tags are Ubuntu 24.04, where the
# chromium package is only a stub that installs a snap, which cannot run in a container.
FROM mcr.microsoft.com/dotnet/sdk:10.0.100-trixie-slim AS build
WORKDIR /src
COPY . .
RUN dotnet publish InstaUploader.Worker -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0.0-trixie-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium ffmpeg fonts-liberation ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && chromium --version
WORKDIR /app
COPY --from=build /app .
# HOME and the media directory on /tmp: the pod's root filesystem is read-only, /tmp is a volume (worker.yaml).
ENV ASPNETCORE_URLS=http://+:9000 Worker__MediaTempDir=/tmp/ig_media HOME=/tmp/home
EXPOSE 9000
# The image's non-root user ("app", uid 1654), as a number so Kubernetes can check runAsNonRoot.
USER 1654
ENTRYPOINT ["dotnet", "InstaUploader.Worker.dll"]
