# syntax=docker/dockerfile:1
#
# AppenCorrect: one static Go binary on a distroless, non-root base.
#
#   docker build --build-arg VERSION=$(git describe --tags --always --dirty) -t appencorrect .
#   docker run --rm appencorrect --version
#   docker run --rm -p 5006:5006 appencorrect            # serve on :5006
#
# No HEALTHCHECK: Kubernetes probes /health (deploy/helm), and so does the
# compose file (deploy/compose.yaml). The binary's flags are those that
# deploy/chart-test checks: CGO off, -trimpath, -s -w, main.version.

ARG GO_VERSION=1.26.8

# Build on the build machine's platform and cross-compile (pure Go, no cgo).
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
WORKDIR /src
ENV CGO_ENABLED=0
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download && go mod verify
COPY . .
ARG VERSION=dev
ARG TARGETOS=linux
ARG TARGETARCH=amd64
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/appencorrect ./cmd/appencorrect \
 && if [ "$TARGETARCH" = "$(go env GOHOSTARCH)" ]; then /out/appencorrect --version; fi

# distroless/static: CA certificates, tzdata and /etc/passwd, no shell.
# The :nonroot tag runs as uid 65532, which the Helm chart also requires.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/appencorrect /usr/local/bin/appencorrect
USER 65532:65532
EXPOSE 5006
ENTRYPOINT ["/usr/local/bin/appencorrect"]
CMD ["serve"]
