// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2_alua: the ALUA handler. Its wire parsers and sense table from
 * byte buffers (good and malformed), its table words, and a live run on
 * scsi_debug: kunit.sh boots UML with three scsi_debug hosts sharing one
 * logical unit (scsi_debug.add_host=3 vpd_use_hostno=0), whose port groups
 * report host 0 active/optimized, host 1 active/non-optimized and host 2
 * standby. scsi_debug's states are fixed and it refuses STPG, so state
 * changes are tested in the guest (tests/e2e/alua.sh).
 */
#include <linux/blkdev.h>
#include <linux/delay.h>
#include <linux/major.h>
#include <scsi/scsi.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>
#include <scsi/scsi_proto.h>

#include "hw_handlers/alua.h"
#include "mpath2_test.h"

/* ---- standard INQUIRY and VPD page 0x83 ---- */

static void mpath2_alua_tpgs(struct kunit *test)
{
	u8 inq[36] = { 0 };

	KUNIT_EXPECT_EQ(test, alua_parse_tpgs(inq, sizeof(inq)), 0);
	inq[5] = 0x10;
	KUNIT_EXPECT_EQ(test, alua_parse_tpgs(inq, sizeof(inq)), 1);
	inq[5] = 0x20 | 0x01;	/* PROTECT is not TPGS */
	KUNIT_EXPECT_EQ(test, alua_parse_tpgs(inq, sizeof(inq)), 2);
	inq[5] = 0x30;
	KUNIT_EXPECT_EQ(test, alua_parse_tpgs(inq, sizeof(inq)), 3);
	KUNIT_EXPECT_EQ(test, alua_parse_tpgs(inq, 5), -EINVAL);
}

/* A VPD 0x83 page as LIO sends it: NAA (LU), rel port, port group. */
static const u8 vpd83_lio[] = {
	0x00, 0x83, 0x00, 0x1c,
	0x01, 0x03, 0x00, 0x08,	/* NAA, associated with the LU */
	0x60, 0x01, 0x40, 0x5a, 0xbc, 0xde, 0xf0, 0x12,
	0x61, 0x94, 0x00, 0x04,	/* PIV, target port, relative port */
	0x00, 0x00, 0x00, 0x02,
	0x61, 0x95, 0x00, 0x04,	/* PIV, target port, port group */
	0x00, 0x00, 0x01, 0x2c,
};

static void mpath2_alua_vpd83(struct kunit *test)
{
	struct alua_port_id id;
	u8 page[sizeof(vpd83_lio)];

	KUNIT_EXPECT_EQ(test, alua_parse_vpd83(vpd83_lio, sizeof(vpd83_lio),
					       &id), 0);
	KUNIT_EXPECT_EQ(test, id.rel_port, 2);
	KUNIT_EXPECT_EQ(test, id.group, 300);

	/* A port group designator of the LU (association 0) is not ours. */
	memcpy(page, vpd83_lio, sizeof(page));
	page[25] = 0x05;
	KUNIT_EXPECT_EQ(test, alua_parse_vpd83(page, sizeof(page), &id),
			-ENODATA);
	/* Not page 0x83. */
	memcpy(page, vpd83_lio, sizeof(page));
	page[1] = 0x80;
	KUNIT_EXPECT_EQ(test, alua_parse_vpd83(page, sizeof(page), &id),
			-EINVAL);
	/* The page says it is longer than the buffer. */
	memcpy(page, vpd83_lio, sizeof(page));
	page[3] = 0x40;
	KUNIT_EXPECT_EQ(test, alua_parse_vpd83(page, sizeof(page), &id),
			-EINVAL);
	/* A designator runs past the page. */
	memcpy(page, vpd83_lio, sizeof(page));
	page[27] = 0x20;
	KUNIT_EXPECT_EQ(test, alua_parse_vpd83(page, sizeof(page), &id),
			-EINVAL);
	/* A port group designator of the wrong length. */
	memcpy(page, vpd83_lio, sizeof(page));
	page[27] = 0x02;
	page[3] = 0x1a;
	KUNIT_EXPECT_EQ(test, alua_parse_vpd83(page, sizeof(page) - 2, &id),
			-EINVAL);
	/* Too short for a header. */
	KUNIT_EXPECT_EQ(test, alua_parse_vpd83(vpd83_lio, 3, &id), -EINVAL);
}

/* ---- REPORT TARGET PORT GROUPS ---- */

/* Short header; group 1 optimized (PREF) with 2 ports, group 2 standby. */
static const u8 rtpg_short[] = {
	0x00, 0x00, 0x00, 0x1c,
	0x80, 0x8f, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03,
	0x02, 0x8f, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x02,
};

/* Extended header (transition time 12 s); one non-optimized group. */
static const u8 rtpg_ext[] = {
	0x00, 0x00, 0x00, 0x10,
	0x10, 0x0c, 0x00, 0x00,
	0x01, 0x0f, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x05,
};

static void mpath2_alua_rtpg(struct kunit *test)
{
	struct alua_rtpg *rp = kunit_kzalloc(test, sizeof(*rp), GFP_KERNEL);
	u8 buf[64];

	KUNIT_ASSERT_NOT_NULL(test, rp);
#define r (*rp)

	KUNIT_ASSERT_EQ(test, alua_parse_rtpg(rtpg_short, sizeof(rtpg_short),
					      &r), 2);
	KUNIT_EXPECT_EQ(test, r.transition_secs, 0);
	KUNIT_EXPECT_EQ(test, r.tpgs[0].id, 1);
	KUNIT_EXPECT_EQ(test, r.tpgs[0].state, ALUA_STATE_OPTIMIZED);
	KUNIT_EXPECT_TRUE(test, r.tpgs[0].pref);
	KUNIT_EXPECT_EQ(test, r.tpgs[0].supported, 0x8f);
	KUNIT_EXPECT_EQ(test, r.tpgs[1].id, 2);
	KUNIT_EXPECT_EQ(test, r.tpgs[1].state, ALUA_STATE_STANDBY);
	KUNIT_EXPECT_FALSE(test, r.tpgs[1].pref);
	KUNIT_EXPECT_PTR_EQ(test, alua_find_tpg(&r, 2), &r.tpgs[1]);
	KUNIT_EXPECT_NULL(test, alua_find_tpg(&r, 3));

	KUNIT_ASSERT_EQ(test, alua_parse_rtpg(rtpg_ext, sizeof(rtpg_ext), &r),
			1);
	KUNIT_EXPECT_EQ(test, r.transition_secs, 12);
	KUNIT_EXPECT_EQ(test, r.tpgs[0].id, 256);
	KUNIT_EXPECT_EQ(test, r.tpgs[0].state, ALUA_STATE_NON_OPTIMIZED);

	/* LIO's extended answer: its length counts only the descriptors. */
	memset(buf, 0, sizeof(buf));
	memcpy(buf, rtpg_ext, sizeof(rtpg_ext));
	buf[3] = 0x0c;
	KUNIT_EXPECT_EQ(test, alua_parse_rtpg(buf, sizeof(buf), &r), 1);
	KUNIT_EXPECT_EQ(test, r.tpgs[0].id, 256);
	/* SPC's count in a larger, zeroed buffer. */
	memset(buf, 0, sizeof(buf));
	memcpy(buf, rtpg_ext, sizeof(rtpg_ext));
	KUNIT_EXPECT_EQ(test, alua_parse_rtpg(buf, sizeof(buf), &r), 1);

	/* More than the buffer holds: refused, with the length to ask for. */
	KUNIT_EXPECT_EQ(test, alua_parse_rtpg(rtpg_short, 24, &r), -EOVERFLOW);
	KUNIT_EXPECT_EQ(test, r.len, sizeof(rtpg_short));
	KUNIT_EXPECT_EQ(test, r.nr_tpgs, 0);
	/* An answer that ends inside a descriptor is malformed. */
	memcpy(buf, rtpg_short, sizeof(rtpg_short));
	buf[3] = 0x0a;
	KUNIT_EXPECT_EQ(test, alua_parse_rtpg(buf, sizeof(rtpg_short), &r),
			-EINVAL);
	/* A port count running past the answer. */
	memcpy(buf, rtpg_short, sizeof(rtpg_short));
	buf[31 - 20] = 0x09;
	KUNIT_EXPECT_EQ(test, alua_parse_rtpg(buf, sizeof(rtpg_short), &r),
			-EINVAL);
	/* Empty, and too short for a header. */
	memset(buf, 0, 8);
	KUNIT_EXPECT_EQ(test, alua_parse_rtpg(buf, 8, &r), 0);
	KUNIT_EXPECT_EQ(test, alua_parse_rtpg(buf, 3, &r), -EINVAL);
#undef r
}

/* More groups than ALUA_MAX_TPGS: the first ones are kept. */
static void mpath2_alua_rtpg_many(struct kunit *test)
{
	unsigned int i, n = ALUA_MAX_TPGS + 4;
	struct alua_rtpg *rp = kunit_kzalloc(test, sizeof(*rp), GFP_KERNEL);
	u8 *buf;

	buf = kunit_kzalloc(test, 4 + n * 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, rp);
#define r (*rp)
	put_unaligned_be32(n * 8, buf);
	for (i = 0; i < n; i++) {
		buf[4 + i * 8] = ALUA_STATE_UNAVAILABLE;
		put_unaligned_be16(i + 1, buf + 4 + i * 8 + 2);
	}
	KUNIT_EXPECT_EQ(test, alua_parse_rtpg(buf, 4 + n * 8, &r),
			ALUA_MAX_TPGS);
	KUNIT_EXPECT_EQ(test, r.tpgs[ALUA_MAX_TPGS - 1].id, ALUA_MAX_TPGS);
#undef r
}

static void mpath2_alua_prio(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, alua_state_prio(ALUA_STATE_OPTIMIZED), 50);
	KUNIT_EXPECT_EQ(test, alua_state_prio(ALUA_STATE_NON_OPTIMIZED), 10);
	KUNIT_EXPECT_EQ(test, alua_state_prio(ALUA_STATE_STANDBY), 1);
	KUNIT_EXPECT_EQ(test, alua_state_prio(ALUA_STATE_UNAVAILABLE), 0);
	KUNIT_EXPECT_EQ(test, alua_state_prio(ALUA_STATE_OFFLINE), 0);
	KUNIT_EXPECT_EQ(test, alua_state_prio(ALUA_STATE_TRANSITIONING), 0);
	KUNIT_EXPECT_EQ(test, alua_state_prio(ALUA_STATE_LBA_DEPENDENT), 5);
	/* multipath-tools' rule for the PREF bit. */
	KUNIT_EXPECT_EQ(test, alua_path_prio(ALUA_STATE_OPTIMIZED, true, false), 50);
	KUNIT_EXPECT_EQ(test, alua_path_prio(ALUA_STATE_OPTIMIZED, true, true), 130);
	KUNIT_EXPECT_EQ(test, alua_path_prio(ALUA_STATE_NON_OPTIMIZED, true, false), 90);
	KUNIT_EXPECT_EQ(test, alua_path_prio(ALUA_STATE_STANDBY, true, false), 81);
	KUNIT_EXPECT_EQ(test, alua_path_prio(ALUA_STATE_STANDBY, false, true), 1);
	KUNIT_EXPECT_TRUE(test, alua_state_usable(ALUA_STATE_NON_OPTIMIZED));
	KUNIT_EXPECT_FALSE(test, alua_state_usable(ALUA_STATE_STANDBY));
	KUNIT_EXPECT_FALSE(test, alua_state_usable(ALUA_STATE_TRANSITIONING));
	KUNIT_EXPECT_STREQ(test, alua_state_name(ALUA_STATE_OFFLINE), "offline");
	KUNIT_EXPECT_STREQ(test, alua_state_name(0x7), "unknown");
}

/* ---- the sense table ---- */

struct sense_case {
	u8 key, asc, ascq;
	enum alua_sense want;
};

static const struct sense_case sense_cases[] = {
	{ NOT_READY, 0x04, 0x0a, ALUA_SENSE_TRANSITIONING },
	{ NOT_READY, 0x04, 0x0b, ALUA_SENSE_STANDBY },
	{ NOT_READY, 0x04, 0x0c, ALUA_SENSE_UNAVAILABLE },
	{ UNIT_ATTENTION, 0x2a, 0x06, ALUA_SENSE_RETRY },
	{ UNIT_ATTENTION, 0x2a, 0x07, ALUA_SENSE_RETRY },
	{ UNIT_ATTENTION, 0x29, 0x00, ALUA_SENSE_RETRY },
	{ UNIT_ATTENTION, 0x29, 0x04, ALUA_SENSE_RETRY },
	{ UNIT_ATTENTION, 0x3f, 0x03, ALUA_SENSE_RETRY },
	{ UNIT_ATTENTION, 0x3f, 0x0e, ALUA_SENSE_RETRY },
	{ ILLEGAL_REQUEST, 0x20, 0x00, ALUA_SENSE_UNSUPPORTED },
	{ ILLEGAL_REQUEST, 0x24, 0x00, ALUA_SENSE_UNSUPPORTED },
	{ RECOVERED_ERROR, 0x17, 0x01, ALUA_SENSE_OK },
	/* The port said no: not the path's fault. */
	{ ILLEGAL_REQUEST, 0x26, 0x00, ALUA_SENSE_REFUSED },
	{ ILLEGAL_REQUEST, 0x25, 0x00, ALUA_SENSE_REFUSED },
	/* Transient: again soon. */
	{ ABORTED_COMMAND, 0x47, 0x00, ALUA_SENSE_BUSY },
	/* The path's own errors. */
	{ NOT_READY, 0x3a, 0x00, ALUA_SENSE_PATH_ERROR },
	{ NOT_READY, 0x04, 0x03, ALUA_SENSE_PATH_ERROR },
	{ MEDIUM_ERROR, 0x11, 0x00, ALUA_SENSE_PATH_ERROR },
	{ HARDWARE_ERROR, 0x44, 0x00, ALUA_SENSE_PATH_ERROR },
};

static void sense_case_desc(const struct sense_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "key %x asc/ascq %02x/%02x",
		 c->key, c->asc, c->ascq);
}

KUNIT_ARRAY_PARAM(sense, sense_cases, sense_case_desc);

static void mpath2_alua_sense(struct kunit *test)
{
	const struct sense_case *c = test->param_value;
	struct scsi_sense_hdr sshdr = {
		.response_code = 0x70, .sense_key = c->key,
		.asc = c->asc, .ascq = c->ascq,
	};

	KUNIT_EXPECT_EQ(test, alua_classify_sense(&sshdr), c->want);
}

/* ---- whole results: host byte, status byte, sense ---- */

struct judge_case {
	const char *name;
	int result;
	u8 key, asc, ascq;
	enum alua_sense want;
};

static const struct judge_case judge_cases[] = {
	{ "good", 0, 0, 0, 0, ALUA_SENSE_OK },
	{ "errno", -EIO, 0, 0, 0, ALUA_SENSE_PATH_ERROR },
	{ "timeout", DID_TIME_OUT << 16, 0, 0, 0, ALUA_SENSE_PATH_ERROR },
	{ "no connect", DID_NO_CONNECT << 16, 0, 0, 0, ALUA_SENSE_PATH_ERROR },
	{ "transport disrupted", DID_TRANSPORT_DISRUPTED << 16, 0, 0, 0,
	  ALUA_SENSE_PATH_ERROR },
	{ "soft error", DID_SOFT_ERROR << 16, 0, 0, 0, ALUA_SENSE_BUSY },
	{ "imm retry", DID_IMM_RETRY << 16, 0, 0, 0, ALUA_SENSE_BUSY },
	{ "requeue", DID_REQUEUE << 16, 0, 0, 0, ALUA_SENSE_BUSY },
	{ "busy", SAM_STAT_BUSY, 0, 0, 0, ALUA_SENSE_BUSY },
	{ "task set full", SAM_STAT_TASK_SET_FULL, 0, 0, 0, ALUA_SENSE_BUSY },
	{ "reservation conflict", SAM_STAT_RESERVATION_CONFLICT, 0, 0, 0,
	  ALUA_SENSE_REFUSED },
	{ "check condition, no sense", SAM_STAT_CHECK_CONDITION, 0, 0, 0,
	  ALUA_SENSE_PATH_ERROR },
	{ "check condition, 2a/06", SAM_STAT_CHECK_CONDITION, UNIT_ATTENTION,
	  0x2a, 0x06, ALUA_SENSE_RETRY },
	{ "check condition, 26/00", SAM_STAT_CHECK_CONDITION, ILLEGAL_REQUEST,
	  0x26, 0x00, ALUA_SENSE_REFUSED },
};

static void judge_case_desc(const struct judge_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(judge, judge_cases, judge_case_desc);

static void mpath2_alua_judge(struct kunit *test)
{
	const struct judge_case *c = test->param_value;
	struct scsi_sense_hdr sshdr = {
		.response_code = c->key ? 0x70 : 0, .sense_key = c->key,
		.asc = c->asc, .ascq = c->ascq,
	};

	KUNIT_EXPECT_EQ(test, alua_judge(c->result, &sshdr), c->want);
	sshdr.response_code = 0x70;
	sshdr.sense_key = UNIT_ATTENTION;
	sshdr.asc = 0x3f;
	sshdr.ascq = 0x03;
	KUNIT_EXPECT_TRUE(test, alua_sense_port_changed(&sshdr));
	sshdr.ascq = 0x0e;
	KUNIT_EXPECT_FALSE(test, alua_sense_port_changed(&sshdr));
}

/* A VPD 0x83 page longer than 512 bytes: the port group at its end. */
static void mpath2_alua_vpd83_long(struct kunit *test)
{
	struct alua_port_id id;
	unsigned int off;
	u8 *page;

	page = kunit_kzalloc(test, 600, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	page[1] = 0x83;
	put_unaligned_be16(596, page + 2);
	/* Logical unit designators (vendor specific) up to the last 16. */
	for (off = 4; off + 4 + 60 <= 600 - 16; off += 64) {
		page[off + 1] = 0x00;
		page[off + 3] = 60;
	}
	/* Fill the gap so the designators tile the page exactly. */
	page[off + 1] = 0x00;
	page[off + 3] = 600 - 16 - off - 4;
	off = 600 - 16;
	page[off + 1] = 0x14;	/* port, relative target port */
	page[off + 3] = 4;
	page[off + 7] = 3;
	page[off + 8 + 1] = 0x15;	/* port, target port group */
	page[off + 8 + 3] = 4;
	page[off + 8 + 7] = 0x22;
	KUNIT_ASSERT_EQ(test, alua_parse_vpd83(page, 600, &id), 0);
	KUNIT_EXPECT_EQ(test, id.rel_port, 3);
	KUNIT_EXPECT_EQ(test, id.group, 0x22);
}

/* ---- table words ---- */

static const struct test_table_case alua_table_cases[] = {
	{ "0 1 alua 1 1 round-robin 0 1 1 1:0 1", NULL },
	{ "0 3 alua poll 2 1 1 round-robin 0 1 1 1:0 1", NULL },
	{ "0 4 alua no_stpg poll 0 1 1 round-robin 0 1 1 1:0 1", NULL },
	{ "0 3 alua optimize_stpg exclusive_pref_bit 1 1 round-robin 0 1 1 1:0 1", NULL },
	{ "0 2 alua poll 1 1 round-robin 0 1 1 1:0 1",
	  "alua: unknown argument (poll <secs>, no_stpg, optimize_stpg, exclusive_pref_bit)" },
	{ "0 3 alua poll 3601 1 1 round-robin 0 1 1 1:0 1",
	  "alua: poll takes 0..3600 seconds" },
	{ "0 3 alua poll -1 1 1 round-robin 0 1 1 1:0 1",
	  "alua: poll takes 0..3600 seconds" },
	{ "0 2 alua stpg 1 1 round-robin 0 1 1 1:0 1",
	  "alua: unknown argument (poll <secs>, no_stpg, optimize_stpg, exclusive_pref_bit)" },
};

KUNIT_ARRAY_PARAM(alua_table, alua_table_cases, test_table_case_desc);

static void mpath2_alua_table(struct kunit *test)
{
	test_table_case_check(test, test->param_value, true);
}

/* The handler's words come back in `dmsetup table`. */
static void mpath2_alua_table_echo(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, "0 4 alua poll 7 no_stpg 1 1 round-robin 0 1 0 %s");
	test_lun_expect_status(test, f, STATUSTYPE_TABLE,
			       "2 queue_mode bio 4 alua poll 7 no_stpg 1 1 round-robin 0 1 1 %s 1 ");
}

/* ---- live, on scsi_debug ---- */

#define SD_PATHS	3
#define SD_WAIT_MS	10000

struct sd_path {
	dev_t devt;
	unsigned int host;
	sector_t sectors;
};

/* The three scsi_debug disks, by host number (their scan is async). */
static int find_sd_paths(struct sd_path *sd)
{
	unsigned int i, waited;

	for (i = 0; i < SD_PATHS; i++) {
		dev_t devt = MKDEV(SCSI_DISK0_MAJOR, i * 16);
		struct block_device *bdev = ERR_PTR(-ENODEV);
		struct scsi_device *sdev;
		struct device *parent;

		for (waited = 0; waited < SD_WAIT_MS; waited += 100) {
			bdev = blkdev_get_by_dev(devt, FMODE_READ, NULL);
			if (!IS_ERR(bdev))
				break;
			msleep(100);
		}
		if (IS_ERR(bdev))
			return PTR_ERR(bdev);
		parent = disk_to_dev(bdev->bd_disk)->parent;
		sdev = parent && scsi_is_sdev_device(parent) ?
		       to_scsi_device(parent) : NULL;
		if (sdev) {
			unsigned int host = sdev->host->host_no;

			if (host < SD_PATHS) {
				sd[host].devt = devt;
				sd[host].host = host;
				sd[host].sectors = bdev_nr_sectors(bdev);
			}
		}
		blkdev_put(bdev, FMODE_READ);
	}
	for (i = 0; i < SD_PATHS; i++)
		if (!sd[i].devt)
			return -ENODEV;
	return 0;
}

/* The path_stats line of @devt, or NULL. */
static const char *stats_line(const char *stats, dev_t devt, char *line,
			      size_t len)
{
	char name[16];
	const char *p;
	size_t n;

	snprintf(name, sizeof(name), "%u:%u ", MAJOR(devt), MINOR(devt));
	p = strstr(stats, name);
	if (!p)
		return NULL;
	n = strcspn(p, "\n");
	strscpy(line, p, min(n + 1, len));
	return line;
}

/* @line contains @words. */
static void expect_in(struct kunit *test, const char *line, const char *words)
{
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(line, words), "'%s' not in: %s",
				  words, line);
}

static void mpath2_alua_scsi_debug(struct kunit *test)
{
	struct sd_path sd[SD_PATHS] = { { 0 } };
	char *params, *stats, line[256];
	struct page *page;
	struct test_dm d;
	unsigned int i, waited;
	const char *error = NULL;

	KUNIT_ASSERT_EQ_MSG(test, find_sd_paths(sd), 0,
			    "no scsi_debug disks (kunit.sh boots with them)");
	params = kunit_kzalloc(test, 256, GFP_KERNEL);
	stats = kunit_kzalloc(test, 2048, GFP_KERNEL);
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, params);
	KUNIT_ASSERT_NOT_NULL(test, stats);
	KUNIT_ASSERT_NOT_NULL(test, page);

	/* The standby host first, the optimized last: ALUA ranks, not order. */
	snprintf(params, 256,
		 "0 3 alua poll 1 3 1 round-robin 0 1 1 %u:%u 1 round-robin 0 1 1 %u:%u 1 round-robin 0 1 1 %u:%u 1",
		 MAJOR(sd[2].devt), MINOR(sd[2].devt),
		 MAJOR(sd[1].devt), MINOR(sd[1].devt),
		 MAJOR(sd[0].devt), MINOR(sd[0].devt));
	KUNIT_ASSERT_EQ_MSG(test, test_dm_create(&d, "mpath2", params, &error),
			    0, "ctr: %s", error ?: "?");
	/* The states are read at resume and acted on (standby blocked). */
	for (waited = 0; waited < SD_WAIT_MS; waited += 50) {
		KUNIT_ASSERT_EQ(test, test_dm_message_result(&d, "path_stats",
							     stats, 2048), 1);
		if (!strstr(stats, "alua=unknown") &&
		    strstr(stats, "state=blocked"))
			break;
		msleep(50);
	}
	kunit_info(test, "path_stats:\n%s", stats);

	KUNIT_EXPECT_NOT_NULL(test, stats_line(stats, sd[0].devt, line,
					       sizeof(line)));
	expect_in(test, line, "group=3 state=active ");
	expect_in(test, line, "alua=active/optimized prio=50 tpg=256 alua_mode=mpath2");
	KUNIT_EXPECT_NOT_NULL(test, stats_line(stats, sd[1].devt, line,
					       sizeof(line)));
	expect_in(test, line, "group=2 state=active ");
	expect_in(test, line, "alua=active/non-optimized prio=10 tpg=512");
	/* Standby: out of use, but not a failure. */
	KUNIT_EXPECT_NOT_NULL(test, stats_line(stats, sd[2].devt, line,
					       sizeof(line)));
	expect_in(test, line, "group=1 state=blocked fail_count=0 ");
	expect_in(test, line, "alua=standby prio=1 tpg=768");

	/* I/O goes to the optimized port only. */
	for (i = 0; i < 16; i++) {
		test_fill(page, i);
		KUNIT_EXPECT_EQ(test, test_dm_rw(&d, REQ_OP_WRITE, i * 8, page),
				0);
		KUNIT_EXPECT_EQ(test, test_dm_rw(&d, REQ_OP_READ, i * 8, page),
				0);
		KUNIT_EXPECT_TRUE(test, test_check(page, i));
	}
	KUNIT_ASSERT_EQ(test, test_dm_message_result(&d, "path_stats", stats,
						     2048), 1);
	stats_line(stats, sd[0].devt, line, sizeof(line));
	expect_in(test, line, "ios=32 ");
	stats_line(stats, sd[1].devt, line, sizeof(line));
	expect_in(test, line, "ios=0 ");

	/* The optimized path fails: the non-optimized group takes over. */
	snprintf(params, 256, "fail_path %u:%u", MAJOR(sd[0].devt),
		 MINOR(sd[0].devt));
	KUNIT_EXPECT_EQ(test, test_dm_message(&d, params), 0);
	test_fill(page, 99);
	KUNIT_EXPECT_EQ(test, test_dm_rw(&d, REQ_OP_WRITE, 0, page), 0);
	KUNIT_ASSERT_EQ(test, test_dm_message_result(&d, "path_stats", stats,
						     2048), 1);
	stats_line(stats, sd[1].devt, line, sizeof(line));
	expect_in(test, line, "ios=1 ");
	stats_line(stats, sd[0].devt, line, sizeof(line));
	expect_in(test, line, "state=failed fail_count=1 ");
	__free_page(page);
	test_dm_destroy(&d);
}

static struct kunit_case mpath2_alua_cases[] = {
	KUNIT_CASE(mpath2_alua_tpgs),
	KUNIT_CASE(mpath2_alua_vpd83),
	KUNIT_CASE(mpath2_alua_rtpg),
	KUNIT_CASE(mpath2_alua_rtpg_many),
	KUNIT_CASE(mpath2_alua_prio),
	KUNIT_CASE_PARAM(mpath2_alua_sense, sense_gen_params),
	KUNIT_CASE_PARAM(mpath2_alua_judge, judge_gen_params),
	KUNIT_CASE(mpath2_alua_vpd83_long),
	KUNIT_CASE_PARAM(mpath2_alua_table, alua_table_gen_params),
	KUNIT_CASE(mpath2_alua_table_echo),
	KUNIT_CASE(mpath2_alua_scsi_debug),
	{}
};

static struct kunit_suite mpath2_alua_suite = {
	.name = "mpath2_alua",
	.init = test_lun_init,
	.exit = test_lun_exit,
	.suite_init = test_lun_suite_init,
	.suite_exit = test_lun_suite_exit,
	.test_cases = mpath2_alua_cases,
};

kunit_test_suite(mpath2_alua_suite);
