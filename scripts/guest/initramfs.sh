#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build the initramfs of mpath2's qemu guest, in two parts:
#
#   base     a plain (uncompressed) newc cpio with busybox, bash, kmod,
#            dmsetup, open-iscsi, sg3_utils, fio, iproute2's ip, util-linux's
#            nsenter/setsid/lsblk, jq, their libraries (from ldd) and the guest
#            kernel's modules the tests need (with their dependencies).
#            Cached; rebuilt only when one of its inputs changes.
#   overlay  a small cpio built per run: the project's module
#            (kmod/dm-mpath2.ko, or $MPATH2_GUEST_KO, under
#            /lib/modules/<kver>/updates/, depmod'ed here), tools/mpath2ctl
#            if present, tests/e2e/, and a generated /init that runs one
#            test script and powers the guest off. A script's header line
#            "# e2e-needs: udev" adds systemd-udevd and what goes with it
#            (see udev_binaries below) to its overlay only; "tmux" and
#            "promtool" add those (tests/e2e/top.sh).
#
# The kernel unpacks concatenated cpio archives in order, so the image given
# to qemu is simply base + overlay.
#
# Usage:
#   initramfs.sh base [--kver K]
#       ensure the base cpio exists, print its path
#   initramfs.sh image --out FILE [--kver K] [--env NAME=VALUE]...
#                      [--no-module] SCRIPT [ARGS...]
#       write base + overlay to FILE; SCRIPT (a path on the host, normally
#       under tests/e2e/) runs as the guest's test with ARGS
#
# Guest conventions (read by tests/e2e/lib.sh and scripts/guest/run.sh):
#   /e2e/            copy of tests/e2e/ (the SCRIPT is run from here)
#   /dev/ttyS1       machine-readable channel: E2E-* marker lines
#   /dev/console     (ttyS0) everything, for humans and the log file
#   E2E-EXIT: <rc>   printed by /init when the test script returns
set -euo pipefail

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
die() { echo "$prog: $*" >&2; exit 1; }
log() { echo "$prog: $*" >&2; }

cache=${MPATH2_CACHE:-$HOME/.cache/mpath2}

# Guest kernel modules (dependencies are added by modprobe --show-depends).
guest_modules=(
	configfs
	dm-mod dm-multipath dm-round-robin dm-service-time dm-queue-length
	dm-flakey dm-delay
	null_blk brd loop
	scsi_mod sd_mod sg scsi_dh_alua scsi_debug
	scsi_transport_iscsi libiscsi iscsi_tcp
	target_core_mod target_core_iblock target_core_file iscsi_target_mod
	veth bridge
)
# Needed where they exist: 6.1's iSCSI code asks the crypto API for
# "crc32c" by name at run time. Since 6.14 crc32c is a library, pulled in
# through module dependencies, and these modules are gone.
guest_modules_optional=(crc32c_generic crc32c-intel libcrc32c)

# Host binaries copied into the guest (with their libraries).
guest_binaries=(
	/usr/bin/bash
	/usr/bin/kmod
	/usr/sbin/dmsetup
	/usr/sbin/iscsid /usr/sbin/iscsiadm /usr/sbin/iscsi-iname
	/usr/bin/fio
	/usr/sbin/ip
	/usr/bin/nsenter /usr/bin/setsid /usr/bin/lsblk /usr/sbin/blockdev
	/usr/bin/flock
	/usr/bin/jq
)
kmod_links=(modprobe insmod rmmod lsmod depmod modinfo)

# "# e2e-needs: udev" (tests/e2e/udev.sh): systemd-udevd (udevadm under
# another name) and the programs the rules below call, the stock rules an
# mpath2 host runs (udev's, dmsetup's and kpartx's; Debian's 55-dm and
# 60-persistent-storage-dm are upstream's 10-dm and 13-dm-disk), mpath2's
# own rules as `make install` puts them, sfdisk and mkfs.ext4 to put
# signatures on disks, and lvm to see which disks LVM would take a PV on. Only that group's overlay carries them: the other
# groups run without udevd (DM_DISABLE_UDEV=1 in /init).
udev_binaries=(
	/usr/bin/udevadm /lib/udev/scsi_id /lib/udev/ata_id
	/sbin/kpartx /usr/bin/partx /usr/sbin/sfdisk /usr/sbin/mke2fs /sbin/lvm
)
udev_files=(/lib/udev/kpartx_id /etc/mke2fs.conf)
udev_rules=(
	50-udev-default 55-dm 56-dm-parts 60-block 60-persistent-storage
	60-persistent-storage-dm 60-kpartx 68-del-part-nodes 95-dm-notify
)

sg3_binaries() {
	dpkg -L sg3-utils 2>/dev/null | grep -E '^/(usr/)?bin/sg_[a-z0-9_]+$' |
		sed 's|^/bin/|/usr/bin/|' | sort -u
}

# Map a host path to its place in the guest's merged-/usr tree.
guest_path() {
	case $1 in
	/lib/*|/lib64/*|/bin/*|/sbin/*) echo "usr$1" ;;
	/*) echo "${1#/}" ;;
	*) die "not an absolute path: $1" ;;
	esac
}

# Libraries (and the ELF interpreter) of a dynamic executable.
elf_libs() {
	ldd "$1" 2>/dev/null | awk '
		$2 == "=>" && $3 ~ /^\// { print $3 }
		$1 ~ /^\// { print $1 }' || true
}

# copy_file HOSTPATH STAGE: copy (dereferenced) to the same path in STAGE.
copy_file() {
	local dst
	dst=$2/$(guest_path "$1")
	[ -e "$dst" ] && return 0
	mkdir -p "$(dirname "$dst")"
	cp -L --preserve=mode "$1" "$dst"
}

copy_with_libs() {
	local f=$1 stage=$2 lib
	[ -e "$f" ] || die "missing $f on the host (run scripts/deps.sh)"
	copy_file "$f" "$stage"
	while read -r lib; do
		[ -n "$lib" ] && copy_file "$lib" "$stage"
	done < <(elf_libs "$f")
}

# Print the module files (relative to TREE) MODULE needs, itself included.
module_files() {
	local tree=$1 kver=$2 mod=$3 out
	out=$(modprobe -d "$tree" -S "$kver" --show-depends "$mod" 2>&1) ||
		die "module $mod not found for $kver: $out"
	# (index, not a regex: releases like 6.12.95+deb12-amd64 contain a "+")
	awk -v t="$tree/" '$1 == "insmod" { if (index($2, t) == 1) $2 = substr($2, length(t) + 1); print $2 }' <<<"$out"
}

mk_cpio() { # DIR OUT
	(cd "$1" && find . -mindepth 1 ! -name '.*' -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc --reproducible -R 0:0 --quiet) >"$2.tmp"
	mv "$2.tmp" "$2"
}

# A key over everything the base image is made of: this script, the kernel,
# and the size+mtime of every host file copied in.
base_key() {
	local kver=$1 tree=$2 f
	{
		sha256sum <"$0"
		echo "$kver"
		stat -c '%n %s %Y' "$tree/lib/modules/$kver/modules.dep"
		for f in /usr/bin/busybox "${guest_binaries[@]}" $(sg3_binaries) \
			/etc/iscsi/iscsid.conf; do
			stat -L -c '%n %s %Y' "$f" 2>/dev/null || echo "missing $f"
		done
		for f in /usr/bin/fio /usr/sbin/iscsid /usr/sbin/dmsetup; do
			elf_libs "$f" | xargs -r stat -L -c '%n %s %Y'
		done
	} | sha256sum | cut -c1-16
}

build_base() {
	local kver=$1 tree=$2 out=$3 stage mod rel f applet
	stage=$(mktemp -d "${out%/*}/.stage.XXXXXX")
	# shellcheck disable=SC2064 # expand $stage now
	trap "rm -rf '$stage'" EXIT
	log "building base initramfs for $kver"

	# Merged /usr like Debian 12; /var/run -> /run for iproute2's netns.
	mkdir -p "$stage"/usr/{bin,sbin,lib,lib64} "$stage"/{dev,proc,sys,run,tmp,root,mnt,etc,var,e2e}
	ln -s usr/bin "$stage/bin"
	ln -s usr/sbin "$stage/sbin"
	ln -s usr/lib "$stage/lib"
	ln -s usr/lib64 "$stage/lib64"
	ln -s /run "$stage/var/run"
	ln -s /run/lock "$stage/var/lock"
	chmod 1777 "$stage/tmp"

	for f in "${guest_binaries[@]}"; do
		copy_with_libs "$f" "$stage"
	done
	while read -r f; do
		copy_with_libs "$f" "$stage"
	done < <(sg3_binaries)
	for f in "${kmod_links[@]}"; do
		ln -s ../bin/kmod "$stage/usr/sbin/$f"
	done
	ln -s bash "$stage/usr/bin/sh.bash"

	# busybox fills in everything else (sh, mount, awk, dmesg, poweroff...),
	# never shadowing a real binary copied above.
	copy_file /usr/bin/busybox "$stage"
	while read -r applet; do
		applet=${applet##*/}
		[ -n "$applet" ] || continue
		[ -e "$stage/usr/bin/$applet" ] || [ -e "$stage/usr/sbin/$applet" ] ||
			[ -L "$stage/usr/sbin/$applet" ] || ln -s busybox "$stage/usr/bin/$applet"
	done < <(/usr/bin/busybox --list)

	# /etc
	printf 'root:x:0:0:root:/root:/bin/bash\n' >"$stage/etc/passwd"
	printf 'root:x:0:\n' >"$stage/etc/group"
	printf 'mpath2-guest\n' >"$stage/etc/hostname"
	printf '127.0.0.1 localhost mpath2-guest\n' >"$stage/etc/hosts"
	: >"$stage/etc/fstab"
	mkdir -p "$stage/etc/iscsi"
	# iscsid is started by the tests; iscsiadm must never try systemctl.
	sed 's|^iscsid.startup *=.*|iscsid.startup = /bin/true|' /etc/iscsi/iscsid.conf \
		>"$stage/etc/iscsi/iscsid.conf"
	printf 'InitiatorName=iqn.2005-03.org.open-iscsi:mpath2-guest\n' \
		>"$stage/etc/iscsi/initiatorname.iscsi"

	# Kernel modules and their dependencies, then index them.
	local -A seen=()
	for mod in "${guest_modules[@]}" "${guest_modules_optional[@]}"; do
		if [[ " ${guest_modules_optional[*]} " = *" $mod "* ]] &&
			! modprobe -d "$tree" -S "$kver" --show-depends "$mod" >/dev/null 2>&1; then
			log "$mod: not in $kver (optional), skipped"
			continue
		fi
		while read -r rel; do
			if [ -z "$rel" ] || [ -n "${seen[$rel]:-}" ]; then
				continue
			fi
			seen[$rel]=1
			mkdir -p "$stage/usr/$(dirname "$rel")"
			cp "$tree/$rel" "$stage/usr/$rel"
		done < <(module_files "$tree" "$kver" "$mod")
	done
	for f in modules.order modules.builtin modules.builtin.modinfo; do
		cp "$tree/lib/modules/$kver/$f" "$stage/usr/lib/modules/$kver/"
	done
	depmod -b "$stage" "$kver"

	mk_cpio "$stage" "$out"
	# Keep the module tree: the per-run overlay re-runs depmod over it.
	rm -rf "${out%.cpio}.modules"
	mv "$stage/usr/lib/modules/$kver" "${out%.cpio}.modules"
	rm -rf "$stage"
	trap - EXIT
	log "base initramfs: $out ($(du -m "$out" | cut -f1) MiB, ${#seen[@]} modules)"
}

# ensure_base KVER -> prints the base cpio path
ensure_base() {
	local kver=$1 tree key dir out
	tree=$("$here/kernel.sh" --dir "$kver")
	key=$(base_key "$kver" "$tree")
	dir=$cache/initramfs/$kver
	out=$dir/base-$key.cpio
	mkdir -p "$dir"
	# Concurrent runs: one builds, the others wait for it.
	exec 9>"$dir/.lock"
	flock 9
	if [ ! -s "$out" ] || [ ! -d "${out%.cpio}.modules" ]; then
		# Drop bases of other inputs once no run can still be reading them.
		find "$dir" -mindepth 1 -maxdepth 1 -name 'base-*' ! -name "base-$key.*" \
			-mmin +60 -exec rm -rf {} +
		build_base "$kver" "$tree" "$out"
	fi
	exec 9>&-
	echo "$out"
}

# add_udev STAGE TMPDIR: the "# e2e-needs: udev" files into an overlay.
add_udev() {
	local stage=$1 tmp=$2 f r
	for f in "${udev_binaries[@]}"; do
		copy_with_libs "$f" "$stage"
	done
	for f in "${udev_files[@]}"; do
		[ -e "$f" ] || die "missing $f on the host (run scripts/deps.sh)"
		copy_file "$f" "$stage"
	done
	mkdir -p "$stage/usr/lib/systemd" "$stage/usr/lib/udev/rules.d" "$stage/etc/udev/rules.d"
	ln -sf ../../bin/udevadm "$stage/usr/lib/systemd/systemd-udevd"
	ln -sf mke2fs "$stage/usr/sbin/mkfs.ext4"
	for r in "${udev_rules[@]}"; do
		f=/lib/udev/rules.d/$r.rules
		[ -e "$f" ] || die "missing $f on the host (run scripts/deps.sh)"
		cp "$f" "$stage/usr/lib/udev/rules.d/"
	done
	# mpath2's rules, installed by the Makefile's own rule.
	make -s -C "$top" install-config DESTDIR="$tmp/inst" UDEVRULESDIR=/lib/udev/rules.d \
		>/dev/null || die "make install-config failed"
	cp "$tmp/inst/lib/udev/rules.d/"*.rules "$stage/usr/lib/udev/rules.d/"
	# Claiming paths before blkid is "# e2e-needs: claim"'s (add_claim).
	rm -f "$stage/usr/lib/udev/rules.d/56-mpath2-claim.rules"
	# The groups the stock rules name (else udevd warns about each one).
	awk -F: '$3 < 1000' /etc/group >"$stage/etc/group"
}

# add_tmux STAGE: "# e2e-needs: tmux" (tests/e2e/top.sh): tmux, to run
# `mpath2ctl top` on a terminal and read the screen back (capture-pane),
# the terminfo of the "screen" terminal its panes are, and the C.UTF-8
# locale (tmux refuses to start without a UTF-8 one).
add_tmux() {
	copy_with_libs /usr/bin/tmux "$1"
	copy_file /lib/terminfo/s/screen "$1"
	mkdir -p "$1/usr/lib/locale"
	cp -R /usr/lib/locale/C.utf8 "$1/usr/lib/locale/"
}

# add_promtool STAGE: "# e2e-needs: promtool": Prometheus' promtool, for
# `promtool check metrics` on `mpath2ctl stats --prometheus` (unpacked
# from Debian's prometheus package into the cache, never installed).
add_promtool() {
	local bin
	bin=$("$top/scripts/promtool.sh") || die "no promtool (scripts/promtool.sh)"
	mkdir -p "$1/usr/bin"
	cp "$bin" "$1/usr/bin/promtool"
}

# add_multipath_tools STAGE: "# e2e-needs: multipath-tools"
# (tests/e2e/scale.sh): Debian's multipath, multipathd and multipathc,
# their libraries and checker/prioritizer plugins, unpacked by
# scripts/multipath-tools.sh (never installed on this machine), and the
# machine's libraries they link.
add_multipath_tools() {
	local stage=$1 root f lib libdir=usr/lib/x86_64-linux-gnu
	root=$("$top/scripts/multipath-tools.sh") || die "no multipath-tools (scripts/multipath-tools.sh)"
	mkdir -p "$stage/usr/sbin" "$stage/$libdir" "$stage/usr/lib/multipath" \
		"$stage/etc/multipath"
	cp "$root"/sbin/multipath "$root"/sbin/multipathd "$root"/sbin/multipathc \
		"$stage/usr/sbin/"
	cp -P "$root"/lib/lib*.so* "$root/$libdir"/liburcu* "$stage/$libdir/"
	cp "$root"/lib/multipath/*.so "$stage/usr/lib/multipath/"
	for f in "$root"/sbin/multipath* "$root"/lib/lib*.so.0 "$root"/lib/multipath/*.so; do
		while read -r lib; do
			case $lib in "$root"/*|"") continue ;; esac
			copy_file "$lib" "$stage"
		done < <(LD_LIBRARY_PATH=$root/lib:$root/$libdir elf_libs "$f")
	done
}

# add_claim STAGE TMPDIR: "# e2e-needs: udev claim" (tests/e2e/claim.sh):
# mpath2's claim rule as a package installs it (is-path in /usr/sbin, where
# the guest has mpath2ctl) and LVM's own rules (56-lvm.rules: the
# /dev/VG/LV links lvcreate waits for; 69-lvm.rules: pvscan and
# autoactivation, which a claimed disk must escape).
add_claim() {
	local stage=$1 tmp=$2 f
	for f in /lib/udev/rules.d/56-lvm.rules /lib/udev/rules.d/69-lvm.rules; do
		[ -e "$f" ] || die "missing $f on the host (run scripts/deps.sh)"
		cp "$f" "$stage/usr/lib/udev/rules.d/"
	done
	make -s -C "$top" install-config DESTDIR="$tmp/claim" \
		UDEVRULESDIR=/lib/udev/rules.d SBINDIR=/usr/sbin >/dev/null ||
		die "make install-config failed"
	cp "$tmp/claim/lib/udev/rules.d/56-mpath2-claim.rules" \
		"$stage/usr/lib/udev/rules.d/"
}

# POSIX-sh single quoting for the generated /init.
shq() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

write_init() { # FILE SCRIPT_BASENAME ENV_ASSIGNMENTS_FILE ARGS...
	local file=$1 script=$2 envfile=$3 a args=""
	shift 3
	for a in "$@"; do args="$args $(shq "$a")"; done
	{
		cat <<'EOF'
#!/bin/sh
# Generated by scripts/guest/initramfs.sh: run one mpath2 e2e test script.
export PATH=/usr/sbin:/usr/bin
export HOME=/root TERM=dumb LANG=C
# No udev in the guest (tests/e2e/udev.sh starts its own udevd and unsets
# this): libdevmapper must create /dev/mapper nodes itself.
export DM_DISABLE_UDEV=1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
# devtmpfs has no /dev/fd: bash's process substitution needs it.
ln -s /proc/self/fd /dev/fd
ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout
ln -s /proc/self/fd/2 /dev/stderr
mount -t devpts devpts /dev/pts
mount -t tmpfs -o mode=1777 tmpfs /dev/shm
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/lock/iscsi
modprobe configfs && mount -t configfs configfs /sys/kernel/config
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
hostname mpath2-guest
ip link set lo up
# Report tasks stuck in D state sooner than the default 120 s.
echo 30 >/proc/sys/kernel/hung_task_timeout_secs 2>/dev/null
stty -F /dev/ttyS1 raw -echo 2>/dev/null
E2E_MARKERS=/dev/ttyS1
export E2E_MARKERS
EOF
		cat "$envfile"
		cat <<EOF
E2E_SCRIPT=$(shq "/e2e/$script")
EOF
		cat <<'EOF'
export E2E_SCRIPT
up=$(cut -d' ' -f1 /proc/uptime)
echo "E2E-BOOT: ${up}s" | tee -a "$E2E_MARKERS"
echo "=== e2e: running $E2E_SCRIPT at uptime ${up}s (kernel $(uname -r))"
cd /e2e
EOF
		# shellcheck disable=SC2016 # $E2E_SCRIPT expands in the guest
		printf '/bin/bash "$E2E_SCRIPT"%s </dev/null\n' "$args"
		cat <<'EOF'
rc=$?
up=$(cut -d' ' -f1 /proc/uptime)
echo "E2E-EXIT: $rc at ${up}s" | tee -a "$E2E_MARKERS"
echo "=== e2e: kernel log"
echo "E2E-DMESG-BEGIN"
dmesg
echo "E2E-DMESG-END"
echo "E2E-POWEROFF" >>"$E2E_MARKERS"
sync
poweroff -f
EOF
	} >"$file"
	chmod 755 "$file"
}

# build_image KVER OUT SCRIPT WITH_MODULE TMPDIR [ARGS...]; TMPDIR holds
# env.sh (the --env assignments) and is the scratch space.
build_image() {
	local kver=$1 out=$2 script=$3 with_module=$4 tmp=$5
	shift 5
	local base kdir ko dep rel name tool f
	base=$(ensure_base "$kver")
	mkdir -p "$tmp/stage/usr/lib/modules" "$tmp/stage/usr/sbin" "$tmp/stage/e2e"

	# Tests: everything in tests/e2e, plus the script if it lives elsewhere.
	cp -R "$top/tests/e2e/." "$tmp/stage/e2e/"
	name=${script##*/}
	[ -e "$tmp/stage/e2e/$name" ] || cp "$script" "$tmp/stage/e2e/$name"
	write_init "$tmp/stage/init" "$name" "$tmp/env.sh" "$@"

	# The project's module, depmod'ed against the base module tree.
	ko=${MPATH2_GUEST_KO:-$top/kmod/dm-mpath2.ko}
	if [ "$with_module" = 1 ] && [ -e "$ko" ]; then
		local tree
		tree=$("$here/kernel.sh" --dir "$kver")
		kdir=$tmp/mods/usr/lib/modules/$kver
		mkdir -p "$tmp/mods/usr/lib/modules"
		ln -s usr/lib "$tmp/mods/lib"
		cp -R "${base%.cpio}.modules" "$kdir"
		mkdir -p "$kdir/updates"
		cp "$ko" "$kdir/updates/"
		# Dependencies outside the base set come from the kernel tree.
		for dep in $(modinfo -F depends "$ko" | tr ',' ' '); do
			while read -r rel; do
				[ -e "$tmp/mods/usr/$rel" ] && continue
				log "adding $rel (needed by dm-mpath2)"
				mkdir -p "$tmp/mods/usr/$(dirname "$rel")"
				cp "$tree/$rel" "$tmp/mods/usr/$rel"
				mkdir -p "$tmp/stage/usr/$(dirname "$rel")"
				cp "$tree/$rel" "$tmp/stage/usr/$rel"
			done < <(module_files "$tree" "$kver" "$dep")
		done
		depmod -b "$tmp/mods" "$kver"
		mkdir -p "$tmp/stage/usr/lib/modules/$kver"
		cp -R "$kdir/updates" "$tmp/stage/usr/lib/modules/$kver/"
		cp "$kdir"/modules.* "$tmp/stage/usr/lib/modules/$kver/"
	fi

	# The project's tools, if built.
	tool=$top/tools/mpath2ctl
	if [ -x "$tool" ]; then
		cp "$tool" "$tmp/stage/usr/sbin/"
		while read -r f; do
			[ -n "$f" ] && copy_file "$f" "$tmp/stage"
		done < <(elf_libs "$tool")
	fi

	# Extras the script asks for in "# e2e-needs: WORD..." header lines.
	local need needs
	read -r -a needs <<<"$(sed -n 's/^# e2e-needs://p' "$script" | tr '\n' ' ')"
	for need in ${needs[@]+"${needs[@]}"}; do
		case $need in
		udev) add_udev "$tmp/stage" "$tmp" ;;
		claim) add_claim "$tmp/stage" "$tmp" ;;
		multipath-tools) add_multipath_tools "$tmp/stage" ;;
		tmux) add_tmux "$tmp/stage" ;;
		promtool) add_promtool "$tmp/stage" ;;
		*) die "$script: unknown e2e-needs '$need'" ;;
		esac
	done

	mk_cpio "$tmp/stage" "$tmp/overlay.cpio"
	cat "$base" "$tmp/overlay.cpio" >"$out.tmp"
	mv "$out.tmp" "$out"
}

usage() { sed -n '4,32s/^# \{0,1\}//p' "$0"; }

cmd=${1:-}
[ $# -gt 0 ] && shift
kver="" out="" with_module=1
envs=()
while [ $# -gt 0 ]; do
	case $1 in
	--kver) kver=${2:?--kver needs a value}; shift 2 ;;
	--out) out=${2:?--out needs a value}; shift 2 ;;
	--env)
		[[ ${2:-} =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || die "--env needs NAME=VALUE"
		envs+=("$2"); shift 2 ;;
	--no-module) with_module=0; shift ;;
	-h|--help) usage; exit 0 ;;
	--) shift; break ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
[ -n "$kver" ] || kver=$("$here/kernel.sh")

case $cmd in
base)
	[ $# -eq 0 ] || die "base takes no arguments"
	ensure_base "$kver"
	;;
image)
	[ -n "$out" ] || die "image needs --out FILE"
	[ $# -ge 1 ] || die "image needs a SCRIPT"
	script=$1
	shift
	[ -f "$script" ] || die "no such test script: $script"
	work=$(mktemp -d "${TMPDIR:-/tmp}/mpath2-overlay.XXXXXX")
	# shellcheck disable=SC2064 # expand $work now
	trap "rm -rf '$work'" EXIT
	for e in ${envs[@]+"${envs[@]}"}; do
		printf '%s=%s\nexport %s\n' "${e%%=*}" "$(shq "${e#*=}")" "${e%%=*}"
	done >"$work/env.sh"
	build_image "$kver" "$out" "$script" "$with_module" "$work" "$@"
	;;
-h|--help|"") usage; [ -n "$cmd" ] ;;
*) die "unknown command '$cmd' (try --help)" ;;
esac
