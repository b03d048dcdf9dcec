#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Check from the built module that mpath2's per-I/O path neither locks nor
allocates.

Reads `objdump -dr` of the module and follows every call and tail call from
the hot-path roots (map, end_io, and each selector's select/start/end
functions) through the module's own functions. A call to a lock or
allocation function anywhere on that graph fails the check, unless it is
reached only through one of the declared slow-path entries (path failure,
no usable path, requeue), which may lock.

Prints one PASS/FAIL line per root; exits 1 on any failure.
"""
import re
import subprocess
import sys

ROOTS = ["mpath2_map", "mpath2_end_io"]
SELECTOR_ROOT = re.compile(r"_(select_path|start_io|end_io)$")
# Entered only when a bio failed or no path is usable: allowed to lock.
SLOW_PATH = {"mpath2_select_slow", "mpath2_no_path", "mpath2_fail_path",
             "mpath2_path_error",
             "mpath2_pg_init_hold",
             "mpath2_requeue"}
FORBIDDEN = re.compile(
    r"^(_raw_(spin|read|write)_lock\w*|mutex_lock\w*|down(_\w+)?|"
    r"rt_spin_lock\w*|__?kmalloc\w*|kmem_cache_alloc\w*|kzalloc\w*|"
    r"krealloc\w*|vmalloc\w*|__vmalloc\w*|kvmalloc\w*|mempool_alloc\w*|"
    r"alloc_pages\w*|__alloc_pages\w*|__get_free_pages|bio_alloc\w*|"
    r"bio_kmalloc|synchronize_rcu\w*|msleep\w*|schedule\w*)$")

FUNC = re.compile(r"^[0-9a-f]+ <([^>]+)>:$")
CALL = re.compile(r"\s(call|jmp)\s+[0-9a-f]+ <([^>+]+)(\+0x[0-9a-f]+)?>")
RELOC = re.compile(r"^\s+[0-9a-f]+: R_X86_64_(PLT32|PC32)\s+([^\s+-]+)")


def parse(ko):
    out = subprocess.run(["objdump", "-dr", "--no-show-raw-insn", ko],
                         check=True, capture_output=True, text=True).stdout
    funcs, cur = {}, None
    for line in out.splitlines():
        m = FUNC.match(line)
        if m:
            cur = funcs.setdefault(m.group(1), set())
            continue
        if cur is None:
            continue
        m = RELOC.match(line)
        if m:
            cur.add(m.group(2))
            continue
        m = CALL.search(line)
        if m:
            cur.add(m.group(2))
    return funcs


def check(funcs, root):
    """Return the forbidden calls reachable from root, with their route."""
    bad, seen, todo = [], set(), [(root, [root])]
    while todo:
        fn, route = todo.pop()
        if fn in seen:
            continue
        seen.add(fn)
        for target in sorted(funcs.get(fn, ())):
            if target in SLOW_PATH or target == fn:
                continue
            if FORBIDDEN.match(target):
                bad.append(" -> ".join(route + [target]))
            elif target in funcs:
                todo.append((target, route + [target]))
    return bad


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: hotpath-check.py MODULE.ko")
    funcs = parse(sys.argv[1])
    roots = ROOTS + sorted(f for f in funcs
                           if SELECTOR_ROOT.search(f) and f not in ROOTS)
    failed = False
    for root in roots:
        if root not in funcs:
            print(f"FAIL hot path {root}: not found in the module")
            failed = True
            continue
        bad = check(funcs, root)
        if bad:
            failed = True
            print(f"FAIL hot path {root}: locks or allocates")
            for route in bad:
                print(f"    {route}")
        else:
            print(f"PASS hot path {root}: no lock, no allocation")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
