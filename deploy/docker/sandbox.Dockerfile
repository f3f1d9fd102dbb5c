# The Sandbox (local Instagram / Dolphin Anty / mailbox stand-in) for staging clusters; never in production.
#   docker build -f deploy/docker/sandbox.Dockerfile -t instauploader/sandbox .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish InstaUploader.Sandbox -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8100 Sandbox__ImapPort=8143
EXPOSE 8100 8143
USER app
ENTRYPOINT ["dotnet", "InstaUploader.Sandbox.dll"]
