#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# checkpatch.pl --strict on every kernel C file of mpath2 (the module and
# its KUnit suites). checkpatch ships only in Debian's linux-source
# tarball: it is extracted once into the cache with the data files it
# needs. Prints one "PASS <file>" / "FAIL <file>" line per file, the
# findings of failing files, and exits non-zero if any file fails.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${MPATH2_CACHE:-$HOME/.cache/mpath2}
dir=$cache/checkpatch
if [ ! -x "$dir/checkpatch.pl" ]; then
	tarball=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
	if [ -z "$tarball" ]; then
		echo "checkpatch: no linux-source tarball: run 'make deps'" >&2
		exit 1
	fi
	mkdir -p "$dir"
	name=$(basename "$tarball" .tar.xz)
	tar -xJf "$tarball" -C "$dir" --strip-components=2 \
		"$name/scripts/checkpatch.pl" "$name/scripts/spelling.txt" \
		"$name/scripts/const_structs.checkpatch"
fi

cd "$top"
mapfile -t files < <(git ls-files --cached --others --exclude-standard 'kmod/*.[ch]' 'tests/kunit/*.[ch]' 2>/dev/null ||
		     find kmod tests/kunit -name '*.[ch]' | sort)
fail=0
for f in "${files[@]}"; do
	# --no-tree: not inside a kernel tree. FILE_PATH_CHANGES and
	# SPDX_LICENSE_TAG only make sense for patches to the kernel itself.
	if out=$(cd "$dir" && perl ./checkpatch.pl --no-tree --strict --terse \
			--show-types --ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG \
			-f "$top/$f" 2>&1) &&
	   ! grep -qE '(ERROR|WARNING|CHECK):' <<<"$out"; then
		echo "PASS checkpatch $f"
	else
		echo "FAIL checkpatch $f"
		grep -E '(ERROR|WARNING|CHECK):' <<<"$out" | sed "s#$top/##" || true
		fail=1
	fi
done
exit $fail
