// SPDX-License-Identifier: GPL-2.0-only
/*
 * The daemon's new disks of group_by_prio and group_by_serial maps
 * (regroup.c through hotplug.c): the new path joins the group of its
 * own prio or serial, not the last one. regroup_render() alone, then
 * hotplug_add() on a fake sysfs with tests/fake_sgio.c answering
 * REPORT TARGET PORT GROUPS, against a model of one map:
 *
 *   lun0  uuid mpath2-WWID, handler alua; disks sdb 8:16, sdc 8:32,
 *         sdd 8:48 (the new one), each with a target port group and a
 *         serial number in sysfs: group 1 active/optimized (prio 50),
 *         group 2 active/non-optimized (prio 10)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/config.h"
#include "fake_mon.h"
#include "fake_scsi_io.h"
#include "fakefs.h"
#include "daemon/monitor.h"
#include "daemon/hotplug.h"
#include "table/regroup.h"
#include "unit.h"
#include "table/status.h"

#define WWID	"36001405a1b2c3d4e5f60718293a4b5c6"

/* --- regroup_render() ------------------------------------------------------ */

struct render_case {
	const char *name, *table;
	unsigned int major, minor;
	unsigned int group[8];		/* the table's paths, then the new one */
	size_t nr_groups;
	const char *want;		/* NULL: refused with @err */
	const char *err;
};

static const struct render_case render_cases[] = {
	{ "joins_its_group",
	  "0 1 alua 2 2 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1",
	  8, 48, { 0, 1, 0 }, 2,
	  "0 1 alua 2 1 round-robin 0 2 1 8:16 1 8:48 1 round-robin 0 1 1"
	  " 8:32 1", NULL },
	{ "new_best_group_first",
	  "2 queue_if_no_path retain_attached_hw_handler 1 alua 1 1"
	  " service-time 0 2 2 8:32 1 1 8:64 1 1",
	  8, 48, { 1, 1, 0 }, 2,
	  "2 queue_if_no_path retain_attached_hw_handler 1 alua 2 1"
	  " service-time 0 1 2 8:48 1 1 service-time 0 2 2 8:32 1 1"
	  " 8:64 1 1", NULL },
	{ "paths_regrouped",
	  "0 0 1 1 round-robin 0 3 1 8:16 1 8:32 1 8:64 1",
	  8, 48, { 1, 0, 1, 0 }, 2,
	  "0 0 2 1 round-robin 0 2 1 8:32 1 8:48 1 round-robin 0 2 1 8:16 1"
	  " 8:64 1", NULL },
	{ "already_a_path",
	  "0 0 1 1 round-robin 0 1 1 8:16 1", 8, 16, { 0, 0 }, 1, NULL,
	  "8:16 is a path of the map already" },
	{ "group_out_of_range",
	  "0 0 1 1 round-robin 0 1 1 8:16 1", 8, 48, { 0, 2 }, 2, NULL,
	  "path 1: group 2 of 2" },
	{ "empty_group",
	  "0 0 1 1 round-robin 0 1 1 8:16 1", 8, 48, { 0, 0 }, 2, NULL,
	  "group 2 has 0 paths" },
	{ "differing_path_args",
	  "0 0 2 1 round-robin 0 1 1 8:16 1 round-robin 0 1 0 8:32", 8, 48,
	  { 0, 0, 0 }, 1, NULL, "differ in per-path arguments" },
	{ "no_groups", "0 0 0 0", 8, 48, { 0 }, 1, NULL, "no group" },
};

static void render_case(void **state)
{
	const struct render_case *c = *state;
	char err[256] = "", buf[512];
	struct status_map t;
	int r;

	CHECK(!status_parse(MP_TABLE, c->table, &t, err, sizeof(err)), "table: %s",
	      err);
	r = regroup_render(&t, c->major, c->minor, c->group, c->nr_groups, buf,
			   sizeof(buf), err, sizeof(err));
	status_free(&t);
	if (c->want)
		CHECK(!r && !strcmp(buf, c->want), "got '%s' (%s)",
		      r ? "" : buf, err);
	else
		CHECK(r && strstr(err, c->err), "r %d, err '%s'", r, err);
}

static void render_too_long(void **state)
{
	static const unsigned int group[] = { 0, 0 };
	char err[256] = "", buf[24];
	struct status_map t;
	int r;

	(void)state;
	CHECK(!status_parse(MP_TABLE, "0 0 1 1 round-robin 0 1 1 8:16 1", &t, err,
			sizeof(err)), "%s", err);
	r = regroup_render(&t, 8, 48, group, 1, buf, sizeof(buf), err,
			   sizeof(err));
	status_free(&t);
	CHECK(r && strstr(err, "too long"), "r %d, err '%s'", r, err);
}

/* --- hotplug_add() on a model map ------------------------------------------ */

/* NAA WWID, relative port 1, target port group @g. */
#define PAGE83(g)	{ 0x00, 0x83, 0x00, 0x24,			\
	0x01, 0x03, 0x00, 0x10, 0x60, 0x01, 0x40, 0x5a, 0x1b, 0x2c, 0x3d,	\
	0x4e, 0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6,		\
	0x61, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,			\
	0x61, 0x95, 0x00, 0x04, 0x00, 0x00, 0x00, (g) }
static const unsigned char pg83_tpg1[] = PAGE83(1);
static const unsigned char pg83_tpg2[] = PAGE83(2);
/* Standard INQUIRY, TPGS 01b (implicit ALUA). */
static const unsigned char inq_alua[36] = { 0x00, 0x00, 0x06, 0x12, 0x1f,
					   0x10 };
/* Group 1 active/optimized, group 2 active/non-optimized. */
static const unsigned char rtpg[] = { 0x00, 0x00, 0x00, 0x18,
	0x80, 0x0f, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x01,
	0x01, 0x0f, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x02 };


struct disk {
	const char *name, *dev;
	const unsigned char *pg83;
	const char *serial;		/* NULL: no VPD 0x80 page */
};

struct add_case {
	const char *name;
	const char *conf;		/* path_grouping_policy's value */
	const char *table;		/* lun0's before */
	const unsigned char *sdd_pg83;
	const char *sdd_serial;
	int rtpg_sdd;			/* 0: sdd gives no RTPG answer */
	int result;			/* hotplug_add()'s */
	const char *want;		/* reloaded; NULL: none */
	const char *log;		/* in the log */
	const char *stats;		/* lun0's path_stats; NULL: refused */
	int only_sdd_answers;		/* sdb and sdc give no RTPG answer */
};

#define HDR	"lun0 0 2097152 mpath2 0 1 alua "
#define T2	"0 1 alua 2 1 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1"

static const struct add_case add_cases[] = {
	/* The optimized newcomer joins the optimized group, not the last. */
	{ "prio_joins_optimized_group", "group_by_prio", T2, pg83_tpg1, "A",
	  1, 1, HDR "2 1 round-robin 0 2 1 8:16 1 8:48 1 round-robin 0 1 1"
	  " 8:32 1", "<5>lun0: added path sdd (8:48)",
	  NULL, 0 },
	{ "prio_joins_non_optimized_group", "group_by_prio", T2, pg83_tpg2,
	  "B", 1, 1, HDR "2 1 round-robin 0 1 1 8:16 1 round-robin 0 2 1"
	  " 8:32 1 8:48 1", "<5>lun0: added path sdd (8:48)",
	  NULL, 0 },
	/* Only non-optimized paths so far: the new one is a new first group. */
	{ "prio_new_best_group_first", "group_by_prio",
	  "0 1 alua 1 1 round-robin 0 1 1 8:32 1", pg83_tpg1, "A", 1, 1,
	  HDR "2 1 round-robin 0 1 1 8:48 1 round-robin 0 1 1 8:32 1",
	  "<5>lun0: added path sdd (8:48)",
	  NULL, 0 },
	/* Its prio unknown: a last group of its own, and a warning. */
	{ "prio_unknown_last_group", "group_by_prio", T2, pg83_tpg1, "A", 0, 1,
	  HDR "3 1 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1"
	  " round-robin 0 1 1 8:48 1", "<4>lun0: /dev/sdd: prio unknown",
	  NULL, 0 },
	{ "serial_joins_its_group", "group_by_serial", T2, pg83_tpg2, "A", 1,
	  1, HDR "2 1 round-robin 0 2 1 8:16 1 8:48 1 round-robin 0 1 1"
	  " 8:32 1", "<5>lun0: added path sdd (8:48)",
	  NULL, 0 },
	{ "serial_new_group", "group_by_serial", T2, pg83_tpg2, "C", 1, 1,
	  HDR "3 1 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1"
	  " round-robin 0 1 1 8:48 1", "<5>lun0: added path sdd (8:48)",
	  NULL, 0 },
	{ "serial_missing_refused", "group_by_serial", T2, pg83_tpg1, NULL, 1,
	  -1, NULL, "<3>lun0: sdd not added: 8:48: no serial number",
	  NULL, 0 },
	/*
	 * The kernel's prios for the current paths (the array moved: sdc is
	 * optimized now), only sdd asked: sdd joins sdc, the best group.
	 */
	{ "prio_current_paths_from_kernel", "group_by_prio", T2, pg83_tpg1,
	  "A", 1, 1, HDR "2 1 round-robin 0 2 1 8:32 1 8:48 1 round-robin 0"
	  " 1 1 8:16 1", "<5>lun0: added path sdd (8:48)",
	  "8:16 group=1 state=active alua=active/non-optimized prio=10 tpg=1\n"
	  "8:32 group=2 state=active alua=active/optimized prio=50 tpg=2\n", 1 },
	/* A path the kernel has no prio for is asked (here: no answer). */
	{ "prio_kernel_lacks_one", "group_by_prio", T2, pg83_tpg1, "A", 1, 1,
	  HDR "3 1 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:48 1"
	  " round-robin 0 1 1 8:32 1", "<4>lun0: /dev/sdc: prio unknown",
	  "8:16 group=1 state=active alua=active/optimized prio=90 tpg=1\n"
	  "8:32 group=2 state=active alua=none\n", 1 },
	/* failover as before: a group of its own at the end (remap.h). */
	{ "failover_unchanged", "failover", T2, pg83_tpg1, "A", 1, 1,
	  HDR "3 1 round-robin 0 1 1 8:16 1 round-robin 0 1 1 8:32 1"
	  " round-robin 0 1 1 8:48 1", "<5>lun0: added path sdd (8:48)",
	  NULL, 0 },
};

static struct fake_answer answers[3];

static int put_disk(const char *root, const struct disk *d)
{
	char rel[96], target[64];
	unsigned char pg80[16];
	size_t n;

	snprintf(rel, sizeof(rel), "dev/block/%s", d->dev);
	snprintf(target, sizeof(target), "../../block/%s", d->name);
	if (fakefs_link(root, rel, target))
		return -1;
#define PUT(file, s)							\
	do {								\
		snprintf(rel, sizeof(rel), "block/%s/%s", d->name, file);	\
		if (fakefs_puts(root, rel, s))				\
			return -1;					\
	} while (0)
	PUT("dev", d->dev);
	PUT("size", "2097152\n");
	PUT("queue/logical_block_size", "512\n");
	PUT("device/vendor", "LIO-ORG \n");
	PUT("device/model", "e2e \n");
#undef PUT
	snprintf(rel, sizeof(rel), "block/%s/device/vpd_pg83", d->name);
	if (fakefs_write(root, rel, d->pg83, sizeof(pg83_tpg1)))
		return -1;
	snprintf(rel, sizeof(rel), "block/%s/device/inquiry", d->name);
	if (fakefs_write(root, rel, inq_alua, sizeof(inq_alua)))
		return -1;
	if (!d->serial)
		return 0;
	n = strlen(d->serial);
	memcpy(pg80, (const unsigned char[]){ 0x00, 0x80, 0x00, (unsigned char)n },
	       4);
	memcpy(pg80 + 4, d->serial, n);
	snprintf(rel, sizeof(rel), "block/%s/device/vpd_pg80", d->name);
	return fakefs_write(root, rel, pg80, n + 4);
}

static void add_case(void **state)
{
	const struct add_case *c = *state;
	const struct disk disks[] = {
		{ "sdb", "8:16", pg83_tpg1, "A" },
		{ "sdc", "8:32", pg83_tpg2, "B" },
		{ "sdd", "8:48", c->sdd_pg83, c->sdd_serial },
	};
	char root[] = "/tmp/mpath2-regroup.XXXXXX", text[128], *log = NULL;
	struct mpath2_conf *conf = NULL;
	struct monitor mon;
	size_t i, loglen = 0;
	FILE *logf = NULL;
	int r, ok = -1;
	char why[2048] = "";

	CHECK(!fakefs_new(root), "fakefs: %s", strerror(errno));
	for (i = 0; i < ARRAY_SIZE(disks); i++)
		if (put_disk(root, &disks[i])) {
			snprintf(why, sizeof(why), "fake sysfs: %s", strerror(errno));
			goto out;
		}
	answers[0] = (struct fake_answer){ "/dev/sdb", FAKE_RTPG, rtpg,
					   sizeof(rtpg) };
	answers[1] = (struct fake_answer){ "/dev/sdc", FAKE_RTPG, rtpg,
					   sizeof(rtpg) };
	answers[2] = (struct fake_answer){ "/dev/sdd", FAKE_RTPG, rtpg,
					   sizeof(rtpg) };
	fake_answers = c->only_sdd_answers ? &answers[2] : answers;
	fake_nr_answers = c->only_sdd_answers ? 1 : c->rtpg_sdd ? 3 : 2;
	fake_mon_stats = c->stats;
	snprintf(text, sizeof(text), "defaults {\n\tpath_grouping_policy %s\n}\n",
		 c->conf);
	conf = config_parse("test.conf", text, strlen(text), NULL);
	logf = open_memstream(&log, &loglen);
	if (!conf || !logf) {
		snprintf(why, sizeof(why), "setup: config or memstream");
		goto out;
	}
	fake_mon_table = c->table;
	monitor_init(&mon, &fake_mon_dm, NULL, root, logf, 5, 20, 30);
	r = hotplug_add(&mon, conf, "sdd");
	monitor_free(&mon);
	fflush(logf);
	if (r != c->result)
		snprintf(why, sizeof(why), "hotplug_add %d, not %d; log: %s", r,
			 c->result, log);
	else if (strcmp(fake_mon_reloaded, c->want ? c->want : ""))
		snprintf(why, sizeof(why), "reloaded '%s', not '%s'", fake_mon_reloaded,
			 c->want ? c->want : "");
	else if (!strstr(log, c->log))
		snprintf(why, sizeof(why), "log lacks '%s': %s", c->log, log);
	else
		ok = 0;
out:
	config_free(conf);
	if (logf)
		fclose(logf);
	free(log);
	fakefs_remove(root);
	if (ok)
		fail_msg("%s", why);
}

void regroup_tests(void)
{
	UNIT_TABLE("tools/regroup/render", render_case, render_cases);
	unit_case("tools/regroup/render/too_long", render_too_long, NULL);
	UNIT_TABLE("tools/regroup/daemon_add", add_case, add_cases);
}
