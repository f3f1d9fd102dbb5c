# The Web (control plane). Build from the repository root:
#   docker build -f deploy/docker/web.Dockerfile -t instauploader/web .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish InstaUploader.Web -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8000 Scraper__Port=8001
EXPOSE 8000 8001
USER app
ENTRYPOINT ["dotnet", "InstaUploader.Web.dll"]
