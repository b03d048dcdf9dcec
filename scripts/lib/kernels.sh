# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The kernels mpath2 supports, and how to build for each on a Debian 12
# machine without installing any kernel on it. Sourced by
# scripts/check-kernels.sh, scripts/dkms-check.sh, scripts/deps.sh,
# scripts/kunit.sh (--smp) and
# scripts/guest/smoke-kernels.sh.
#
#   suite               series  headers come from
#   bookworm            6.1     the installed linux-headers-<kver>, or unpacked
#   bookworm-backports  6.12    unpacked into the cache (see below)
#   sid                 7.x     installed in a sid chroot (sid's gcc)
#
# Each kernel is named by its suite; its release (kver) is resolved from the
# suite's linux-headers-amd64 meta package, never hard-coded.
#
# Since 6.12, Debian's linux-headers-<kver> depends on linux-image-<kver>:
# installing the 6.12 headers with apt would install a kernel image on this
# machine. So the headers of the host's suites are `apt-get download`ed and
# unpacked (dpkg-deb -x) under the cache, with their Makefile pointed at the
# unpacked tree; an installed headers package is used as is.
#
# sid's headers need sid's gcc: they live in a chroot made with debootstrap
# (minbase) from the Debian mirror apt already uses, under
# $MPATH2_CACHE/chroot/sid, made again from scratch (~30 s) when older
# than $MPATH2_SID_MAX_AGE days (default 7; 0: every run). Commands run in it
# through sid_run, which mounts /proc and binds host directories at their
# own paths in a private mount namespace: the mounts die with the command,
# even when it is killed, and never show on the host.
#
# Environment: MPATH2_CACHE (default ~/.cache/mpath2), MPATH2_DEBIAN_MIRROR
# (instead of the one read from /etc/apt/sources.list*), MPATH2_SID_MAX_AGE.
#
# Functions print their diagnostics on stderr prefixed with $prog and
# return non-zero on failure; none of them exits.

K_CACHE=${MPATH2_CACHE:-$HOME/.cache/mpath2}
K_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SID_ROOT=$K_CACHE/chroot/sid
# Packages in the sid chroot: the build, and dkms for scripts/dkms-check.sh.
SID_PACKAGES=(make linux-headers-amd64 dkms)

# The callers' make (e.g. `make -j8 check-kernels`) must not leak its
# jobserver and variables into the builds run from here.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

k_log() { echo "${prog:-kernels}: $*" >&2; }

# The machine's Debian codename (bookworm).
k_codename() {
	# shellcheck disable=SC1091 # the machine's file
	(. /etc/os-release && echo "${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}")
}

# The supported kernels, oldest first.
k_suites() {
	local c
	c=$(k_codename) || return 1
	echo "$c" "$c-backports" sid
}

# ---- apt sources ----------------------------------------------------------------

# "URI SUITE" for every enabled deb source, one-line and deb822 formats.
k_apt_sources() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -r "$f" ] || continue
		# deb [option=value ...] URI SUITE COMPONENT...
		awk '$1 == "deb" {
			i = 2
			if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
			print $i, $(i + 1)
		}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		awk 'function flush(u, s) {
			if (deb && enabled)
				for (u in uris) for (s in suites) print u, s
			deb = 0; enabled = 1; split("", uris); split("", suites)
		}
		BEGIN { enabled = 1 }
		/^[ \t]*$/ { flush(); next }
		/^#/ { next }
		tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
		tolower($1) == "uris:" { for (i = 2; i <= NF; i++) uris[$i] = 1 }
		tolower($1) == "suites:" { for (i = 2; i <= NF; i++) suites[$i] = 1 }
		tolower($1) == "enabled:" { enabled = tolower($2) != "no" }
		END { flush() }' "$f"
	done
}

# The Debian mirror apt uses for the machine's own suite.
k_mirror() {
	local c uri
	if [ -n "${MPATH2_DEBIAN_MIRROR:-}" ]; then
		echo "${MPATH2_DEBIAN_MIRROR%/}"
		return
	fi
	c=$(k_codename) || return 1
	uri=$(k_apt_sources | awk -v s="$c" '$2 == s { print $1; exit }')
	if [ -z "$uri" ]; then
		k_log "no '$c' source in /etc/apt/sources.list*: set MPATH2_DEBIAN_MIRROR"
		return 1
	fi
	echo "${uri%/}"
}

# k_apt_update_suite SUITE: fetch the package lists of SUITE only, adding a
# sources entry for it (from the machine's mirror) if apt has none.
k_apt_update_suite() {
	local suite=$1 list=/etc/apt/sources.list.d/mpath2-$1.sources mirror tmp rc=0
	mirror=$(k_mirror) || return 1
	if ! k_apt_sources | awk -v s="$suite" '$2 == s { found = 1 } END { exit !found }'; then
		k_log "adding $list ($mirror $suite)"
		printf '%s\n' "# Added by mpath2's scripts/lib/kernels.sh: headers and images of" \
			"# the kernel series in $suite (downloaded, never installed)." \
			"Types: deb" "URIs: $mirror" "Suites: $suite" "Components: main" \
			"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" >"$list"
	fi
	tmp=$(mktemp --suffix=.sources)
	printf '%s\n' "Types: deb" "URIs: $mirror" "Suites: $suite" "Components: main" \
		"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" >"$tmp"
	chmod 644 "$tmp"
	k_log "apt-get update ($suite only)"
	apt-get update -qq -o Dir::Etc::sourcelist="$tmp" -o Dir::Etc::sourceparts=- \
		-o APT::Get::List-Cleanup=0 >&2 || rc=$?
	rm -f "$tmp"
	return $rc
}

# ---- kernels of the machine's suites: headers unpacked, never installed -----------

# apt's -t option for SUITE: none for the machine's own suite, whose kernel
# updates also come from <codename>-security.
k_apt_target() {
	[ "$1" = "$(k_codename)" ] || echo "-t $1"
}

# k_host_kver SUITE: the release linux-headers-amd64 depends on in SUITE.
k_host_kver() {
	local suite=$1 kver
	# shellcheck disable=SC2046 # k_apt_target is 0 or 2 words
	kver=$(apt-cache $(k_apt_target "$suite") depends linux-headers-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-headers-\([0-9][^ ]*-amd64\)$/\1/p' | head -n 1)
	if [ -z "$kver" ]; then
		k_log "cannot resolve linux-headers-amd64 in $suite (apt-cache depends)"
		return 1
	fi
	echo "$kver"
}

# k_host_headers SUITE KVER: print the kbuild directory of KVER's headers:
# the installed package's, or an unpacked copy under the cache.
k_host_headers() {
	local suite=$1 kver=$2 root dir tmp pkgs deb
	if [ -f "/usr/src/linux-headers-$kver/Makefile" ] &&
		dpkg-query -W -f='${Status}' "linux-headers-$kver" 2>/dev/null | grep -q 'ok installed'; then
		echo "/usr/src/linux-headers-$kver"
		return
	fi
	root=$K_CACHE/headers/$kver
	dir=$root/usr/src/linux-headers-$kver
	if [ -e "$root/.complete" ] && grep -q "$root/usr/src/" "$dir/Makefile" 2>/dev/null; then
		echo "$dir"
		return
	fi
	# linux-headers-<kver> plus the -common and linux-kbuild packages it
	# depends on; not its linux-image dependency.
	# shellcheck disable=SC2046 # k_apt_target is 0 or 2 words
	mapfile -t pkgs < <(echo "linux-headers-$kver"
		apt-cache $(k_apt_target "$suite") depends "linux-headers-$kver" 2>/dev/null |
			sed -n 's/^ *|\{0,1\}Depends: \(linux-\(headers\|kbuild\)-[^ ]*\)$/\1/p')
	mkdir -p "$K_CACHE/headers"
	tmp=$(mktemp -d "$K_CACHE/headers/.fetch.XXXXXX")
	k_log "downloading ${pkgs[*]}"
	# shellcheck disable=SC2046 # k_apt_target is 0 or 2 words
	if ! (cd "$tmp" && apt-get download -qq -o APT::Sandbox::User="$(id -un)" \
		$(k_apt_target "$suite") "${pkgs[@]}" >&2); then
		k_log "apt-get download ${pkgs[*]} failed"
		rm -rf "$tmp"
		return 1
	fi
	for deb in "$tmp"/*.deb; do
		dpkg-deb -x "$deb" "$tmp/root"
	done
	rm -rf "$root"
	mv "$tmp/root" "$root"
	rm -rf "$tmp"
	# Debian's Makefile includes the -common tree by absolute path.
	if [ ! -f "$dir/Makefile" ]; then
		k_log "linux-headers-$kver has no $dir/Makefile"
		return 1
	fi
	sed -i "s|/usr/src/|$root/usr/src/|g" "$dir/Makefile"
	touch "$root/.complete"
	echo "$dir"
}

# ---- the sid chroot ----------------------------------------------------------------

# Refuse to delete a tree something is mounted on.
k_no_mounts_under() {
	if awk -v d="$1/" 'index($2 "/", d) == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
		k_log "refusing to remove $1: something is mounted under it"
		return 1
	fi
}

# sid_run [--bind DIR]... CMD...: run CMD in the sid chroot as root with a
# clean environment, /proc mounted and each DIR bind-mounted at its own
# path, in a private mount namespace (see the top of this file).
sid_run() {
	local binds=()
	while [ "${1:-}" = --bind ]; do
		binds+=("$2")
		shift 2
	done
	# shellcheck disable=SC2016 # expanded by the inner bash
	unshare --mount --propagation private -- bash -euc '
		root=$1 n=$2
		shift 2
		mount -t proc proc "$root/proc"
		while [ "$n" -gt 0 ]; do
			mkdir -p "$root$1"
			mount --bind "$1" "$root$1"
			shift
			n=$((n - 1))
		done
		exec chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
	' sid-run "$SID_ROOT" "${#binds[@]}" "${binds[@]}" "$@"
}

# Make a fresh chroot in $SID_ROOT.new and swap it in. Logs to $1.
k_sid_create() {
	local log=$1 new=$SID_ROOT.new mirror old=$SID_ROOT
	command -v debootstrap >/dev/null || { k_log "debootstrap is missing (make deps)"; return 1; }
	mirror=$(k_mirror) || return 1
	k_no_mounts_under "$new" && rm -rf "$new" || return 1
	k_log "debootstrap --variant=minbase sid from $mirror (log: $log)"
	debootstrap --variant=minbase sid "$new" "$mirror" >"$log" 2>&1 || {
		k_log "debootstrap failed: $(tail -n 3 "$log" | tr '\n' ' ')"
		return 1
	}
	# No recommends; no service may start in the chroot.
	printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' \
		>"$new/etc/apt/apt.conf.d/90mpath2"
	printf '#!/bin/sh\nexit 101\n' >"$new/usr/sbin/policy-rc.d"
	chmod 755 "$new/usr/sbin/policy-rc.d"
	k_log "installing ${SID_PACKAGES[*]} in the chroot"
	if ! SID_ROOT=$new sid_run apt-get install -y -q "${SID_PACKAGES[@]}" >>"$log" 2>&1; then
		k_log "apt-get install in the chroot failed: $(tail -n 3 "$log" | tr '\n' ' ')"
		return 1
	fi
	SID_ROOT=$new sid_run apt-get clean >>"$log" 2>&1
	date -u +%FT%TZ >"$new/.mpath2-ready"
	if [ -d "$old" ]; then
		k_no_mounts_under "$old" || return 1
		rm -rf "$old.old"
		mv "$old" "$old.old"
	fi
	mv "$new" "$SID_ROOT"
	rm -rf "$old.old"
}

# k_sid_stale REFRESH: the chroot is missing, or must be made again.
k_sid_stale() {
	local max_age=${MPATH2_SID_MAX_AGE:-7}
	[ -e "$SID_ROOT/.mpath2-ready" ] || return 0
	[ "$1" = 0 ] || return 0
	[ -n "$(find "$SID_ROOT/.mpath2-ready" -mmin +$((max_age * 1440)))" ]
}

# sid_ensure [--refresh]: a ready sid chroot, made or renewed if needed.
# Holds a shared lock on it until the caller exits: a renewal waits for
# every user to finish. A child of a process that ensured the chroot
# (MPATH2_SID_ENSURED in its environment) only takes the shared lock.
sid_ensure() {
	local refresh=0
	[ "${1:-}" = --refresh ] && refresh=1
	[[ ${MPATH2_SID_MAX_AGE:-7} =~ ^[0-9]+$ ]] ||
		{ k_log "MPATH2_SID_MAX_AGE must be a number of days"; return 1; }
	[ -z "${K_SID_LOCK:-}" ] || return 0	# done already in this process
	mkdir -p "$K_CACHE/chroot"
	exec {K_SID_LOCK}>"$K_CACHE/chroot/sid.lock"
	flock -s "$K_SID_LOCK"
	[ "${MPATH2_SID_ENSURED:-}" != "$SID_ROOT" ] || [ ! -e "$SID_ROOT/.mpath2-ready" ] || return 0
	if k_sid_stale $refresh; then
		# Shared -> exclusive is not atomic: drop the shared lock first (two
		# runs upgrading at once would wait for each other for ever), then
		# look again, since another run may have made the chroot meanwhile.
		flock -u "$K_SID_LOCK"
		flock -x "$K_SID_LOCK"
		if [ ! -e "$SID_ROOT/.mpath2-ready" ]; then
			k_sid_create "$K_CACHE/chroot/sid-create.log" || return 1
		elif k_sid_stale $refresh; then
			k_log "renewing the sid chroot (made $(cat "$SID_ROOT/.mpath2-ready"))"
			k_sid_create "$K_CACHE/chroot/sid-create.log" ||
				k_log "renewal failed: keeping the chroot made $(cat "$SID_ROOT/.mpath2-ready")"
		fi
		flock -s "$K_SID_LOCK"
	fi
	# apt in the chroot (kernel downloads) resolves names as the host does.
	if ! cmp -s /etc/resolv.conf "$SID_ROOT/etc/resolv.conf"; then
		rm -f "$SID_ROOT/etc/resolv.conf"
		cp -L /etc/resolv.conf "$SID_ROOT/etc/resolv.conf" 2>/dev/null || true
	fi
	export MPATH2_SID_ENSURED=$SID_ROOT
}

# The release the chroot's installed linux-headers-amd64 depends on.
k_sid_kver() {
	# shellcheck disable=SC2016 # a dpkg-query format
	chroot "$SID_ROOT" dpkg-query -W -f='${Depends}\n' linux-headers-amd64 2>/dev/null |
		tr ',' '\n' | sed -n 's/^ *linux-headers-\([0-9][^ ]*-amd64\).*/\1/p' | head -n 1
}

# ---- sid's kernel source (the SMP KUnit run in UML) ------------------------------

# sid_source: print the path of sid's linux-source-X.Y tarball, unpacked
# from the package under $K_CACHE/sid-source (never installed anywhere).
# scripts/kunit.sh --smp builds its UML kernel from it: bookworm's 6.1 has
# no UML SMP. The series is the one sid's `linux-source` meta package
# depends on; the package (all-arch, ~160 MB) is `apt-get download`ed and
# unpacked with dpkg-deb inside the sid chroot (sid's dpkg reads whatever
# compression sid uses). Cached by the package's version: a second call
# does no download, and a new version (the chroot's package lists are
# renewed with it, see sid_ensure) replaces the old one.
sid_source() {
	local dir=$K_CACHE/sid-source try pkg ver root tarball tmp old lock
	sid_ensure || return 1
	mkdir -p "$dir"
	# One fetch at a time; a second run waits and then finds it done.
	exec {lock}>"$dir/.lock"
	flock "$lock"
	# Twice at most: the chroot's package lists may be older than the
	# archive (sid drops a superseded version at once), so on a failure
	# fetch them and try again.
	for try in 1 2; do
		if [ $try = 2 ]; then
			k_log "apt-get update in the sid chroot"
			sid_run apt-get update -qq >&2 ||
				{ k_log "apt-get update in the sid chroot failed"; break; }
		fi
		if ! pkg=$(k_sid_source_pkg) || ! ver=$(k_sid_candidate "$pkg"); then
			k_log "cannot resolve sid's linux-source package"
			continue
		fi
		root=$dir/${pkg}_$ver
		tarball=$root/usr/src/$pkg.tar.xz
		if [ -e "$root/.complete" ] && [ -f "$tarball" ]; then
			exec {lock}>&-
			echo "$tarball"
			return
		fi
		tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
		k_log "downloading $pkg $ver in the sid chroot"
		# Root in the chroot writes the bind-mounted host directory; apt's
		# _apt sandbox user could not.
		# shellcheck disable=SC2016 # expanded by the inner sh
		if sid_run --bind "$tmp" sh -ec 'cd "$1"
				apt-get download -qq -o APT::Sandbox::User=root "$2=$3"
				dpkg-deb -x ./*.deb root
				rm -f ./*.deb' sh "$tmp" "$pkg" "$ver" >&2 &&
			[ -f "$tmp/root/usr/src/$pkg.tar.xz" ]; then
			rm -rf "$root"
			mv "$tmp/root" "$root"
			rm -rf "$tmp"
			touch "$root/.complete"
			# Older versions only take room.
			for old in "$dir"/linux-source-*; do
				[ "$old" = "$root" ] || rm -rf "$old"
			done
			exec {lock}>&-
			k_log "unpacked $tarball"
			echo "$tarball"
			return
		fi
		k_log "apt-get download $pkg=$ver or dpkg-deb -x failed in the sid chroot"
		rm -rf "$tmp"
	done
	exec {lock}>&-
	return 1
}

# The linux-source-X.Y package of sid: the one the linux-source meta package
# depends on, else the highest linux-source-X.Y known to the chroot's apt.
k_sid_source_pkg() {
	local pkg
	pkg=$(chroot "$SID_ROOT" apt-cache depends linux-source 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-source-[0-9][0-9.]*\)$/\1/p' | sort -V | tail -n 1)
	[ -n "$pkg" ] || pkg=$(chroot "$SID_ROOT" apt-cache search --names-only '^linux-source-[0-9.]+$' 2>/dev/null |
		awk '{ print $1 }' | sort -V | tail -n 1)
	[ -n "$pkg" ] && echo "$pkg"
}

# k_sid_candidate PKG: the version apt in the chroot would download.
k_sid_candidate() {
	local ver
	ver=$(chroot "$SID_ROOT" apt-cache policy "$1" 2>/dev/null |
		sed -n 's/^ *Candidate: \([^ ]*\)$/\1/p')
	[ -n "$ver" ] && [ "$ver" != "(none)" ] && echo "$ver"
}

# ---- one kernel ----------------------------------------------------------------------

# k_setup SUITE [--refresh]: resolve the kernel of SUITE and get its headers.
# Sets K_KVER (release), K_KDIR (kbuild directory; for sid, inside the
# chroot) and K_WHERE (host or sid).
k_setup() {
	local suite=$1
	K_KVER="" K_KDIR="" K_WHERE=host
	case $suite in
	sid)
		K_WHERE=sid
		sid_ensure "${2:-}" || return 1
		K_KVER=$(k_sid_kver)
		[ -n "$K_KVER" ] || { k_log "no linux-headers-amd64 in the sid chroot"; return 1; }
		K_KDIR=/usr/src/linux-headers-$K_KVER
		;;
	*)
		# Stale or missing package lists: fetch this suite's, try again.
		if ! { K_KVER=$(k_host_kver "$suite") && K_KDIR=$(k_host_headers "$suite" "$K_KVER"); }; then
			k_apt_update_suite "$suite" &&
				K_KVER=$(k_host_kver "$suite") &&
				K_KDIR=$(k_host_headers "$suite" "$K_KVER") || return 1
		fi
		;;
	esac
}

# k_run CMD...: run CMD where the current kernel (k_setup) builds, with
# the build directory $K_OUT visible at its own path.
k_run() {
	if [ "$K_WHERE" = sid ]; then
		sid_run --bind "$K_OUT" "$@"
	else
		"$@"
	fi
}

# Copy the project's sources (as git sees them: tracked and untracked, not
# ignored; or everything but the build output outside a git checkout) to
# DEST, a new directory.
k_stage_sources() {
	local dest=$1 f files=()
	mkdir -p "$dest"
	if git -C "$K_TOP" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		while IFS= read -r -d '' f; do
			# Skip files deleted in the work tree but still in the index.
			if [ -e "$K_TOP/$f" ] || [ -L "$K_TOP/$f" ]; then
				files+=("$f")
			fi
		done < <(git -C "$K_TOP" ls-files -z --cached --others --exclude-standard)
		(cd "$K_TOP" && cp -P --parents -t "$dest" "${files[@]}")
	else
		rsync -a --exclude=.git --exclude=/build --filter=':- .gitignore' "$K_TOP/" "$dest/"
	fi
}

# k_build SUITE: build the module W=1 for the kernel k_setup resolved, from
# a fresh copy of the sources in $K_CACHE/check-kernels/SUITE/src (a clean
# build every time: ~5 s, and every warning shows every time). Sets K_OUT,
# K_LOG (make's output) and K_KO (the module). Returns make's status.
k_build() {
	local suite=$1
	K_OUT=$K_CACHE/check-kernels/$suite
	K_LOG=$K_OUT/build.log
	# shellcheck disable=SC2034 # for the callers
	K_KO=$K_OUT/src/kmod/dm-mpath2.ko
	mkdir -p "$K_OUT"
	rm -rf "$K_OUT/src"
	k_stage_sources "$K_OUT/src" || return 1
	k_run make -C "$K_OUT/src" -j"$(nproc)" modules KDIR="$K_KDIR" \
		KERNELRELEASE="$K_KVER" W=1 >"$K_LOG" 2>&1
}

# Compiler, modpost and objtool warnings and errors in a build log.
k_warnings() {
	grep -iE '(^|[^a-z_])(warning|error):' "$1"
}
