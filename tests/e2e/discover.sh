#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# e2e group "discover" (one boot): `mpath2ctl discover` on real LIO iSCSI
# with three LUNs behind two portals (127.0.0.1, 127.0.0.2), each LUN with
# its own unit serial, so its own WWID:
#   LUN 0 (256 MiB)  a map named by its WWID
#   LUN 1 (64 MiB)   a map named by its multipaths{} alias in the config
#   LUN 2 (32 MiB)   blacklisted by wwid in the config: no map, no holder
# Everything through `--config FILE`. Then:
#   - discover (not --dry-run) makes exactly one map per LUN not
#     blacklisted, each over both of its disks; the dry run shows that
#     without the blacklist LUN 2 would have been mapped too;
#   - show and show --json agree with the kernel (dmsetup table/status,
#     /sys/block/sdX/device/wwid, the sessions' portals);
#   - a third login to LUN 0 (a third TPG on 127.0.0.3, logged in after the
#     map exists) joins the map through `mpath2ctl daemon` (udev "add"
#     event) under a fio crc32c verify loop: 3 paths, I/O on the new one,
#     zero fio errors;
#   - everything is taken down again: maps, daemon, sessions, LIO, module.
#
# e2e-scenarios: disc-setup disc-wwids disc-dry-run disc-maps
# e2e-scenarios: disc-blacklisted-alone disc-show disc-json
# e2e-scenarios: disc-third-login-joins disc-third-path-io disc-fio-verify
# e2e-scenarios: disc-cleanup kernel-log-clean
set -uo pipefail
# shellcheck source=tests/e2e/lib.sh
. "$(dirname "$0")/lib.sh"

CTL=${E2E_CTL:-mpath2ctl}
CONF=$E2E_TMP/mpath2.conf
NOBL_CONF=$E2E_TMP/mpath2-noblacklist.conf
DLOG=$E2E_TMP/daemon.log
DPID=
ALIAS=e2e-data
PORTAL3=127.0.0.3
E2E_KEEP="disc-cleanup kernel-log-clean"

# Unit serials: LIO builds the NAA WWID from the first 25 hex digits, so
# the LUNs differ early (LUN 0's is lib.sh's ISCSI_SERIAL).
SERIAL1=6001405e2e1100000000000000000001
SERIAL2=6001405e2e2200000000000000000002

# Set by s_setup: per LUN its WWID (scsi_id form) and disks (sorted).
WWID=()       # WWID[0..2]
DISKS=()      # DISKS[0..2]: "sda sdd" (space-separated)
MAP0=         # LUN 0's map: named by its WWID

# ---- facts from the guest's kernel -------------------------------------------

# The sd disks whose kernel WWID is $1, sorted by name, on one line.
disks_of_wwid() {
	local b out=()
	for b in /sys/block/sd*; do
		[ -e "$b" ] || continue
		[ "$(kernel_wwid "${b##*/}")" = "$1" ] && out+=("${b##*/}")
	done
	printf '%s\n' "${out[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

# The portal (address) of the iSCSI session that sdX belongs to.
sd_portal() {
	local sess
	sess=$(readlink -f "/sys/block/$1/device" | grep -oE 'session[0-9]+' | head -n 1)
	[ -n "$sess" ] || return 1
	cat /sys/class/iscsi_connection/connection"${sess#session}":*/persistent_address 2>/dev/null | head -n 1
}

# H:C:T:L of sdX.
sd_hctl() { basename "$(readlink -f "/sys/block/$1/device")"; }

# maj:min of the paths in MAP's table, sorted, one line.
table_devs() { dmsetup table "$1" | grep -oE '\b[0-9]+:[0-9]+\b' | sort | tr '\n' ' ' | sed 's/ $//'; }

# maj:min of the disks named in $1 (space-separated), sorted, one line.
devs_of() {
	local sd
	for sd in $1; do blk_devt "$sd"; done | sort | tr '\n' ' ' | sed 's/ $//'
}

# The mpath2 maps, one name per line.
mpath2_maps() { dmsetup ls --target mpath2 2>/dev/null | awk '$1 != "No" { print $1 }'; }

# The map whose dm UUID is mpath2-$1, if any.
map_of_wwid() {
	local m
	for m in $(mpath2_maps); do
		[ "$(dmsetup info -c --noheadings -o uuid "$m")" = "mpath2-$1" ] && { echo "$m"; return 0; }
	done
	return 1
}

# ---- setup -------------------------------------------------------------------------

# All three LUNs on both sessions: 6 disks, 3 WWIDs, 2 disks each. Fills
# WWID and DISKS.
_luns_ready() {
	local i n b
	WWID=("3${E2E_WWID#naa.}" "" "")
	# LUN 1 and 2: the WWIDs of the disks of sizes 64 MiB and 32 MiB.
	for b in /sys/block/sd*; do
		[ -e "$b" ] || continue
		n=$(cat "$b/size")
		case $n in
		$((64 << 11))) WWID[1]=$(kernel_wwid "${b##*/}") ;;
		$((32 << 11))) WWID[2]=$(kernel_wwid "${b##*/}") ;;
		esac
	done
	[ -n "${WWID[1]}" ] && [ -n "${WWID[2]}" ] || return 1
	for i in 0 1 2; do
		DISKS[i]=$(disks_of_wwid "${WWID[i]}")
		[ "$(wc -w <<<"${DISKS[i]}")" -eq 2 ] || return 1
	done
}

# The config: LUN 2 blacklisted by its WWID, LUN 1 aliased, multibus (a
# path that joins later lands in the group that carries the I/O), and a
# polling_interval of 2 s for the daemon. A second file without the
# blacklist, for the dry run's comparison.
write_configs() {
	cat >"$CONF" <<-EOF
		defaults {
			polling_interval	2
			path_grouping_policy	multibus
		}
		blacklist {
			wwid	"^${WWID[2]}\$"
		}
		multipaths {
			multipath {
				wwid	${WWID[1]}
				alias	$ALIAS
			}
		}
	EOF
	printf 'defaults {\n\tpath_grouping_policy multibus\n}\n' >"$NOBL_CONF"
	sed 's/^/  conf: /' "$CONF"
}

s_setup() {
	local i
	if ! command -v "$CTL" >/dev/null || ! command -v jq >/dev/null; then
		result_fail disc-setup "$CTL or jq is not in the guest"
		return 1
	fi
	if ! iscsi_setup || ! modprobe dm-mpath2; then
		result_fail disc-setup "no iSCSI paths or no module"
		return 1
	fi
	if ! lio_add_lun 1 "$SERIAL1" 64 || ! lio_add_lun 2 "$SERIAL2" 32; then
		result_fail disc-setup "LIO: the extra LUNs could not be made"
		return 1
	fi
	e2e_run iscsiadm -m session -R >/dev/null
	if ! wait_until 30 0.2 _luns_ready; then
		ls /sys/block
		result_fail disc-setup "three LUNs with two disks each did not appear after the rescan"
		return 1
	fi
	for i in 0 1 2; do
		e2e_log "LUN $i: WWID ${WWID[i]}, disks ${DISKS[i]} ($(devs_of "${DISKS[i]}"))"
	done
	MAP0=${WWID[0]}
	write_configs
	result_pass disc-setup
}

# ---- scenarios ----------------------------------------------------------------------

# Three different WWIDs; mpath2ctl wwid agrees with the kernel on each disk.
s_wwids() {
	local why="" i sd got
	[ "${WWID[0]}" != "${WWID[1]}" ] && [ "${WWID[1]}" != "${WWID[2]}" ] &&
		[ "${WWID[0]}" != "${WWID[2]}" ] || why="the LUNs' WWIDs are not all different"
	for i in 0 1 2; do
		for sd in ${DISKS[i]}; do
			got=$("$CTL" wwid "/dev/$sd" 2>&1)
			[ "$got" = "${WWID[i]}" ] || why=${why:-"$sd: mpath2ctl wwid '$got', kernel '${WWID[i]}'"}
		done
	done
	result disc-wwids "$why" test -z "$why"
}

# The dry run lists LUN 0 and 1 with their disks, not LUN 2; without the
# blacklist it lists LUN 2 too. No map is made.
s_dry_run() {
	local out nobl why="" sd
	out=$("$CTL" --config "$CONF" discover --dry-run 2>&1)
	printf '%s\n' "$out" | sed 's/^/  dry-run: /'
	nobl=$("$CTL" --config "$NOBL_CONF" discover --dry-run 2>&1)
	printf '%s\n' "$nobl" | sed 's/^/  dry-run, no blacklist: /'
	grep -q "^$MAP0 ${WWID[0]} ${DISKS[0]}\$" <<<"$out" || why="no '$MAP0 ${WWID[0]} ${DISKS[0]}' line"
	grep -q "^$ALIAS ${WWID[1]} ${DISKS[1]}\$" <<<"$out" || why=${why:-"no '$ALIAS ${WWID[1]} ${DISKS[1]}' line"}
	grep -q "${WWID[2]}" <<<"$out" && why=${why:-"the blacklisted WWID is in the dry run"}
	for sd in ${DISKS[2]}; do
		grep -qw "$sd" <<<"$out" && why=${why:-"blacklisted $sd is in the dry run"}
	done
	grep -q "^${WWID[2]} ${WWID[2]} ${DISKS[2]}\$" <<<"$nobl" ||
		why=${why:-"without the blacklist LUN 2 is not listed: the control failed"}
	[ -z "$(mpath2_maps)" ] || why=${why:-"the dry run made a map: $(mpath2_maps | tr '\n' ' ')"}
	result disc-dry-run "$why" test -z "$why"
}

# discover: exactly two maps, the right names, each over its LUN's disks.
s_maps() {
	local out rc=0 why="" maps i name
	out=$("$CTL" -v --config "$CONF" discover 2>&1) || rc=$?
	printf '%s\n' "$out" | sed 's/^/  discover: /'
	maps=$(mpath2_maps | sort | tr '\n' ' ')
	e2e_log "mpath2 maps: $maps"
	[ "$rc" = 0 ] || why="discover exit $rc"
	[ "$(mpath2_maps | wc -l)" -eq 2 ] || why=${why:-"$(mpath2_maps | wc -l) maps, want 2: $maps"}
	for i in 0 1; do
		name=$MAP0
		[ "$i" = 1 ] && name=$ALIAS
		mp_show "$name"
		if [ "$(map_of_wwid "${WWID[i]}")" != "$name" ]; then
			why=${why:-"LUN $i (${WWID[i]}): map '$(map_of_wwid "${WWID[i]}")', want '$name'"}
		elif [ "$(table_devs "$name")" != "$(devs_of "${DISKS[i]}")" ]; then
			why=${why:-"$name: paths $(table_devs "$name"), want $(devs_of "${DISKS[i]}")"}
		elif [ "$(blockdev --getsz "/dev/mapper/$name")" != "$(cat "/sys/block/${DISKS[i]%% *}/size")" ]; then
			why=${why:-"$name: size differs from its disks'"}
		fi
	done
	# -v says which entry kept each blacklisted disk out.
	for i in ${DISKS[2]}; do
		grep -q "$i skipped: blacklisted by wwid" <<<"$out" ||
			why=${why:-"discover -v does not say $i is blacklisted by wwid"}
	done
	result disc-maps "$why" test -z "$why"
}

# LUN 2: no map with its WWID or disks, nothing holds its disks.
s_blacklisted() {
	local why="" sd m
	map_of_wwid "${WWID[2]}" >/dev/null && why="a map for the blacklisted LUN: $(map_of_wwid "${WWID[2]}")"
	for sd in ${DISKS[2]}; do
		[ -z "$(ls "/sys/block/$sd/holders")" ] || why=${why:-"$sd is held by $(ls "/sys/block/$sd/holders")"}
		for m in $(mpath2_maps); do
			table_devs "$m" | grep -qw "$(blk_devt "$sd")" && why=${why:-"$sd is a path of $m"}
		done
	done
	result disc-blacklisted-alone "$why" test -z "$why"
}

# show's tree of map $1 (LUN $2) against the kernel; prints why not.
_show_wrong() {
	local name=$1 lun=$2 out dm sd devt st head
	out=$("$CTL" show "$name" 2>&1)
	printf '%s\n' "$out" | sed 's/^/  show: /' >&2
	dm=$(mp_blkname "$name")
	# multipath -ll's header: "alias (wwid) dm-N ...", "wwid dm-N ..." without alias.
	head="$name (${WWID[lun]}) $dm "
	[ "$name" = "${WWID[lun]}" ] && head="$name $dm "
	grep -q "^$head" <<<"$out" || { echo "$name: header is not '$head...'"; return; }
	[ "$(grep -cE ' sd[a-z]+ [0-9]+:[0-9]+ ' <<<"$out")" -eq 2 ] || { echo "$name: not 2 path lines"; return; }
	for sd in ${DISKS[lun]}; do
		devt=$(blk_devt "$sd")
		st=$(mp_path_state "$name" "$devt")
		[ "$st" = A ] && st=active || st=failed
		grep -q "$(sd_hctl "$sd") $sd $devt $st .* -> $(sd_portal "$sd"):$ISCSI_PORT" <<<"$out" ||
			{ echo "$name: no line '$(sd_hctl "$sd") $sd $devt $st ... -> $(sd_portal "$sd"):$ISCSI_PORT'"; return; }
	done
}

s_show() {
	local why
	why=$(_show_wrong "$MAP0" 0)
	[ -n "$why" ] || why=$(_show_wrong "$ALIAS" 1)
	result disc-show "$why" test -z "$why"
}

# show --json's map $2 (LUN $3) in document $1 against the kernel; prints
# why not.
_json_wrong() {
	local js=$1 name=$2 lun=$3 m dm devs jdevs dev devt sd st
	m=$(jq -c --arg n "$name" '.maps[] | select(.name == $n)' <<<"$js")
	[ -n "$m" ] || { echo "no map $name in the json"; return; }
	dm=$(mp_blkname "$name")
	[ "$(jq -r .wwid <<<"$m")" = "${WWID[lun]}" ] || { echo "$name: json wwid $(jq -r .wwid <<<"$m"), kernel ${WWID[lun]}"; return; }
	[ "$(jq -r .dm_name <<<"$m")" = "$dm" ] || { echo "$name: json dm_name $(jq -r .dm_name <<<"$m"), kernel $dm"; return; }
	[ "$(jq -r '"\(.major):\(.minor)"' <<<"$m")" = "$(cat "/sys/block/$dm/dev")" ] || { echo "$name: json major:minor wrong"; return; }
	[ "$(jq -r .sectors <<<"$m")" = "$(cat "/sys/block/$dm/size")" ] || { echo "$name: json sectors wrong"; return; }
	devs=$(table_devs "$name")
	jdevs=$(jq -r '.groups[].paths[].devt' <<<"$m" | sort | tr '\n' ' ' | sed 's/ $//')
	[ "$jdevs" = "$devs" ] || { echo "$name: json paths '$jdevs', table '$devs'"; return; }
	for devt in $devs; do
		dev=$(jq -c --arg d "$devt" '.groups[].paths[] | select(.devt == $d)' <<<"$m")
		sd=$(jq -r .dev <<<"$dev")
		[ "$(blk_devt "$sd" 2>/dev/null)" = "$devt" ] || { echo "$name: json dev $sd is not $devt"; return; }
		[ "$(kernel_wwid "$sd")" = "${WWID[lun]}" ] || { echo "$name: $sd's kernel WWID is not the map's"; return; }
		[ "$(jq -r .hctl <<<"$dev")" = "$(sd_hctl "$sd")" ] || { echo "$name: $sd json hctl wrong"; return; }
		[ "$(jq -r .device_state <<<"$dev")" = "$(sd_state "$sd")" ] || { echo "$name: $sd json device_state wrong"; return; }
		[ "$(jq -r .iscsi.portal <<<"$dev")" = "$(sd_portal "$sd"):$ISCSI_PORT" ] || { echo "$name: $sd json portal wrong"; return; }
		st=$(mp_path_state "$name" "$devt")
		[ "$st" = A ] && st=active || st=failed
		[ "$(jq -r .dm_state <<<"$dev")" = "$st" ] || { echo "$name: $sd json dm_state $(jq -r .dm_state <<<"$dev"), kernel $st"; return; }
		[ "$(jq -r .fail_count <<<"$dev")" = "$(mp_fail_count "$name" "$devt")" ] || { echo "$name: $sd json fail_count wrong"; return; }
	done
}

s_json() {
	local js why
	js=$("$CTL" show --json 2>&1)
	printf '%s\n' "$js" | head -n 30 | sed 's/^/  json: /'
	if ! jq -e '.format_version == 1' >/dev/null <<<"$js"; then
		result_fail disc-json "show --json does not parse or has no format_version 1"
		return
	fi
	why=$(jq -r '.maps[].name' <<<"$js" | sort | tr '\n' ' ')
	if [ "$why" != "$(printf '%s\n' "$MAP0" "$ALIAS" | sort | tr '\n' ' ')" ]; then
		why="json maps: $why"
	else
		why=$(_json_wrong "$js" "$MAP0" 0)
		[ -n "$why" ] || why=$(_json_wrong "$js" "$ALIAS" 1)
	fi
	result disc-json "$why" test -z "$why"
}

# ---- a third login to LUN 0, later ------------------------------------------------

# A third TPG with LUN 0 only, its portal on $PORTAL3.
lio_add_portal() {
	local tpg=$LIO/iscsi/$ISCSI_IQN/tpgt_3
	mkdir "$tpg" "$tpg/lun/lun_0" "$tpg/np/$PORTAL3:$ISCSI_PORT" &&
		ln -s "$LIO_DEV" "$tpg/lun/lun_0/e2e" &&
		echo 1 >"$tpg/attrib/generate_node_acls" &&
		echo 1 >"$tpg/attrib/cache_dynamic_acls" &&
		echo 0 >"$tpg/attrib/authentication" &&
		echo 0 >"$tpg/attrib/demo_mode_write_protect" &&
		echo 1 >"$tpg/enable" || return 1
	e2e_log "LIO: $ISCSI_IQN tpgt_3 portal $PORTAL3:$ISCSI_PORT, LUN 0"
}

# A node record for $PORTAL3 with the multipath timeouts, then the login.
login_portal3() {
	local kv
	iscsiadm -m node -T "$ISCSI_IQN" -p "$PORTAL3:$ISCSI_PORT" -o new >/dev/null || return 1
	for kv in "${ISCSI_TIMEOUTS[@]}"; do
		iscsiadm -m node -T "$ISCSI_IQN" -p "$PORTAL3:$ISCSI_PORT" -o update \
			-n "${kv%%=*}" -v "${kv#*=}" || return 1
	done
	iscsiadm -m node -T "$ISCSI_IQN" -p "$PORTAL3:$ISCSI_PORT" --login >/dev/null
}

# The new LUN-0 disk (the one behind $PORTAL3), in NEW_SD/NEW_DEV.
_new_disk() {
	local sd
	for sd in $(disks_of_wwid "${WWID[0]}"); do
		grep -qw "$sd" <<<"${DISKS[0]}" && continue
		[ "$(sd_portal "$sd")" = "$PORTAL3" ] || continue
		NEW_SD=$sd
		NEW_DEV=$(blk_devt "$sd")
		return 0
	done
	return 1
}

_map0_has_new() { table_devs "$MAP0" | grep -qw "$NEW_DEV"; }

# Under a fio verify loop on LUN 0's map: the daemon runs, the third
# portal appears and is logged in; its disk must join the map.
s_third_login() {
	local t0 why="" split n
	daemon_start "$CONF"
	wait_until 20 0.2 dlog_has "watching path" || e2e_log "the daemon says nothing of watching paths"
	fio_loop_start "$E2E_TMP/fio" --name=disc --filename="/dev/mapper/$MAP0" \
		--ioengine=libaio --direct=1 --bs=4k --iodepth=16 --rw=randwrite \
		--size=16M --verify=crc32c --verify_fatal=1 --do_verify=1 --eta=never
	sleep 3
	NEW_SD="" NEW_DEV=""
	t0=$(e2e_now_cs)
	if ! lio_add_portal || ! login_portal3; then
		why="the third portal or its login failed"
	elif ! wait_until 30 0.2 _new_disk; then
		why="no new disk with LUN 0's WWID behind $PORTAL3"
	else
		e2e_log "new disk $NEW_SD ($NEW_DEV) $(sd_hctl "$NEW_SD") behind $PORTAL3, $(e2e_since "$t0")s after the portal was made"
		if wait_until 20 0.2 _map0_has_new; then
			e2e_figure "third login: $NEW_SD in the map $(e2e_since "$t0")s after the portal was made, under fio (run $(($(fio_loop_runs) + 1)) of the verify loop)"
		else
			why="$NEW_SD ($NEW_DEV) not in $MAP0 20 s after it appeared"
		fi
	fi
	mp_show "$MAP0"
	sed 's/^/  daemon: /' "$DLOG" | tail -n 8
	if [ -z "$why" ]; then
		n=$(wc -w <<<"$(table_devs "$MAP0")")
		[ "$n" -eq 3 ] || why="$MAP0 has $n paths, want 3"
		for n in $(table_devs "$MAP0"); do
			mp_path_is "$MAP0" "$n" A || why=${why:-"$n not active: $(dmsetup status "$MAP0")"}
		done
		dlog_has "added path $NEW_SD" || why=${why:-"the daemon did not log 'added path $NEW_SD'"}
		# show --json has it too, behind its portal.
		[ -n "$why" ] || why=$(_json_wrong "$("$CTL" show --json 2>&1)" "$MAP0" 0 2>/dev/null)
	fi
	result disc-third-login-joins "$why" test -z "$why"

	# I/O reaches the new path: its share of the next 600 bios.
	if [ -n "$NEW_DEV" ] && _map0_has_new; then
		# shellcheck disable=SC2086 # disk names, word splitting wanted
		split=$(io_split "$(mp_blkname "$MAP0")" 600 ${DISKS[0]} "$NEW_SD")
		e2e_figure "third login: I/Os on ${DISKS[0]} $NEW_SD over 600 on the map: $split; path_stats ios of $NEW_DEV: $(mp_path_stat "$MAP0" "$NEW_DEV" ios)"
		result disc-third-path-io "no I/O on $NEW_SD ($split)" test "${split##* }" -gt 0
	else
		result_fail disc-third-path-io "the third path is not in the map"
	fi
	fio_loop_stop 120
	result disc-fio-verify "$FIO_LOOP_WHY" test -z "$FIO_LOOP_WHY"
	e2e_figure "fio verify loop on $MAP0: $FIO_LOOP_RUNS run(s), all verified"
}

# ---- cleanup -----------------------------------------------------------------------

# The daemon stopped, the maps removed, sessions, LIO and the module gone.
s_cleanup() {
	local why="" m left
	if [ -n "$DPID" ]; then
		kill -TERM "$DPID"
		wait_until 10 0.2 pid_gone "$DPID" || { why="daemon alive 10 s after SIGTERM"; kill -KILL "$DPID"; }
		wait "$DPID" 2>/dev/null
	fi
	for m in $(mpath2_maps); do
		e2e_run "$CTL" remove "$m" || why=${why:-"mpath2ctl remove $m failed"}
	done
	[ -z "$(mpath2_maps)" ] || why=${why:-"maps left: $(mpath2_maps | tr '\n' ' ')"}
	iscsi_teardown || why=${why:-"iSCSI teardown left something behind"}
	left=$(compgen -G '/sys/block/sd*'; compgen -G "$LIO/core/rd_mcp_*"; compgen -G "$LIO/iscsi/$ISCSI_IQN")
	left=$(tr '\n' ' ' <<<"$left" | sed 's/ *$//')
	[ -z "$left" ] || why=${why:-"left behind: $left"}
	mod_unload dm-mpath2 || why=${why:-"dm-mpath2 does not unload"}
	result disc-cleanup "$why" test -z "$why"
}

e2e_plan
if s_setup; then
	s_wwids
	s_dry_run
	s_maps
	s_blacklisted
	s_show
	s_json
	s_third_login
else
	e2e_fail_rest "setup failed"
fi
s_cleanup
e2e_finish
