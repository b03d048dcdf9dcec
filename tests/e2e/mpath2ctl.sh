#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "mpath2ctl" (one boot): the admin helper against the real
# module and two real iSCSI paths to one LUN: the WWID it reads matches
# the kernel's, discover turns the two logins into one map with a stable
# friendly name, and show, fail, reinstate, stats, create --dry-run and
# remove do what they say.
#
# e2e-scenarios: ctl-setup ctl-wwid ctl-discover-dry-run ctl-discover
# e2e-scenarios: ctl-show ctl-fail-reinstate ctl-stats ctl-create-dry-run
# e2e-scenarios: ctl-remove ctl-bindings-stable kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

CTL=${E2E_CTL:-mpath2ctl}
BIND=$E2E_TMP/bindings
E2E_KEEP="kernel-log-clean"

s_setup() {
	if ! command -v "$CTL" >/dev/null; then
		result_fail ctl-setup "$CTL is not in the guest (make tools first)"
		return 1
	fi
	if ! iscsi_setup || ! modprobe dm-mpath2; then
		result_fail ctl-setup "no iSCSI paths or no module"
		return 1
	fi
	result_pass ctl-setup
}

s_wwid() {
	local got want
	got=$("$CTL" wwid "/dev/${E2E_SD[0]}")
	want=$(kernel_wwid "${E2E_SD[0]}")
	e2e_log "mpath2ctl wwid: $got; kernel: $want"
	result ctl-wwid "mpath2ctl says '$got', the kernel '$want'" \
		test -n "$got" -a "$got" = "$want" -a \
		"$("$CTL" wwid "/dev/${E2E_SD[1]}")" = "$got"
}

s_discover() {
	local out
	out=$("$CTL" discover --dry-run --friendly --bindings "$BIND" 2>&1)
	e2e_log "discover --dry-run: $out"
	result ctl-discover-dry-run "no table over both paths in: $out" \
		sh -c "echo '$out' | grep -q 'mpath2 .*${E2E_DEV[0]}' &&
		       echo '$out' | grep -q '${E2E_DEV[1]}' && ! dmsetup ls | grep -q mpath"

	e2e_run "$CTL" discover --friendly --bindings "$BIND"
	mp_show mpath0
	result ctl-discover "no map mpath0 over both paths" \
		sh -c "[ -b /dev/mapper/mpath0 ] &&
		       dmsetup table mpath0 | grep -q 'mpath2 .*${E2E_DEV[0]}.*${E2E_DEV[1]}'"
}

s_show() {
	local out
	out=$("$CTL" show mpath0 2>&1)
	printf '%s\n' "$out" | sed 's/^/  show: /'
	result ctl-show "the tree lacks a path" \
		sh -c "echo '$out' | grep -q '${E2E_SD[0]}' && echo '$out' | grep -q '${E2E_SD[1]}'"
}

s_fail_reinstate() {
	e2e_run "$CTL" fail mpath0 "/dev/${E2E_SD[0]}"
	local failed ok=1
	failed=$(mp_path_state mpath0 "${E2E_DEV[0]}")
	e2e_run "$CTL" reinstate mpath0 "${E2E_DEV[0]}"
	[ "$failed" = F ] || ok=0
	mp_path_is mpath0 "${E2E_DEV[0]}" A || ok=0
	result ctl-fail-reinstate "path states: after fail '$failed', after reinstate '$(mp_path_state mpath0 "${E2E_DEV[0]}")'" \
		test $ok = 1
}

s_stats() {
	local out
	dd if=/dev/mapper/mpath0 of=/dev/null bs=4k count=64 iflag=direct 2>/dev/null
	out=$("$CTL" stats mpath0 2>&1)
	printf '%s\n' "$out" | sed 's/^/  stats: /'
	result ctl-stats "path_stats answer wrong: $out" \
		sh -c "[ \$(echo '$out' | grep -c 'state=active') -eq 2 ] &&
		       echo '$out' | grep -q '${E2E_DEV[0]} group=.* fail_count=1 '"
}

s_create_dry_run() {
	local out
	out=$("$CTL" create lun1 --dry-run --selector service-time --group multibus \
		--no-path-retry 12 "/dev/${E2E_SD[0]}" "/dev/${E2E_SD[1]}" 2>&1)
	e2e_log "create --dry-run: $out"
	result ctl-create-dry-run "unexpected table: $out" \
		sh -c "echo '$out' | grep -q 'mpath2 3 queue_if_no_path no_path_timeout 60 0 1 1 service-time 0 2 2 ${E2E_DEV[0]} 1 1 ${E2E_DEV[1]} 1 1'"
}

s_remove() {
	e2e_run "$CTL" remove mpath0
	result ctl-remove "mpath0 still there" sh -c "! dmsetup info mpath0 >/dev/null 2>&1"
}

s_bindings_stable() {
	e2e_run "$CTL" discover --friendly --bindings "$BIND"
	result ctl-bindings-stable "the second discover did not reuse mpath0" \
		sh -c "dmsetup info mpath0 >/dev/null 2>&1 && ! dmsetup info mpath1 >/dev/null 2>&1"
	dmsetup remove mpath0 2>/dev/null
}

e2e_plan
if s_setup; then
	s_wwid
	s_discover
	s_show
	s_fail_reinstate
	s_stats
	s_create_dry_run
	s_remove
	s_bindings_stable
else
	e2e_fail_rest "setup failed"
fi
e2e_finish
