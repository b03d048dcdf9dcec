#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Bench self-check (not part of `make e2e`): boot, bring up the iSCSI
# bench, show what the guest sees, tear it down. Useful after changing
# scripts/guest/ or lib.sh:
#   scripts/guest/run.sh --no-module tests/e2e/smoke.sh
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

e2e_log "kernel $(uname -r), $(nproc) vCPU, $(awk '/MemTotal/ { print $2 / 1024 " MiB" }' /proc/meminfo)"
e2e_log "tools: $(fio --version), $(dmsetup --version | head -n 1 | tr -s ' '), $(iscsiadm --version)"
iscsi_setup || exit 1
lsblk -o NAME,MAJ:MIN,SIZE,TYPE,TRAN,WWN 2>/dev/null || true
sg_rtpg -d "/dev/${E2E_SD[0]}" || true
iscsiadm -m session
iscsi_teardown || exit 1
e2e_log "smoke done"
