// SPDX-License-Identifier: GPL-2.0-only
/* show_tree() output against expected text, with and without sysfs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fakefs.h"
#include "cli/cli.h"
#include "cli/show_prio.h"
#include "cli/show_tree.h"
#include "lib/sysfs.h"

struct show_case {
	const char *name;
	const char *table, *status;
	struct show_map map;
	int with_sysfs;
	const char *expect;	/* NULL: show_tree() must refuse */
};

static const struct show_case cases[] = {
	{ "two_groups",
	  "2 queue_mode bio 0 2 2 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1 ",
	  "2 0 0 0 2 2 E 0 1 0 8:16 F 1 A 0 1 0 8:32 A 0 ",
	  { "mpatha", 253, 3, 2097152, 0, NULL, NULL, NULL, NULL }, 1,
	  "mpatha dm-3\n"
	  "size=1.0G features='2 queue_mode bio' hwhandler='0' wp=rw\n"
	  "|-+- policy='round-robin 0' prio=n/a status=enabled\n"
	  "| `- 0:0:0:0 sdb 8:16 failed undef -\n"
	  "`-+- policy='round-robin 0' prio=n/a status=active\n"
	  "  `- 0:0:0:1 sdc 8:32 active undef -\n" },
	{ "one_group_no_sysfs",
	  "2 queue_mode bio 0 1 1 round-robin 0 2 1 8:16 1 8:32 1 ",
	  "2 0 0 0 1 1 A 0 2 0 8:16 A 0 8:32 F 1 ",
	  { "mpathb", 253, 7, 209715200, 1, NULL, NULL, NULL, NULL }, 0,
	  "mpathb dm-7\n"
	  "size=100G features='2 queue_mode bio' hwhandler='0' wp=ro\n"
	  "`-+- policy='round-robin 0' prio=n/a status=active\n"
	  "  |- #:#:#:# - 8:16 active undef -\n"
	  "  `- #:#:#:# - 8:32 failed undef -\n" },
	{ "handler_group_args_disabled",
	  "1 queue_if_no_path 1 alua 2 1 historical-service-time 2 972 1 1 1 8:17 0 "
	  "round-robin 0 1 1 8:48 1 ",
	  "2 0 0 0 2 1 A 2 972 1 1 3 8:17 A 0 10 0 0 D 0 1 0 8:48 A 2 ",
	  { "mpathc", 253, 12, 3145728, 0, NULL, NULL, NULL, NULL }, 1,
	  "mpathc dm-12\n"
	  "size=1.5G features='1 queue_if_no_path' hwhandler='1 alua' wp=rw\n"
	  "|-+- policy='historical-service-time 2 972 1' prio=n/a status=active\n"
	  "| `- 0:0:0:0 sdb1 8:17 active undef -\n"
	  "`-+- policy='round-robin 0' prio=n/a status=disabled\n"
	  "  `- #:#:#:# - 8:48 active undef -\n" },
	{ "no_groups", "0 0 0 0 ", "2 0 0 0 0 0 ",
	  { "empty", 253, 0, 0, 0, NULL, NULL, NULL, NULL }, 0,
	  "empty dm-0\nsize=0.0K features='0' hwhandler='0' wp=rw\n" },
	{ "table_status_disagree",
	  "2 queue_mode bio 0 2 2 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1 ",
	  "2 0 0 0 1 1 A 0 2 0 8:16 A 0 8:32 F 1 ",
	  { "mpatha", 253, 3, 2097152, 0, NULL, NULL, NULL, NULL }, 1, NULL },
	{ "paths_disagree",
	  "2 queue_mode bio 0 1 1 round-robin 0 1 1 8:16 1 ",
	  "2 0 0 0 1 1 A 0 1 0 8:32 A 0 ",
	  { "mpatha", 253, 3, 2097152, 0, NULL, NULL, NULL, NULL }, 1, NULL },
};

static void show_case(void **state)
{
	const struct show_case *c = *state;
	struct status_map table, info;
	char err[256], *out = NULL;
	size_t size = 0;
	FILE *f;
	int r;

	CHECK(!status_parse(MP_TABLE, c->table, &table, err, sizeof(err)),
	      "table: %s", err);
	if (status_parse(MP_INFO, c->status, &info, err, sizeof(err))) {
		status_free(&table);
		CHECK(0, "status: %s", err);
	}
	f = open_memstream(&out, &size);
	CHECK(f, "open_memstream failed");
	r = show_tree(f, &c->map, &table, &info,
		      c->with_sysfs ? fake_sysfs : NULL, err, sizeof(err));
	fclose(f);
	status_free(&table);
	status_free(&info);

	if (!c->expect) {
		r = !r ? -1 : size ? -2 : 0;
		free(out);
		CHECK(r == 0, "%s", r == -1 ? "accepted" : "refused but printed");
		return;
	}
	if (r || strcmp(out, c->expect)) {
		fprintf(stderr, "%s: expected:\n%sgot:\n%s", c->name, c->expect,
			out);
		free(out);
		if (r)
			fail_msg("refused: %s", err);
		fail_msg("output differs (see stderr)");
	}
	free(out);
}

static void sizes(void **state)
{
	static const struct {
		unsigned long long sectors;
		const char *text;
	} t[] = {
		{ 0, "0.0K" }, { 2, "1.0K" }, { 20, "10K" }, { 2048, "1.0M" },
		{ 2097152, "1.0G" }, { 3145728, "1.5G" }, { 20971520, "10G" },
		{ 209715200, "100G" }, { 1ULL << 40, "512T" },
		{ -1ULL, "8388608P" },
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		show_tree_format_size(t[i].sectors, buf, sizeof(buf));
		CHECK(!strcmp(buf, t[i].text), "%llu sectors: '%s', not '%s'",
		      t[i].sectors, buf, t[i].text);
	}
}

static void devnames(void **state)
{
	char buf[64];

	(void)state;
	CHECK(!sysfs_devname(fake_sysfs, 8, 16, buf, sizeof(buf)) &&
	      !strcmp(buf, "sdb"), "8:16");
	CHECK(!sysfs_devname(fake_sysfs, 8, 17, buf, sizeof(buf)) &&
	      !strcmp(buf, "sdb1"), "8:17 (a partition)");
	CHECK(sysfs_devname(fake_sysfs, 8, 48, buf, sizeof(buf)), "8:48 found");
	CHECK(sysfs_devname(NULL, 8, 16, buf, sizeof(buf)), "NULL sysfs");
	CHECK(sysfs_devname(fake_sysfs, 8, 16, buf, 3), "too small a buffer");
}

/*
 * Priorities from sysfs (show_prio.h), as multipath -ll's sysfs and
 * const prioritizers give them: one device per row, 8:<minor>.
 */
struct prio_case {
	const char *name;
	unsigned int minor;
	const char *access_state, *preferred;	/* NULL: no such file */
	int tpgs;				/* -1: no inquiry file */
	int expect;
};

static const struct prio_case prio_cases[] = {
	{ "optimized", 16, "active/optimized", NULL, 1, 50 },
	{ "non_optimized", 32, "active/non-optimized", "0", 1, 10 },
	{ "lba_dependent", 48, "lba-dependent", NULL, 1, 5 },
	{ "standby", 64, "standby", NULL, 1, 1 },
	{ "unavailable", 80, "unavailable", NULL, 1, 0 },
	{ "transitioning", 96, "transitioning", NULL, 1, 0 },
	{ "offline", 112, "offline", NULL, 3, 0 },
	/* preferred_path adds 80, except to active/optimized. */
	{ "preferred_standby", 128, "standby", "1", 1, 81 },
	{ "preferred_non_optimized", 144, "active/non-optimized", "1", 2, 90 },
	{ "preferred_optimized", 160, "active/optimized", "1", 1, 50 },
	{ "preferred_unavailable", 176, "unavailable", "1", 1, 80 },
	/* No access_state: no ALUA is const's 1, ALUA unknown. */
	{ "no_alua", 192, NULL, NULL, 0, 1 },
	{ "alua_without_handler", 208, NULL, NULL, 1, PATH_STATS_NONE },
	{ "no_inquiry", 224, NULL, NULL, -1, PATH_STATS_NONE },
	/* The kernel refuses access_state without a handler: empty. */
	{ "empty_access_state", 240, "", NULL, 0, 1 },
};

/* <@root>/dev/block/8:<c->minor>/device/... as @c says. */
static int prio_dev(const char *root, const struct prio_case *c)
{
	unsigned char inq[36] = { 0x00, 0x00, 0x05, 0x02, 31 };
	char dir[64], rel[128];

	snprintf(dir, sizeof(dir), "dev/block/8:%u/device", c->minor);
	snprintf(rel, sizeof(rel), "%s/access_state", dir);
	if (c->access_state &&
	    fakefs_puts(root, rel, c->access_state[0] ? c->access_state : ""))
		return -1;
	snprintf(rel, sizeof(rel), "%s/preferred_path", dir);
	if (c->preferred && fakefs_puts(root, rel, c->preferred))
		return -1;
	snprintf(rel, sizeof(rel), "%s/inquiry", dir);
	if (c->tpgs >= 0) {
		inq[5] = (unsigned char)(c->tpgs << 4);
		if (fakefs_write(root, rel, inq, sizeof(inq)))
			return -1;
	}
	return fakefs_mkdir(root, dir);
}

static void prio_case(void **state)
{
	const struct prio_case *c = *state;
	char root[] = "/tmp/mpath2-showprio.XXXXXX";
	int prio = 99;

	CHECK(!fakefs_new(root), "mkdtemp");
	if (!prio_dev(root, c))
		prio = show_prio_path(root, 8, c->minor);
	fakefs_remove(root);
	CHECK(prio == c->expect, "prio %d, not %d", prio, c->expect);
}

#define PRIO_TABLE	"2 queue_mode bio 0 2 2 round-robin 0 1 1 8:16 1 " \
			"round-robin 0 2 1 8:192 1 8:208 1 "
#define PRIO_STATUS	"2 0 0 0 2 2 E 0 1 0 8:16 A 0 A 0 2 0 8:192 A 0 " \
			"8:208 A 0 "

/*
 * show_prio_fill(): the paths the kernel gave no priority get sysfs's;
 * one the kernel gave keeps it; the tree prints them.
 */
static void prio_fill(void **state)
{
	char root[] = "/tmp/mpath2-showprio.XXXXXX", err[256], *out = NULL;
	struct path_stats_entry *kernel = malloc(sizeof(*kernel));
	struct path_stats_list kp = { kernel, 1 };
	struct show_map m = { "m", 253, 1, 2048, 0, NULL, NULL, NULL, &kp };
	struct status_map t, i;
	size_t k, size = 0;
	int r = -1;
	FILE *f;

	(void)state;
	CHECK(kernel && !fakefs_new(root), "setup");
	/* 8:192 (no ALUA) has the kernel's 10; 8:208 gets nothing. */
	kernel[0] = (struct path_stats_entry){ 8, 192, 10 };
	for (k = 0; k < ARRAY_SIZE(prio_cases); k++)
		if (prio_dev(root, &prio_cases[k]))
			break;
	if (k == ARRAY_SIZE(prio_cases) &&
	    !status_parse(MP_TABLE, PRIO_TABLE, &t, err, sizeof(err))) {
		if (!status_parse(MP_INFO, PRIO_STATUS, &i, err, sizeof(err))) {
			f = open_memstream(&out, &size);
			r = show_prio_fill(root, &i, &kp) ||
			    show_tree(f, &m, &t, &i, NULL, err, sizeof(err));
			fclose(f);
			status_free(&i);
		}
		status_free(&t);
	}
	fakefs_remove(root);
	r = r ? r : kp.nr != 2 ? -2 :
	    path_stats_path(&kp, 8, 16) != 50 ? -3 :
	    path_stats_path(&kp, 8, 192) != 10 ? -4 :
	    path_stats_path(&kp, 8, 208) != PATH_STATS_NONE ? -5 :
	    !strstr(out, "'round-robin 0' prio=50 status=enabled\n") ? -6 :
	    !strstr(out, "'round-robin 0' prio=10 status=active\n") ? -7 : 0;
	if (r)
		fprintf(stderr, "%s", out ? out : "");
	free(out);
	path_stats_free(&kp);
	CHECK(!r, "%d (%zu entries)", r, kp.nr);
}

/*
 * `mpath2ctl show mpatha` (fake_mpdm.c: no hardware handler, 8:16 in
 * group 1, 8:32 in group 2) on a sysfs where 8:16 is standby and
 * preferred and 8:32 a LUN without ALUA: numbers, not n/a.
 */
static void prio_cmd(void **state)
{
	static const struct prio_case sdb = { "sdb", 16, "standby", "1", 1, 0 };
	static const struct prio_case sdc = { "sdc", 32, NULL, NULL, 0, 0 };
	char root[] = "/tmp/mpath2-showprio.XXXXXX", *out = NULL, *err = NULL;
	char *argv[] = { "mpath2ctl", "show", "mpatha", NULL };
	size_t outlen = 0, errlen = 0;
	struct cli_ctl ctl = { 0 };
	int status = -1;

	(void)state;
	CHECK(!fakefs_new(root), "mkdtemp");
	ctl.out = open_memstream(&out, &outlen);
	ctl.err = open_memstream(&err, &errlen);
	ctl.sysfs = root;
	if (!prio_dev(root, &sdb) && !prio_dev(root, &sdc))
		status = cli_main(3, argv, &ctl);
	fclose(ctl.out);
	fclose(ctl.err);
	fakefs_remove(root);
	if (status || !strstr(out, "|-+- policy='round-robin 0' prio=81 ") ||
	    !strstr(out, "`-+- policy='round-robin 0' prio=1 ")) {
		fprintf(stderr, "exit %d\nstdout:\n%sstderr:\n%s", status, out,
			err);
		free(out);
		free(err);
		fail_msg("no numeric prio (see stderr)");
	}
	free(out);
	free(err);
}

void show_tests(void)
{
	UNIT_TABLE("tools/show/prio", prio_case, prio_cases);
	unit_case("tools/show/prio_fill", prio_fill, NULL);
	unit_case("tools/show/prio_cmd", prio_cmd, NULL);
	UNIT_TABLE("tools/show", show_case, cases);
	unit_case("tools/show/format_size", sizes, NULL);
	unit_case("tools/show/sysfs_devname", devnames, NULL);
}
