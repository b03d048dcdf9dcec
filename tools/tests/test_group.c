// SPDX-License-Identifier: GPL-2.0-only
/*
 * group_by_prio and group_by_serial: the ALUA and VPD 0x80 parsers from
 * byte buffers (good and malformed), the grouping on its own, the table
 * with groups, then create and discover end to end through
 * cli_main() on a fake sysfs, with tests/fake_sgio.c answering
 * REPORT TARGET PORT GROUPS:
 *
 *   sdb 8:16, sdd 8:48   target port group 2   active/non-optimized
 *   sdc 8:32, sde 8:64   target port group 1   active/optimized
 *
 * sdb's RTPG answer has the length-only header, sdc's the extended one
 * as SPC-4 counts it, sdd's and sde's the extended one as LIO counts it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/alua.h"
#include "fake_scsi_io.h"
#include "fakefs.h"
#include "table/group.h"
#include "cli/cli.h"
#include "unit.h"
#include "lib/serial.h"
#include "table/table.h"

/* --- alua.c ---------------------------------------------------------------- */

/* Standard INQUIRY: byte 5 TPGS 01b (implicit ALUA), 00b none. */
static const unsigned char inq_alua[36] = { 0x00, 0x00, 0x06, 0x12, 0x1f,
					   0x10 };
static const unsigned char inq_none[36] = { 0x00, 0x00, 0x06, 0x12, 0x1f,
					   0x00 };

/* NAA, relative port 1 (type 4), target port group @g (type 5). */
#define PAGE83(g)	{ 0x00, 0x83, 0x00, 0x24,			\
	0x01, 0x03, 0x00, 0x10, 0x60, 0x01, 0x40, 0x5a, 0x1b, 0x2c, 0x3d,	\
	0x4e, 0x5f, 0x60, 0x71, 0x82, 0x93, 0xa4, 0xb5, 0xc6,		\
	0x61, 0x94, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01,			\
	0x61, 0x95, 0x00, 0x04, 0x00, 0x00, 0x00, (g) }
static const unsigned char pg83_tpg1[] = PAGE83(1);
static const unsigned char pg83_tpg2[] = PAGE83(2);

/* Two groups of one port each: 1 active/optimized, 2 non-optimized. */
#define DESCS	0x80, 0x0f, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01,	\
		0x00, 0x00, 0x00, 0x01,					\
		0x01, 0x0f, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01,	\
		0x00, 0x00, 0x00, 0x02
static const unsigned char rtpg_short[] = { 0x00, 0x00, 0x00, 0x18, DESCS };
static const unsigned char rtpg_ext_spc[] = { 0x00, 0x00, 0x00, 0x1c,
					      0x10, 0x0a, 0x00, 0x00, DESCS };
static const unsigned char rtpg_ext_lio[] = { 0x00, 0x00, 0x00, 0x18,
					      0x10, 0x0a, 0x00, 0x00, DESCS };

static void tpgs_cases(void **state)
{
	unsigned char inq[6] = { 0, 0, 0, 0, 0, 0x30 };
	char err[128] = "";

	(void)state;
	CHECK(alua_tpgs(inq_alua, sizeof(inq_alua), err, sizeof(err)) == 1,
	      "implicit");
	CHECK(alua_tpgs(inq_none, sizeof(inq_none), err, sizeof(err)) == 0,
	      "none");
	CHECK(alua_tpgs(inq, sizeof(inq), err, sizeof(err)) == 3, "both");
	CHECK(alua_tpgs(inq, 5, err, sizeof(err)) == -1 &&
	      strstr(err, "too short (5 bytes)"), "short: '%s'", err);
}

struct tpg_case {
	const char *name;
	const unsigned char *page;
	size_t len;
	long tpg;		/* -1: refused with @why */
	const char *why;
};

/* A TPG designator with association 0 (LUN), then none. */
static const unsigned char pg83_tpg_lun[] = { 0x00, 0x83, 0x00, 0x08,
	0x01, 0x05, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01 };
static const unsigned char pg83_tpg_short[] = { 0x00, 0x83, 0x00, 0x06,
	0x01, 0x15, 0x00, 0x02, 0x00, 0x01 };
static const unsigned char pg83_overrun[] = { 0x00, 0x83, 0x00, 0x08,
	0x01, 0x15, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01 };
static const unsigned char pg83_tail[] = { 0x00, 0x83, 0x00, 0x0a,
	0x01, 0x03, 0x00, 0x04, 0x01, 0x02, 0x03, 0x04, 0x01, 0x15 };
static const unsigned char pg80_page[] = { 0x00, 0x80, 0x00, 0x02, 'a',
					   'b' };

static const struct tpg_case tpg_cases[] = {
	{ "tpg1", pg83_tpg1, sizeof(pg83_tpg1), 1, NULL },
	{ "tpg2", pg83_tpg2, sizeof(pg83_tpg2), 2, NULL },
	{ "cut_short", pg83_tpg1, sizeof(pg83_tpg1) - 1, -1,
	  "VPD 0x83 claims 40 bytes, has 39" },
	{ "no_header", pg83_tpg1, 3, -1, "not VPD page 0x83" },
	{ "other_page", pg80_page, sizeof(pg80_page), -1, "not VPD page 0x83" },
	{ "lun_association_ignored", pg83_tpg_lun, sizeof(pg83_tpg_lun), -1,
	  "no target port group in VPD 0x83" },
	{ "designator_too_short", pg83_tpg_short, sizeof(pg83_tpg_short), -1,
	  "target port group designator of 2 bytes" },
	{ "designator_past_page", pg83_overrun, sizeof(pg83_overrun), -1,
	  "designator at 4 runs past the page" },
	{ "ends_inside_header", pg83_tail, sizeof(pg83_tail), -1,
	  "VPD 0x83 ends inside a designator" },
};

static void tpg_case(void **state)
{
	const struct tpg_case *c = *state;
	char err[128] = "";
	long tpg = alua_vpd83_tpg(c->page, c->len, err, sizeof(err));

	CHECK(tpg == c->tpg, "tpg %ld (%s)", tpg, err);
	CHECK(!c->why || strstr(err, c->why), "reason '%s'", err);
}

struct rtpg_case {
	const char *name;
	const unsigned char *buf;
	size_t len;
	unsigned int tpg;
	int aas;		/* -1: refused with @why */
	const char *why;
};

static const unsigned char rtpg_overrun[] = { 0x00, 0x00, 0x00, 0x0c,
	0x00, 0x0f, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0, 0, 0, 1 };
static const unsigned char rtpg_partial[] = { 0x00, 0x00, 0x00, 0x0a,
	0x00, 0x0f, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x02, 0x0f };
static const unsigned char rtpg_empty_ext[] = { 0x00, 0x00, 0x00, 0x00,
	0x10, 0x00, 0x00, 0x00 };
static const unsigned char rtpg_huge[] = { 0xff, 0xff, 0xff, 0xff, DESCS };
/* Found by fuzz-alua: an extended header claiming a byte past the data. */
static const unsigned char rtpg_ext_past[] = { 0x00, 0x00, 0x00, 0x1c,
	0x10, 0x4f, 0x0a, 0x01, 0x40, 0xff, 0xff, 0xff, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x01, 0x01, 0x0f, 0x00, 0x02, 0x00, 0x00, 0x21,
	0x01, 0x00, 0x00, 0x00, 0x02 };

static const struct rtpg_case rtpg_cases[] = {
	{ "short_header_optimized", rtpg_short, sizeof(rtpg_short), 1,
	  ALUA_AAS_OPTIMIZED, NULL },
	{ "short_header_non_optimized", rtpg_short, sizeof(rtpg_short), 2,
	  ALUA_AAS_NON_OPTIMIZED, NULL },
	{ "extended_spc", rtpg_ext_spc, sizeof(rtpg_ext_spc), 2,
	  ALUA_AAS_NON_OPTIMIZED, NULL },
	{ "extended_lio", rtpg_ext_lio, sizeof(rtpg_ext_lio), 2,
	  ALUA_AAS_NON_OPTIMIZED, NULL },
	{ "extended_lio_first", rtpg_ext_lio, sizeof(rtpg_ext_lio), 1,
	  ALUA_AAS_OPTIMIZED, NULL },
	{ "zero_padded_buffer", rtpg_short, sizeof(rtpg_short) - 1, 2, -1,
	  "claims 28 bytes, has 27" },
	{ "no_such_group", rtpg_short, sizeof(rtpg_short), 7, -1,
	  "target port group 7 not in the RTPG answer" },
	{ "too_short", rtpg_short, 3, 1, -1, "RTPG answer too short" },
	{ "lio_cut_short", rtpg_ext_lio, sizeof(rtpg_ext_lio) - 4, 1, -1,
	  "do not fit" },
	{ "ports_past_end", rtpg_overrun, sizeof(rtpg_overrun), 1, -1,
	  "RTPG descriptors do not fit its length (12)" },
	{ "partial_descriptor", rtpg_partial, sizeof(rtpg_partial), 1, -1,
	  "do not fit" },
	{ "empty_extended_lio", rtpg_empty_ext, sizeof(rtpg_empty_ext), 1, -1,
	  "not in the RTPG answer" },
	{ "extended_past_data", rtpg_ext_past, sizeof(rtpg_ext_past), 1, -1,
	  "RTPG answer claims 32 bytes, has 31" },
	{ "length_over_4g_of_data", rtpg_huge, sizeof(rtpg_huge), 1, -1,
	  "claims 4294967295 bytes" },
};

static void rtpg_case(void **state)
{
	const struct rtpg_case *c = *state;
	char err[128] = "";
	int aas = alua_rtpg_state(c->buf, c->len, c->tpg, err, sizeof(err));

	CHECK(aas == c->aas, "aas %d (%s)", aas, err);
	CHECK(!c->why || strstr(err, c->why), "reason '%s'", err);
}

static void prio_values(void **state)
{
	static const int want[16] = { 50, 10, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0,
				      0, 0, 0 };
	int aas;

	(void)state;
	for (aas = 0; aas < 16; aas++)
		CHECK(alua_prio(aas) == want[aas], "aas %d: %d", aas,
		      alua_prio(aas));
	CHECK(alua_prio(-1) == 0, "unknown");
	CHECK(!strcmp(alua_state_name(ALUA_AAS_TRANSITIONING), "transitioning") &&
	      !strcmp(alua_state_name(9), "unknown"), "names");
	CHECK(alua_rtpg_claimed(rtpg_short, sizeof(rtpg_short)) == 32 &&
	      alua_rtpg_claimed(rtpg_short, 2) == 8, "claimed");
}

/* --- serial.c -------------------------------------------------------------- */

struct serial_case {
	const char *name;
	const char *page;	/* after the 2-byte header of page 0x80 */
	size_t len;		/* of @page */
	size_t seriallen;
	const char *serial;	/* NULL: refused with @why */
	const char *why;
};

static const struct serial_case serial_cases[] = {
	{ "plain", "\x00\x06" "ABC123", 8, SERIAL_LEN, "ABC123", NULL },
	{ "blanks_around", "\x00\x0a" "  d34db33f  ", 12, SERIAL_LEN, "d34db33f",
	  NULL },
	{ "nul_padded", "\x00\x04" "ab\0\0", 6, SERIAL_LEN, "ab", NULL },
	{ "past_data", "\x00\x08" "ABC", 5, SERIAL_LEN, NULL,
	  "VPD 0x80 claims 12 bytes, has 7" },
	{ "empty", "\x00\x03" "   ", 5, SERIAL_LEN, NULL,
	  "empty unit serial number" },
	{ "control_byte", "\x00\x03" "a\tb", 5, SERIAL_LEN, NULL, "byte 0x09" },
	{ "too_long", "\x00\x06" "ABC123", 8, 6, NULL,
	  "unit serial number of 6 bytes" },
	{ "no_header", "", 0, SERIAL_LEN, NULL, "not VPD page 0x80" },
};

static void serial_case(void **state)
{
	const struct serial_case *c = *state;
	unsigned char page[64] = { 0x00, 0x80 };
	char serial[SERIAL_LEN] = "", err[128] = "";
	int r;

	memcpy(page + 2, c->page, c->len);
	r = serial_vpd80(page, c->len ? c->len + 2 : 3, serial, c->seriallen,
			 err, sizeof(err));
	if (!c->serial) {
		CHECK(r && strstr(err, c->why), "r=%d '%s'", r, err);
		return;
	}
	CHECK(!r && !strcmp(serial, c->serial), "r=%d '%s' (%s)", r, serial,
	      err);
}

/* --- group.c and table.c on their own -------------------------------------- */

static int same(const unsigned int *a, const unsigned int *b, size_t n)
{
	return !memcmp(a, b, n * sizeof(*a));
}

static void grouping_pure(void **state)
{
	static const int mixed[] = { 10, 50, 10, 50 }, alike[] = { 0, 0, 0 },
		unknown[] = { -1, 50, 0, -1, 1 };
	static const unsigned int g_mixed[] = { 1, 0, 1, 0 },
		g_alike[] = { 0, 0, 0 }, g_unknown[] = { 3, 0, 2, 3, 1 },
		g_serial[] = { 0, 1, 0, 2 };
	static const char *const serials[] = { "A", "B", "A", "AB" };
	unsigned int g[8];

	(void)state;
	CHECK(group_by_prio(mixed, 4, g) == 2 && same(g, g_mixed, 4),
	      "2 optimized, 2 not");
	CHECK(group_by_prio(alike, 3, g) == 1 && same(g, g_alike, 3),
	      "no ALUA: one group");
	CHECK(group_by_prio(unknown, 5, g) == 4 && same(g, g_unknown, 5),
	      "unknown last: %u %u %u %u %u", g[0], g[1], g[2], g[3], g[4]);
	CHECK(group_by_prio(mixed, 0, g) == 0, "no paths");
	CHECK(group_by_serial(serials, 4, g) == 3 && same(g, g_serial, 4),
	      "serials");
}

static void table_grouped(void **state)
{
	static const struct tbl_path p[] = { { 8, 16 }, { 8, 32 }, { 8, 48 },
					     { 8, 64 } };
	static const unsigned int g[] = { 1, 0, 1, 0 }, gap[] = { 0, 2, 0, 2 };
	char line[512], err[256] = "";
	struct tbl_opts o;

	(void)state;
	table_default_opts(&o);
	CHECK(!table_parse_grouping("group_by_prio", &o.grouping, err,
				  sizeof(err)), "parse: %s", err);
	CHECK(!table_build_grouped(&o, p, g, 4, line, sizeof(line), err,
				 sizeof(err)), "refused: %s", err);
	CHECK(!strcmp(line, "0 0 2 1 round-robin 0 2 1 8:32 1 8:64 1"
		      " round-robin 0 2 1 8:16 1 8:48 1"), "got '%s'", line);
	CHECK(table_build_grouped(&o, p, gap, 4, line, sizeof(line), err,
				sizeof(err)) &&
	      strstr(err, "group_by_prio: the paths' groups are not 1..N"),
	      "gap: '%s'", err);
	CHECK(table_build(&o, p, 4, line, sizeof(line), err, sizeof(err)) &&
	      strstr(err, "not known"), "none: '%s'", err);
	CHECK(!table_parse_grouping("group_by_serial", &o.grouping, err,
				  sizeof(err)) &&
	      o.grouping == TABLE_GROUP_BY_SERIAL, "serial");
	o.grouping = TABLE_MULTIBUS;	/* groups ignored */
	CHECK(!table_build_grouped(&o, p, gap, 2, line, sizeof(line), err,
				 sizeof(err)) &&
	      !strcmp(line, "0 0 1 1 round-robin 0 2 1 8:16 1 8:32 1"),
	      "multibus '%s'", line);
}

/* --- create and discover through the fakes --------------------------------- */

struct disk {
	const char *name, *dev;
	const unsigned char *pg83;
	const char *serial;	/* vpd_pg80 from it; NULL: no page */
	const unsigned char *rtpg;
	size_t rtpg_len;
};

static const struct disk disks[] = {
	{ "sdb", "8:16", pg83_tpg2, "SER-A", rtpg_short, sizeof(rtpg_short) },
	{ "sdc", "8:32", pg83_tpg1, "SER-B", rtpg_ext_spc,
	  sizeof(rtpg_ext_spc) },
	{ "sdd", "8:48", pg83_tpg2, "SER-A", rtpg_ext_lio,
	  sizeof(rtpg_ext_lio) },
	{ "sde", "8:64", pg83_tpg1, NULL, rtpg_ext_lio, sizeof(rtpg_ext_lio) },
};

static struct fake_answer answers[ARRAY_SIZE(disks)];
static char nodes[ARRAY_SIZE(disks)][16];

/*
 * <root>/block/sdX with what create and discover read, and
 * <root>/dev/block/M:m links to them. @inq: each disk's INQUIRY file.
 */
static int make_tree(char *root, const unsigned char *inq)
{
	char rel[128], target[64];
	unsigned char pg80[32];
	size_t i, n;

	if (fakefs_new(root))
		return -1;
	for (i = 0; i < ARRAY_SIZE(disks); i++) {
		const struct disk *d = &disks[i];

		snprintf(rel, sizeof(rel), "dev/block/%s", d->dev);
		snprintf(target, sizeof(target), "../../block/%s", d->name);
		if (fakefs_link(root, rel, target))
			return -1;
		snprintf(rel, sizeof(rel), "block/%s/dev", d->name);
		if (fakefs_puts(root, rel, d->dev))
			return -1;
		snprintf(rel, sizeof(rel), "block/%s/size", d->name);
		if (fakefs_puts(root, rel, "2097152\n"))
			return -1;
		snprintf(rel, sizeof(rel), "block/%s/queue/logical_block_size",
			 d->name);
		if (fakefs_puts(root, rel, "512\n"))
			return -1;
		snprintf(rel, sizeof(rel), "block/%s/device/vpd_pg83", d->name);
		if (fakefs_write(root, rel, d->pg83, sizeof(pg83_tpg1)))
			return -1;
		snprintf(rel, sizeof(rel), "block/%s/device/inquiry", d->name);
		if (fakefs_write(root, rel, inq, sizeof(inq_alua)))
			return -1;
		if (d->serial) {
			n = strlen(d->serial);
			pg80[0] = 0;
			pg80[1] = 0x80;
			pg80[2] = 0;
			pg80[3] = (unsigned char)n;
			memcpy(pg80 + 4, d->serial, n);
			snprintf(rel, sizeof(rel), "block/%s/device/vpd_pg80",
				 d->name);
			if (fakefs_write(root, rel, pg80, n + 4))
				return -1;
		}
		snprintf(nodes[i], sizeof(nodes[i]), "/dev/%s", d->name);
		answers[i] = (struct fake_answer){ nodes[i], FAKE_RTPG, d->rtpg,
						   d->rtpg_len };
	}
	fake_answers = answers;
	fake_nr_answers = ARRAY_SIZE(answers);
	return 0;
}

struct run_case {
	const char *name;
	const char *argv[12];	/* "@": the tree root, "@c": the config */
	const char *conf;	/* NULL: none */
	int no_alua;		/* INQUIRY TPGS 0 */
	size_t nr_answers;	/* RTPG answers kept: the first N disks */
	int status;
	const char *out;	/* exact */
	const char *err;	/* in stderr; NULL: empty */
};

#define HDR	"0 2097152 mpath2 0 0 "

static const struct run_case run_cases[] = {
	{ "create_prio_two_groups",
	  { "create", "lun0", "--dry-run", "--group", "group_by_prio", "8:16",
	    "8:32", "8:48", "8:64" }, NULL, 0, 4, 0,
	  HDR "2 1 round-robin 0 2 1 8:32 1 8:64 1 round-robin 0 2 1 8:16 1"
	  " 8:48 1\n", NULL },
	{ "create_prio_from_config",
	  { "-v", "--config", "@c", "create", "lun0", "--dry-run", "8:16",
	    "8:32" },
	  "defaults {\n path_grouping_policy group_by_prio\n}\n", 0, 4, 0,
	  HDR "2 1 round-robin 0 1 1 8:32 1 round-robin 0 1 1 8:16 1\n",
	  "mpath2ctl: /dev/sdc prio 50 (active/optimized)" },
	{ "create_prio_one_unknown_last",
	  { "create", "lun0", "--dry-run", "--group=group_by_prio", "8:16",
	    "8:32", "8:48", "8:64" }, NULL, 0, 3, 0,
	  HDR "3 1 round-robin 0 1 1 8:32 1 round-robin 0 2 1 8:16 1 8:48 1"
	  " round-robin 0 1 1 8:64 1\n",
	  "mpath2ctl: /dev/sde: prio unknown: /dev/sde: REPORT TARGET PORT"
	  " GROUPS failed" },
	{ "create_prio_no_alua_one_group",
	  { "create", "lun0", "--dry-run", "--group", "group_by_prio", "8:16",
	    "8:32", "8:48" }, NULL, 1, 0, 0,
	  HDR "1 1 round-robin 0 3 1 8:16 1 8:32 1 8:48 1\n", NULL },
	{ "create_serial",
	  { "create", "lun0", "--dry-run", "--group", "group_by_serial",
	    "8:32", "8:16", "8:48" }, NULL, 0, 4, 0,
	  HDR "2 1 round-robin 0 1 1 8:32 1 round-robin 0 2 1 8:16 1 8:48 1\n",
	  NULL },
	{ "create_serial_missing_refused",
	  { "create", "lun0", "--dry-run", "--group", "group_by_serial",
	    "8:16", "8:64" }, NULL, 0, 4, 1, "",
	  "8:64: no serial number for group_by_serial: /dev/sde: INQUIRY VPD"
	  " 0x80 failed" },
	{ "discover_prio",
	  { "discover", "--dry-run", "--sysfs", "@", "--group",
	    "group_by_prio" }, NULL, 0, 4, 0,
	  "36001405a1b2c3d4e5f60718293a4b5c6 36001405a1b2c3d4e5f60718293a4b5c6"
	  " sdb sdc sdd sde\n"
	  HDR "2 1 round-robin 0 2 1 8:32 1 8:64 1 round-robin 0 2 1 8:16 1"
	  " 8:48 1\n", NULL },
};

static void run_case_fn(void **state)
{
	const struct run_case *c = *state;
	char root[] = "/tmp/mpath2ctl-group.XXXXXX", conf[256], *out = NULL,
	     *err = NULL;
	char *argv[16] = { "mpath2ctl" };
	struct cli_ctl ctl = { 0 };
	size_t outlen = 0, errlen = 0;
	int argc = 1, status, r = -1;
	char why[2048] = "";

	if (make_tree(root, c->no_alua ? inq_none : inq_alua) ||
	    (c->conf && fakefs_puts(root, "c.conf", c->conf))) {
		snprintf(why, sizeof(why), "cannot build the fake sysfs");
		goto out;
	}
	fake_nr_answers = c->nr_answers;
	snprintf(conf, sizeof(conf), "%s/c.conf", root);
	for (; c->argv[argc - 1]; argc++)
		argv[argc] = !strcmp(c->argv[argc - 1], "@") ? root :
			     !strcmp(c->argv[argc - 1], "@c") ? conf :
			     (char *)c->argv[argc - 1];
	ctl.out = open_memstream(&out, &outlen);
	ctl.err = open_memstream(&err, &errlen);
	ctl.sysfs = root;
	status = cli_main(argc, argv, &ctl);
	fclose(ctl.out);
	fclose(ctl.err);
	if (status != c->status)
		snprintf(why, sizeof(why), "status %d, stderr '%s'", status, err);
	else if (strcmp(out, c->out))
		snprintf(why, sizeof(why), "stdout '%s'", out);
	else if (c->err ? !strstr(err, c->err) : errlen != 0)
		snprintf(why, sizeof(why), "stderr '%s'", err);
	else
		r = 0;
out:
	free(out);
	free(err);
	fakefs_remove(root);
	if (r)
		fail_msg("%s", why);
}

void group_tests(void)
{
	unit_case("tools/group/alua/tpgs", tpgs_cases, NULL);
	UNIT_TABLE("tools/group/alua/vpd83_tpg", tpg_case, tpg_cases);
	UNIT_TABLE("tools/group/alua/rtpg", rtpg_case, rtpg_cases);
	unit_case("tools/group/alua/prio_values", prio_values, NULL);
	UNIT_TABLE("tools/group/serial", serial_case, serial_cases);
	unit_case("tools/group/pure", grouping_pure, NULL);
	unit_case("tools/group/table", table_grouped, NULL);
	UNIT_TABLE("tools/group/run", run_case_fn, run_cases);
}
