#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "alua-impolite-dh" (one boot, `make soak`): alua-impolite.sh's
# impolite-array scenarios with scsi_dh_alua loaded before login, so that
# it attaches and sends the STPG when mpath2 activates through it:
# preferred-first, slow-stpg, good-then-transitioning and
# moves-while-transitioning as described there. Not in `make e2e` (the
# scsi_dh_alua matrix went to soak: docs/HACKING.md); by hand:
#   scripts/guest/run.sh tests/e2e/alua-impolite-dh.sh
#
# soak-scenarios: dh-setup dh-preferred-first dh-slow-stpg
# soak-scenarios: dh-good-then-transitioning dh-moves-while-transitioning
# soak-scenarios: kernel-log-clean
IMPOLITE_HALF=dh
# shellcheck source=tests/e2e/alua-impolite.sh
. "$(dirname "$0")/alua-impolite.sh"
