// SPDX-License-Identifier: GPL-2.0-only
/*
 * CLI tests. cli_main() runs against fake_mpdm.c, which counts calls:
 * every refused operand must be refused with exit status 1, one line on
 * stderr, and no call at all. A few cases run the real binary, only with
 * commands that stop before libdevmapper.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fake_mpdm.h"
#include "fakefs.h"
#include "cli/cli.h"
#include "unit.h"

#define A16	"aaaaaaaaaaaaaaaa"
#define A127	A16 A16 A16 A16 A16 A16 A16 "aaaaaaaaaaaaaaa"
#define A128	A127 "a"

#define TREE_A								\
	"mpatha dm-3\n"							\
	"size=1.0G features='2 queue_mode bio' hwhandler='0' wp=rw\n"	\
	"|-+- policy='round-robin 0' prio=n/a status=enabled\n"		\
	"| `- 0:0:0:0 sdb 8:16 failed faulty -\n"					\
	"`-+- policy='round-robin 0' prio=n/a status=active\n"		\
	"  `- 0:0:0:1 sdc 8:32 active faulty -\n"
#define TREE_B								\
	"mpathb dm-7\n"							\
	"size=100G features='2 queue_mode bio' hwhandler='0' wp=ro\n"	\
	"`-+- policy='round-robin 0' prio=n/a status=active\n"		\
	"  |- 0:0:0:0 sdb 8:16 active faulty -\n"					\
	"  `- 0:0:0:1 sdc 8:32 failed faulty -\n"

struct cli_case {
	const char *name;
	const char *argv[10];	/* after argv[0]; ends at the first NULL */
	int status;		/* expected exit status */
	int calls;		/* expected mpdm_* calls; -1: any */
	const char *sent;	/* "<map>: <message>" sent, or NULL for none */
	const char *err;	/* in the one stderr line; NULL: no stderr */
	const char *out;	/* exact stdout; NULL: not checked */
	const char *out_start;	/* stdout's beginning; NULL: not checked */
	int broken;		/* list the map with a garbage table */
	const char *conf;	/* a config: "--config FILE" goes last */
};

#define BL_SDC	"blacklist {\n  devnode \"^sdc$\"\n}\n"
#define BL_SDC_WHY	"sdc (8:32) is blacklisted by devnode \"^sdc$\" (line 2)"

static const struct cli_case cases[] = {
	/* Usage and options. */
	{ .name = "no_args", .status = 1, .err = "no command given" },
	{ .name = "help", .argv = { "-h" }, .out_start = "Usage: mpath2ctl" },
	{ .name = "long_help", .argv = { "--help" },
	  .out_start = "Usage: mpath2ctl" },
	{ .name = "help_after_command", .argv = { "fail", "--help" },
	  .out_start = "Usage: mpath2ctl" },
	{ .name = "version", .argv = { "--version" },
	  .out = "mpath2ctl " MPATH2_VERSION "\n" },
	{ .name = "unknown_command", .argv = { "frobnicate", "mpatha" },
	  .status = 1, .err = "unknown command 'frobnicate'" },
	{ .name = "unknown_option", .argv = { "--frob" }, .status = 1,
	  .err = "mpath2ctl: unknown option '--frob'" },
	{ .name = "unknown_short_option", .argv = { "-x", "show" }, .status = 1,
	  .err = "mpath2ctl: unknown option '-x'" },

	/* getopt_long(): the global options anywhere, "--" ends options. */
	{ .name = "version_after_command", .argv = { "show", "--version" },
	  .out = "mpath2ctl " MPATH2_VERSION "\n" },
	{ .name = "short_help_after_operand", .argv = { "show", "mpatha", "-h" },
	  .out_start = "Usage: mpath2ctl" },
	{ .name = "verbose_bad", .argv = { "show", "-v2x" }, .status = 1,
	  .err = "mpath2ctl: show: -v2x: not -v, -vv... or -vN" },
	{ .name = "unknown_option_after_operands",
	  .argv = { "fail", "mpatha", "8:16", "--frob" }, .status = 1,
	  .err = "mpath2ctl: fail: unknown option '--frob'" },
	{ .name = "unknown_option_value_kept_out",
	  .argv = { "fail", "mpatha", "8:16", "--frob=8:32" }, .status = 1,
	  .err = "mpath2ctl: fail: unknown option '--frob'\n" },
	{ .name = "unknown_short_option_after_command",
	  .argv = { "switch", "mpatha", "-1" }, .status = 1,
	  .err = "mpath2ctl: switch: unknown option '-1'" },
	{ .name = "ambiguous_option", .argv = { "discover", "--f" },
	  .status = 1,
	  .err = "discover: option '--f' is ambiguous: --failback, --friendly" },
	{ .name = "abbreviation_taken",
	  .argv = { "create", "lun0", "--dry", "--sel=service-time", "8:16" },
	  .out = "0 2097152 mpath2 0 0 1 1 service-time 0 1 2 8:16 1 1\n" },
	{ .name = "flag_given_a_value",
	  .argv = { "create", "lun0", "--dry-run=yes", "8:16" }, .status = 1,
	  .err = "create: --dry-run takes no value" },
	{ .name = "dash_dash_operand_like_option",
	  .argv = { "remove", "--", "-x" }, .status = 1, .calls = 1,
	  .err = "-x: no such map" },
	{ .name = "dash_dash_v_is_an_operand", .argv = { "show", "--", "-v" },
	  .status = 1, .calls = 1, .err = "-v: no such map" },
	{ .name = "dash_dash_path", .argv = { "fail", "mpatha", "--", "-8:16" },
	  .status = 1, .err = "neither" },
	{ .name = "dash_dash_help_is_an_operand",
	  .argv = { "fail", "--", "mpatha", "--help" }, .status = 1,
	  .err = "neither" },
	{ .name = "config_equals_before_command",
	  .argv = { "--config=/dev/null", "create", "lun0", "--dry-run",
		    "8:16" },
	  .out = "0 2097152 mpath2 0 0 1 1 round-robin 0 1 1 8:16 1\n" },
	{ .name = "config_after_operands",
	  .argv = { "create", "lun0", "--dry-run", "8:16", "--config",
		    "/dev/null" },
	  .out = "0 2097152 mpath2 0 0 1 1 round-robin 0 1 1 8:16 1\n" },
	{ .name = "config_equals_after_command",
	  .argv = { "create", "--config=/dev/null", "lun0", "--dry-run",
		    "8:16" },
	  .out = "0 2097152 mpath2 0 0 1 1 round-robin 0 1 1 8:16 1\n" },
	{ .name = "config_missing_file_after_command",
	  .argv = { "create", "lun0", "8:16", "--config=/nonexistent/x" },
	  .status = 1,
	  .err = "create: --config /nonexistent/x: No such file" },
	{ .name = "config_empty_after_command",
	  .argv = { "show", "--config=" }, .status = 1,
	  .err = "show: --config needs a file" },
	{ .name = "config_without_file_at_end", .argv = { "show", "--config" },
	  .status = 1, .err = "show: --config needs a file" },
	{ .name = "fail_missing_path", .argv = { "fail", "mpatha" },
	  .status = 1, .err = "usage: mpath2ctl fail NAME PATH" },
	{ .name = "fail_extra_operand",
	  .argv = { "fail", "mpatha", "8:16", "8:32" }, .status = 1,
	  .err = "usage:" },
	{ .name = "switch_missing_group", .argv = { "switch", "mpatha" },
	  .status = 1, .err = "usage:" },
	{ .name = "show_two_names", .argv = { "show", "mpatha", "mpathb" },
	  .status = 1, .err = "usage:" },

	/* Map names. */
	{ .name = "name_empty", .argv = { "fail", "", "8:16" }, .status = 1,
	  .err = "empty map name" },
	{ .name = "name_slash", .argv = { "reinstate", "a/b", "8:16" },
	  .status = 1, .err = "'/'" },
	{ .name = "name_128_chars", .argv = { "switch", A128, "1" },
	  .status = 1, .err = "longer than" },
	{ .name = "name_newline", .argv = { "fail", "mpatha\nx", "8:16" },
	  .status = 1, .err = "control character" },
	{ .name = "name_127_chars_accepted", .argv = { "show", A127 },
	  .status = 1, .calls = 1, .err = "no such map" },
	{ .name = "show_bad_name", .argv = { "show", "../x" }, .status = 1,
	  .err = "'/'" },

	/* Paths. */
	{ .name = "path_letters", .argv = { "fail", "mpatha", "8:x" },
	  .status = 1, .err = "neither major:minor" },
	{ .name = "path_no_colon", .argv = { "fail", "mpatha", "816" },
	  .status = 1, .err = "neither" },
	{ .name = "path_negative", .argv = { "fail", "mpatha", "--", "-8:16" },
	  .status = 1, .err = "neither" },
	{ .name = "path_plus", .argv = { "fail", "mpatha", "+8:16" },
	  .status = 1, .err = "neither" },
	{ .name = "path_space", .argv = { "fail", "mpatha", " 8:16" },
	  .status = 1, .err = "neither" },
	{ .name = "path_three_parts", .argv = { "fail", "mpatha", "8:16:0" },
	  .status = 1, .err = "neither" },
	{ .name = "path_major_too_big",
	  .argv = { "fail", "mpatha", "4096:0" }, .status = 1,
	  .err = "neither" },
	{ .name = "path_minor_huge",
	  .argv = { "fail", "mpatha", "8:99999999999" }, .status = 1,
	  .err = "neither" },
	{ .name = "path_empty", .argv = { "fail", "mpatha", "" }, .status = 1,
	  .err = "neither" },
	{ .name = "path_relative", .argv = { "fail", "mpatha", "sdb" },
	  .status = 1, .err = "neither" },
	{ .name = "path_outside_dev",
	  .argv = { "fail", "mpatha", "/tmp/sdb" }, .status = 1,
	  .err = "not under /dev/" },
	{ .name = "path_dev_prefix_only",
	  .argv = { "fail", "mpatha", "/devious" }, .status = 1,
	  .err = "not under /dev/" },
	{ .name = "path_char_device",
	  .argv = { "reinstate", "mpatha", "/dev/null" }, .status = 1,
	  .err = "/dev/null is not a block device" },
	{ .name = "path_missing",
	  .argv = { "fail", "mpatha", "/dev/mpath2-test-no-such-disk" },
	  .status = 1, .err = "No such file or directory" },

	/* Groups. */
	{ .name = "group_zero", .argv = { "switch", "mpatha", "0" },
	  .status = 1, .err = "not a number 1..1024" },
	{ .name = "group_negative", .argv = { "switch", "--", "mpatha", "-1" },
	  .status = 1, .err = "not a number" },
	{ .name = "group_word", .argv = { "disable-group", "mpatha", "one" },
	  .status = 1, .err = "not a number" },
	{ .name = "group_suffix", .argv = { "enable-group", "mpatha", "1x" },
	  .status = 1, .err = "not a number" },
	{ .name = "group_1025", .argv = { "switch", "mpatha", "1025" },
	  .status = 1, .err = "not a number" },
	{ .name = "group_2_32", .argv = { "switch", "mpatha", "4294967297" },
	  .status = 1, .err = "not a number" },
	{ .name = "group_empty", .argv = { "switch", "mpatha", "" },
	  .status = 1, .err = "not a number" },

	/* Valid commands: the exact message sent. */
	{ .name = "fail_path", .argv = { "fail", "mpatha", "8:16" },
	  .calls = 2, .sent = "mpatha: fail_path 8:16" },
	{ .name = "reinstate_path", .argv = { "reinstate", "mpatha", "8:32" },
	  .calls = 2, .sent = "mpatha: reinstate_path 8:32" },
	{ .name = "path_leading_zeros_canonical",
	  .argv = { "fail", "mpatha", "008:0016" }, .calls = 2,
	  .sent = "mpatha: fail_path 8:16" },
	{ .name = "switch_group", .argv = { "switch", "mpatha", "2" },
	  .calls = 2, .sent = "mpatha: switch_group 2" },
	{ .name = "switch_group_canonical",
	  .argv = { "switch-group", "mpatha", "2" },
	  .calls = 2, .sent = "mpatha: switch_group 2" },
	{ .name = "switch_group_usage_as_typed",
	  .argv = { "switch-group", "mpatha" }, .status = 1,
	  .err = "usage: mpath2ctl switch-group NAME GROUP" },
	{ .name = "switch_usage_as_typed", .argv = { "switch", "mpatha" },
	  .status = 1, .err = "usage: mpath2ctl switch NAME GROUP" },
	{ .name = "disable_group", .argv = { "disable-group", "mpatha", "1" },
	  .calls = 2, .sent = "mpatha: disable_group 1" },
	{ .name = "enable_group", .argv = { "enable-group", "mpatha", "2" },
	  .calls = 2, .sent = "mpatha: enable_group 2" },

	/* Valid operands the map refuses, before any message. */
	{ .name = "path_not_in_map", .argv = { "fail", "mpatha", "8:48" },
	  .status = 1, .calls = 1, .err = "8:48 is not a path of this map" },
	{ .name = "group_not_in_map", .argv = { "switch", "mpatha", "3" },
	  .status = 1, .calls = 1, .err = "no group 3 (the map has 2)" },
	{ .name = "map_missing", .argv = { "fail", "nosuchmap", "8:16" },
	  .status = 1, .calls = 1, .err = "nosuchmap: no such map" },
	{ .name = "map_not_mpath2", .argv = { "switch", "linear0", "1" },
	  .status = 1, .calls = 1, .err = "not an mpath2 map (linear)" },
	{ .name = "libdm_error", .argv = { "reinstate", "dmfail", "8:16" },
	  .status = 1, .calls = 1, .err = "Permission denied" },
	{ .name = "target_refuses", .argv = { "fail", "refuser", "8:16" },
	  .status = 1, .calls = 2, .sent = "refuser: fail_path 8:16",
	  .err = "target refused" },
	{ .name = "garbage_table", .argv = { "fail", "broken", "8:16" },
	  .status = 1, .calls = 1,
	  .err = "broken: cannot parse its table: word 1: count 2 exceeds" },

	/* show */
	{ .name = "show_one", .argv = { "show", "mpatha" }, .calls = 1,
	  .out = TREE_A },
	{ .name = "show_all", .argv = { "show" }, .calls = 3,
	  .out = TREE_A TREE_B },
	{ .name = "show_all_one_broken", .argv = { "show" }, .status = 1,
	  .calls = 4, .err = "broken: cannot parse", .out = TREE_A TREE_B,
	  .broken = 1 },
	{ .name = "show_missing", .argv = { "show", "nosuchmap" },
	  .status = 1, .calls = 1, .err = "no such map", .out = "" },
	{ .name = "show_not_mpath2", .argv = { "show", "linear0" },
	  .status = 1, .calls = 1, .err = "not an mpath2 map" },

	/* create: the table from the fake sysfs (test_main.c). */
	{ .name = "create_dry_run_defaults",
	  .argv = { "create", "lun0", "--dry-run", "8:16", "8:32" },
	  .out = "0 2097152 mpath2 0 0 2 1 round-robin 0 1 1 8:16 1 "
		 "round-robin 0 1 1 8:32 1\n" },
	{ .name = "create_all_options_anywhere",
	  .argv = { "create", "--selector", "service-time", "lun0",
		    "--group=multibus", "--no-path-retry", "12", "--failback",
		    "immediate", "8:32" },
	  .calls = 1, .out = "",
	  .sent = "lun0: create mpath2-36001405a1b2c3d4e5f60718293a4b5c6 0 2097152 5 queue_if_no_path "
		  "no_path_timeout 60 failback immediate 0 1 1 service-time 0 1 2"
		  " 8:32 1 1" },
	{ .name = "create_options_dry_run",
	  .argv = { "create", "lun0", "--selector=service-time",
		    "--group", "multibus", "--no-path-retry=queue",
		    "--dry-run", "8:16", "8:32" },
	  .out = "0 2097152 mpath2 1 queue_if_no_path 0 1 1 service-time 0 2 2"
		 " 8:16 1 1 8:32 1 1\n" },
	{ .name = "create_loads_with_uuid",
	  .argv = { "create", "lun0", "--no-path-retry", "3", "8:16", "8:32" },
	  .calls = 1, .out = "",
	  .sent = "lun0: create mpath2-36001405a1b2c3d4e5f60718293a4b5c6 0 2097152 3 queue_if_no_path "
		  "no_path_timeout 15 0 2 1 round-robin 0 1 1 8:16 1 "
		  "round-robin 0 1 1 8:32 1" },
	{ .name = "create_exists", .argv = { "create", "mpatha", "8:16" },
	  .status = 1, .calls = 1, .err = "mpatha: a map by that name exists",
	  .sent = "mpatha: create mpath2-36001405a1b2c3d4e5f60718293a4b5c6 0 2097152 0 0 1 1 round-robin"
		  " 0 1 1 8:16 1" },
	{ .name = "create_load_refused", .argv = { "create", "dmrefuses", "8:16" },
	  .status = 1, .calls = 1, .err = "(empty map removed)",
	  .sent = "dmrefuses: create mpath2-36001405a1b2c3d4e5f60718293a4b5c6 0 2097152 0 0 1 1 "
		  "round-robin 0 1 1 8:16 1" },
	{ .name = "create_uuid_from_name_without_wwid",
	  .argv = { "create", "part0", "8:17" }, .calls = 1,
	  .sent = "part0: create mpath2-part0 0 2095104 0 0 1 1 round-robin 0 1"
		  " 1 8:17 1" },
	{ .name = "create_different_luns",
	  .argv = { "create", "lun0", "--dry-run", "8:16", "8:32", "8:128" },
	  .status = 1, .err = "8:16 and 8:128 are different LUNs (WWIDs "
		 "36001405a1b2c3d4e5f60718293a4b5c6, 20025385a71b001ff)" },
	{ .name = "wwid_naa", .argv = { "wwid", "8:32" },
	  .out = "36001405a1b2c3d4e5f60718293a4b5c6\n" },
	{ .name = "wwid_eui64", .argv = { "wwid", "8:128" },
	  .out = "20025385a71b001ff\n" },
	{ .name = "wwid_no_page_no_sg_io_in_tests", .argv = { "wwid", "8:64" },
	  .status = 1, .err = "/dev/block/8:64: INQUIRY VPD 0x83 failed" },
	{ .name = "wwid_corrupt_page", .argv = { "wwid", "8:96" },
	  .status = 1, .err = "length 28 past the 12 bytes read" },
	{ .name = "wwid_bad_dev", .argv = { "wwid", "sdb" },
	  .status = 1, .err = "neither major:minor" },
	{ .name = "wwid_no_dev", .argv = { "wwid" },
	  .status = 1, .err = "usage: mpath2ctl wwid DEV" },
	{ .name = "create_size_differs",
	  .argv = { "create", "lun0", "8:16", "8:64" }, .status = 1,
	  .err = "lun0: paths differ in size: 8:16 has 2097152 sectors, 8:64 has"
		 " 4194304" },
	{ .name = "create_block_size_differs",
	  .argv = { "create", "lun0", "--dry-run", "8:16", "8:80" },
	  .status = 1, .err = "logical block size: 8:16 has 512, 8:80 has 4096" },
	{ .name = "create_size_zero", .argv = { "create", "lun0", "8:96" },
	  .status = 1, .err = "8:96 has size 0" },
	{ .name = "create_no_size_file", .argv = { "create", "lun0", "8:112" },
	  .status = 1, .err = "size: No such file" },
	{ .name = "create_unknown_device", .argv = { "create", "lun0", "8:240" },
	  .status = 1, .err = "8:240/size: No such file" },
	{ .name = "create_duplicate_path",
	  .argv = { "create", "lun0", "8:16", "8:32", "008:016" }, .status = 1,
	  .err = "path 8:16 given twice" },
	{ .name = "create_no_device", .argv = { "create", "lun0", "--dry-run" },
	  .status = 1, .err = "usage: mpath2ctl create NAME [OPTIONS] DEV..." },
	{ .name = "create_no_args", .argv = { "create" }, .status = 1,
	  .err = "usage: mpath2ctl create" },
	{ .name = "create_bad_name", .argv = { "create", "a/b", "8:16" },
	  .status = 1, .err = "'/'" },
	{ .name = "create_name_too_long_for_uuid",
	  .argv = { "create", A127, "8:17" }, .status = 1,
	  .err = "too long for its UUID (mpath2- + at most 121" },
	{ .name = "create_bad_device", .argv = { "create", "lun0", "sdb" },
	  .status = 1, .err = "neither major:minor" },
	{ .name = "create_bad_selector",
	  .argv = { "create", "lun0", "--selector", "rr", "8:16" },
	  .status = 1, .err = "--selector 'rr': not service-time" },
	{ .name = "create_bad_group",
	  .argv = { "create", "lun0", "--group=prio", "8:16" },
	  .status = 1, .err = "--group 'prio'" },
	{ .name = "create_bad_retry",
	  .argv = { "create", "lun0", "--no-path-retry", "0", "8:16" },
	  .status = 1, .err = "--no-path-retry '0'" },
	{ .name = "create_bad_failback",
	  .argv = { "create", "lun0", "--failback", "3601", "8:16" },
	  .status = 1, .err = "--failback '3601'" },
	{ .name = "create_option_without_value",
	  .argv = { "create", "lun0", "8:16", "--failback" },
	  .status = 1, .err = "--failback needs a value" },
	{ .name = "create_unknown_option",
	  .argv = { "create", "lun0", "--frob", "8:16" },
	  .status = 1, .err = "create: unknown option '--frob'" },
	{ .name = "create_option_prefix_not_taken",
	  .argv = { "create", "lun0", "--selectorx", "8:16" },
	  .status = 1, .err = "unknown option '--selectorx'" },

	/* create and reload honour the blacklist, or --force (issue 21). */
	{ .name = "create_blacklisted_refused",
	  .argv = { "create", "lun0", "8:16", "8:32" }, .conf = BL_SDC,
	  .status = 1,
	  .err = "mpath2ctl: lun0: " BL_SDC_WHY "; not used (--force uses it)\n" },
	{ .name = "create_dry_run_blacklisted_refused",
	  .argv = { "create", "lun0", "--dry-run", "8:16", "8:32" },
	  .conf = BL_SDC, .status = 1, .out = "",
	  .err = "lun0: " BL_SDC_WHY "; not used" },
	{ .name = "create_blacklisted_by_wwid_refused",
	  .argv = { "create", "lun0", "8:16", "8:32" },
	  .conf = "blacklist {\n  wwid \"^36001405\"\n}\n", .status = 1,
	  .err = "lun0: sdb (8:16) is blacklisted by wwid \"^36001405\" (line 2)" },
	{ .name = "create_blacklisted_forced",
	  .argv = { "create", "lun0", "8:16", "8:32", "--force" },
	  .conf = BL_SDC, .calls = 1, .out = "",
	  .sent = "lun0: create mpath2-36001405a1b2c3d4e5f60718293a4b5c6 0 2097152 0 0 2 1 "
		  "round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1",
	  .err = "mpath2ctl: lun0: " BL_SDC_WHY "; used anyway (--force)\n" },
	{ .name = "create_blacklist_exception",
	  .argv = { "create", "lun0", "--dry-run", "8:16", "8:32" },
	  .conf = "blacklist {\n  devnode .\n}\n"
		  "blacklist_exceptions {\n  devnode \"^sd[bc]$\"\n}\n",
	  .out = "0 2097152 mpath2 0 0 2 1 round-robin 0 1 1 8:16 1 "
		 "round-robin 0 1 1 8:32 1\n" },
	{ .name = "reload_blacklisted_refused", .argv = { "reload", "mpatha" },
	  .conf = BL_SDC, .status = 1, .calls = 1,
	  .err = "mpath2ctl: mpatha: " BL_SDC_WHY "; not used (--force uses it)\n" },
	{ .name = "reload_dry_run_blacklisted_refused",
	  .argv = { "reload", "--dry-run", "mpatha" }, .conf = BL_SDC,
	  .status = 1, .calls = 1, .out = "", .err = "mpatha: " BL_SDC_WHY },
	{ .name = "reload_blacklisted_forced",
	  .argv = { "reload", "mpatha", "--force" }, .conf = BL_SDC,
	  .calls = -1, .out = "",
	  .sent = "mpatha: reload 0 2097152 0 0 2 1 round-robin 0 1 1 8:16 1 "
		  "round-robin 0 1 1 8:32 1",
	  .err = "mpath2ctl: mpatha: " BL_SDC_WHY "; used anyway (--force)\n" },

	/* remove, queue, fail-if-no-path, stats */
	{ .name = "remove", .argv = { "remove", "mpatha" }, .calls = 2,
	  .sent = "mpatha: remove" },
	{ .name = "remove_busy", .argv = { "remove", "refuser" }, .status = 1,
	  .calls = 2, .sent = "refuser: remove", .err = "map is in use" },
	{ .name = "remove_not_mpath2", .argv = { "remove", "linear0" },
	  .status = 1, .calls = 1, .err = "not an mpath2 map (linear)" },
	{ .name = "remove_missing", .argv = { "remove", "nosuchmap" },
	  .status = 1, .calls = 1, .err = "no such map" },
	{ .name = "remove_bad_name", .argv = { "remove", "" }, .status = 1,
	  .err = "empty map name" },
	{ .name = "remove_extra", .argv = { "remove", "mpatha", "x" },
	  .status = 1, .err = "usage: mpath2ctl remove NAME" },
	{ .name = "queue", .argv = { "queue", "mpatha" }, .calls = 2,
	  .sent = "mpatha: queue_if_no_path", .out = "" },
	{ .name = "queue_if_no_path", .argv = { "queue-if-no-path", "mpatha" },
	  .calls = 2, .sent = "mpatha: queue_if_no_path", .out = "" },
	{ .name = "fail_if_no_path", .argv = { "fail-if-no-path", "mpathb" },
	  .calls = 2, .sent = "mpathb: fail_if_no_path", .out = "" },
	{ .name = "queue_not_mpath2", .argv = { "queue", "linear0" },
	  .status = 1, .calls = 1, .err = "not an mpath2 map" },
	{ .name = "stats", .argv = { "stats", "mpatha" }, .calls = 2,
	  .sent = "mpatha: path_stats",
	  .out = "8:16 group=1 state=failed fail_count=1 errors=2 ios=10"
		 " in_flight=0\n8:32 group=2 state=active fail_count=0 errors=0"
		 " ios=99 in_flight=1\n" },
	{ .name = "stats_refused", .argv = { "stats", "refuser" }, .status = 1,
	  .calls = 2, .sent = "refuser: path_stats", .err = "target refused" },
	{ .name = "stats_missing_name", .argv = { "stats" }, .status = 1,
	  .err = "usage: mpath2ctl stats NAME" },
};

static void cli_case(void **state)
{
	const struct cli_case *c = *state;
	char *argv[14] = { "mpath2ctl" }, *out = NULL, *err = NULL;
	char dir[] = "/tmp/mpath2ctl-cli.XXXXXX", conf[64];
	size_t outlen = 0, errlen = 0;
	int argc = 1, status, r = -1;
	struct cli_ctl ctl = { 0 };
	char why[2048] = "";

	while (argc < 11 && c->argv[argc - 1]) {
		argv[argc] = (char *)c->argv[argc - 1];
		argc++;
	}
	if (c->conf) {
		CHECK(!fakefs_new(dir) && !fakefs_puts(dir, "mpath2.conf", c->conf),
		      "cannot write the config");
		snprintf(conf, sizeof(conf), "%s/mpath2.conf", dir);
		argv[argc++] = "--config";
		argv[argc++] = conf;
	}
	ctl.out = open_memstream(&out, &outlen);
	ctl.err = open_memstream(&err, &errlen);
	ctl.sysfs = fake_sysfs;
	CHECK(ctl.out && ctl.err, "open_memstream failed");
	fake_dm_broken = c->broken;
	status = cli_main(argc, argv, &ctl);
	fclose(ctl.out);
	fclose(ctl.err);
	if (c->conf)
		fakefs_remove(dir);

	if (status != c->status)
		snprintf(why, sizeof(why), "exit status %d, not %d (stderr: %s)", status,
			 c->status, err);
	else if (c->calls >= 0 && fake_dm_calls != c->calls)
		snprintf(why, sizeof(why), "%d libdevmapper calls, not %d", fake_dm_calls,
			 c->calls);
	else if (strcmp(fake_dm_sent, c->sent ? c->sent : ""))
		snprintf(why, sizeof(why), "sent '%s', not '%s'", fake_dm_sent,
			 c->sent ? c->sent : "");
	else if (!c->err && errlen)
		snprintf(why, sizeof(why), "unexpected stderr: %s", err);
	else if (c->err && (!strstr(err, c->err) || !strchr(err, '\n') ||
			    strchr(err, '\n') != err + errlen - 1))
		snprintf(why, sizeof(why), "stderr not one line with '%s': %s", c->err, err);
	else if (c->out && strcmp(out, c->out))
		snprintf(why, sizeof(why), "stdout differs (see stderr)");
	else if (c->out_start && strncmp(out, c->out_start, strlen(c->out_start)))
		snprintf(why, sizeof(why), "stdout does not start with '%s'", c->out_start);
	else
		r = 0;
	if (r && c->out)
		fprintf(stderr, "%s: expected stdout:\n%sgot:\n%s", c->name,
			c->out, out);
	free(out);
	free(err);
	if (r)
		fail_msg("%s", why);
}

/* --- the real binary ---------------------------------------------------------- */


struct bin_case {
	const char *name;
	const char *argv[4];
	int status;
	const char *err;	/* in the one stderr line; NULL: no stderr */
	const char *out_start;
};

static const struct bin_case bin_cases[] = {
	{ "version", { "--version" }, 0, NULL, NULL },	/* checked against dkms.conf */
	{ "help", { "--help" }, 0, NULL, "Usage: mpath2ctl COMMAND" },
	{ "no_args", { NULL }, 1, "mpath2ctl: no command given", "" },
	{ "bad_name", { "fail", "a/b", "8:16" }, 1, "mpath2ctl: map name", "" },
	{ "bad_group", { "switch", "mpatha", "0" }, 1, "mpath2ctl: GROUP '0'", "" },
};

/* Read the whole of @f into @buf. */
static void slurp(FILE *f, char *buf, size_t size)
{
	size_t n;

	rewind(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static void bin_case(void **state)
{
	const struct bin_case *c = *state;
	char *argv[6] = { (char *)cli_bin }, out[4096], err[1024], want[128] = "";
	FILE *fo = tmpfile(), *fe = tmpfile(), *conf;
	int i, status;
	pid_t pid;

	for (i = 0; i < 4 && c->argv[i]; i++)
		argv[i + 1] = (char *)c->argv[i];
	CHECK(fo && fe, "tmpfile failed");
	pid = fork();
	CHECK(pid >= 0, "fork failed");
	if (!pid) {
		dup2(fileno(fo), 1);
		dup2(fileno(fe), 2);
		execv(cli_bin, argv);
		_exit(127);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status),
	      "%s did not exit normally", cli_bin);
	slurp(fo, out, sizeof(out));
	slurp(fe, err, sizeof(err));

	CHECK(WEXITSTATUS(status) == c->status, "exit status %d, not %d (%s)",
	      WEXITSTATUS(status), c->status, err);
	if (c->err)
		CHECK(strstr(err, c->err) && strchr(err, '\n') == err + strlen(err) - 1,
		      "stderr not one line with '%s': %s", c->err, err);
	else
		CHECK(!err[0], "unexpected stderr: %s", err);
	if (c->out_start)
		CHECK(!strncmp(out, c->out_start, strlen(c->out_start)) &&
		      (c->out_start[0] || !out[0]), "stdout: '%s'", out);
	if (!strcmp(c->name, "version")) {
		/* The version must be dkms.conf's, as it is now. */
		conf = fopen(cli_dkms_conf, "r");
		CHECK(conf, "cannot open %s", cli_dkms_conf);
		while (fgets(err, sizeof(err), conf))
			if (sscanf(err, "PACKAGE_VERSION=\"%100[^\"]\"", want) == 1)
				break;
		fclose(conf);
		CHECK(want[0], "no PACKAGE_VERSION in %s", cli_dkms_conf);
		snprintf(err, sizeof(err), "mpath2ctl %s\n", want);
		CHECK(!strcmp(out, err), "printed '%s', dkms.conf says '%s'", out,
		      want);
	}
}

void cli_tests(void)
{
	UNIT_TABLE("tools/cli", cli_case, cases);
	UNIT_TABLE("tools/binary", bin_case, bin_cases);
}
