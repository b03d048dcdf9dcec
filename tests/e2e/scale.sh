#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# The scale bench's guest side (`make bench`: scripts/bench-scale.sh; not
# part of `make e2e` or `make test`): mpath2ctl against Debian's
# multipath-tools (unpacked into this image only) on the same disks, the
# same config and polling interval, in one boot (issue 21).
#
# scsi_debug gives E2E_SCALE_HOSTS hosts (default 4) x E2E_SCALE_LUNS LUNs
# (default 256) that report the same LUs on every host (vpd_use_hostno=0):
# 1,024 sd devices, 4 paths to each of 256 WWIDs. Then, first with
# multipath-tools, then with mpath2:
#   discover   `multipath` / `mpath2ctl discover`: every map made (wall)
#   show       `multipath -ll` / `mpath2ctl show` (wall)
#   daemon     multipathd / `mpath2ctl daemon` once every path is watched:
#              CPU time (user + system) over E2E_SCALE_CPU_S seconds
#              (default 60), scaled to a minute; VmRSS and VmHWM at the end;
#              threads
#   reinstate  a path set offline is failed by the checker; from its
#              return (running) to its reinstatement in the kernel (wall)
#   flap       E2E_SCALE_FLAP_S seconds (default 300; 0: skipped) of one
#              path flap per second (offline ~0.5 s, running), over every
#              map in turn; then within two max polling intervals no map
#              is lost and no path is left failed
# Figures are "E2E-TIME: scale ..." lines; each comparison is a line
#   E2E-TIME: ratio mpath2ctl/multipath-tools <what> <value>
# (value = mpath2ctl's figure over multipath-tools', lower is better),
# which scripts/bench-scale.sh prints as `ratio ...`. TCG makes absolute
# times meaningless; the ratios come from one boot.
#
# demo-scenarios: setup multipath-tools mpath2 flap-multipath-tools flap-mpath2 kernel-log-clean
# e2e-needs: multipath-tools
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

HOSTS=${E2E_SCALE_HOSTS:-4}
LUNS=${E2E_SCALE_LUNS:-256}
POLL=${E2E_SCALE_POLL:-5}
CPU_S=${E2E_SCALE_CPU_S:-60}
FLAP_S=${E2E_SCALE_FLAP_S:-300}
PATHS=$((HOSTS * LUNS))
MAXPOLL=$((4 * POLL))
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)

scale() { e2e_marker "E2E-TIME: scale $*"; }
# ratio WHAT MPATH2 MPT: mpath2ctl's figure over multipath-tools'.
ratio() {
	local r
	r=$(awk -v a="$2" -v b="$3" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }')
	e2e_marker "E2E-TIME: ratio mpath2ctl/multipath-tools $1 $r"
}

# Seconds a command takes (wall, from /proc/uptime), its status in $?.
T=0
timed() {
	local t0 rc
	t0=$(e2e_now_cs)
	"$@"
	rc=$?
	T=$(e2e_since "$t0")
	return $rc
}

sd_count() { ls /sys/block | grep -c '^sd'; }
maps_of() { dmsetup ls --target "$1" 2>/dev/null | grep -vc '^No devices found'; }
# Paths F in every map of target $1.
failed_paths() {
	dmsetup status --target "$1" 2>/dev/null | awk '
		{ for (i = 1; i < NF; i++) if ($i ~ /^[0-9]+:[0-9]+$/ && $(i + 1) == "F") n++ }
		END { print n + 0 }'
}
# For wait_until (evaluated at each poll).
sds_at_least() { [ "$(sd_count)" -ge "$1" ]; }
no_failed_paths() { [ "$(failed_paths "$1")" -eq 0 ]; }
no_maps() { [ "$(maps_of "$1")" -eq 0 ]; }
mpt_watching() { [ "$(multipathd show paths raw format '%d' 2>/dev/null | wc -l)" -ge "$1" ]; }
m2_watching() { [ "$(grep -c 'watching path' "$E2E_TMP/daemon.log")" -ge "$1" ]; }
# Every sd, host by host, each host's LUNs in order.
all_sds() {
	local f
	for f in /sys/block/sd*; do
		echo "$(basename "$(readlink "$f/device")") ${f##*/}"
	done | sort -t: -k1,1n -k4,4n | cut -d' ' -f2
}

# utime + stime of process $1 in clock ticks (the whole thread group, ended
# threads included).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# cpu_window NAME PID: CPU per minute over CPU_S, RSS, threads.
CPU_MIN=0 RSS=0
cpu_window() {
	local c0 c1 t0 secs
	c0=$(cpu_ticks "$2")
	t0=$(e2e_now_cs)
	sleep "$CPU_S"
	c1=$(cpu_ticks "$2")
	secs=$(e2e_since "$t0")
	CPU_MIN=$(awk -v d=$((c1 - c0)) -v hz="$HZ" -v s="$secs" \
		'BEGIN { printf "%.2f", d / hz * 60 / s }')
	RSS=$(status_kb "$2" VmRSS)
	scale "$1 daemon-cpu-s-per-min=$CPU_MIN rss-kb=$RSS hwm-kb=$(status_kb "$2" VmHWM)" \
		"locked-kb=$(status_kb "$2" VmLck) threads=$(status_kb "$2" Threads)" \
		"window-s=$secs"
}

# reinstate_time NAME TARGET: one path of the first map offline until the
# checker fails it, then running: seconds until the kernel has it active.
REIN=0
reinstate_time() {
	local map dev sd
	map=$(dmsetup ls --target "$2" | awk 'NR == 1 { print $1 }')
	dev=$(dmsetup table "$map" | grep -oE '[0-9]+:[0-9]+' | tail -n 1)
	sd=$(basename "$(readlink -f "/sys/dev/block/$dev")")
	echo offline >"/sys/block/$sd/device/state"
	if ! wait_until $((3 * MAXPOLL)) 0.2 mp_path_is "$map" "$dev" F; then
		echo running >"/sys/block/$sd/device/state"
		scale "$1 reinstate: $sd never failed"
		return 1
	fi
	echo running >"/sys/block/$sd/device/state"
	timed wait_until $((3 * MAXPOLL)) 0.1 mp_path_is "$map" "$dev" A || {
		scale "$1 reinstate: $sd not reinstated"
		return 1
	}
	REIN=$T
	scale "$1 reinstate-s=$REIN ($sd, polling_interval $POLL)"
}

# flap NAME TARGET: FLAP_S seconds of one path flap a second, every map in
# turn; then no map lost, no path left failed.
flap() {
	local -a sds
	local i=0 end sd fails maps
	[ "$FLAP_S" -gt 0 ] || { result_pass "flap-$1"; return 0; }
	mapfile -t sds < <(all_sds)
	end=$(($(e2e_now_cs) + FLAP_S * 100))
	while [ "$(e2e_now_cs)" -lt "$end" ]; do
		# Host-major order: consecutive flaps hit different LUNs.
		sd=${sds[$(((i % HOSTS) * LUNS + (i / HOSTS) % LUNS))]}
		echo offline >"/sys/block/$sd/device/state"
		sleep 0.5
		echo running >"/sys/block/$sd/device/state"
		sleep 0.5
		i=$((i + 1))
	done
	wait_until $((2 * MAXPOLL + 2 * POLL)) 1 no_failed_paths "$2"
	fails=$(failed_paths "$2")
	maps=$(maps_of "$2")
	scale "$1 flap: $i flaps in ${FLAP_S}s, maps $maps/$LUNS, failed paths after $fails"
	result "flap-$1" "maps $maps/$LUNS, $fails paths left failed" \
		test "$maps" -eq "$LUNS" -a "$fails" -eq 0
}

e2e_plan

# ---- the disks ----------------------------------------------------------------
e2e_log "scsi_debug: $HOSTS hosts x $LUNS LUNs"
# No udev here to load sd for the new disks.
modprobe sd_mod
timed modprobe scsi_debug add_host="$HOSTS" max_luns="$LUNS" num_tgts=1 \
	vpd_use_hostno=0 dev_size_mb=16
if wait_until 1800 2 sds_at_least "$PATHS"; then
	for sd in $(all_sds); do
		echo none >"/sys/block/$sd/queue/scheduler" 2>/dev/null
	done
	wwids=$(for sd in $(all_sds); do cat "/sys/block/$sd/device/wwid"; done | sort -u | wc -l)
	scale "disks: $(sd_count) sd, $wwids WWIDs, probed in $(e2e_since "$E2E_T0")s"
	result setup "$wwids WWIDs, not $LUNS" test "$wwids" -eq "$LUNS"
else
	result_fail setup "$(sd_count) sd of $PATHS"
	e2e_fail_rest "no disks"
	e2e_finish
	exit 1
fi

# multipath-tools takes only the disks udev has initialized, with udev's
# ID_SERIAL (scsi_id's WWID) and ID_WWN: this guest has no udevd, so each disk gets
# the database entry udev would have written. That is work udev does for
# multipath before it runs; mpath2ctl reads the WWIDs itself, in its time.
mkdir -p /run/udev/data
for sd in $(all_sds); do
	w=$(cat "/sys/block/$sd/device/wwid")
	case $w in naa.*) w=3${w#naa.} ;; esac
	# ID_WWN: multipath-tools' built-in exception (SCSI_IDENT_|ID_WWN).
	printf 'I:1\nE:ID_SERIAL=%s\nE:ID_WWN=0x%s\nE:ID_BUS=scsi\n' "$w" "${w#3}" \
		>"/run/udev/data/b$(cat "/sys/block/$sd/dev")"
done

# The same settings for both, in each one's words.
settings="	polling_interval $POLL
	max_polling_interval $MAXPOLL
	path_checker tur
	path_selector \"round-robin 0\"
	path_grouping_policy multibus
	failback manual
	no_path_retry fail
	user_friendly_names no"
mkdir -p /etc/multipath /etc/mpath2
printf 'defaults {\n%s\n\tfind_multipaths no\n}\n' "$settings" >/etc/multipath.conf
printf 'defaults {\n%s\n}\n' "$settings" >/etc/mpath2.conf

# ---- multipath-tools ----------------------------------------------------------
modprobe dm-multipath
modprobe dm-round-robin
timed multipath -v1 >"$E2E_TMP/multipath.out" 2>&1
MPT_DISC=$T
mpt_maps=$(maps_of multipath)
timed multipath -ll >/dev/null 2>&1
MPT_SHOW=$T
scale "multipath-tools discover-s=$MPT_DISC maps=$mpt_maps show-s=$MPT_SHOW"
if [ "$mpt_maps" -ne "$LUNS" ]; then
	tail -n 20 "$E2E_TMP/multipath.out"
	multipath -v3 2>&1 | tail -n 40
fi
multipathd -d -s -v2 >"$E2E_TMP/multipathd.log" 2>&1 &
MPTD=$!
# Settled: every map known and one full round of checks behind it.
wait_until 900 2 mpt_watching "$PATHS" || scale "multipathd watches $(multipathd show paths raw format '%d' 2>/dev/null | wc -l) paths"
sleep $((2 * MAXPOLL))
cpu_window multipath-tools "$MPTD"
MPT_CPU=$CPU_MIN MPT_RSS=$RSS
reinstate_time multipath-tools multipath
MPT_REIN=$REIN
result multipath-tools "maps $mpt_maps/$LUNS or multipathd gone" \
	test "$mpt_maps" -eq "$LUNS" -a -d "/proc/$MPTD"
flap multipath-tools multipath
kill "$MPTD"
wait_until 60 1 pid_gone "$MPTD"
multipath -F >/dev/null 2>&1
wait_until 120 2 no_maps multipath ||
	dmsetup remove_all >/dev/null 2>&1
tail -n 5 "$E2E_TMP/multipath.out" "$E2E_TMP/multipathd.log"

# ---- mpath2 -------------------------------------------------------------------
modprobe dm-mpath2
timed mpath2ctl --config /etc/mpath2.conf discover >"$E2E_TMP/discover.out" 2>&1
M2_DISC=$T
m2_maps=$(maps_of mpath2)
[ "$m2_maps" -eq "$LUNS" ] || tail -n 20 "$E2E_TMP/discover.out"
timed mpath2ctl show >/dev/null 2>&1
M2_SHOW=$T
scale "mpath2ctl discover-s=$M2_DISC maps=$m2_maps show-s=$M2_SHOW"
mpath2ctl daemon --config /etc/mpath2.conf >"$E2E_TMP/daemon.log" 2>&1 &
M2D=$!
wait_until 900 2 m2_watching "$PATHS" || scale "the daemon watches $(grep -c 'watching path' "$E2E_TMP/daemon.log") paths"
sleep $((2 * MAXPOLL))
cpu_window mpath2ctl "$M2D"
M2_CPU=$CPU_MIN M2_RSS=$RSS
reinstate_time mpath2ctl mpath2
M2_REIN=$REIN
result mpath2 "maps $m2_maps/$LUNS or the daemon gone" \
	test "$m2_maps" -eq "$LUNS" -a -d "/proc/$M2D"
flap mpath2 mpath2
kill "$M2D"
wait_until 60 1 pid_gone "$M2D"
tail -n 5 "$E2E_TMP/discover.out"
grep -c '' "$E2E_TMP/daemon.log" | sed 's/^/daemon log lines: /'

# ---- the comparison -------------------------------------------------------------
scale "paths=$PATHS luns=$LUNS hosts=$HOSTS polling_interval=$POLL cpu-window-s=$CPU_S flap-s=$FLAP_S"
ratio discover-time "$M2_DISC" "$MPT_DISC"
ratio show-time "$M2_SHOW" "$MPT_SHOW"
ratio daemon-cpu-per-min "$M2_CPU" "$MPT_CPU"
ratio daemon-rss "$M2_RSS" "$MPT_RSS"
ratio reinstate-time "$M2_REIN" "$MPT_REIN"
e2e_finish
