// SPDX-License-Identifier: GPL-2.0-only
/* table.c's lines and option words; blockdev.c against the fake sysfs. */
#include <stdio.h>
#include <string.h>

#include "lib/blockdev.h"
#include "unit.h"
#include "lib/sysfs.h"
#include "conf/config.h"
#include "table/remap.h"
#include "table/status.h"
#include "table/table.h"
#include "table/table_conf.h"

static const struct tbl_path two[] = { { 8, 16 }, { 8, 32 } };

struct build_case {
	const char *name;
	const char *selector, *group, *retry, *failback;	/* NULL: default */
	const struct tbl_path *paths;
	size_t nr;
	const char *expect;	/* NULL: refused, reason containing @why */
	const char *why;
};

static const struct tbl_path dup[] = { { 8, 16 }, { 8, 32 }, { 8, 16 } };

static const struct build_case build_cases[] = {
	{ "defaults_failover_rr", NULL, NULL, NULL, NULL, two, 2,
	  "0 0 2 1 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1", NULL },
	{ "multibus", NULL, "multibus", NULL, NULL, two, 2,
	  "0 0 1 1 round-robin 0 2 1 8:16 1 8:32 1", NULL },
	{ "service_time_two_args", "service-time", "multibus", NULL, NULL, two, 2,
	  "0 0 1 1 service-time 0 2 2 8:16 1 1 8:32 1 1", NULL },
	{ "queue_length", "queue-length", NULL, NULL, NULL, two, 1,
	  "0 0 1 1 queue-length 0 1 1 8:16 1", NULL },
	{ "historical_service_time", "historical-service-time", "multibus",
	  NULL, NULL, two, 2,
	  "0 0 1 1 historical-service-time 0 2 1 8:16 1 8:32 1", NULL },
	{ "retry_queue", NULL, "multibus", "queue", NULL, two, 2,
	  "1 queue_if_no_path 0 1 1 round-robin 0 2 1 8:16 1 8:32 1", NULL },
	{ "retry_12_polls_60s", NULL, "multibus", "12", NULL, two, 2,
	  "3 queue_if_no_path no_path_timeout 60 0 1 1 round-robin 0 2 1 "
	  "8:16 1 8:32 1", NULL },
	{ "retry_max", NULL, "multibus", "17280", NULL, two, 1,
	  "3 queue_if_no_path no_path_timeout 86400 0 1 1 round-robin 0 1 1 "
	  "8:16 1", NULL },
	{ "retry_fail", NULL, "multibus", "fail", NULL, two, 1,
	  "0 0 1 1 round-robin 0 1 1 8:16 1", NULL },
	{ "failback_immediate", NULL, NULL, "queue", "immediate", two, 2,
	  "3 queue_if_no_path failback immediate 0 2 1 round-robin 0 1 1 8:16 1"
	  " round-robin 0 1 1 8:32 1", NULL },
	{ "failback_followover", NULL, "multibus", NULL, "followover", two, 1,
	  "2 failback followover 0 1 1 round-robin 0 1 1 8:16 1", NULL },
	{ "failback_secs", NULL, "multibus", "5", "30", two, 1,
	  "5 queue_if_no_path no_path_timeout 25 failback 30 0 1 1 round-robin"
	  " 0 1 1 8:16 1", NULL },
	{ "failback_manual_is_default", NULL, "multibus", NULL, "manual", two, 1,
	  "0 0 1 1 round-robin 0 1 1 8:16 1", NULL },
	{ "no_paths", NULL, NULL, NULL, NULL, two, 0, NULL, "0 paths" },
	{ "duplicate_path", NULL, NULL, NULL, NULL, dup, 3, NULL,
	  "path 8:16 given twice" },
};

static void build_case(void **state)
{
	const struct build_case *c = *state;
	char line[512], err[256] = "";
	struct tbl_opts o;
	int r;

	table_default_opts(&o);
	CHECK(!c->selector || !table_parse_selector(c->selector, &o.selector,
						  err, sizeof(err)), "%s", err);
	CHECK(!c->group || !table_parse_grouping(c->group, &o.grouping, err,
					       sizeof(err)), "%s", err);
	CHECK(!c->retry || !table_parse_no_path_retry(c->retry, &o.no_path_retry,
						    err, sizeof(err)), "%s", err);
	CHECK(!c->failback || !table_parse_failback(c->failback, &o.failback,
						  err, sizeof(err)), "%s", err);
	r = table_build(&o, c->paths, c->nr, line, sizeof(line), err, sizeof(err));
	if (!c->expect) {
		CHECK(r, "built '%s'", line);
		CHECK(strstr(err, c->why), "reason '%s'", err);
		return;
	}
	CHECK(!r, "refused: %s", err);
	CHECK(!strcmp(line, c->expect), "got '%s'", line);
}

/* Every refused option value, with its one-line reason. */
static void bad_values(void **state)
{
	static const char *const sel[] = { "", "round_robin", "RR", "st" };
	static const char *const grp[] = { "", "group_by_node_name", "Multibus" };
	static const char *const retry[] = { "", "0", "-1", "17281", "1x",
					     "queue ", "4294967297" };
	static const char *const fb[] = { "", "0", "3601", "never", "-5" };
	enum tbl_selector s;
	enum tbl_grouping g;
	char err[256];
	size_t i;
	int v;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sel); i++)
		CHECK(table_parse_selector(sel[i], &s, err, sizeof(err)) &&
		      strstr(err, "--selector"), "selector '%s' accepted", sel[i]);
	for (i = 0; i < ARRAY_SIZE(grp); i++)
		CHECK(table_parse_grouping(grp[i], &g, err, sizeof(err)) &&
		      strstr(err, "--group"), "group '%s' accepted", grp[i]);
	for (i = 0; i < ARRAY_SIZE(retry); i++)
		CHECK(table_parse_no_path_retry(retry[i], &v, err, sizeof(err)) &&
		      strstr(err, "1..17280"), "retry '%s' accepted", retry[i]);
	for (i = 0; i < ARRAY_SIZE(fb); i++)
		CHECK(table_parse_failback(fb[i], &v, err, sizeof(err)) &&
		      strstr(err, "1..3600"), "failback '%s' accepted", fb[i]);
}

/* 1024 paths of the longest selector in failover fit create's buffer. */
static void many_paths(void **state)
{
	static struct tbl_path paths[TABLE_MAX_PATHS + 1];
	static char line[65536];
	char err[256] = "";
	struct tbl_opts o;
	size_t i;

	(void)state;
	for (i = 0; i <= TABLE_MAX_PATHS; i++)
		paths[i] = (struct tbl_path){ 4095, 1048575 - (unsigned int)i };
	table_default_opts(&o);
	o.selector = TABLE_HISTORICAL_SERVICE_TIME;
	o.no_path_retry = TABLE_MAX_RETRY;
	o.failback = TABLE_MAX_FAILBACK;
	CHECK(!table_build(&o, paths, TABLE_MAX_PATHS, line, sizeof(line), err,
			 sizeof(err)), "1024 refused: %s", err);
	CHECK(!strncmp(line, "5 queue_if_no_path no_path_timeout 86400 failback"
		       " 3600 0 1024 1 historical-service-time 0 1 1 "
		       "4095:1048575 1 ", 96), "starts '%.96s'", line);
	CHECK(table_build(&o, paths, TABLE_MAX_PATHS + 1, line, sizeof(line), err,
			sizeof(err)) && strstr(err, "1025 paths"), "1025 accepted");
	CHECK(table_build(&o, paths, 100, line, 200, err, sizeof(err)) &&
	      strstr(err, "longer than 200"), "overflow not refused");
}

struct bd_case {
	const char *name;
	unsigned int major, minor;
	unsigned long long sectors;	/* 0: refused with @why */
	unsigned int lbs;
	const char *why;
};

static const struct bd_case bd_cases[] = {
	{ "disk", 8, 16, 2097152, 512, NULL },
	{ "partition_uses_disk_queue", 8, 17, 2095104, 512, NULL },
	{ "4k_blocks", 8, 80, 2097152, 4096, NULL },
	{ "no_size_file", 8, 112, 0, 0, "size: No such file" },
	{ "no_such_device", 8, 240, 0, 0, "No such file" },
	{ "dm_link_to_nowhere", 253, 3, 0, 0, "No such file" },
};

static void bd_case(void **state)
{
	const struct bd_case *c = *state;
	struct blockdev bd;
	char err[256] = "";
	int r;

	r = blockdev_read(fake_sysfs, c->major, c->minor, &bd, err, sizeof(err));
	if (c->why) {
		CHECK(r && strstr(err, c->why), "r=%d reason '%s'", r, err);
		return;
	}
	CHECK(!r, "refused: %s", err);
	CHECK(bd.major == c->major && bd.minor == c->minor &&
	      bd.sectors == c->sectors && bd.lbs == c->lbs,
	      "got %u:%u %llu %u", bd.major, bd.minor, bd.sectors, bd.lbs);
}

static void bd_same(void **state)
{
	struct blockdev bd[3] = {
		{ 8, 16, 2048, 512 }, { 8, 32, 2048, 512 }, { 8, 48, 2048, 512 },
	};
	char err[256];

	(void)state;
	CHECK(!blockdev_same(bd, 3, err, sizeof(err)), "refused: %s", err);
	bd[2].sectors = 4096;
	CHECK(blockdev_same(bd, 3, err, sizeof(err)) &&
	      !strcmp(err, "paths differ in size: 8:16 has 2048 sectors, 8:48"
		      " has 4096"), "reason '%s'", err);
	bd[2].sectors = 2048;
	bd[1].lbs = 4096;
	CHECK(blockdev_same(bd, 3, err, sizeof(err)) &&
	      strstr(err, "logical block size: 8:16 has 512, 8:32 has 4096"),
	      "reason '%s'", err);
	bd[0].sectors = 0;
	CHECK(blockdev_same(bd, 1, err, sizeof(err)) && strstr(err, "size 0"),
	      "size 0 accepted");
}

/* Junk in a sysfs number file is refused, not half-read. */
static void sysfs_numbers(void **state)
{
	static const char *const bad[] = { "", "\n", "-1\n", "12x\n", " 12\n",
					   "99999999999999999999\n", "0x10\n" };
	unsigned long long v;
	char err[256], dir[256];
	size_t i;
	FILE *f;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/num", fake_sysfs);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		f = fopen(dir, "w");
		CHECK(f, "cannot write %s", dir);
		fputs(bad[i], f);
		fclose(f);
		CHECK(sysfs_read_ull(fake_sysfs, "num", ~0ULL, &v, err,
				     sizeof(err)) && strstr(err, "not a number"),
		      "'%s' accepted", bad[i]);
	}
	f = fopen(dir, "w");
	CHECK(f, "cannot write %s", dir);
	fputs("65536\n", f);
	fclose(f);
	CHECK(!sysfs_read_ull(fake_sysfs, "num", 65536, &v, err, sizeof(err)) &&
	      v == 65536, "65536 refused: %s", err);
	CHECK(sysfs_read_ull(fake_sysfs, "num", 65535, &v, err, sizeof(err)),
	      "above max accepted");
	remove(dir);
}

/* io-affinity: a cpumask per path, each CPU on one path of its group. */
static void io_affinity(void **state)
{
	static const struct {
		size_t idx, n;
		unsigned int cpus;
		const char *mask;	/* NULL: refused */
	} masks[] = {
		{ 0, 1, 2, "3" }, { 0, 2, 2, "1" }, { 1, 2, 2, "2" },
		{ 1, 3, 8, "92" }, { 0, 1, 40, "ff,ffffffff" },
		{ 0, 2, 40, "55,55555555" }, { 1, 2, 33, "aaaaaaaa" },
		{ 0, 1, 1, "1" }, { 2, 2, 4, NULL }, { 0, 3, 2, NULL },
		{ 0, 0, 2, NULL }, { 0, 1, TABLE_MAX_CPUS + 1, NULL },
	};
	static const struct tbl_path three[] = { { 8, 16 }, { 8, 32 }, { 8, 48 } };
	char line[512], err[256] = "", mask[TABLE_MASK_LEN];
	struct tbl_opts o;
	size_t i;
	int r;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(masks); i++) {
		r = table_ioa_mask(masks[i].idx, masks[i].n, masks[i].cpus, mask,
				   sizeof(mask));
		CHECK(masks[i].mask ? !r && !strcmp(mask, masks[i].mask) : r,
		      "mask %zu of %zu, %u CPUs: %s", masks[i].idx, masks[i].n,
		      masks[i].cpus, r ? "refused" : mask);
	}
	CHECK(table_ioa_mask(0, 1, 40, mask, 5), "a short buffer overrun");
	table_default_opts(&o);
	CHECK(!table_parse_selector("io-affinity", &o.selector, err, sizeof(err)),
	      "%s", err);
	o.nr_cpus = 2;
	o.grouping = TABLE_MULTIBUS;
	CHECK(!table_build(&o, two, 2, line, sizeof(line), err, sizeof(err)) &&
	      !strcmp(line, "0 0 1 1 io-affinity 0 2 1 8:16 1 8:32 2"),
	      "multibus: '%s' %s", line, err);
	o.grouping = TABLE_FAILOVER;
	CHECK(!table_build(&o, three, 3, line, sizeof(line), err, sizeof(err)) &&
	      !strcmp(line, "0 0 3 1 io-affinity 0 1 1 8:16 3 io-affinity 0 1 1"
		      " 8:32 3 io-affinity 0 1 1 8:48 3"),
	      "failover: '%s' %s", line, err);
	o.grouping = TABLE_MULTIBUS;
	CHECK(table_build(&o, three, 3, line, sizeof(line), err, sizeof(err)) &&
	      strstr(err, "3 paths in a group and 2 CPUs"), "err '%s'", err);
	o.nr_cpus = 0;		/* the system's */
	CHECK(table_nr_cpus(&o) >= 1, "no CPU");
}

/* mpath2.conf's path_selector "io-affinity 0" gives the selector. */
static void io_affinity_conf(void **state)
{
	static const char text[] = "defaults {\n\tpath_selector"
				   " \"io-affinity 0\"\n}\n";
	struct mpath2_conf *conf = config_parse("t.conf", text, strlen(text),
						NULL);
	struct config_settings cs;
	struct tbl_opts o;
	char err[256] = "";

	(void)state;
	CHECK(conf, "path_selector io-affinity refused");
	config_resolve(conf, NULL, NULL, NULL, &cs);
	table_default_opts(&o);
	CHECK(!table_conf_apply(&o, &cs, err, sizeof(err)) &&
	      o.selector == TABLE_IO_AFFINITY, "selector %d: %s", o.selector, err);
	config_free(conf);
}

/* A path added to or taken from an io-affinity group: masks spread again. */
static void io_affinity_remap(void **state)
{
	struct tbl_opts o = { 0 };
	unsigned int ncpu = table_nr_cpus(&o);
	char buf[5120], want[5120], m0[TABLE_MASK_LEN], m1[TABLE_MASK_LEN];
	char err[256] = "";
	struct status_map t;
	int r;

	(void)state;
	CHECK(!status_parse(MP_TABLE, "0 0 1 1 io-affinity 0 1 1 8:16 1",
			    &t, err, sizeof(err)), "parse: %s", err);
	r = remap_add(&t, 8, 32, 0, buf, sizeof(buf), err, sizeof(err));
	status_free(&t);
	if (ncpu < 2) {
		CHECK(r && strstr(err, "each path needs a CPU"), "1 CPU: '%s'", buf);
		return;
	}
	table_ioa_mask(0, 2, ncpu, m0, sizeof(m0));
	table_ioa_mask(1, 2, ncpu, m1, sizeof(m1));
	snprintf(want, sizeof(want), "0 0 1 1 io-affinity 0 2 1 8:16 %s 8:32 %s",
		 m0, m1);
	CHECK(!r && !strcmp(buf, want), "add: '%s', not '%s' (%s)", buf, want, err);
	/* 8:16 out: 8:32 gets every CPU. */
	CHECK(!status_parse(MP_TABLE, buf, &t, err, sizeof(err)), "reparse: %s", err);
	r = remap_remove(&t, 8, 16, buf, sizeof(buf), err, sizeof(err));
	status_free(&t);
	table_ioa_mask(0, 1, ncpu, m0, sizeof(m0));
	snprintf(want, sizeof(want), "0 0 1 1 io-affinity 0 1 1 8:32 %s", m0);
	CHECK(!r && !strcmp(buf, want), "remove: '%s', not '%s' (%s)", buf, want,
	      err);
}

void table_tests(void)
{
	unit_case("tools/table/io_affinity", io_affinity, NULL);
	unit_case("tools/table/io_affinity_remap", io_affinity_remap, NULL);
	unit_case("tools/table/io_affinity_conf", io_affinity_conf, NULL);
	UNIT_TABLE("tools/table", build_case, build_cases);
	unit_case("tools/table/bad_values", bad_values, NULL);
	unit_case("tools/table/many_paths", many_paths, NULL);
	UNIT_TABLE("tools/blockdev", bd_case, bd_cases);
	unit_case("tools/blockdev/same", bd_same, NULL);
	unit_case("tools/blockdev/sysfs_numbers", sysfs_numbers, NULL);
}
