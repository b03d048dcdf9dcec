#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# `make test`: everything a change must pass, counted case by case.
#
# Stages: deps, the harness self-test, module build with W=1, sparse, checkpatch, DKMS, the
# userspace tests, KUnit in UML and the guest end-to-end tests. Each stage
# prints its wall time. Two kinds of result are counted, each once:
#   test cases  a KUnit case, a guest scenario, a userspace (cmocka) case,
#               a fuzz target
#   checks      a build, sparse, vermagic, the hot path, checkpatch per file,
#               a man page, install, the kernel-log scans, the benches, the
#               harness self-test, the other kernels' smoke boots
# A stage that cannot run (a missing package, no result) counts as a
# failure, never as a skip: the KUnit and e2e stages then fail every case
# they declare (KUNIT_CASE lines, "# e2e-scenarios:" names). The closing
# lines are "checks: N passed, N failed", "tests: N passed, N failed" and,
# last, "N passed, N failed": the test cases that passed, and everything
# that failed, tests and checks (the exit status is non-zero if any did).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
logs=${MPATH2_TEST_LOGS:-$top/build/test-logs}
mkdir -p "$logs"

passed=0	# test cases
failed=0
cpassed=0	# checks
cfailed=0
failures=()

# A check (not a test case) passed or failed.
pass() { cpassed=$((cpassed + 1)); echo "PASS $*"; }
fail() { cfailed=$((cfailed + 1)); failures+=("$*"); echo "FAIL $*"; }
# N test cases failed together (a stage that could not run).
fail_cases() { # N REASON
	failed=$((failed + $1)); failures+=("$2 ($1 case(s) counted as failed)")
	echo "FAIL $2 ($1 case(s) counted as failed)"
}

# Count "PASS <name>" / "FAIL <name>" lines a stage printed, as test cases
# or (with "checks") as checks; sets lines_p and lines_f.
count_lines() { # LOG [checks]
	local log=$1 line
	lines_p=$(grep -c '^PASS ' "$log")
	lines_f=$(grep -c '^FAIL ' "$log")
	if [ "${2:-}" = checks ]; then
		cpassed=$((cpassed + lines_p))
		cfailed=$((cfailed + lines_f))
	else
		passed=$((passed + lines_p))
		failed=$((failed + lines_f))
	fi
	while read -r line; do failures+=("$line"); done < <(grep '^FAIL ' "$log")
	echo "$lines_p passed, $lines_f failed"
}

stage_start=0
stage() {
	echo
	echo "=== stage: $1"
	stage_start=$SECONDS
}
stage_end() {
	echo "=== stage $1 took $((SECONDS - stage_start)) s"
}

# --- deps ---------------------------------------------------------------
stage deps
if scripts/deps.sh >"$logs/deps.log" 2>&1; then
	pass "deps installed"
else
	fail "deps (see $logs/deps.log)"
	tail -n 20 "$logs/deps.log"
fi
stage_end deps

# --- the harness's own checkers on synthetic logs (no kernel, no guest) ----
stage harness
scripts/tests/harness-selftest.sh >"$logs/harness.log" 2>&1
rc=$?
grep -v '^PASS ' "$logs/harness.log"
count_lines "$logs/harness.log" checks
[ $rc -eq 0 ] || grep -q '^FAIL ' "$logs/harness.log" || fail "harness self-test exited $rc"
# The hot-path checker against fixtures it must pass or catch.
scripts/tests/hotpath-selftest.sh >"$logs/hotpath-selftest.log" 2>&1
rc=$?
grep -v '^PASS ' "$logs/hotpath-selftest.log"
count_lines "$logs/hotpath-selftest.log" checks
[ $rc -eq 0 ] || grep -q '^FAIL ' "$logs/hotpath-selftest.log" || fail "hot-path checker self-test exited $rc"
stage_end harness

kver=$(scripts/guest/kernel.sh 2>"$logs/kver.log") || kver=
if [ -z "$kver" ]; then
	fail "guest kernel release could not be resolved"
	cat "$logs/kver.log"
fi
echo "guest kernel: ${kver:-none}"

# --- build ----------------------------------------------------------------
stage build
make clean-modules KERNELRELEASE="$kver" >/dev/null 2>&1
if make modules KERNELRELEASE="$kver" W=1 >"$logs/build.log" 2>&1; then
	if grep -E 'warning:|error:' "$logs/build.log"; then
		fail "module build W=1 ($kver): warnings"
	else
		pass "module build W=1 ($kver)"
	fi
else
	fail "module build W=1 ($kver)"
	tail -n 30 "$logs/build.log"
fi
if make sparse KERNELRELEASE="$kver" >"$logs/sparse.log" 2>&1 &&
   ! grep -E 'warning:|error:' "$logs/sparse.log"; then
	pass "sparse C=2 ($kver)"
else
	fail "sparse C=2 ($kver)"
	tail -n 30 "$logs/sparse.log"
fi
if modinfo kmod/dm-mpath2.ko 2>/dev/null | grep -q "^vermagic: *$kver "; then
	pass "module vermagic matches $kver"
else
	fail "module vermagic does not match $kver"
fi
# The per-I/O path must not lock or allocate: read it off the binary.
scripts/hotpath-check.py kmod/dm-mpath2.ko >"$logs/hotpath.log" 2>&1
rc=$?
cat "$logs/hotpath.log"
count_lines "$logs/hotpath.log" checks >/dev/null
# A crash after some PASS lines must not pass: its status counts.
[ $rc -eq 0 ] || grep -q '^FAIL ' "$logs/hotpath.log" || fail "hot path check exited $rc"
stage_end build

# --- checkpatch -----------------------------------------------------------
stage checkpatch
scripts/checkpatch.sh >"$logs/checkpatch.log" 2>&1
rc=$?
grep -v '^PASS ' "$logs/checkpatch.log"
count_lines "$logs/checkpatch.log" checks
if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$logs/checkpatch.log"; then
	fail "checkpatch could not run"
fi
stage_end checkpatch

# --- kernels: 6.1, 6.12, 7.x builds (W=1, vermagic, probes) and DKMS -------
stage check-kernels
scripts/check-kernels.sh >"$logs/check-kernels.log" 2>&1
rc=$?
grep -v '^PASS ' "$logs/check-kernels.log" | grep -E '^(FAIL|  )' | head -n 30
count_lines "$logs/check-kernels.log" checks
[ $rc -eq 0 ] || grep -q '^FAIL ' "$logs/check-kernels.log" || fail "check-kernels exited $rc"
# make install / uninstall for hosts without DKMS, staged in a DESTDIR.
inst=$(mktemp -d)
if make install KERNELRELEASE="$kver" DESTDIR="$inst" >"$logs/install.log" 2>&1 &&
   [ -f "$inst/lib/modules/$kver/updates/kmod/dm-mpath2.ko" ] &&
   grep -q 'dm-mpath2.ko' "$inst/lib/modules/$kver/modules.dep" &&
   [ -x "$inst/usr/local/sbin/mpath2ctl" ] &&
   [ -f "$inst/lib/udev/rules.d/62-mpath2-path.rules" ] &&
   [ -f "$inst/usr/local/share/man/man5/mpath2.conf.5" ] &&
   make uninstall KERNELRELEASE="$kver" DESTDIR="$inst" >>"$logs/install.log" 2>&1 &&
   [ -z "$(find "$inst" -name 'dm-mpath2.ko*' -o -name mpath2ctl -o -name '*mpath2*.rules' -o -name 'mpath2.conf*')" ]; then
	pass "make install/uninstall ($kver, DESTDIR)"
else
	fail "make install/uninstall ($kver, DESTDIR; see $logs/install.log)"
fi
rm -rf "$inst"
stage_end check-kernels

# --- userspace ---------------------------------------------------------------
# cmocka's lines: "[       OK ] <case>", "[  FAILED  ] <case>" (its summary
# names each failed case again; tools/tests/unit.c adds one for a suite
# that died).
count_cmocka() {
	local log=$1 p f line
	p=$(grep -c '^\[       OK \] ' "$log")
	mapfile -t fl < <(grep '^\[  FAILED  \] ' "$log" |
		grep -v 'test(s), listed below:$' | sed 's/^\[  FAILED  \] //' | sort -u)
	f=${#fl[@]}
	passed=$((passed + p))
	failed=$((failed + f))
	for line in "${fl[@]}"; do failures+=("$line"); done
	echo "$p passed, $f failed"
}

stage tools
if make -C tools test >"$logs/tools.log" 2>&1; then rc=0; else rc=$?; fi
grep -E '^\[  FAILED  \]|^ERROR: |^\[  ERROR   \]|runtime error|Sanitizer' \
	"$logs/tools.log" | head -n 40
count_cmocka "$logs/tools.log"
[ $rc -eq 0 ] || grep -q '^\[  FAILED  \] ' "$logs/tools.log" ||
	fail_cases 1 "userspace tests could not run (see $logs/tools.log)"
stage_end tools

# --- fuzz: the config, status and ALUA parsers under libFuzzer ------------
stage fuzz
make -C tools fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-20}" >"$logs/fuzz.log" 2>&1
rc=$?
grep -E '^(PASS|FAIL) ' "$logs/fuzz.log"
count_lines "$logs/fuzz.log" >/dev/null
[ $rc -eq 0 ] || grep -q '^FAIL ' "$logs/fuzz.log" || fail_cases 1 "fuzz targets could not run"
# The man pages render without a groff or man warning.
for page in docs/man/*.[1-9]; do
	[ -e "$page" ] || continue
	if w=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) && [ -z "$w" ]; then
		pass "man page $page"
	else
		fail "man page $page: ${w:-man failed}"
	fi
done
stage_end fuzz

# --- KUnit in UML -----------------------------------------------------------
# The suites, then the same suites with KASAN and lockdep, then on SMP.
kunit_stage() {
	local name=$1 summary total ok rc declared
	shift
	stage "$name"
	scripts/kunit.sh "$@" >"$logs/$name.log" 2>&1
	rc=$?
	grep -E '\[(FAILED|CRASHED|SKIPPED)\]|^\s*# .*(FAIL|Expected)|Testing complete|ERROR|^FAIL ' \
		"$logs/$name.log" | head -n 60
	# kunit.sh's own lines: the kernel-log scan.
	count_lines "$logs/$name.log" checks >/dev/null
	summary=$(grep -E 'Testing complete\. Ran [0-9]+ tests' "$logs/$name.log" | tail -n 1)
	if [ -n "$summary" ]; then
		total=$(sed -E 's/.*Ran ([0-9]+) tests.*/\1/' <<<"$summary")
		ok=$(sed -nE 's/.*passed: ([0-9]+).*/\1/p' <<<"$summary")
		ok=${ok:-0}
		passed=$((passed + ok))
		failed=$((failed + total - ok))
		[ "$total" -eq "$ok" ] || failures+=("$name: $summary")
		echo "$name: $ok passed, $((total - ok)) failed (skipped and crashed count as failed)"
		if [ $rc -ne 0 ] && [ "$total" -eq "$ok" ] && ! grep -q '^FAIL ' "$logs/$name.log"; then
			fail "$name: kunit.py exited $rc"
		fi
	else
		# Every declared case fails (the bench is not a *_test.c).
		declared=$(cat tests/kunit/*_test.c | grep -cE '^[[:space:]]*KUNIT_CASE')
		fail_cases "$((declared > 0 ? declared : 1))" \
			"$name produced no result (build failure or crash; see $logs/$name.log)"
		tail -n 40 "$logs/$name.log"
	fi
	stage_end "$name"
}
kunit_stage kunit
kunit_stage kunit-debug --debug
# The same suites on 2 vCPUs (UML SMP, sid's kernel: 6.1 has no UML SMP).
kunit_stage kunit-smp --smp

# A short run of the microbenchmark, so that `make bench` cannot rot.
stage bench-smoke
scripts/bench-uml.sh --quick >"$logs/bench-smoke.log" 2>&1
grep -E '^(ratio|FAIL)' "$logs/bench-smoke.log" | head -n 20
count_lines "$logs/bench-smoke.log" checks >/dev/null
grep -qE '^(PASS|FAIL) ' "$logs/bench-smoke.log" || fail "bench smoke run produced no verdict"
stage_end bench-smoke

# --- guest end-to-end ----------------------------------------------------------
stage e2e
# Two guests at once (E2E_JOBS): their TCG vCPUs idle through much of a
# group (iSCSI timeouts, polling), so two groups share the 2 cores with
# each 1.1-1.5x slower than alone, and the tests are written to hold on a
# busy host (docs/HACKING.md: the budget).
MPATH2_GUEST_KVER="$kver" scripts/guest/e2e.sh --jobs "${E2E_JOBS:-2}" >"$logs/e2e.log" 2>&1
rc=$?
grep -vE '^PASS ' "$logs/e2e.log" | tail -n 40
count_lines "$logs/e2e.log"
# e2e.sh reports every declared scenario, and fails them all when the guest
# cannot run; if it stopped before its summary line, the declared scenarios
# (and <group>/guest lines) it did not report fail here.
if ! grep -qE '^E2E: .*[0-9]+ passed, [0-9]+ failed' "$logs/e2e.log"; then
	declared=0
	for f in tests/e2e/*.sh; do
		n=$(sed -n 's/^# e2e-scenarios://p' "$f" | wc -w)
		[ "$n" -eq 0 ] || declared=$((declared + n + 1))
	done
	missing=$((declared - lines_p - lines_f))
	fail_cases "$((missing > 0 ? missing : 1))" "e2e stopped (status $rc) before its summary"
elif [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$logs/e2e.log"; then
	fail "e2e exited $rc without a failed scenario"
fi
stage_end e2e

# --- the boot test: a Debian 12 system booted from an mpath2 map ---------------
# tests/boot/boot.sh: the packages (make deb, lintian), the image (make
# image: built when missing or its inputs changed), one boot with root
# on the map, a root path pulled and returned, the data LUN's paths
# pulled and the shutdown timed. Its cases ("# boot-cases:") count as
# test cases; a boot that cannot run fails every one it did not report.
stage boot
if scripts/deb.sh >"$logs/deb.log" 2>&1; then
	pass "make deb: packages built, lintian without errors"
else
	fail "make deb (see $logs/deb.log)"
	tail -n 20 "$logs/deb.log"
fi
tests/boot/boot.sh --mode test >"$logs/boot.log" 2>&1
rc=$?
grep -E '^(FAIL |boot: (image|qemu exited|shutdown took))' "$logs/boot.log" | head -n 30
count_lines "$logs/boot.log"
if ! grep -qE '^BOOT: [0-9]+ passed, [0-9]+ failed' "$logs/boot.log"; then
	declared=$(sed -n 's/^# boot-cases://p' tests/boot/boot.sh | wc -w)
	missing=$((declared - lines_p - lines_f))
	fail_cases "$((missing > 0 ? missing : 1))" "boot stopped (status $rc) before its summary"
	tail -n 30 "$logs/boot.log"
elif [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$logs/boot.log"; then
	fail "boot exited $rc without a failed case"
fi
stage_end boot

# --- a short run of the guest benchmark (make bench's second half) -------------
stage bench-guest-smoke
scripts/bench-guest.sh --quick >"$logs/bench-guest-smoke.log" 2>&1
grep -E '^(ratio .*2p|FAIL|failover|fail-fast)' "$logs/bench-guest-smoke.log" | head -n 12
count_lines "$logs/bench-guest-smoke.log" checks >/dev/null
grep -qE '^(PASS|FAIL) bench-guest' "$logs/bench-guest-smoke.log" ||
	fail "guest bench smoke run produced no verdict"
stage_end bench-guest-smoke

# --- the guest smoke test on the other kernel series (6.1 ran above) -------
stage smoke-kernels
scripts/guest/smoke-kernels.sh bookworm-backports sid >"$logs/smoke-kernels.log" 2>&1
rc=$?
grep -E '^(PASS|FAIL|  )' "$logs/smoke-kernels.log" | head -n 30
count_lines "$logs/smoke-kernels.log" checks >/dev/null
[ $rc -eq 0 ] || grep -q '^FAIL ' "$logs/smoke-kernels.log" || fail "smoke-kernels exited $rc"
stage_end smoke-kernels

echo
if [ ${#failures[@]} -gt 0 ]; then
	echo "Failures:"
	printf '  %s\n' "${failures[@]}"
fi
echo "total time $SECONDS s; logs in $logs"
echo "checks: $cpassed passed, $cfailed failed"
echo "tests: $passed passed, $failed failed"
echo "$passed passed, $((failed + cfailed)) failed"
[ "$((failed + cfailed))" -eq 0 ]
