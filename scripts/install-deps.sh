#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian 12 packages LumenLink builds and tests with. Idempotent:
# quiet and quick when nothing is missing; never asks a question.
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang-format
  libsystemc-dev verilator catch2 libfmt-dev libcli11-dev nlohmann-json3-dev
  gnuplot-nox
  protobuf-compiler libprotobuf-dev zlib1g-dev
  clang libclang-rt-14-dev
  slurmctld slurmd slurm-client munge
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq >/dev/null
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
