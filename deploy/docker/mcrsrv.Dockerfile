# syntax=docker/dockerfile:1
# The mcrsrv image: the Native AOT server (and mcrctl, once src/Mcr.Cli exists) on Ubuntu's chiseled
# runtime-deps image (no shell, no package manager), running as uid 10001. From the repository root:
#
#   docker build -f deploy/docker/mcrsrv.Dockerfile -t mcr/mcrsrv:0.1.0 \
#     --build-arg VERSION=0.1.0 --build-arg REVISION=$(git rev-parse HEAD) \
#     --build-arg SOURCE=$(git config --get remote.origin.url) .
#   docker run -d -p 8443:8443 -p 9443:9443 -v mcr-data:/srv/mcr mcr/mcrsrv:0.1.0
#
# The volume needs /srv/mcr/mcr.toml and the TLS files: `docker run --rm -v mcr-data:/srv/mcr
# mcr/mcrsrv:0.1.0 init --dir /srv/mcr` writes a configuration and a self-signed certificate there.
# deploy/scripts/build-image.sh builds the same image without base images (docs/deployment.md).
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION}-noble-chiseled AS runtime

# The Native AOT SDK image carries clang and the linker the AOT compiler needs.
FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}-noble-aot AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Mcr.Server -c Release -o /out/usr/local/lib/mcr \
 && rm -f /out/usr/local/lib/mcr/*.dbg \
 && chmod 0755 /out/usr/local/lib/mcr/*
RUN if [ -f src/Mcr.Cli/Mcr.Cli.csproj ]; then \
      dotnet publish src/Mcr.Cli -c Release -r linux-x64 --self-contained -o /out/usr/local/lib/mcrctl \
      && rm -f /out/usr/local/lib/mcrctl/*.dbg /out/usr/local/lib/mcrctl/*.pdb; \
    else echo "no src/Mcr.Cli yet: the image has no mcrctl"; fi
# The programs on PATH, the account the image runs as, and its data directory.
COPY --from=runtime /etc/passwd /etc/group /out/etc/
RUN mkdir -p /out/usr/local/bin \
 && ln -s ../lib/mcr/mcrsrv /out/usr/local/bin/mcrsrv \
 && if [ -x /out/usr/local/lib/mcrctl/mcrctl ]; then ln -s ../lib/mcrctl/mcrctl /out/usr/local/bin/mcrctl; fi \
 && echo 'mcr:x:10001:10001:MCR container registry:/srv/mcr:/usr/sbin/nologin' >> /out/etc/passwd \
 && echo 'mcr:x:10001:' >> /out/etc/group \
 && install -d -m 0700 -o 10001 -g 10001 /out/srv/mcr

FROM runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="mcrsrv" \
      org.opencontainers.image.description="MCR container registry server (mcrsrv, with mcrctl when built)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}"
COPY --from=build /out/ /
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 10001:10001
WORKDIR /srv/mcr
VOLUME /srv/mcr
EXPOSE 8443 9443
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
  CMD ["mcrsrv", "health", "--config", "/srv/mcr/mcr.toml"]
ENTRYPOINT ["mcrsrv"]
CMD ["server", "--config", "/srv/mcr/mcr.toml"]
