// SPDX-License-Identifier: GPL-2.0-only
/*
 * bindings.c on its own, then discover end to end through
 * cli_main() (fake_mpdm.c) against a fake sysfs each case builds:
 *
 *   sdb 8:16, sdc 8:32, sdf 8:80   LUN A (NAA 16 bytes)
 *   sdaa 65:160, sdab 65:176       LUN C (NAA 8 bytes)
 *   sdd 8:48                       LUN B (EUI-64), one path
 *   sdg 8:96                       no VPD page: skipped with a warning
 *   sr0, loop0                     not SCSI disks: ignored
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/bindings.h"
#include "cli/discover.h"
#include "fake_mpdm.h"
#include "fake_udev.h"
#include "fakefs.h"
#include "cli/cli.h"
#include "unit.h"

#define WWID_A	"36001405a1b2c3d4e5f60718293a4b5c6"
#define WWID_B	"20025385a71b001ff"
#define WWID_C	"3500a098000001234"

static const unsigned char page_a[] = { 0x00, 0x83, 0x00, 0x14,
	0x01, 0x03, 0x00, 0x10, 0x60, 0x01, 0x40, 0x5a, 0x1b, 0x2c, 0x3d, 0x4e,
	0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6 };
static const unsigned char page_b[] = { 0x00, 0x83, 0x00, 0x0c,
	0x01, 0x02, 0x00, 0x08, 0x00, 0x25, 0x38, 0x5a, 0x71, 0xb0, 0x01, 0xff };
static const unsigned char page_c[] = { 0x00, 0x83, 0x00, 0x0c,
	0x01, 0x03, 0x00, 0x08, 0x50, 0x0a, 0x09, 0x80, 0x00, 0x00, 0x12, 0x34 };

static const struct {
	const char *name, *dev;
	const unsigned char *page;
	size_t len;
} disks[] = {
	/* Not in device order: discover must sort. */
	{ "sdf", "8:80", page_a, sizeof(page_a) },
	{ "sdab", "65:176", page_c, sizeof(page_c) },
	{ "sdb", "8:16", page_a, sizeof(page_a) },
	{ "sdd", "8:48", page_b, sizeof(page_b) },
	{ "sdaa", "65:160", page_c, sizeof(page_c) },
	{ "sdg", "8:96", NULL, 0 },
	{ "sdc", "8:32", page_a, sizeof(page_a) },
	{ "sr0", "11:0", page_b, sizeof(page_b) },
	{ "loop0", "7:0", page_b, sizeof(page_b) },
};

/* The same disks as udev lists them (fake_udev.c), each initialized. */
static const struct fake_udev_dev udev_disks[] = {
	{ "sdf", "disk", 1 }, { "sdab", "disk", 1 }, { "sdb", "disk", 1 },
	{ "sdd", "disk", 1 }, { "sdaa", "disk", 1 }, { "sdg", "disk", 1 },
	{ "sdc", "disk", 1 }, { "sr0", "disk", 1 }, { "loop0", "disk", 1 },
};

static int make_tree(char *root)
{
	char rel[128];
	size_t i;

	if (fakefs_new(root))
		return -1;
	for (i = 0; i < ARRAY_SIZE(disks); i++) {
		snprintf(rel, sizeof(rel), "block/%s/dev", disks[i].name);
		if (fakefs_puts(root, rel, disks[i].dev))
			return -1;
		snprintf(rel, sizeof(rel), "block/%s/size", disks[i].name);
		if (fakefs_puts(root, rel, "2097152\n"))
			return -1;
		snprintf(rel, sizeof(rel), "block/%s/queue/logical_block_size",
			 disks[i].name);
		if (fakefs_puts(root, rel, "512\n"))
			return -1;
		snprintf(rel, sizeof(rel), "block/%s/device/vendor",
			 disks[i].name);
		if (fakefs_puts(root, rel, disks[i].page == page_b ?
				"ACME    \n" : "LIO-ORG \n"))
			return -1;
		snprintf(rel, sizeof(rel), "block/%s/device/model",
			 disks[i].name);
		if (fakefs_puts(root, rel, "disk            \n"))
			return -1;
		snprintf(rel, sizeof(rel), "block/%s/device/vpd_pg83",
			 disks[i].name);
		if (disks[i].page &&
		    fakefs_write(root, rel, disks[i].page, disks[i].len))
			return -1;
	}
	return 0;
}

#define TABLE_C	"0 2097152 mpath2 0 0 2 1 round-robin 0 1 1 65:160 1 "	\
		"round-robin 0 1 1 65:176 1\n"
#define TABLE_A	"0 2097152 mpath2 0 0 3 1 round-robin 0 1 1 8:16 1 "	\
		"round-robin 0 1 1 8:32 1 round-robin 0 1 1 8:80 1\n"
#define TABLE_B	"0 2097152 mpath2 0 0 1 1 round-robin 0 1 1 8:48 1\n"
#define WARN_G	"mpath2ctl: sdg skipped: "

struct disc_case {
	const char *name;
	const char *argv[8];	/* after "discover"; "@" is the tree root */
	const char *bindings;	/* the bindings file before; NULL: none */
	int status, calls;
	const char *out;	/* exact stdout */
	const char *err;	/* in stderr; NULL: only sdg's warning */
	const char *bindings_after;	/* NULL: as before */
	int twice;		/* run again: same output, same bindings */
};

static const struct disc_case disc_cases[] = {
	{ "dry_run_by_wwid", { "--dry-run", "--sysfs", "@" }, NULL, 0, 0,
	  WWID_C " " WWID_C " sdaa sdab\n" TABLE_C
	  WWID_A " " WWID_A " sdb sdc sdf\n" TABLE_A, NULL, NULL, 0 },
	{ "dry_run_single", { "--sysfs", "@", "--dry-run", "--single" }, NULL,
	  0, 0,
	  WWID_B " " WWID_B " sdd\n" TABLE_B
	  WWID_C " " WWID_C " sdaa sdab\n" TABLE_C
	  WWID_A " " WWID_A " sdb sdc sdf\n" TABLE_A, NULL, NULL, 0 },
	{ "dry_run_table_options",
	  { "--dry-run", "--sysfs", "@", "--group", "multibus",
	    "--no-path-retry", "queue" }, NULL, 0, 0,
	  WWID_C " " WWID_C " sdaa sdab\n"
	  "0 2097152 mpath2 1 queue_if_no_path 0 1 1 round-robin 0 2 1 65:160 1"
	  " 65:176 1\n"
	  WWID_A " " WWID_A " sdb sdc sdf\n"
	  "0 2097152 mpath2 1 queue_if_no_path 0 1 1 round-robin 0 3 1 8:16 1"
	  " 8:32 1 8:80 1\n", NULL, NULL, 0 },
	{ "friendly_dry_run_keeps_file",
	  { "--dry-run", "--sysfs", "@", "--bindings", "@/bindings" },
	  "# mpath2 bindings\nmpath0 " WWID_A "\n", 0, 0,
	  "mpath1 " WWID_C " sdaa sdab\n" TABLE_C
	  "mpath0 " WWID_A " sdb sdc sdf\n" TABLE_A, NULL, NULL, 0 },
	{ "friendly_creates_and_binds",
	  { "--friendly", "--bindings", "@/etc/bindings" },
	  NULL, 0, 2,
	  "mpath0: created over 2 paths\nmpath1: created over 3 paths\n", NULL,
	  "mpath0 " WWID_C "\nmpath1 " WWID_A "\n", 1 },
	{ "friendly_fills_gaps",
	  { "--bindings", "@/bindings", "--single" },
	  "mpath1 " WWID_A "\nmpath7 3ffff\n", 0, 3,
	  "mpath0: created over 1 path\nmpath2: created over 2 paths\n"
	  "mpath1: created over 3 paths\n", NULL,
	  "mpath1 " WWID_A "\nmpath7 3ffff\nmpath0 " WWID_B "\nmpath2 "
	  WWID_C "\n", 1 },
	{ "by_wwid_creates", { NULL }, NULL, 0, 2,
	  WWID_C ": created over 2 paths\n" WWID_A ": created over 3 paths\n",
	  NULL, NULL, 0 },
	/* A map of the LUN's name made for another device: left alone. */
	{ "existing_map_of_another_device",
	  { "--bindings", "@/bindings" },
	  "mpatha " WWID_C "\n", 1, 3, "mpath0: created over 3 paths\n",
	  "mpatha: a map by that name exists for another device (uuid ''); left alone",
	  "mpatha " WWID_C "\nmpath0 " WWID_A "\n", 0 },
	/* The LUN's own map lacks a path: RELOAD with it (then RESUME). */
	{ "existing_map_grows",
	  { "--bindings", "@/bindings" },
	  "lunc " WWID_C "\n", 0, 4,
	  "lunc: added 1 path\nmpath0: created over 3 paths\n", NULL,
	  "lunc " WWID_C "\nmpath0 " WWID_A "\n", 0 },
	{ "load_refused_fails", { "--bindings", "@/bindings" },
	  "dmrefuses " WWID_A "\n", 1, 2, "mpath0: created over 2 paths\n",
	  "(empty map removed)", "dmrefuses " WWID_A "\nmpath0 " WWID_C "\n",
	  0 },
	{ "bad_bindings_refused",
	  { "--dry-run", "--sysfs", "@", "--bindings", "@/bindings" },
	  "mpath0 " WWID_A "\nmpath0 " WWID_C "\n", 1, 0, "",
	  "bindings: line 2: alias 'mpath0' is bound twice", NULL, 0 },
	{ "no_block_dir", { "--dry-run", "--sysfs", "@/nothing" }, NULL, 1, 0,
	  "",
	  "nothing/block: No such file", NULL, 0 },
	{ "sysfs_without_dry_run", { "--sysfs", "@", "--single" }, NULL, 1, 0,
	  "", "discover: --sysfs goes with --dry-run only", NULL, 0 },
	{ "sysfs_relative", { "--dry-run", "--sysfs", "sys" }, NULL, 1, 0, "",
	  "--sysfs needs an absolute path", NULL, 0 },
	{ "sysfs_missing", { "--dry-run", "--sysfs" }, NULL, 1, 0, "",
	  "--sysfs needs an absolute path", NULL, 0 },
	{ "operand_refused", { "--sysfs", "@", "mpatha" }, NULL, 1, 0, "",
	  "usage: mpath2ctl discover [OPTIONS]", NULL, 0 },
	{ "unknown_option", { "--sysfs", "@", "--dryrun" }, NULL, 1, 0, "",
	  "discover: unknown option '--dryrun'", NULL, 0 },
	{ "bad_table_option", { "--sysfs", "@", "--group", "x" }, NULL, 1, 0,
	  "", "--group 'x'", NULL, 0 },
};

static char *read_all(const char *path)
{
	char *buf = calloc(1, 4096);
	FILE *f = fopen(path, "r");

	if (f && buf)
		buf[fread(buf, 1, 4095, f)] = '\0';
	if (f)
		fclose(f);
	return buf;
}

/*
 * Run discover once, with "-v --config @conf" after its own words if
 * @conf (the global options go anywhere); stdout and stderr in *out and
 * *err (malloc'ed).
 */
static int run(const struct disc_case *c, const char *root, const char *conf,
	       char **out, char **err)
{
	char *argv[16] = { "mpath2ctl", "discover" }, args[8][256];
	size_t outlen, errlen;
	struct cli_ctl ctl = { 0 };
	int i, argc = 2, status;

	for (i = 0; i < 8 && c->argv[i]; i++) {
		if (c->argv[i][0] == '@')
			snprintf(args[i], sizeof(args[i]), "%s%s", root,
				 c->argv[i] + 1);
		else
			snprintf(args[i], sizeof(args[i]), "%s", c->argv[i]);
		argv[argc++] = args[i];
	}
	if (conf) {
		argv[argc++] = "-v";
		argv[argc++] = "--config";
		argv[argc++] = (char *)conf;
	}
	ctl.out = open_memstream(out, &outlen);
	ctl.err = open_memstream(err, &errlen);
	/* Without --sysfs (--dry-run only) udev lists, sysfs is read. */
	ctl.sysfs = root;
	if (!fake_udev_devs) {
		fake_udev_devs = udev_disks;
		fake_udev_nr = ARRAY_SIZE(udev_disks);
	}
	status = cli_main(argc, argv, &ctl);
	fclose(ctl.out);
	fclose(ctl.err);
	return status;
}

static int check_run(const struct disc_case *c, const char *root,
		     const char *bindings, const char *conf, char *why,
		     size_t len)
{
	char *out = NULL, *err = NULL, *after;
	int status, r = -1;

	status = run(c, root, conf, &out, &err);
	if (status != c->status)
		snprintf(why, len, "exit status %d (stderr: %s)", status, err);
	else if (fake_dm_calls != c->calls)
		snprintf(why, len, "%d libdevmapper calls, not %d", fake_dm_calls,
			 c->calls);
	else if (strcmp(out, c->out))
		snprintf(why, len, "stdout '%s'", out);
	else if (c->err ? !strstr(err, c->err) :
		 c->status || strncmp(err, WARN_G, strlen(WARN_G)) ||
		 strchr(err, '\n') != err + strlen(err) - 1)
		snprintf(why, len, "stderr '%s'", err);
	else
		r = 0;
	free(out);
	free(err);
	if (r)
		return r;
	after = read_all(bindings);
	if (strcmp(after, c->bindings_after ? c->bindings_after :
		   c->bindings ? c->bindings : "")) {
		snprintf(why, len, "bindings now '%s'", after);
		r = -1;
	}
	free(after);
	return r;
}

static void disc_case(void **state)
{
	const struct disc_case *c = *state;
	char root[] = "/tmp/mpath2ctl-discover.XXXXXX", bindings[256];
	int r = -1, calls;
	char why[2048] = "";

	if (make_tree(root)) {
		snprintf(why, sizeof(why), "cannot build the fake sysfs");
		goto out;
	}
	snprintf(bindings, sizeof(bindings), "%s/%s", root,
		 strstr(c->name, "creates_and_binds") ? "etc/bindings" :
		 "bindings");
	if (c->bindings && fakefs_puts(root, "bindings", c->bindings)) {
		snprintf(why, sizeof(why), "cannot write bindings");
		goto out;
	}
	r = check_run(c, root, bindings, NULL, why, sizeof(why));
	if (!r && c->twice) {
		/* The second run finds the same names in the file. */
		struct disc_case again = *c;

		calls = fake_dm_calls;
		fake_dm_calls = 0;
		again.bindings = again.bindings_after;
		r = check_run(&again, root, bindings, NULL, why, sizeof(why));
		fake_dm_calls += calls;
	}
out:
	fakefs_remove(root);
	if (r)
		fail_msg("%s", why);
}

/* --- discover with an mpath2.conf ------------------------------------------ */

struct conf_case {
	struct disc_case c;
	const char *conf;	/* written to <root>/mpath2.conf */
};

#define BL(body)	"blacklist {\n" body "\n}\n"
#define ROWS_A	WWID_A " " WWID_A " sdb sdc sdf\n" TABLE_A

static const struct conf_case conf_cases[] = {
	{ .c = { .name = "blacklist_devnode", .argv = { "--dry-run", "--sysfs",
		 "@" }, .out = WWID_C " " WWID_C " sdaa sdab\n" TABLE_C
		 WWID_A " " WWID_A " sdb sdf\n"
		 "0 2097152 mpath2 0 0 2 1 round-robin 0 1 1 8:16 1 round-robin"
		 " 0 1 1 8:80 1\n",
		 .err = "mpath2ctl: sdc skipped: blacklisted by devnode \"^sdc$\""
		 " (line 2)\n" },
	  .conf = BL("  devnode \"^sdc$\"") },
	{ .c = { .name = "blacklist_wwid", .argv = { "--dry-run", "--sysfs",
		 "@" }, .out = ROWS_A,
		 .err = "sdaa skipped: blacklisted by wwid \"^3500a0980\"" },
	  .conf = BL("  wwid \"^3500a0980\"") },
	{ .c = { .name = "blacklist_vendor", .argv = { "--dry-run", "--sysfs",
		 "@", "--single" }, .out = WWID_C " " WWID_C " sdaa sdab\n"
		 TABLE_C ROWS_A,
		 .err = "sdd skipped: blacklisted by device vendor \"ACME\"" },
	  .conf = BL("  device {\n    vendor ACME\n  }") },
	{ .c = { .name = "blacklist_all_but_exceptions", .argv = { "--dry-run",
		 "--sysfs", "@", "--single" },
		 .out = WWID_A " " WWID_A " sdb sdc\n"
		 "0 2097152 mpath2 0 0 2 1 round-robin 0 1 1 8:16 1 round-robin"
		 " 0 1 1 8:32 1\n", .err = "sdaa skipped" },
	  .conf = BL("  devnode .*") "blacklist_exceptions {\n"
		  "  devnode \"^sd[bc]$\"\n}\n" },
	{ .c = { .name = "alias_names_map", .argv = { "--dry-run", "--sysfs",
		 "@" }, .out = WWID_C " " WWID_C " sdaa sdab\n" TABLE_C
		 "data " WWID_A " sdb sdc sdf\n" TABLE_A, .err = "sdg skipped" },
	  .conf = "multipaths {\n multipath {\n  wwid " WWID_A "\n"
		  "  alias data\n }\n}\n" },
	{ .c = { .name = "alias_beats_bindings", .argv = {
		 "--bindings", "@/bindings" }, .status = 0, .calls = 2,
		 .out = "mpath0: created over 2 paths\n"
		 "data: created over 3 paths\n", .err = "sdg skipped",
		 .bindings_after = "mpath0 " WWID_C "\n" },
	  .conf = "multipaths {\n multipath {\n  wwid " WWID_A "\n"
		  "  alias data\n }\n}\n" },
	{ .c = { .name = "settings_from_config", .argv = { "--dry-run",
		 "--sysfs", "@", "--group", "multibus" },
		 .out = WWID_C " " WWID_C " sdaa sdab\n"
		 "0 2097152 mpath2 7 queue_if_no_path no_path_timeout 60"
		 " hold_down 3 60 30 0 1 1 service-time 0 2 2 65:160 1 1"
		 " 65:176 1 1\n"
		 WWID_A " " WWID_A " sdb sdc sdf\n"
		 "0 2097152 mpath2 1 queue_if_no_path 0 1 1 service-time 0 3 2"
		 " 8:16 1 1 8:32 1 1 8:80 1 1\n", .err = "sdg skipped" },
	  .conf = "defaults {\n polling_interval 10\n no_path_retry 6\n"
		  " path_selector \"service-time 0\"\n"
		  " path_grouping_policy failover\n}\n"
		  "devices {\n device {\n  vendor LIO\n  product .\n"
		  "  hold_down_failures 3\n  hold_down_window 60\n"
		  "  hold_down_secs 30\n }\n}\n"
		  "multipaths {\n multipath {\n  wwid " WWID_A "\n"
		  "  no_path_retry queue\n  hold_down_failures 0\n }\n}\n" },
	/* A broken structure: no telling what the file says, no map. */
	{ .c = { .name = "config_error_refuses", .argv = { NULL },
		 .status = 1, .out = "",
		 .err = "/mpath2.conf:1: section defaults has no closing '}'" },
	  .conf = "defaults {\n polling_interval 5\n" },
	/* A bad value warns and the rest still counts (issue 21). */
	{ .c = { .name = "config_bad_value_warns", .argv = { "--dry-run",
		 "--sysfs", "@", "--single" }, .status = 0, .out = ROWS_A,
		 .err = "/mpath2.conf:2: warning: polling_interval 0: out of"
		 " range" },
	  .conf = "defaults {\n polling_interval 0\n}\n"
		  "blacklist {\n wwid \"^(3500a|2002)\"\n}\n" },
	/* A handler mpath2 lacks refuses that LUN's map, and only that one. */
	{ .c = { .name = "config_refuses_that_map_only", .argv = { "--dry-run",
		 "--sysfs", "@" }, .status = 1, .out = ROWS_A,
		 .err = "/mpath2.conf:4: hardware_handler '1 rdac'" },
	  .conf = "multipaths {\n multipath {\n  wwid " WWID_C "\n"
		  "  hardware_handler \"1 rdac\"\n }\n}\n" },
	/* No INQUIRY in this tree, no SG_IO: every prio unknown, one group. */
	{ .c = { .name = "group_by_prio_unknown_one_group", .argv = {
		 "--dry-run", "--sysfs", "@" }, .status = 0,
		 .out = WWID_C " " WWID_C " sdaa sdab\n"
		 "0 2097152 mpath2 0 0 1 1 round-robin 0 2 1 65:160 1 65:176 1\n"
		 WWID_A " " WWID_A " sdb sdc sdf\n"
		 "0 2097152 mpath2 0 0 1 1 round-robin 0 3 1 8:16 1 8:32 1"
		 " 8:80 1\n",
		 .err = "mpath2ctl: /dev/sdaa: prio unknown: /dev/sdaa: INQUIRY"
		 " failed: no SG_IO in tests" },
	  .conf = "defaults {\n path_grouping_policy group_by_prio\n}\n" },
};

static void conf_case(void **state)
{
	const struct conf_case *c = *state;
	char root[] = "/tmp/mpath2ctl-dconf.XXXXXX", conf[256], bindings[256];
	int r = -1;
	char why[2048] = "";

	if (make_tree(root) || fakefs_puts(root, "mpath2.conf", c->conf)) {
		snprintf(why, sizeof(why), "cannot build the fake sysfs");
		goto out;
	}
	snprintf(conf, sizeof(conf), "%s/mpath2.conf", root);
	snprintf(bindings, sizeof(bindings), "%s/bindings", root);
	r = check_run(&c->c, root, bindings, conf, why, sizeof(why));
out:
	fakefs_remove(root);
	if (r)
		fail_msg("%s", why);
}

/* --- the disks listed: by udev, or from --sysfs ROOT --------------------- */

static const struct fake_udev_dev udev_mixed[] = {
	{ "sdc", "disk", 1 },
	{ "sdb1", "partition", 1 },	/* not a disk */
	{ "sr0", "disk", 1 },		/* not sd */
	{ "sdaa", "disk", 1 },
	{ "sdd", "disk", 0 },		/* udev still at it */
	{ "sd1", "disk", 1 },		/* not sd<letters> */
	{ "sdb", "disk", 1 },
	{ "loop0", "disk", 1 },
};

static char *list(const char *root, FILE *warn, int *status)
{
	char (*names)[32], err[256] = "", *s = calloc(1, 512);
	size_t i, nr, off = 0;

	*status = discover_list_disks(root, warn, &names, &nr, err,
				      sizeof(err));
	if (!s)
		return NULL;
	for (i = 0; !*status && i < nr; i++)
		off += (size_t)snprintf(s + off, 512 - off, "%s ", names[i]);
	if (*status)
		snprintf(s, 512, "%s", err);
	if (!*status)
		free(names);
	return s;
}

static void udev_selection(void **state)
{
	char *warn = NULL, *got;
	size_t len = 0;
	FILE *w = open_memstream(&warn, &len);
	int r;

	(void)state;
	CHECK(w, "open_memstream");
	fake_udev_devs = udev_mixed;
	fake_udev_nr = ARRAY_SIZE(udev_mixed);
	got = list(NULL, w, &r);
	fclose(w);
	CHECK(got && !r && !strcmp(got, "sdaa sdb sdc "), "r=%d '%s'", r, got);
	CHECK(!strcmp(warn, "mpath2ctl: sdd skipped: udev has not initialized"
		      " it yet (udevadm settle)\n"), "warned '%s'", warn);
	CHECK(!strcmp(fake_udev_matches, "subsystem=block property=DEVTYPE=disk"
		      " sysname=sd* "), "matches '%s'", fake_udev_matches);
	CHECK(!fake_udev_live, "%d udev objects not released", fake_udev_live);
	free(got);
	free(warn);
}

/* No udevd: nothing is initialized, every sd disk counts. */
static void udevd_not_running(void **state)
{
	char *warn = NULL, *got;
	size_t len = 0;
	FILE *w = open_memstream(&warn, &len);
	int r;

	(void)state;
	CHECK(w, "open_memstream");
	fake_udev_devs = udev_mixed;
	fake_udev_nr = ARRAY_SIZE(udev_mixed);
	fake_udev_stopped = 1;
	got = list(NULL, w, &r);
	fclose(w);
	CHECK(got && !r && !strcmp(got, "sdaa sdb sdc sdd "), "r=%d '%s'", r,
	      got);
	CHECK(!warn[0], "warned '%s'", warn);
	CHECK(!fake_udev_live, "%d udev objects not released", fake_udev_live);
	free(got);
	free(warn);
}

static void udev_unavailable(void **state)
{
	char *got;
	int r;

	(void)state;
	fake_udev_fail = 1;
	got = list(NULL, NULL, &r);
	CHECK(got && r && !strcmp(got, "udev: cannot list the block devices"),
	      "r=%d '%s'", r, got);
	free(got);
}

static void sysfs_dir_selection(void **state)
{
	char root[] = "/tmp/mpath2ctl-dlist.XXXXXX", *got = NULL;
	int r = -1, ok;

	(void)state;
	fake_udev_fail = 1;	/* never asked */
	if (!make_tree(root))
		got = list(root, NULL, &r);
	ok = got && !r && !strcmp(got, "sdaa sdab sdb sdc sdd sdf sdg ");
	fakefs_remove(root);
	CHECK(ok, "r=%d '%s'", r, got ? got : "");
	free(got);
}

/* Without --sysfs, what udev lists: here sdb and sdc, sdf not yet. */
static const struct fake_udev_dev udev_two[] = {
	{ "sdc", "disk", 1 }, { "sdf", "disk", 0 }, { "sdb", "disk", 1 },
};

static const struct disc_case udev_cases[] = {
	{ "udev_lists_dry_run", { "--dry-run" }, NULL, 0, 0,
	  WWID_A " " WWID_A " sdb sdc\n"
	  "0 2097152 mpath2 0 0 2 1 round-robin 0 1 1 8:16 1 round-robin 0 1"
	  " 1 8:32 1\n", "mpath2ctl: sdf skipped: udev has not initialized",
	  NULL, 0 },
	{ "udev_lists_creates", { NULL }, NULL, 0, 1,
	  WWID_A ": created over 2 paths\n",
	  "mpath2ctl: sdf skipped: udev has not initialized", NULL, 0 },
};

static void udev_case(void **state)
{
	const struct disc_case *c = *state;
	char root[] = "/tmp/mpath2ctl-dudev.XXXXXX", bindings[256];
	char why[2048] = "cannot build the fake sysfs";
	int r = -1;

	fake_udev_devs = udev_two;
	fake_udev_nr = ARRAY_SIZE(udev_two);
	snprintf(bindings, sizeof(bindings), "%s/bindings", root);
	if (!make_tree(root))
		r = check_run(c, root, bindings, NULL, why, sizeof(why));
	fakefs_remove(root);
	if (r)
		fail_msg("%s", why);
}

/* --- bindings.c on its own ------------------------------------------------- */

struct parse_case {
	const char *name, *text;
	size_t nr;		/* bindings; with @why NULL */
	const char *why;
};

static const struct parse_case parse_cases[] = {
	{ "empty", "", 0, NULL },
	{ "comments_blanks_tabs",
	  "# header\n\n  mpath0\t" WWID_A "  # LUN A\r\nfriendly-b " WWID_B, 2,
	  NULL },
	{ "one_word", "mpath0\n", 0, "line 1: not \"alias wwid\"" },
	{ "three_words", "\nmpath0 " WWID_A " x\n", 0, "line 2: not" },
	{ "bad_wwid", "mpath0 4abc\n", 0, "line 1: '4abc' is not a WWID" },
	{ "bad_alias", "a/b " WWID_A "\n", 0, "line 1: map name has a '/'" },
	{ "alias_twice", "m " WWID_A "\nm " WWID_B "\n", 0,
	  "line 2: alias 'm' is bound twice" },
	{ "wwid_twice", "m " WWID_A "\nn " WWID_A "\n", 0,
	  "line 2: WWID '" WWID_A "' is bound twice" },
};

static void parse_case(void **state)
{
	const struct parse_case *c = *state;
	struct bindings bs;
	char err[256] = "";
	int r;

	r = bindings_parse(c->text, &bs, err, sizeof(err));
	if (c->why) {
		CHECK(r && strstr(err, c->why), "r=%d reason '%s'", r, err);
		CHECK(!bs.nr && !bs.b, "bindings left after failure");
		return;
	}
	CHECK(!r, "refused: %s", err);
	CHECK(bs.nr == c->nr, "%zu bindings", bs.nr);
	if (c->nr == 2)
		CHECK(!strcmp(bindings_lookup(&bs, WWID_A), "mpath0") &&
		      !strcmp(bindings_lookup(&bs, WWID_B), "friendly-b") &&
		      !bindings_lookup(&bs, WWID_C), "lookup");
	bindings_free(&bs);
}

static void add_fills_gaps(void **state)
{
	struct bindings bs;
	char err[256];
	const char *a;

	(void)state;
	CHECK(!bindings_parse("mpath0 31\nmpath2 32\nmpathx 33\nmpath01 34\n",
			      &bs, err, sizeof(err)), "%s", err);
	a = bindings_add(&bs, "35");
	CHECK(a && !strcmp(a, "mpath1"), "got %s", a ? a : "NULL");
	a = bindings_add(&bs, "36");
	CHECK(a && !strcmp(a, "mpath3"), "got %s", a ? a : "NULL");
	CHECK(!strcmp(bindings_lookup(&bs, "36"), "mpath3"), "lookup");
	bindings_free(&bs);
}

static void load_missing_and_append(void **state)
{
	char root[] = "/tmp/mpath2ctl-bindings.XXXXXX", path[256], err[256];
	struct bindings bs;
	char *text;
	int r = -1;
	char why[2048] = "";

	(void)state;
	if (fakefs_new(root))
		fail_msg("mkdtemp");
	snprintf(path, sizeof(path), "%s/mpath2/bindings", root);
	if (bindings_load(path, &bs, err, sizeof(err)) || bs.nr) {
		snprintf(why, sizeof(why), "missing file: %s", err);
		goto out;
	}
	if (bindings_append(path, "mpath0", WWID_A, err, sizeof(err)) ||
	    bindings_append(path, "mpath1", WWID_B, err, sizeof(err))) {
		snprintf(why, sizeof(why), "append: %s", err);
		goto out;
	}
	text = read_all(path);
	r = strcmp(text, "mpath0 " WWID_A "\nmpath1 " WWID_B "\n") ? -1 : 0;
	if (r)
		snprintf(why, sizeof(why), "file '%s'", text);
	free(text);
	if (!r && (bindings_load(path, &bs, err, sizeof(err)) || bs.nr != 2)) {
		snprintf(why, sizeof(why), "reload: %s", err);
		r = -1;
	}
	if (!r)
		bindings_free(&bs);
out:
	fakefs_remove(root);
	if (r)
		fail_msg("%s", why);
}

static void sort_by_wwid_then_dev(void **state)
{
	struct discover_path p[4] = {
		{ "sdc", { 8, 32, 1, 512 }, "3b", "", "" },
		{ "sdaa", { 65, 160, 1, 512 }, "3a", "", "" },
		{ "sdb", { 8, 16, 1, 512 }, "3b", "", "" },
		{ "sdd", { 8, 48, 1, 512 }, "2z", "", "" },
	};

	(void)state;
	discover_sort(p, 4);
	CHECK(!strcmp(p[0].name, "sdd") && !strcmp(p[1].name, "sdaa") &&
	      !strcmp(p[2].name, "sdb") && !strcmp(p[3].name, "sdc"),
	      "order %s %s %s %s", p[0].name, p[1].name, p[2].name, p[3].name);
}

void discover_tests(void)
{
	char name[128];
	size_t i;

	UNIT_TABLE("tools/bindings", parse_case, parse_cases);
	unit_case("tools/bindings/add_fills_gaps", add_fills_gaps, NULL);
	unit_case("tools/bindings/load_missing_and_append",
		 load_missing_and_append, NULL);
	unit_case("tools/discover/sort_by_wwid_then_dev", sort_by_wwid_then_dev,
		 NULL);
	UNIT_TABLE("tools/discover", disc_case, disc_cases);
	unit_case("tools/discover/list/udev_selection", udev_selection, NULL);
	unit_case("tools/discover/list/udevd_not_running", udevd_not_running,
		  NULL);
	unit_case("tools/discover/list/udev_unavailable", udev_unavailable,
		  NULL);
	unit_case("tools/discover/list/sysfs_dir_selection",
		  sysfs_dir_selection, NULL);
	UNIT_TABLE("tools/discover/udev", udev_case, udev_cases);
	for (i = 0; i < ARRAY_SIZE(conf_cases); i++) {
		snprintf(name, sizeof(name), "tools/discover/config/%s",
			 conf_cases[i].c.name);
		unit_case(name, conf_case, &conf_cases[i]);
	}
}
