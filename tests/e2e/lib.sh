# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Helpers for mpath2's end-to-end tests. Sourced by the test scripts inside
# the qemu guest (scripts/guest/run.sh boots it; /init runs the script with
# bash from /e2e).
#
# Results go to the console AND to $E2E_MARKERS (/dev/ttyS1), one line per
# scenario, which the host parses:
#   E2E-RESULT: PASS <name>
#   E2E-RESULT: FAIL <name>: <reason>
# A test script declares its scenarios in header comments, read both here
# and by scripts/guest/e2e.sh (so a scenario that never reports is a FAIL):
#   # e2e-scenarios: name1 name2 ...
# ("# demo-scenarios:" or "# soak-scenarios:" for scripts that `make e2e`
# must not pick up: the demo, and groups `make soak` runs.)
#
# The helpers live in common/, one file per topic (as blktests' common/):
#   core.sh     E2E_TARGET, logging, time, polling (wait_until)
#   results.sh  the plan, result_pass/result_fail/result_end, e2e_finish
#   blk.sh      block devices: I/O counters, sd states, D-state tasks
#   dm.sh       the module, tables for E2E_TARGET (mp_table*), map state
#   io.sh       fio, background dd and fio loops, progress waits
#   iscsi.sh    LIO + open-iscsi on two loopback portals, network cuts
#   seed.sh     the seed topology (2 NICs x 2 portals in netns)
#   daemon.sh   `mpath2ctl daemon` (start, log, stop), kernel_wwid
# A group builds its tables with mp_table / mp_table_ex / mp_table_hw, so
# that E2E_TARGET=multipath runs it against in-tree dm-multipath too.

E2E_COMMON=${E2E_COMMON:-$(dirname "${BASH_SOURCE[0]}")/common}
for _e2e_part in core results blk dm io iscsi seed daemon; do
	# shellcheck source=/dev/null
	. "$E2E_COMMON/$_e2e_part.sh" || { echo "e2e: cannot read $E2E_COMMON/$_e2e_part.sh" >&2; exit 1; }
done
unset _e2e_part
