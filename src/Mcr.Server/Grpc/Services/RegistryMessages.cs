using Mcr.Infrastructure.Admin;
using ContentDescriptor = Mcr.Protocol.V1.ContentDescriptor;
using ImageConfig = Mcr.Protocol.V1.ImageConfig;
using Manifest = Mcr.Protocol.V1.Manifest;
using Platform = Mcr.Protocol.V1.Platform;

namespace Mcr.Server.Grpc.Services;

/// <summary>The manifest detail of the admin services as <c>mcr.v1</c> messages (absent values become proto defaults).</summary>
internal static class RegistryMessages
{
    public static Platform Platform(Core.Manifests.Platform platform) => new()
    {
        Os = platform.Os ?? "",
        Architecture = platform.Architecture ?? "",
        Variant = platform.Variant ?? "",
        OsVersion = platform.OsVersion ?? "",
    };

    public static Manifest Manifest(ManifestDetail detail)
    {
        var message = new Manifest
        {
            Repository = detail.Repository,
            Digest = detail.Digest,
            MediaType = detail.MediaType,
            Size = detail.Size,
            ArtifactType = detail.ArtifactType ?? "",
            SubjectDigest = detail.SubjectDigest ?? "",
            CreatedAt = GrpcCall.Time(detail.CreatedAt),
            Tags = { detail.Tags },
            Content = detail.Content,
            Config = detail.Config is { } config ? Descriptor(config) : null,
            Layers = { detail.Layers.Select(Descriptor) },
            ImageConfig = detail.ImageConfig is { } image ? ImageConfig(image) : null,
            Children = { detail.Children.Select(Descriptor) },
            Referrers = { detail.Referrers.Select(Descriptor) },
        };
        message.Annotations.AddAll(detail.Annotations);
        return message;
    }

    private static ContentDescriptor Descriptor(Infrastructure.Admin.ContentDescriptor descriptor)
    {
        var message = new ContentDescriptor
        {
            MediaType = descriptor.MediaType,
            Digest = descriptor.Digest,
            Size = descriptor.Size,
            ArtifactType = descriptor.ArtifactType ?? "",
            Platform = descriptor.Platform is { } platform ? Platform(platform) : null,
        };
        message.Annotations.AddAll(descriptor.Annotations);
        return message;
    }

    private static ImageConfig ImageConfig(Infrastructure.Admin.ImageConfig config)
    {
        var message = new ImageConfig
        {
            Platform = config.Platform is { } platform ? Platform(platform) : null,
            Created = GrpcCall.Time(config.Created),
            Author = config.Author ?? "",
            Env = { config.Env },
            Entrypoint = { config.Entrypoint },
            Cmd = { config.Cmd },
            WorkingDir = config.WorkingDir ?? "",
            User = config.User ?? "",
            History =
            {
                config.History.Select(step => new Protocol.V1.HistoryEntry
                {
                    Created = GrpcCall.Time(step.Created),
                    CreatedBy = step.CreatedBy ?? "",
                    Comment = step.Comment ?? "",
                    EmptyLayer = step.EmptyLayer,
                }),
            },
        };
        message.Labels.AddAll(config.Labels);
        return message;
    }
}
