#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "golden" (one boot): mpath2 against in-tree dm-multipath
# (queue_mode bio) loaded with the same table over the same two iSCSI
# paths, in the same boot, after each step of a sequence of I/O and
# messages. Existing parsers and tools (multipath-tools, monitoring
# scripts) must read mpath2 exactly as dm-multipath, and get the same
# answer to every message.
#
# Compared after every step:
#  - `dmsetup status`, word for word after the target name: queue_io and
#    pg_init_count, the groups, their states (A/E/D), the current group,
#    every path with its A/F state and fail count, the selector fields;
#  - `dmsetup table` from the hardware handler on, word for word, and the
#    feature words as a set, less retain_attached_hw_handler (6.1's bio
#    mode forces it on; later dm-multipath no longer shows it; mpath2
#    accepts it and never shows it);
#  - every message: whether it succeeded, and dmsetup's exit status and
#    error (errno) text when it did not.
# Three differences this test found are allowed, each at the steps that
# show it and in its exact shape, and printed in the summary (see
# KNOWN_PAIRS below; E2E_GOLDEN_STRICT=1 fails them): the current group's
# A/E letter right after its last path is failed by message, and, with the
# alua handler, switch_group to a lower-ranked group and a disabled group
# that the handler activates.
#
# Part 1, no hardware handler (scsi_dh_alua is not loaded, so dm-multipath
# has none to retain either), for each selector both have (round-robin,
# queue-length, service-time; 6.1 has no historical-service-time):
#  - <sel>-one-group: one group of two paths; fail_path, again (a no-op),
#    reinstate_path, I/O between;
#  - <sel>-two-groups: one path per group; failover, switch_group,
#    disable_group/enable_group, I/O between;
#  - golden-per-path-args: the tables with fewer per-path arguments than
#    the selector takes, and service-time's relative_throughput;
# then, over round-robin:
#  - golden-queueing: queue_if_no_path/fail_if_no_path by table and message;
#  - golden-messages: refused messages (unknown word, wrong argument
#    count, a group out of range or not a number, a device that is not a
#    path of the map, a dev_t and a name that do not exist);
#  - golden-suspended-messages: every message (good and bad) while the map
#    is suspended (EBUSY), and the status after resume;
#  - golden-held-io: queue_if_no_path with both paths failed and reads held:
#    status while held (queue_io included), then a path back.
# Part 2 (scsi_dh_alua attached before login; a table naming `1 alua`:
# mpath2 runs its handler through scsi_dh_alua, dm-multipath in bio mode
# drops the table's handler words and retains the attached one):
#  - alua-one-group, alua-two-groups: the same sequences, status with
#    queue_io and pg_init_count, table with the handler.
#
# e2e-scenarios: golden-setup
# e2e-scenarios: golden-round-robin-one-group golden-round-robin-two-groups
# e2e-scenarios: golden-queue-length-one-group golden-queue-length-two-groups
# e2e-scenarios: golden-service-time-one-group golden-service-time-two-groups
# e2e-scenarios: golden-per-path-args golden-queueing golden-messages
# e2e-scenarios: golden-suspended-messages golden-held-io
# e2e-scenarios: golden-alua-setup golden-alua-one-group golden-alua-two-groups
# e2e-scenarios: golden-cleanup kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

REF=golden-ref
OURS=golden-mpath2
E2E_KEEP="golden-alua-setup golden-alua-one-group golden-alua-two-groups golden-cleanup kernel-log-clean"
MISMATCHES=0
SELECTORS=(round-robin queue-length service-time)

# Words of a table line from the hardware handler on.
hw_part() {
	local -a w
	read -r -a w <<<"$1"
	echo "${w[*]:$((4 + w[3]))}"
}

# The feature words of a table line, sorted, without the one 6.1's
# dm-multipath forces in bio mode.
features_part() {
	local -a w
	read -r -a w <<<"$1"
	echo "${w[@]:4:${w[3]}}" | tr ' ' '\n' | grep -v '^retain_attached_hw_handler$' |
		grep -v '^$' | sort | tr '\n' ' '
}

# A status line after "<start> <length> <target>".
status_part() {
	local -a w
	read -r -a w <<<"$1"
	echo "${w[*]:3}"
}

mismatch() { MISMATCHES=$((MISMATCHES + 1)); }

# Differences found by this test and understood, each allowed only at the
# steps that show it, and only in its exact shape (word pairs that differ,
# dm-multipath's word first); anything else at such a step still fails.
# Each one seen is logged and printed as a figure for the host's summary;
# E2E_GOLDEN_STRICT=1 fails them too.
#  current-group-kept: the current group's last usable path failed by
#    message, no bio since: dm-multipath keeps it current until the next
#    bio looks for a path (status A), mpath2 drops it at once (E); after a
#    reinstate, still A against E until a bio.
#  alua-follows-best: with the alua handler, switch_group to a group the
#    array ranks lower lasts only until the activation re-reads the port
#    states: mpath2 goes back to the optimized group (docs/dm-mpath2.rst, "The ALUA
#    handler"), dm-multipath stays where it was sent (status A/E swapped,
#    current group and table's initial group 1 against 2).
#  (mpath2 now clears a group's disable_group when its activation succeeds,
#  as dm-multipath's pg_init_done() does: no longer a difference.)
declare -A KNOWN_PAIRS=(
	[current-group-kept]="A/E"
	[alua-follows-best]="A/E E/A 2/1 1/2"
)
declare -A KNOWN_SEEN=() KNOWN_FIRST=()
# Kinds that only a hardware handler shows (set for part 2).
WITH_DH_FOLLOW=""

# One figure line per known difference seen.
known_report() {
	local k
	for k in "${!KNOWN_SEEN[@]}"; do
		e2e_figure "golden known difference $k: ${KNOWN_SEEN[$k]} step(s), first ${KNOWN_FIRST[$k]}"
	done
}

# diff_pairs LINE_A LINE_B: the differing words as "a/b" pairs, or "length"
# when the lines have different lengths.
diff_pairs() {
	local -a a b
	local i out=""
	read -r -a a <<<"$1"
	read -r -a b <<<"$2"
	[ ${#a[@]} = ${#b[@]} ] || { echo length; return; }
	for ((i = 0; i < ${#a[@]}; i++)); do
		[ "${a[i]}" = "${b[i]}" ] || out="$out ${a[i]}/${b[i]}"
	done
	echo "${out# }"
}

# pairs_allowed KIND PAIRS: every pair is one KIND allows.
pairs_allowed() {
	local p
	for p in $2; do
		[[ " ${KNOWN_PAIRS[$1]} " == *" $p "* ]] || return 1
	done
}

# compare STEP [KNOWN_KIND]: the two maps' table and status agree (or
# differ only as KNOWN_KIND, a documented difference, allows).
compare() {
	local step=$1 kind=${2:-} rt ot rs os ok=1 fdiff=0 tp="" sp=""
	rt=$(dmsetup table "$REF") ot=$(dmsetup table "$OURS")
	rs=$(dmsetup status "$REF") os=$(dmsetup status "$OURS")
	if [ "$(features_part "$rt")" != "$(features_part "$ot")" ]; then
		ok=0 fdiff=1
	fi
	if [ "$(hw_part "$rt")" != "$(hw_part "$ot")" ]; then
		tp=$(diff_pairs "$(hw_part "$rt")" "$(hw_part "$ot")")
		ok=0
	fi
	if [ "$(status_part "$rs")" != "$(status_part "$os")" ]; then
		sp=$(diff_pairs "$(status_part "$rs")" "$(status_part "$os")")
		ok=0
	fi
	if [ $ok = 1 ]; then
		e2e_log "$step: same: $(status_part "$os")"
		return
	fi
	if [ -n "$kind" ] && [ $fdiff = 0 ] && pairs_allowed "$kind" "$tp $sp" && [ "${E2E_GOLDEN_STRICT:-0}" != 1 ]; then
		e2e_log "$step: known difference $kind (dm-multipath/mpath2:${tp:+ table $tp;}${sp:+ status $sp}):"
		e2e_log "  dm-multipath: $rs"
		e2e_log "  mpath2:       $os"
		KNOWN_SEEN[$kind]=$((${KNOWN_SEEN[$kind]:-0} + 1))
		KNOWN_FIRST[$kind]=${KNOWN_FIRST[$kind]:-$CURRENT/$step:${tp:+ table $tp;}${sp:+ status $sp}}
		return
	fi
	e2e_log "$step: differs${kind:+ (not as $kind allows)}:"
	e2e_log "  dm-multipath: $rt"
	e2e_log "  mpath2:       $ot"
	e2e_log "  dm-multipath: $rs"
	e2e_log "  mpath2:       $os"
	mismatch
}

# Read a few blocks through both maps, so each chooses a group and path.
io_both() {
	local m
	for m in "$REF" "$OURS"; do
		dd if="/dev/mapper/$m" of=/dev/null bs=4k count=8 iflag=direct 2>/dev/null
	done
}

# msg_outcome MAP WORDS...: "ok", or "exit N: <error text>" as dmsetup
# reports a refused message (the text after "failed: ", the strerror of the
# ioctl's errno).
msg_outcome() {
	local map=$1 out rc=0
	shift
	out=$(dmsetup message "$map" 0 "$@" 2>&1) || rc=$?
	if [ "$rc" = 0 ]; then
		echo ok
	else
		echo "exit $rc: $(printf '%s\n' "$out" | sed -n 's/.*failed: //p' | head -n 1)"
	fi
}

# msg_both WORDS...: the same message to both maps; the outcomes must
# agree. Returns 0 if both took it.
msg_both() {
	local r o
	r=$(msg_outcome "$REF" "$@")
	o=$(msg_outcome "$OURS" "$@")
	if [ "$r" = "$o" ]; then
		e2e_log "message '$*': both $r"
	else
		e2e_log "message '$*': differs: dm-multipath $r, mpath2 $o"
		mismatch
	fi
	[ "$r" = ok ] && [ "$o" = ok ]
}

# create_both TABLE_TAIL: both maps from "<features> <hw> <groups...>".
create_both() {
	local tail=$1 ref_tail
	local -a w
	# dm-multipath needs queue_mode bio among its features.
	read -r -a w <<<"$tail"
	ref_tail="$((w[0] + 2)) queue_mode bio ${w[*]:1}"
	e2e_run dmsetup create "$REF" --table "0 $E2E_SECTORS multipath $ref_tail" &&
		e2e_run dmsetup create "$OURS" --table "0 $E2E_SECTORS mpath2 $ref_tail" &&
		wait_until 5 0.1 test -b "/dev/mapper/$REF" &&
		wait_until 5 0.1 test -b "/dev/mapper/$OURS"
}

remove_both() {
	dmsetup resume "$REF" 2>/dev/null
	dmsetup resume "$OURS" 2>/dev/null
	dmsetup remove "$REF" 2>/dev/null
	dmsetup remove "$OURS" 2>/dev/null
	return 0
}

# finish_sequence NAME: MISMATCHES counted since the start -> result.
finish_sequence() {
	if [ "$MISMATCHES" -eq 0 ]; then
		result_pass "$1"
	else
		result_fail "$1" "$MISMATCHES step(s) differ from dm-multipath (see log)"
	fi
	MISMATCHES=0
	remove_both
}

# start_sequence NAME TABLE_TAIL: both maps, or NAME fails.
start_sequence() {
	CURRENT=$1
	create_both "$2" && return 0
	result_fail "$1" "create failed"
	MISMATCHES=0
	remove_both
	return 1
}

# group SELECTOR DEV...: a priority group with the selector's full
# per-path arguments (round-robin, queue-length: repeat_count 1;
# service-time: repeat_count 1, relative_throughput 1).
group() {
	local sel=$1 d args=1 n=1 out=""
	shift
	[ "$sel" = service-time ] && args="1 1" n=2
	for d in "$@"; do out="$out $d $args"; done
	echo "$sel 0 $# $n$out"
}

p0=
p1=
HW=0
CURRENT=

s_setup() { # SCENARIO
	local m
	iscsi_setup || { result_fail "$1" "no iSCSI paths"; return 1; }
	for m in dm-multipath dm-round-robin dm-queue-length dm-service-time dm-mpath2; do
		modprobe "$m" || { result_fail "$1" "modprobe $m failed"; return 1; }
	done
	p0=${E2E_DEV[0]} p1=${E2E_DEV[1]}
	e2e_log "paths $p0 $p1, dh_state $(cat "/sys/block/${E2E_SD[0]}/device/dh_state" 2>/dev/null)"
	result_pass "$1"
}

s_one_group() { # SELECTOR SCENARIO
	start_sequence "$2" "0 $HW 1 1 $(group "$1" "$p0" "$p1")" || return
	compare created
	io_both; compare "after I/O"
	msg_both fail_path "$p0"; compare "fail_path $p0"
	io_both; compare "I/O with $p0 failed"
	msg_both fail_path "$p0"; compare "fail_path $p0 again"
	msg_both fail_path "$p1"; compare "fail_path $p1 (none left)" current-group-kept
	msg_both reinstate_path "$p1"; compare "reinstate_path $p1" current-group-kept
	msg_both reinstate_path "$p0"; compare "reinstate_path $p0" current-group-kept
	msg_both reinstate_path "$p0"; compare "reinstate_path $p0 again" current-group-kept
	io_both; compare "I/O after reinstate"
	finish_sequence "$2"
}

s_two_groups() { # SELECTOR SCENARIO
	start_sequence "$2" "0 $HW 2 1 $(group "$1" "$p0") $(group "$1" "$p1")" || return
	compare created
	io_both; compare "after I/O"
	msg_both fail_path "$p0"; io_both; compare "group 1 path failed, I/O"
	msg_both reinstate_path "$p0"; io_both; compare "reinstated, I/O"
	msg_both switch_group 1; compare "switch_group 1"
	io_both; compare "switch_group 1, I/O"
	msg_both switch_group 2; compare "switch_group 2"
	io_both; compare "switch_group 2, I/O" $WITH_DH_FOLLOW
	msg_both disable_group 1; compare "disable_group 1"
	io_both; compare "disable_group 1, I/O"
	msg_both disable_group 2; compare "disable_group 2 (both disabled)"
	io_both; compare "both disabled, I/O"
	msg_both enable_group 1; compare "enable_group 1"
	msg_both enable_group 2; compare "enable_group 2"
	io_both; compare "enable_group 1 and 2, I/O"
	msg_both switch_group 1; io_both; compare "switch_group 1 again, I/O"
	# switch_group re-enables every disabled group (dm-multipath's
	# switch_pg_num() clears them all).
	msg_both disable_group 2; compare "disable_group 2"
	msg_both switch_group 1; compare "disable_group 2, switch_group 1"
	io_both; compare "disable_group 2, switch_group 1, I/O"
	finish_sequence "$2"
}

s_per_path_args() {
	local t
	MISMATCHES=0 CURRENT=golden-per-path-args
	for t in "queue-length 0 2 0 $p0 $p1" "service-time 0 2 0 $p0 $p1" \
		"service-time 0 2 1 $p0 1 $p1 1" "service-time 0 2 2 $p0 1 5 $p1 1 0"; do
		if create_both "0 0 1 1 $t"; then
			compare "created: $t"
			io_both; compare "I/O: $t"
		else
			e2e_log "create failed: $t"
			mismatch
		fi
		remove_both
	done
	finish_sequence golden-per-path-args
}

s_queueing() {
	start_sequence golden-queueing "1 queue_if_no_path 0 1 1 $(group round-robin "$p0" "$p1")" || return
	compare created
	msg_both fail_if_no_path; compare fail_if_no_path
	msg_both queue_if_no_path; compare queue_if_no_path
	msg_both queue_if_no_path; compare "queue_if_no_path again"
	finish_sequence golden-queueing
}

s_messages() {
	start_sequence golden-messages "0 0 2 1 $(group round-robin "$p0") $(group round-robin "$p1")" || return
	compare created
	io_both; compare "after I/O"
	msg_both frobnicate 1
	msg_both frobnicate
	msg_both fail_path
	msg_both fail_path "$p0" "$p1"
	msg_both queue_if_no_path 1
	msg_both switch_group
	msg_both switch_group 0
	msg_both switch_group 3
	msg_both switch_group x
	msg_both disable_group 0
	msg_both disable_group 3
	msg_both enable_group 9
	msg_both fail_path /dev/nonexistent
	msg_both fail_path 7:250
	msg_both reinstate_path 7:250
	compare "after refused messages"
	remove_both
	# A device that exists but is not a path of the map.
	if create_both "0 0 1 1 $(group round-robin "$p0")"; then
		compare "one path"
		msg_both fail_path "$p1"
		msg_both reinstate_path "$p1"
		msg_both fail_path "/dev/${E2E_SD[1]}"
		msg_both fail_path "/dev/${E2E_SD[0]}"
		compare "fail_path /dev/${E2E_SD[0]} by name"
		msg_both reinstate_path "/dev/${E2E_SD[0]}"
		compare "reinstated by name"
	else
		e2e_log "create failed: one path"
		mismatch
	fi
	finish_sequence golden-messages
}

s_suspended() {
	local m
	start_sequence golden-suspended-messages "0 0 2 1 $(group round-robin "$p0") $(group round-robin "$p1")" || return
	io_both; compare "after I/O"
	for m in "$REF" "$OURS"; do
		e2e_run timeout 60 dmsetup suspend "$m" || { e2e_log "suspend $m failed"; mismatch; }
	done
	msg_both fail_path "$p0"
	msg_both reinstate_path "$p0"
	msg_both switch_group 2
	msg_both disable_group 1
	msg_both enable_group 1
	msg_both queue_if_no_path
	msg_both fail_if_no_path
	msg_both frobnicate 1
	msg_both fail_path "$p1" extra
	msg_both fail_path 7:250
	compare "suspended, after the messages"
	for m in "$REF" "$OURS"; do
		e2e_run timeout 60 dmsetup resume "$m" || { e2e_log "resume $m failed"; mismatch; }
	done
	compare "resumed"
	io_both; compare "resumed, I/O"
	# And with a noflush suspend.
	for m in "$REF" "$OURS"; do
		e2e_run timeout 60 dmsetup suspend --noflush "$m" || { e2e_log "suspend --noflush $m failed"; mismatch; }
	done
	msg_both fail_path "$p1"
	msg_both switch_group 1
	for m in "$REF" "$OURS"; do
		e2e_run timeout 60 dmsetup resume "$m" || { e2e_log "resume $m failed"; mismatch; }
	done
	compare "noflush suspend, messages, resume"
	finish_sequence golden-suspended-messages
}

# held_reads MAP: reads in flight on MAP (held by queue_if_no_path).
held_reads() { [ "$(blk_inflight "$(mp_blkname "$1")")" -gt 0 ]; }

s_held_io() {
	local m why="" pids=()
	start_sequence golden-held-io "1 queue_if_no_path 0 1 1 $(group round-robin "$p0" "$p1")" || return
	io_both; compare "after I/O"
	msg_both fail_path "$p0"
	msg_both fail_path "$p1"
	compare "both paths failed, no I/O" current-group-kept
	for m in "$REF" "$OURS"; do
		dd if="/dev/mapper/$m" of=/dev/null bs=4k count=4 iflag=direct 2>/dev/null </dev/null &
		pids+=($!)
	done
	for m in "$REF" "$OURS"; do
		wait_until 10 0.1 held_reads "$m" || { why="no read held on $m"; mismatch; }
	done
	compare "reads held"
	msg_both reinstate_path "$p1"
	for m in "${pids[@]}"; do
		wait_until 30 0.1 pid_gone "$m" || { why="a held read did not end after reinstate"; bg_stop "$m"; mismatch; }
	done
	compare "path back, reads done"
	io_both; compare "I/O"
	[ -z "$why" ] || e2e_log "$why"
	finish_sequence golden-held-io
}

# ---- main ------------------------------------------------------------------------

e2e_plan
# Part 1: no handler anywhere (scsi_dh_alua neither loaded nor attached).
mod_unload scsi_dh_alua
if E2E_SCSI_DH=0 s_setup golden-setup; then
	for sel in "${SELECTORS[@]}"; do
		s_one_group "$sel" "golden-$sel-one-group"
		s_two_groups "$sel" "golden-$sel-two-groups"
	done
	s_per_path_args
	s_queueing
	s_messages
	s_suspended
	s_held_io
else
	e2e_fail_rest "setup failed"
fi
remove_both
iscsi_teardown || e2e_log "warning: iSCSI teardown incomplete"

# Part 2: `1 alua`, scsi_dh_alua attached (dm-multipath retains it).
HW="1 alua" WITH_DH_FOLLOW=alua-follows-best
if E2E_SCSI_DH=1 s_setup golden-alua-setup; then
	s_one_group round-robin golden-alua-one-group
	s_two_groups round-robin golden-alua-two-groups
else
	result_fail golden-alua-one-group "setup failed"
	result_fail golden-alua-two-groups "setup failed"
fi
remove_both
iscsi_teardown || e2e_log "warning: iSCSI teardown incomplete"
result golden-cleanup "maps left behind" sh -c "! dmsetup ls | grep -q golden"
known_report
e2e_finish
