# The Sandbox (local Instagram / Dolphin Anty / mailbox stand-in) for staging clusters; never in production.
#   docker build -f deploy/docker/sandbox.Dockerfile -t registry.example.com/instauploader/sandbox:1.0.0 .
FROM mcr.microsoft.com/dotnet/sdk:10.0.100-trixie-slim AS build
WORKDIR /src
COPY . .
RUN dotnet publish InstaUploader.Sandbox -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0.0-trixie-slim
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8100 Sandbox__ImapPort=8143
EXPOSE 8100 8143
USER 1654
ENTRYPOINT ["dotnet", "InstaUploader.Sandbox.dll"]
