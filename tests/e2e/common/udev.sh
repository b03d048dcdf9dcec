# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# shellcheck disable=SC2034 # variables set here are read by the groups
#
# A real systemd-udevd in the guest ("# e2e-needs: udev" puts it and the
# stock rules in the image). Sourced by the groups that run one (udev,
# storm), after tests/e2e/lib.sh; not by lib.sh: the others have no udevd.
# A group sets ULOG (udevd's log file) before udevd_start.

UDEVD=/usr/lib/systemd/systemd-udevd
UDEVD_PID=

settle() { timeout 40 udevadm settle --timeout=30; }

# udev's properties of a device (a name under /dev), one KEY=value a line.
uprops() { udevadm info --query=property --name="$1" 2>/dev/null; }

# uprop DEV KEY: one property's value (empty if unset).
uprop() { uprops "$1" | sed -n "s/^$2=//p"; }

# No udev cookie (libdevmapper's semaphores) is left.
no_cookies() { [ "$(dmsetup udevcookies 2>/dev/null | tail -n +2 | grep -c .)" = 0 ]; }

udevd_up() { [ -S /run/udev/control ] && timeout 5 udevadm control --ping 2>/dev/null; }

# udevd_start: start udevd (pid in UDEVD_PID) and coldplug, as
# systemd-udev-trigger.service does at boot; wait until it settles.
udevd_start() {
	mkdir -p /run/udev
	setsid "$UDEVD" >"$ULOG" 2>&1 </dev/null &
	UDEVD_PID=$!
	wait_until 15 0.1 udevd_up || return 1
	e2e_log "systemd-udevd pid $UDEVD_PID, rules: $(cd /usr/lib/udev/rules.d && echo *)"
	[ "${E2E_UDEV_DEBUG:-0}" = 1 ] && udevadm control --log-level=debug
	sed 's/^/  udevd-start: /' "$ULOG"
	timeout 60 udevadm trigger --type=subsystems --action=add &&
		timeout 60 udevadm trigger --type=devices --action=add && settle
}

udevd_log_tail() { tail -n 20 "$ULOG" 2>/dev/null | sed 's/^/  udevd: /'; }

# udevd_stop: settle, stop udevd and put DM_DISABLE_UDEV back. What went
# wrong (udevd died meanwhile, did not exit) in UDEVD_WHY, empty if all
# went well; the errors udevd logged go to the log.
UDEVD_WHY=""
udevd_stop() {
	UDEVD_WHY=""
	[ -n "$UDEVD_PID" ] || return 0
	settle
	pid_gone "$UDEVD_PID" && UDEVD_WHY="systemd-udevd died during the test"
	timeout 10 udevadm control --exit
	if ! wait_until 10 0.2 pid_gone "$UDEVD_PID"; then
		UDEVD_WHY=${UDEVD_WHY:-"systemd-udevd did not exit"}
		bg_stop "$UDEVD_PID"
	fi
	wait "$UDEVD_PID" 2>/dev/null
	UDEVD_PID=
	export DM_DISABLE_UDEV=1
	grep -iE 'error|fail|timed out|killed' "$ULOG" | head -n 20 | sed 's/^/  udevd: /'
	[ -z "$UDEVD_WHY" ]
}
