# syntax=docker/dockerfile:1
# The mcr-web image: the web UI (src/Mcr.Web), self-contained on Ubuntu's chiseled runtime-deps image,
# running as uid 10001. It reads /srv/mcr/mcr.toml ([web]) and talks gRPC to mcrsrv (web.grpc_addr).
# From the repository root:
#
#   docker build -f deploy/docker/mcr-web.Dockerfile -t mcr/mcr-web:0.1.0 \
#     --build-arg VERSION=0.1.0 --build-arg REVISION=$(git rev-parse HEAD) .
#
# A Razor application runs under the JIT, so this publish is self-contained rather than Native AOT
# (if the project sets PublishAot, the same command produces the native binary instead).
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION}-noble-chiseled AS runtime

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}-noble-aot AS build
# mcr-web's build runs "npm ci" (htmx and Pico CSS, src/Mcr.Web/package-lock.json).
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN test -f src/Mcr.Web/Mcr.Web.csproj || { echo "src/Mcr.Web does not exist yet" >&2; exit 1; }
RUN dotnet publish src/Mcr.Web -c Release -r linux-x64 --self-contained -o /out/usr/local/lib/mcr-web \
 && rm -f /out/usr/local/lib/mcr-web/*.dbg /out/usr/local/lib/mcr-web/*.pdb
COPY --from=runtime /etc/passwd /etc/group /out/etc/
RUN mkdir -p /out/usr/local/bin \
 && ln -s ../lib/mcr-web/mcr-web /out/usr/local/bin/mcr-web \
 && echo 'mcr:x:10001:10001:MCR container registry:/srv/mcr:/usr/sbin/nologin' >> /out/etc/passwd \
 && echo 'mcr:x:10001:' >> /out/etc/group \
 && install -d -m 0700 -o 10001 -g 10001 /out/srv/mcr

FROM runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG SOURCE=unknown
LABEL org.opencontainers.image.title="mcr-web" \
      org.opencontainers.image.description="MCR container registry web UI (mcr-web)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}"
COPY --from=build /out/ /
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 10001:10001
WORKDIR /srv/mcr
VOLUME /srv/mcr
EXPOSE 8080
STOPSIGNAL SIGTERM
ENTRYPOINT ["mcr-web"]
CMD ["server", "--config", "/srv/mcr/mcr.toml"]
