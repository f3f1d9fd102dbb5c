global using InstaUploader.Contracts;
