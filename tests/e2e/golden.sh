#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "golden" (one boot): mpath2's `dmsetup table` and `dmsetup
# status` strings against in-tree dm-multipath (queue_mode bio) loaded with
# the same table over the same two iSCSI paths, in the same boot, after each
# step of a sequence of I/O and messages. Existing parsers (multipath-tools,
# monitoring scripts) must read mpath2 exactly as dm-multipath.
#
# Compared word for word: the priority groups, their states (A/E/D), the
# current group, every path with its A/F state and fail count, and the
# selector fields. Left out, as documented differences:
#  - the feature list's retain_attached_hw_handler (6.1's bio mode forces
#    it on; later dm-multipath no longer shows it) -- the other feature
#    words must match;
#  - the hardware handler (dm-multipath takes over the kernel's attached
#    scsi_dh_alua; these mpath2 tables name none, mpath2's own alua is
#    checked by the alua group) and, in status, the queue_io and
#    pg_init_count fields that only a handler moves.
#
# e2e-scenarios: golden-setup golden-one-group golden-two-groups
# e2e-scenarios: golden-queueing golden-cleanup kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

REF=golden-ref
OURS=golden-mpath2
E2E_KEEP="golden-cleanup kernel-log-clean"
MISMATCHES=0

# Words of a table or status line from the priority groups on, after the
# feature and handler sections (whose lengths the line itself gives).
groups_part() {
	local -a w
	read -r -a w <<<"$1"
	local i=3 n
	n=${w[i]}; i=$((i + 1 + n))			# features
	n=${w[i]}; i=$((i + 1 + n))			# handler
	echo "${w[*]:i}"
}

# The feature words of a table line, sorted, without the ones 6.1's
# dm-multipath forces in bio mode.
features_part() {
	local -a w
	read -r -a w <<<"$1"
	echo "${w[@]:4:${w[3]}}" | tr ' ' '\n' | grep -v '^retain_attached_hw_handler$' |
		grep -v '^$' | sort | tr '\n' ' '
}

# compare STEP: the two maps' table and status agree where they must.
compare() {
	local step=$1 rt ot rs os ok=1
	rt=$(dmsetup table "$REF") ot=$(dmsetup table "$OURS")
	rs=$(dmsetup status "$REF") os=$(dmsetup status "$OURS")
	if [ "$(groups_part "$rt")" != "$(groups_part "$ot")" ] ||
	   [ "$(features_part "$rt")" != "$(features_part "$ot")" ]; then
		e2e_log "$step: table differs:"
		e2e_log "  dm-multipath: $rt"
		e2e_log "  mpath2:       $ot"
		ok=0
	fi
	if [ "$(groups_part "$rs")" != "$(groups_part "$os")" ]; then
		e2e_log "$step: status differs:"
		e2e_log "  dm-multipath: $rs"
		e2e_log "  mpath2:       $os"
		ok=0
	fi
	[ $ok = 1 ] && e2e_log "$step: same: $(groups_part "$os")"
	[ $ok = 1 ] || MISMATCHES=$((MISMATCHES + 1))
}

# Read a few blocks through both maps, so each chooses a group and path.
io_both() {
	local m
	for m in "$REF" "$OURS"; do
		dd if="/dev/mapper/$m" of=/dev/null bs=4k count=8 iflag=direct 2>/dev/null
	done
}

message_both() {
	e2e_run dmsetup message "$REF" 0 "$@" &&
		e2e_run dmsetup message "$OURS" 0 "$@"
}

# create_both TABLE_TAIL: both maps from "<features> <hw> <groups...>".
create_both() {
	local tail=$1 ref_tail
	# dm-multipath needs queue_mode bio among its features.
	read -r -a w <<<"$tail"
	ref_tail="$((w[0] + 2)) queue_mode bio ${w[*]:1}"
	e2e_run dmsetup create "$REF" --table "0 $E2E_SECTORS multipath $ref_tail" &&
		e2e_run dmsetup create "$OURS" --table "0 $E2E_SECTORS mpath2 $ref_tail"
}

remove_both() {
	dmsetup remove "$REF" 2>/dev/null
	dmsetup remove "$OURS" 2>/dev/null
	return 0
}

# run_sequence NAME: MISMATCHES counted since the start -> result.
finish_sequence() {
	if [ "$MISMATCHES" -eq 0 ]; then
		result_pass "$1"
	else
		result_fail "$1" "$MISMATCHES step(s) differ from dm-multipath (see log)"
	fi
	MISMATCHES=0
	remove_both
}

p0=
p1=

s_setup() {
	iscsi_setup || { result_fail golden-setup "no iSCSI paths"; return 1; }
	if ! modprobe dm-multipath || ! modprobe dm-round-robin ||
	   ! modprobe dm-mpath2; then
		result_fail golden-setup "modprobe failed"
		return 1
	fi
	p0=${E2E_DEV[0]} p1=${E2E_DEV[1]}
	result_pass golden-setup
}

s_one_group() {
	create_both "0 0 1 1 round-robin 0 2 1 $p0 1 $p1 1" ||
		{ result_fail golden-one-group "create failed"; remove_both; return; }
	compare created
	io_both; compare "after I/O"
	message_both fail_path "$p0"; compare "fail_path $p0"
	io_both; compare "I/O with $p0 failed"
	message_both fail_path "$p0"; compare "fail_path $p0 again"
	message_both reinstate_path "$p0"; compare "reinstate_path $p0"
	io_both; compare "I/O after reinstate"
	finish_sequence golden-one-group
}

s_two_groups() {
	create_both "0 0 2 1 round-robin 0 1 1 $p0 1 round-robin 0 1 1 $p1 1" ||
		{ result_fail golden-two-groups "create failed"; remove_both; return; }
	compare created
	io_both; compare "after I/O"
	message_both fail_path "$p0"; io_both; compare "group 1 path failed, I/O"
	message_both reinstate_path "$p0"; io_both; compare "reinstated, I/O"
	message_both switch_group 1; compare "switch_group 1"
	io_both; compare "switch_group 1, I/O"
	message_both disable_group 1; compare "disable_group 1"
	io_both; compare "disable_group 1, I/O"
	message_both enable_group 1; compare "enable_group 1"
	io_both; compare "enable_group 1, I/O"
	finish_sequence golden-two-groups
}

s_queueing() {
	create_both "1 queue_if_no_path 0 1 1 round-robin 0 2 1 $p0 1 $p1 1" ||
		{ result_fail golden-queueing "create failed"; remove_both; return; }
	compare created
	message_both fail_if_no_path; compare fail_if_no_path
	message_both queue_if_no_path; compare queue_if_no_path
	finish_sequence golden-queueing
}

e2e_plan
if s_setup; then
	s_one_group
	s_two_groups
	s_queueing
else
	e2e_fail_rest "setup failed"
fi
remove_both
result golden-cleanup "maps left behind" sh -c "! dmsetup ls | grep -q golden"
e2e_finish
