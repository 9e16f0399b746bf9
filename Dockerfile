# syntax=docker/dockerfile:1
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/tocongtac ./cmd/tocongtac \
 && mkdir -p /out/data

# distroless/static has CA certificates and a nonroot user (65532); the binary embeds tzdata.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tocongtac /usr/local/bin/tocongtac
COPY --from=build --chown=65532:65532 /out/data /data
ENV TOCONGTAC_DB=/data/tocongtac.db
VOLUME ["/data"]
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/tocongtac"]
CMD ["serve"]
