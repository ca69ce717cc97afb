# syntax=docker/dockerfile:1
#
# huntflow's binaries (worker, starter, ingest) in a small image that runs as
# a non-root user:
#
#	docker build -t huntflow .
#	docker run --rm huntflow starter --help
#
# docker-compose.yml builds it for the worker and ingest services.

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION} AS build
WORKDIR /src
# Modules first, so this layer is reused until go.mod or go.sum change.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# Static binaries: the final image has no C library to link against.
ENV CGO_ENABLED=0
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -trimpath -ldflags="-s -w" -o /out/ ./worker ./starter ./cmd/ingest ./cmd/rules ./cmd/query ./cmd/codec-server

# Alpine rather than distroless: the compose healthchecks need a shell.
FROM alpine:3.22
RUN apk add --no-cache ca-certificates tzdata \
    && addgroup -S -g 10001 huntflow \
    && adduser -S -D -H -u 10001 -G huntflow -h /nonexistent -s /sbin/nologin huntflow \
    && mkdir -p /data /reports \
    && chown huntflow:huntflow /data /reports
COPY --from=build /out/ /usr/local/bin/
# A fresh named volume mounted on /data or /reports takes this ownership.
ENV HUNTFLOW_DB=/data/huntflow.db \
    HUNTFLOW_REPORTS=/reports
WORKDIR /data
USER 10001:10001
CMD ["worker"]
