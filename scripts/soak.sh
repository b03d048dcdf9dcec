#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make soak DURATION=<secs>` (default 600): tests/e2e/soak.sh in the guest
# (2 vCPUs): paths cut and restored at random under fio verify for the
# duration. Ends with the guest's verdict; not part of `make test`.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
duration=${1:-600}
if ! [[ $duration =~ ^[0-9]+$ ]] || [ "$duration" -lt 10 ]; then
	echo "soak: DURATION must be a number of seconds >= 10" >&2
	exit 2
fi
E2E_SOAK_S=$duration exec "$top/scripts/guest/run.sh" --vcpus 2 \
	--timeout $((duration + 300)) "$top/tests/e2e/soak.sh"
