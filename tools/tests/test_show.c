// SPDX-License-Identifier: GPL-2.0-only
/* show_tree() output against expected text, with and without sysfs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
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

void show_tests(void)
{
	UNIT_TABLE("tools/show", show_case, cases);
	unit_case("tools/show/format_size", sizes, NULL);
	unit_case("tools/show/sysfs_devname", devnames, NULL);
}
