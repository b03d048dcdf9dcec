#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Check from the built module that mpath2's per-I/O path neither locks nor
allocates.

Reads `objdump -t` and `objdump -dr` of the module (or any x86-64 object
file) and follows every call and tail call from the hot-path roots through
the module's own functions, cold parts (GCC's `.text.unlikely` pieces,
reached by relocations against the section) included:

- roots: mpath2_map, mpath2_end_io, and the select_path/start_io/end_io
  functions that the selector tables (read-only objects named *_selector)
  point to;
- a call to a function the object does not define must be on ALLOWED
  below (an allow list: anything else, e.g. kmalloc_trace, queue_work_on,
  mod_timer, dm_table_event, fails);
- the declared slow-path entries (path failure, no usable path, requeue)
  are not followed: they may lock.

Prints one PASS/FAIL line per root; exits 1 on any failure, 2 if the object
cannot be read.
"""
import re
import subprocess
import sys

ROOTS = ["mpath2_map", "mpath2_end_io"]
SELECTOR_OP = re.compile(r"_(select_path|start_io|end_io)$")
SELECTOR_TABLE = re.compile(r"_selector$")
# Entered only when a bio failed or no path is usable: allowed to lock.
SLOW_PATH = {"mpath2_select_slow", "mpath2_no_path", "mpath2_fail_path",
             "mpath2_path_error", "mpath2_pg_init_hold", "mpath2_requeue"}
# What the per-I/O path may call outside the module, and why it is safe.
ALLOWED = {
    # compiler and architecture glue: tracing hooks, retpolines, return
    # thunks, the stack protector, preemption points of preempt_enable()
    "__fentry__", "__x86_return_thunk", "__stack_chk_fail",
    "__preempt_count", "this_cpu_off", "__SCT__preempt_schedule",
    "__SCT__preempt_schedule_notrace", "preempt_schedule",
    "preempt_schedule_notrace", "__sanitizer_cov_trace_pc",
    # dm core: per-bio data, the device name for rate-limited messages
    "dm_per_bio_data", "dm_table_device_name", "dm_bio_from_per_bio_data",
    "dm_noflush_suspending",
    # block layer: charge the bio to the cgroup (percpu refs, RCU)
    "bio_associate_blkg", "bio_associate_blkg_from_css",
    # bitmap search (io-affinity's cpumask walk): pure functions
    "_find_next_bit", "_find_next_and_bit", "_find_first_bit",
    "_find_first_and_bit", "cpumask_next", "cpumask_next_and",
    # clocks (selectors, latency sampling)
    "ktime_get", "ktime_get_ns", "ktime_get_mono_fast_ns",
    "ktime_get_coarse_ts64", "ktime_get_coarse",
    # *_LIMIT messages on error completions: a trylock, never a wait
    "___ratelimit", "_printk",
}
# Reached only when the kernel finds a bug (UBSAN bounds, FORTIFY).
ALLOWED_BUG = re.compile(r"^(__ubsan_handle_\w+|__fortify_panic|fortify_panic)$")
ALLOWED_PATTERN = re.compile(r"^__x86_indirect_(call_)?thunk_\w+$")

FUNC = re.compile(r"^([0-9a-f]+) <([^>]+)>:$")
SECTION = re.compile(r"^Disassembly of section (\S+):$")
BRANCH = re.compile(
    r"\s(call|jmp|j[a-z]{1,3})\s+[0-9a-f]+ <([^>+]+)(\+0x[0-9a-f]+)?>")
RELOC = re.compile(
    r"^\s+[0-9a-f]+: R_X86_64_(PLT32|PC32)\s+([^\s+-]+)([+-]0x[0-9a-f]+)?")
# objdump -t: value, flags, section, size, name
SYM = re.compile(r"^([0-9a-f]+)\s+(.{7})\s+(\S+)\s+([0-9a-f]+)\s+(\S+)$")


def objdump(args, obj):
    return subprocess.run(["objdump"] + args + [obj], check=True,
                          capture_output=True, text=True).stdout


def symbols(obj):
    """Function symbols by section: {section: [(start, end, name)]}, and
    the read-only objects: {name: (section, start, end)}."""
    funcs, objects = {}, {}
    for line in objdump(["-t"], obj).splitlines():
        m = SYM.match(line)
        if not m:
            continue
        start, size = int(m.group(1), 16), int(m.group(4), 16)
        flags, section, name = m.group(2), m.group(3), m.group(5)
        if "F" in flags:
            funcs.setdefault(section, []).append((start, start + size, name))
        elif "O" in flags:
            objects[name] = (section, start, start + size)
    return funcs, objects


def function_at(funcs, section, offset):
    for start, end, name in funcs.get(section, ()):
        if start <= offset < max(end, start + 1):
            return name
    return None


def parse(obj):
    """Calls of each function: {function: set(callee names)}.

    A branch (call, jmp, jcc) counts; its target is the relocation's when
    it has one (objdump's displayed target is a placeholder then), else
    the displayed one. Relocations of other instructions are data.
    """
    funcs, _ = symbols(obj)
    calls, cur, pending = {}, None, None

    def flush():
        if cur is not None and pending:
            cur.add(pending)

    for line in objdump(["-dr", "--no-show-raw-insn"], obj).splitlines():
        if SECTION.match(line):
            flush()
            cur, pending = None, None
            continue
        m = FUNC.match(line)
        if m:
            flush()
            cur, pending = calls.setdefault(m.group(2), set()), None
            continue
        if cur is None:
            continue
        m = RELOC.match(line)
        if m:
            if pending is None:
                continue  # data: a mov, lea or cmp operand
            target, addend = m.group(2), int(m.group(3) or "0", 16)
            if target.startswith("."):
                # A relocation against a section: a local function there
                # (a cold part, a static function); rel32 adds -4.
                target = function_at(funcs, target, addend + 4)
            pending = target or ""
            continue
        flush()
        pending = None
        m = BRANCH.search(line)
        if m:
            pending = m.group(2)
    flush()
    return calls


def selector_roots(obj, calls):
    """The hot selector ops: what the *_selector tables point to."""
    funcs, objects = symbols(obj)
    tables = {name: where for name, where in objects.items()
              if SELECTOR_TABLE.search(name)}
    roots = set()
    section = None
    for line in objdump(["-r"], obj).splitlines():
        m = re.match(r"^RELOCATION RECORDS FOR \[(\S+)\]:$", line)
        if m:
            section = m.group(1)
            continue
        m = re.match(r"^([0-9a-f]+)\s+R_X86_64_64\s+([^\s+-]+)"
                     r"(\+0x[0-9a-f]+)?$", line)
        if not m:
            continue
        off, target = int(m.group(1), 16), m.group(2)
        if target.startswith("."):
            target = function_at(funcs, target, int(m.group(3) or "0", 16))
            if target is None:
                continue
        for sec, start, end in tables.values():
            if sec == section and start <= off < end and \
                    SELECTOR_OP.search(target) and target in calls:
                roots.add(target)
    return sorted(roots)


def allowed(name):
    return (name in ALLOWED or ALLOWED_PATTERN.match(name) or
            ALLOWED_BUG.match(name))


def check(calls, root):
    """Return the disallowed calls reachable from root, with their route."""
    bad, seen, todo = [], set(), [(root, [root])]
    while todo:
        fn, route = todo.pop()
        if fn in seen:
            continue
        seen.add(fn)
        for target in sorted(calls.get(fn, ())):
            if target in SLOW_PATH or target == fn:
                continue
            if target in calls:
                todo.append((target, route + [target]))
            elif not allowed(target):
                bad.append(" -> ".join(route + [target]))
    return bad


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: hotpath-check.py MODULE.ko")
    try:
        calls = parse(sys.argv[1])
        roots = ROOTS + selector_roots(sys.argv[1], calls)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"FAIL hot path: cannot read {sys.argv[1]}: {e}")
        sys.exit(2)
    failed = False
    for root in roots:
        if root not in calls:
            print(f"FAIL hot path {root}: not found in the module")
            failed = True
            continue
        bad = check(calls, root)
        if bad:
            failed = True
            print(f"FAIL hot path {root}: calls outside the allow list "
                  "(a lock, an allocation, or unchecked)")
            for route in bad:
                print(f"    {route}")
        else:
            print(f"PASS hot path {root}: no lock, no allocation")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
