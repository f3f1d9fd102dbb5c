# The Worker, with Chromium (Playwright drives it over CDP; BrowserOptions.ExecutablePath is /usr/bin/chromium)
# and ffmpeg (media uniquification, video probing). Build from the repository root:
#   docker build -f deploy/docker/worker.Dockerfile -t instauploader/worker .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish InstaUploader.Worker -c Release -o /app --nologo

# The runtime image is Debian (bookworm), whose chromium and ffmpeg packages are the ones the tests run against.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium ffmpeg fonts-liberation ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:9000 Worker__MediaTempDir=/tmp/ig_media
EXPOSE 9000
USER app
ENTRYPOINT ["dotnet", "InstaUploader.Worker.dll"]
