#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "storm" (one boot): concurrent writers of one map's table and a
# storm of disk events lose nothing (issue 21). scsi_debug gives 4 hosts x
# 16 LUNs that report the same LUs on every host (vpd_use_hostno=0): 16
# WWIDs with 4 paths each, cheap enough to delete and rescan by the dozen.
# As on a running host, systemd-udevd runs with the stock rules and
# mpath2's: the daemon takes udevd's events, discover lists the disks udev
# has initialized, and every reload waits on (or, in the daemon, polls) a
# udev cookie.
#   - two `mpath2ctl discover --friendly` at once, twice over from
#     nothing: every LUN gets one map and one alias, the bindings file one
#     line per LUN (the bindings file's lock, each map's lock);
#   - the daemon and a loop of `mpath2ctl reconfigure` (a config that
#     changes every table, flipped each time) both read-modify-reload the
#     same maps while one host's 16 disks are deleted and rescanned, twice:
#     every map ends with exactly the disks of its LUN, and the daemon added
#     each returning disk once (a path added twice means another writer's
#     stale table had dropped it: a lost update the periodic reconcile
#     would hide later);
#   - the storm: the daemon stopped (SIGSTOP) while two hosts' 32 disks are
#     deleted and rescanned four times over (thousands of uevents, past
#     what a default-sized netlink buffer holds), then continued: every map
#     ends with exactly the disks of its LUN, all active (from the events
#     it was sent; a rescan if its socket overflowed; the reconcile each
#     minute for what is left);
#   - fio verify on one map through all of it: no error, no bad block;
#   - at the end no udev cookie is left (each reload's semaphore waited on
#     and gone, the daemon's too), and udevd ran throughout.
#
# e2e-needs: udev
# e2e-timeout: 900
# e2e-scenarios: st-setup st-two-discovers st-writers-paths st-writers-once
# e2e-scenarios: st-storm-paths st-storm-active st-fio-verify st-daemon-alive
# e2e-scenarios: st-no-cookies kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=tests/e2e/common/udev.sh
. "$(dirname "$0")/common/udev.sh"

CTL=${E2E_CTL:-mpath2ctl}
HOSTS=4
LUNS=${E2E_STORM_LUNS:-16}
CONF=$E2E_TMP/mpath2.conf
BINDINGS=$E2E_TMP/bindings
DLOG=$E2E_TMP/daemon.log
ULOG=$E2E_TMP/udevd.log
ROUNDS=${E2E_STORM_ROUNDS:-2}       # delete/rescan rounds under two writers
CYCLES=${E2E_STORM_CYCLES:-4}       # delete/rescan cycles of the storm
BOUND=${E2E_STORM_BOUND:-300}       # s: udevd, the daemon, the reconcile
E2E_KEEP="st-daemon-alive st-no-cookies kernel-log-clean"
export MPATH2_RUN_DIR=$E2E_TMP/run

# conf NO_PATH_RETRY: the config every writer reads (reconfigure re-reads
# it on each run; the daemon read it once, at its start).
conf() {
	printf 'defaults {\n\tpolling_interval 2\n\tpath_grouping_policy multibus\n\tno_path_retry %s\n\tfind_multipaths no\n}\n' \
		"$1" >"$CONF"
}

# The scsi_debug hosts' numbers (N of hostN), ascending.
sdebug_hosts() {
	local h
	for h in /sys/bus/pseudo/drivers/scsi_debug/adapter*/host*; do
		[ -e "$h" ] && echo "${h##*/host}"
	done | sort -n
}

# The sd disks of SCSI host $1.
host_sds() {
	local d t
	for d in /sys/block/sd*; do
		[ -e "$d" ] || continue
		t=$(readlink -f "$d/device")
		t=${t##*/}
		[ "${t%%:*}" = "$1" ] && echo "${d##*/}"
	done
}

sd_count() { find /sys/block -maxdepth 1 -name 'sd*' | wc -l; }
sds_are() { [ "$(sd_count)" -eq "$1" ]; }

delete_host() {
	local sd
	for sd in $(host_sds "$1"); do
		echo 1 >"/sys/block/$sd/device/delete" 2>/dev/null
	done
}

rescan_host() { echo '- - -' >"/sys/class/scsi_host/host$1/scan"; }

# The mpath2 maps' names.
maps() { dmsetup ls --target mpath2 2>/dev/null | awk '$1 != "No" { print $1 }' | sort; }
map_count() { maps | wc -l; }

# The paths (MAJOR:MINOR) of map $1's table, sorted.
map_devs() {
	dmsetup table "$1" | tr ' ' '\n' | grep -E '^[0-9]+:[0-9]+$' | sort
}

# The disks (MAJOR:MINOR) whose WWID is $1, sorted.
wwid_devs() {
	local d
	for d in /sys/block/sd*; do
		[ -e "$d" ] || continue
		[ "$(kernel_wwid "${d##*/}")" = "$1" ] && cat "$d/dev"
	done | sort
}

# The WWID of map $1 (its UUID is mpath2-<WWID>).
map_wwid() { dmsetup info -c --noheadings -o uuid "$1" | sed 's/^mpath2-//'; }

# maps_exact: every map's table has exactly the disks of its LUN, and
# there are LUNS maps. The first map that does not is in MAPS_WHY.
MAPS_WHY=""
maps_exact() {
	local m w have want
	MAPS_WHY=""
	[ "$(map_count)" -eq "$LUNS" ] || { MAPS_WHY="$(map_count) maps, not $LUNS"; return 1; }
	for m in $(maps); do
		w=$(map_wwid "$m")
		have=$(map_devs "$m" | tr '\n' ' ')
		want=$(wwid_devs "$w" | tr '\n' ' ')
		if [ "$have" != "$want" ] || [ -z "$want" ]; then
			MAPS_WHY="$m has [${have% }], its LUN's disks are [${want% }]"
			return 1
		fi
	done
}

# maps_all_active: no path of any map is failed in the kernel.
maps_all_active() {
	local m
	for m in $(maps); do
		dmsetup status "$m" | grep -qE ' F [0-9]+ ' && return 1
	done
	return 0
}

# A map with exactly $1 paths each, every one.
maps_have_n() {
	local m
	for m in $(maps); do
		[ "$(map_devs "$m" | wc -l)" -eq "$1" ] || return 1
	done
}

# bindings_ok: one line per LUN, no alias twice, no WWID twice, and each
# map named as its LUN is bound.
bindings_ok() {
	local lines aliases wwids m w
	lines=$(grep -cvE '^(#|$)' "$BINDINGS")
	aliases=$(grep -vE '^(#|$)' "$BINDINGS" | awk '{ print $1 }' | sort -u | wc -l)
	wwids=$(grep -vE '^(#|$)' "$BINDINGS" | awk '{ print $2 }' | sort -u | wc -l)
	if [ "$lines" -ne "$LUNS" ] || [ "$aliases" -ne "$LUNS" ] || [ "$wwids" -ne "$LUNS" ]; then
		BIND_WHY="bindings: $lines lines, $aliases aliases, $wwids WWIDs (want $LUNS each)"
		return 1
	fi
	for m in $(maps); do
		w=$(map_wwid "$m")
		if ! grep -qE "^$m $w\$" "$BINDINGS"; then
			BIND_WHY="map $m (WWID $w) is not bound so"
			return 1
		fi
	done
}

remove_maps() {
	local m
	for m in $(maps); do
		dmsetup remove "$m" 2>/dev/null || dmsetup remove --force "$m" 2>/dev/null
	done
}

fio_job=(
	--name=storm --ioengine=libaio --direct=1 --bs=4k --iodepth=8
	--randrepeat=0 --group_reporting --eta=never --rw=randwrite --size=16M
	--verify=crc32c --verify_fatal=1 --do_verify=1
)

e2e_plan

# ---- st-setup -----------------------------------------------------------------
if ! command -v "$CTL" >/dev/null || ! [ -x "$UDEVD" ] || ! modprobe dm-mpath2 ||
	! modprobe sd_mod || ! udevd_start; then
	udevd_log_tail
	result_fail st-setup "$CTL, dm-mpath2, sd_mod or systemd-udevd missing (# e2e-needs: udev)"
	e2e_fail_rest "no setup"
	e2e_finish
	exit 1
fi
# From here on libdevmapper uses udev: cookies, links made by udev.
unset DM_DISABLE_UDEV
# One shared store: every LUN reads the same data (only one map is written).
modprobe scsi_debug add_host="$HOSTS" max_luns="$LUNS" num_tgts=1 \
	vpd_use_hostno=0 dev_size_mb=64
mapfile -t HOST < <(sdebug_hosts)
if ! wait_until 120 0.5 sds_are $((HOSTS * LUNS)) || [ ${#HOST[@]} -ne "$HOSTS" ]; then
	result_fail st-setup "$(sd_count) sd disks on ${#HOST[@]} hosts, not $((HOSTS * LUNS)) on $HOSTS"
	e2e_fail_rest "no disks"
	e2e_finish
	exit 1
fi
for d in /sys/block/sd*; do echo none >"$d/queue/scheduler" 2>/dev/null; done
settle || e2e_log "udev did not settle after the disks came"
e2e_log "scsi_debug hosts ${HOST[*]}: $(sd_count) disks"
mkdir -p "$MPATH2_RUN_DIR"
conf fail
result_pass st-setup

# ---- two discovers at once ----------------------------------------------------
why=""
for rep in 1 2; do
	remove_maps
	rm -f "$BINDINGS"
	"$CTL" --config "$CONF" discover --friendly --bindings "$BINDINGS" \
		>"$E2E_TMP/disc-a.out" 2>&1 &
	pa=$!
	"$CTL" --config "$CONF" discover --friendly --bindings "$BINDINGS" \
		>"$E2E_TMP/disc-b.out" 2>&1 &
	pb=$!
	wait "$pa"; ra=$?
	wait "$pb"; rb=$?
	BIND_WHY=""
	if [ "$ra" -ne 0 ] || [ "$rb" -ne 0 ]; then
		why="round $rep: discover exited $ra and $rb: $(cat "$E2E_TMP/disc-a.out" "$E2E_TMP/disc-b.out" | grep -m2 -i 'mpath2ctl:')"
	elif ! maps_exact; then
		why="round $rep: $MAPS_WHY"
	elif ! bindings_ok; then
		why="round $rep: $BIND_WHY"
	fi
	if [ -n "$why" ]; then
		sed 's/^/  bindings: /' "$BINDINGS" | head -n 40
		break
	fi
	e2e_log "round $rep: $(map_count) maps, $(grep -cvE '^(#|$)' "$BINDINGS") bindings"
done
result_end st-two-discovers "$why"
if [ "$(map_count)" -ne "$LUNS" ]; then
	remove_maps
	"$CTL" --config "$CONF" discover >/dev/null 2>&1
fi
MAP0=$(maps | head -n 1)

# ---- the daemon and reconfigure, while disks come and go ----------------------
fio_loop_start "$E2E_TMP/fio" "${fio_job[@]}" --filename="/dev/mapper/$MAP0"
: >"$DLOG"
daemon_start "$CONF"
watches_all() { [ "$(dlog_count "watching path")" -ge $((HOSTS * LUNS)) ]; }
wait_until 60 0.5 watches_all ||
	e2e_log "the daemon watches $(dlog_count "watching path") paths"

# The second writer: reconfigure with the config flipped each time, so that
# it reloads every map (queue_if_no_path on, then off).
reconf_loop() {
	local n=0
	while [ ! -e "$E2E_TMP/reconf.stop" ]; do
		n=$((n + 1))
		if [ $((n % 2)) -eq 1 ]; then conf 30; else conf fail; fi
		"$CTL" --config "$CONF" reconfigure >>"$E2E_TMP/reconf.out" 2>&1
		echo "$n $?" >>"$E2E_TMP/reconf.runs"
	done
}
rm -f "$E2E_TMP/reconf.stop" "$E2E_TMP/reconf.runs"
reconf_loop &
RPID=$!

why_paths="" why_once=""
victim=${HOST[3]}
for round in $(seq 1 "$ROUNDS"); do
	added0=$(dlog_count "added path")
	delete_host "$victim"
	if ! wait_until 120 0.5 maps_have_n $((HOSTS - 1)); then
		why_paths="round $round: the deleted disks did not all leave their maps"
		break
	fi
	rescan_host "$victim"
	if ! wait_until 120 0.5 maps_have_n "$HOSTS"; then
		why_paths="round $round: the rescanned disks did not all join"
		break
	fi
	# Every map complete: the daemon's adds are over.
	added=$(($(dlog_count "added path") - added0))
	e2e_log "round $round: the daemon added $added paths, reconfigure ran $(wc -l <"$E2E_TMP/reconf.runs") times"
	if [ "$added" -ne "$LUNS" ] && [ -z "$why_once" ]; then
		why_once="round $round: $added paths added for $LUNS disks returned"
		dlog | grep "added path" | sed 's/^/  daemon: /' | tail -n 40
	fi
done
touch "$E2E_TMP/reconf.stop"
wait_until 60 0.2 pid_gone "$RPID" || bg_stop "$RPID"
wait "$RPID" 2>/dev/null
runs=$(wc -l <"$E2E_TMP/reconf.runs")
ok_runs=$(awk '$2 == 0' "$E2E_TMP/reconf.runs" | wc -l)
e2e_log "reconfigure: $ok_runs of $runs runs exited 0; $(grep -m3 'mpath2ctl:' "$E2E_TMP/reconf.out" | tr '\n' ';')"
[ "$ok_runs" -gt 0 ] || why_paths=${why_paths:-reconfigure never succeeded}
[ -n "$why_paths" ] || maps_exact || why_paths=$MAPS_WHY
result_end st-writers-paths "$why_paths"
result_end st-writers-once "$why_once"

# ---- the storm ----------------------------------------------------------------
why="" why_active=""
kill -STOP "$DPID"
for cycle in $(seq 1 "$CYCLES"); do
	delete_host "${HOST[2]}"
	delete_host "${HOST[3]}"
	wait_until 60 0.2 sds_are $((2 * LUNS)) || e2e_log "cycle $cycle: $(sd_count) disks left"
	rescan_host "${HOST[2]}"
	rescan_host "${HOST[3]}"
	wait_until 60 0.2 sds_are $((HOSTS * LUNS)) || e2e_log "cycle $cycle: $(sd_count) disks back"
done
e2e_log "storm: $CYCLES cycles over hosts ${HOST[2]} ${HOST[3]}, $(sd_count) disks"
t0=$(e2e_now_cs)
kill -CONT "$DPID"
if wait_until "$BOUND" 0.5 maps_exact; then
	e2e_figure "storm settled-s=$(e2e_since "$t0")"
else
	why="not settled in ${BOUND}s: $MAPS_WHY"
fi
dlog_has "udev events were lost" && e2e_log "the daemon saw its socket overflow and rescanned"
wait_until 30 0.5 maps_all_active || why_active="a path is still failed: $(for m in $(maps); do dmsetup status "$m" | grep -E ' F [0-9]+ ' | sed "s/^/$m: /"; done | head -n 3)"
result_end st-storm-paths "$why"
result_end st-storm-active "$why_active"

# ---- the end ------------------------------------------------------------------
fio_loop_stop 120
result st-fio-verify "$FIO_LOOP_WHY" test -z "$FIO_LOOP_WHY"
result st-daemon-alive "the daemon died" kill -0 "$DPID"
daemon_stop
remove_maps
settle
why=""
no_cookies || why="udev cookies left: $(dmsetup udevcookies | tail -n +2 | tr '\n' ' ')"
udevd_stop || why=${why:-$UDEVD_WHY}
result_end st-no-cookies "$why"
e2e_finish
