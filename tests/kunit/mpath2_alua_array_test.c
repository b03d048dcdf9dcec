// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ALUA handler against an impolite array: a scripted SCSI layer
 * (struct alua_scsi_ops) under the real handler, over the test LUN's
 * three paths. The array answers RTPG and STPG as an explicit-ALUA array
 * does, and the test scripts what real arrays do in routine failovers and
 * LIO never does: slow or failing STPGs, transitions after a GOOD, stacked
 * unit attentions, long RTPG answers, the preferred bit, offline ports and
 * ports that never answer.
 *
 * Path i reaches relative target port i + 1, in port group fa.group_of[i].
 */
#include <linux/delay.h>
#include <linux/spinlock.h>
#include <scsi/scsi.h>
#include <scsi/scsi_common.h>
#include <scsi/scsi_dh.h>
#include <scsi/scsi_proto.h>

#include "dm.h"
#include "hw_handlers/alua.h"
#include "mpath2.h"
#include "mpath2_test.h"
#include "test_suspend.h"

#define FA_GROUPS	48
#define FA_DEVS		128	/* path devices the array knows */
#define FA_PORTS	4	/* target ports per group, in RTPG */
#define FA_DESC_LEN	(8 + 4 * FA_PORTS)
#define FA_WAIT_MS	20000	/* generous: a busy machine is no failure */

struct fa_group {
	u16 id;
	u8 state;		/* the state once any transition is over */
	bool pref;
	u8 supported;
	unsigned long transition_until;	/* jiffies; reports transitioning */
};

/* What STPGs answer, and whether the array moves the group anyway. */
struct fa_answer {
	int result;		/* 0: GOOD, and the array acts */
	u8 key, asc, ascq;	/* sense, with a CHECK CONDITION result */
	bool acts;		/* the array moves the group all the same */
};

static struct fake_array {
	spinlock_t lock;		/* the array's state, against the work */
	unsigned int nr_groups;
	struct fa_group g[FA_GROUPS];
	unsigned int group_of[FA_DEVS];	/* index into g */
	dev_t devt[FA_DEVS];
	u8 transition_secs;		/* the RTPG's extended header */
	unsigned int stpg_delay_ms;	/* an STPG takes this long */
	unsigned int stpg_transition_ms; /* then the group transitions */
	struct fa_answer stpg_answer;
	unsigned int stpg_busy;		/* STPGs answered BUSY first */
	unsigned int ua;		/* commands answered 2A/06 first */
	bool hang[FA_DEVS];		/* commands wait for `release` */
	bool no_rtpg;			/* RTPG: ILLEGAL REQUEST 20/00 */
	struct completion release;
	atomic_t rtpgs, stpgs;
} fa;

static unsigned int fa_port(const struct alua_path *ap)
{
	return ap->port.rel_port - 1;
}

static void fa_attach(struct alua_path *ap, struct block_device *bdev)
{
	unsigned int i;

	for (i = 0; i < FA_DEVS; i++)
		if (fa.devt[i] && fa.devt[i] == bdev->bd_dev)
			ap->tpgs = ALUA_TPGS_EXPLICIT | ALUA_TPGS_IMPLICIT;
}

static void fa_detach(struct alua_path *ap)
{
}

static bool fa_no(struct alua_path *ap)
{
	return false;
}

static bool fa_ready(struct alua_path *ap)
{
	return true;
}

static int fa_read_port(struct alua_path *ap, bool fresh,
			struct alua_port_id *id)
{
	unsigned int i;

	for (i = 0; i < FA_DEVS; i++) {
		if (fa.devt[i] && fa.devt[i] == ap->path->dev->bdev->bd_dev) {
			id->rel_port = i + 1;
			id->group = fa.g[fa.group_of[i]].id;
			return 0;
		}
	}
	return -ENODATA;
}

static u8 fa_state(const struct fa_group *g)
{
	if (g->transition_until && time_before(jiffies, g->transition_until))
		return ALUA_STATE_TRANSITIONING;
	return g->state;
}

static int fa_sense(struct scsi_sense_hdr *sshdr, u8 key, u8 asc, u8 ascq)
{
	sshdr->response_code = 0x70;
	sshdr->sense_key = key;
	sshdr->asc = asc;
	sshdr->ascq = ascq;
	return SAM_STAT_CHECK_CONDITION;
}

static int fa_rtpg(const u8 *cdb, u8 *buf, unsigned int len)
{
	bool ext = cdb[1] & MI_EXT_HDR_PARAM_FMT;
	unsigned int i, off = ext ? 8 : 4;
	u8 *a = kzalloc(8 + FA_GROUPS * FA_DESC_LEN, GFP_NOIO);

	if (!a)
		return -ENOMEM;
	spin_lock(&fa.lock);
	if (ext) {
		a[4] = 0x10;
		a[5] = fa.transition_secs;
	}
	for (i = 0; i < fa.nr_groups; i++, off += FA_DESC_LEN) {
		unsigned int p;

		a[off] = (fa.g[i].pref ? 0x80 : 0) | fa_state(&fa.g[i]);
		a[off + 1] = fa.g[i].supported;
		put_unaligned_be16(fa.g[i].id, a + off + 2);
		a[off + 7] = FA_PORTS;
		for (p = 0; p < FA_PORTS; p++)
			put_unaligned_be16(i * FA_PORTS + p + 1,
					   a + off + 8 + p * 4 + 2);
	}
	spin_unlock(&fa.lock);
	put_unaligned_be32(off - 4, a);	/* SPC's count */
	memcpy(buf, a, min(len, off));
	kfree(a);
	atomic_inc(&fa.rtpgs);
	return 0;
}

static int fa_stpg(unsigned int port, const u8 *param,
		   struct scsi_sense_hdr *sshdr)
{
	struct fa_answer ans;
	struct fa_group *g;
	unsigned int i;
	bool busy;

	atomic_inc(&fa.stpgs);
	msleep(fa.stpg_delay_ms);
	spin_lock(&fa.lock);
	busy = fa.stpg_busy && fa.stpg_busy--;
	ans = fa.stpg_answer;	/* every STPG, until the test changes it */
	if (busy || ((ans.result || ans.key) && !ans.acts)) {
		spin_unlock(&fa.lock);
		if (busy)
			return SAM_STAT_BUSY;
		return ans.key ? fa_sense(sshdr, ans.key, ans.asc, ans.ascq) :
				 ans.result;
	}
	g = &fa.g[fa.group_of[port]];
	if ((param[4] & 0xf) == ALUA_STATE_OPTIMIZED)
		for (i = 0; i < fa.nr_groups; i++)
			if (fa.g[i].state == ALUA_STATE_OPTIMIZED)
				fa.g[i].state = ALUA_STATE_NON_OPTIMIZED;
	g->state = param[4] & 0xf;
	if (fa.stpg_transition_ms)
		g->transition_until = jiffies +
				      msecs_to_jiffies(fa.stpg_transition_ms);
	spin_unlock(&fa.lock);
	if (ans.key)
		return fa_sense(sshdr, ans.key, ans.asc, ans.ascq);
	return ans.result;
}

static int fa_exec(struct alua_path *ap, const u8 *cdb, bool to_dev,
		   void *buf, unsigned int len, unsigned int timeout,
		   struct scsi_sense_hdr *sshdr)
{
	unsigned int port = fa_port(ap);
	bool ua;

	if (port < FA_DEVS && READ_ONCE(fa.hang[port])) {
		wait_for_completion(&fa.release);
		return DID_TIME_OUT << 16;
	}
	spin_lock(&fa.lock);
	ua = fa.ua && fa.ua--;
	spin_unlock(&fa.lock);
	if (ua)
		return fa_sense(sshdr, UNIT_ATTENTION, 0x2a, 0x06);
	if (cdb[0] == MAINTENANCE_IN && READ_ONCE(fa.no_rtpg))
		return fa_sense(sshdr, ILLEGAL_REQUEST, 0x20, 0x00);
	if (cdb[0] == MAINTENANCE_IN)
		return fa_rtpg(cdb, buf, len);
	if (cdb[0] == MAINTENANCE_OUT && port < FA_DEVS)
		return fa_stpg(port, buf, sshdr);
	return fa_sense(sshdr, ILLEGAL_REQUEST, 0x20, 0x00);
}

static int fa_dh_activate(struct alua_path *ap)
{
	return SCSI_DH_OK;
}

static u8 fa_dh_state(struct alua_path *ap)
{
	return ALUA_STATE_OPTIMIZED;
}

static const struct alua_scsi_ops fa_ops = {
	.attach		= fa_attach,
	.detach		= fa_detach,
	.kernel_dh	= fa_no,
	.ready		= fa_ready,
	.read_port	= fa_read_port,
	.exec		= fa_exec,
	.dh_activate	= fa_dh_activate,
	.dh_state	= fa_dh_state,
};

/* Groups 10, 20, ... (ids); path i in group index @groups[i]. */
static void fa_setup(struct test_lun *f, unsigned int nr_groups,
		     const u8 *states, const unsigned int *groups)
{
	unsigned int i;

	memset(&fa, 0, sizeof(fa));
	spin_lock_init(&fa.lock);
	init_completion(&fa.release);
	fa.nr_groups = nr_groups;
	for (i = 0; i < nr_groups; i++) {
		fa.g[i].id = (i + 1) * 10;
		fa.g[i].state = states[i];
		fa.g[i].supported = 0x8f;
	}
	for (i = 0; i < TEST_LUN_PATHS; i++) {
		fa.devt[i] = f->path[i].md ? disk_devt(dm_disk(f->path[i].md)) : 0;
		fa.group_of[i] = groups[i];
	}
	alua_set_scsi_ops(&fa_ops);
}

static int fa_init(struct kunit *test)
{
	return test_lun_init(test);
}

static void fa_exit(struct kunit *test)
{
	/* Let any command still waiting go before the paths do. */
	complete_all(&fa.release);
	test_lun_exit(test);
	alua_set_scsi_ops(NULL);
}

/* The path_stats words of path @i. */
static void path_line(struct test_lun *f, unsigned int i, char *line,
		      size_t len)
{
	char *stats = kzalloc(4096, GFP_KERNEL);
	const char *p;

	line[0] = 0;
	if (!stats)
		return;
	if (test_dm_message_result(&f->map, "path_stats", stats, 4096) == 1) {
		p = strstr(stats, f->path[i].devt);
		if (p)
			strscpy(line, p, min(strcspn(p, "\n") + 1, len));
	}
	kfree(stats);
}

/* Wait until path @i's path_stats line has @words. */
static bool wait_path(struct test_lun *f, unsigned int i, const char *words)
{
	char line[256];
	unsigned int waited;

	for (waited = 0; waited < FA_WAIT_MS; waited += 50) {
		path_line(f, i, line, sizeof(line));
		if (strstr(line, words))
			return true;
		msleep(50);
	}
	return false;
}

static void expect_path(struct kunit *test, struct test_lun *f,
			unsigned int i, const char *words)
{
	char line[256];

	path_line(f, i, line, sizeof(line));
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(line, words),
				  "path %u: '%s' not in: %s", i, words, line);
}

#define MAP_2 "0 3 alua poll 1 2 1 round-robin 0 1 1 %s 1 round-robin 0 1 1 %s 1"
#define MAP_3 "0 3 alua poll 1 3 1 round-robin 0 1 1 %s 1 round-robin 0 1 1 %s 1 " \
	"round-robin 0 1 1 %s 1"

/* One write through the map, waited for (bounded); its errno. */
static int write_one(struct test_lun *f, u32 seed)
{
	struct test_aio a;

	test_fill(f->page, seed);
	test_aio_submit(&a, f->map.bdev, REQ_OP_WRITE, 0, f->page);
	return test_aio_wait(&a, FA_WAIT_MS * 2);
}

/* ---- STPG answers ---- */

struct stpg_case {
	const char *name;
	struct fa_answer answer;
	unsigned int busy;
	bool activates;		/* the group ends up active */
};

static const struct stpg_case stpg_cases[] = {
	{ "good", { 0 }, 0, true },
	{ "timeout, array acted", { DID_TIME_OUT << 16, 0, 0, 0, true }, 0, true },
	{ "busy twice, then good", { 0 }, 2, true },
	{ "aborted command, array acted",
	  { 0, ABORTED_COMMAND, 0x47, 0x00, true }, 0, true },
	{ "reservation conflict",
	  { SAM_STAT_RESERVATION_CONFLICT, 0, 0, 0, false }, 0, false },
	{ "26/00 unsupported state",
	  { 0, ILLEGAL_REQUEST, 0x26, 0x00, false }, 0, false },
	{ "20/24 and still standby",
	  { 0, ILLEGAL_REQUEST, 0x24, 0x00, false }, 0, false },
};

static void stpg_case_desc(const struct stpg_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(stpg, stpg_cases, stpg_case_desc);

/*
 * Both groups standby: the first write needs an STPG. Whatever the STPG
 * answers, the states read after it decide; no path fails. When the array
 * refused, I/O waits (no queue_if_no_path, yet not failed) until the
 * array moves on its own.
 */
static void mpath2_alua_array_stpg(struct kunit *test)
{
	static const u8 states[] = { ALUA_STATE_STANDBY, ALUA_STATE_STANDBY };
	static const unsigned int groups[] = { 0, 1, 1 };
	const struct stpg_case *c = test->param_value;
	struct test_lun *f = test->priv;
	struct test_aio a;

	fa_setup(f, 2, states, groups);
	fa.stpg_answer = c->answer;
	fa.stpg_busy = c->busy;
	test_lun_map(test, f, MAP_2);
	KUNIT_ASSERT_TRUE(test, wait_path(f, 0, "alua=standby"));

	test_fill(f->page, 1);
	test_aio_submit(&a, f->map.bdev, REQ_OP_WRITE, 0, f->page);
	if (c->activates) {
		KUNIT_EXPECT_EQ(test, test_aio_wait(&a, FA_WAIT_MS * 2), 0);
		KUNIT_EXPECT_TRUE(test, wait_path(f, 0, "alua=active/optimized"));
	} else {
		/* Refused: held, nothing failed, no STPG storm. */
		KUNIT_EXPECT_TRUE(test, test_aio_pending(&a, 3000));
		KUNIT_EXPECT_LE(test, atomic_read(&fa.stpgs), 2);
		spin_lock(&fa.lock);
		fa.g[1].state = ALUA_STATE_OPTIMIZED;	/* the array moves */
		spin_unlock(&fa.lock);
		KUNIT_EXPECT_EQ(test, test_aio_wait(&a, FA_WAIT_MS * 2), 0);
		KUNIT_EXPECT_TRUE(test, wait_path(f, 1, "alua=active/optimized"));
	}
	expect_path(test, f, 0, "fail_count=0 ");
	expect_path(test, f, 1, "fail_count=0 ");
}

/* ---- transitions ---- */

/*
 * STPG answers GOOD, then the group transitions for 3 s (within the
 * array's 10 s): I/O waits and goes on; no path fails.
 */
static void mpath2_alua_array_transition_short(struct kunit *test)
{
	static const u8 states[] = { ALUA_STATE_STANDBY, ALUA_STATE_STANDBY };
	static const unsigned int groups[] = { 0, 1, 1 };
	struct test_lun *f = test->priv;

	fa_setup(f, 2, states, groups);
	fa.transition_secs = 10;
	fa.stpg_transition_ms = 3000;
	test_lun_map(test, f, MAP_2);
	KUNIT_ASSERT_TRUE(test, wait_path(f, 0, "alua=standby"));
	KUNIT_EXPECT_EQ(test, write_one(f, 2), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&fa.stpgs), 1);
	expect_path(test, f, 0, "fail_count=0 ");
	expect_path(test, f, 0, "alua=active/optimized");
	expect_path(test, f, 1, "fail_count=0 ");
}

/*
 * A transition longer than the array's own limit (2 s): the port fails,
 * and held I/O is let go (it fails here: no queue_if_no_path), never
 * held for ever.
 */
static void mpath2_alua_array_transition_long(struct kunit *test)
{
	static const u8 states[] = { ALUA_STATE_STANDBY, ALUA_STATE_UNAVAILABLE };
	static const unsigned int groups[] = { 0, 1, 1 };
	struct test_lun *f = test->priv;

	fa_setup(f, 2, states, groups);
	fa.transition_secs = 2;
	fa.stpg_transition_ms = 600000;
	test_lun_map(test, f, MAP_2);
	KUNIT_ASSERT_TRUE(test, wait_path(f, 0, "alua=standby"));
	KUNIT_EXPECT_EQ(test, write_one(f, 3), -EIO);
	KUNIT_EXPECT_TRUE(test, wait_path(f, 0, "state=failed fail_count=1 "));
	expect_path(test, f, 1, "fail_count=0 ");
}

/* Six unit attentions stacked before the array answers: none fails. */
static void mpath2_alua_array_stacked_ua(struct kunit *test)
{
	static const u8 states[] = { ALUA_STATE_STANDBY, ALUA_STATE_STANDBY };
	static const unsigned int groups[] = { 0, 1, 1 };
	struct test_lun *f = test->priv;

	fa_setup(f, 2, states, groups);
	test_lun_map(test, f, MAP_2);
	KUNIT_ASSERT_TRUE(test, wait_path(f, 0, "alua=standby"));
	spin_lock(&fa.lock);
	fa.ua = 6;
	spin_unlock(&fa.lock);
	KUNIT_EXPECT_EQ(test, write_one(f, 4), 0);
	expect_path(test, f, 0, "fail_count=0 ");
	expect_path(test, f, 0, "alua=active/optimized");
}

/* ---- the answers' shape ---- */

/*
 * 40 port groups: the answer is longer than the first buffer; the paths'
 * groups lie past the 16th, and a move there is followed.
 */
static void mpath2_alua_array_many_groups(struct kunit *test)
{
	static const unsigned int groups[] = { 37, 38, 5 };
	struct test_lun *f = test->priv;
	u8 states[40];
	unsigned int i;

	for (i = 0; i < 40; i++)
		states[i] = ALUA_STATE_UNAVAILABLE;
	states[37] = ALUA_STATE_NON_OPTIMIZED;
	states[38] = ALUA_STATE_OPTIMIZED;
	fa_setup(f, 40, states, groups);
	test_lun_map(test, f, MAP_2);
	KUNIT_ASSERT_TRUE(test, wait_path(f, 1, "alua=active/optimized prio=50 tpg=390 "));
	expect_path(test, f, 0, "alua=active/non-optimized prio=10 tpg=380 ");
	KUNIT_EXPECT_EQ(test, write_one(f, 5), 0);
	KUNIT_EXPECT_GT(test, test_path_bios(1), 0);

	spin_lock(&fa.lock);
	fa.g[37].state = ALUA_STATE_OPTIMIZED;
	fa.g[38].state = ALUA_STATE_NON_OPTIMIZED;
	spin_unlock(&fa.lock);
	KUNIT_EXPECT_TRUE(test, wait_path(f, 0, "alua=active/optimized prio=50 tpg=380 "));
}

/* The preferred group wins among equals; standby wakes it first. */
static void mpath2_alua_array_preferred(struct kunit *test)
{
	static const u8 states[] = { ALUA_STATE_NON_OPTIMIZED,
				     ALUA_STATE_NON_OPTIMIZED };
	static const unsigned int groups[] = { 0, 1, 1 };
	struct test_lun *f = test->priv;
	unsigned int before;

	fa_setup(f, 2, states, groups);
	fa.g[1].pref = true;
	test_lun_map(test, f, MAP_2);
	KUNIT_ASSERT_TRUE(test, wait_path(f, 1, "alua=active/non-optimized prio=90 "));
	expect_path(test, f, 0, "prio=10 ");
	before = test_path_bios(0);
	KUNIT_EXPECT_EQ(test, write_one(f, 6), 0);
	KUNIT_EXPECT_EQ(test, write_one(f, 7), 0);
	KUNIT_EXPECT_EQ(test, test_path_bios(0), before);
	KUNIT_EXPECT_GE(test, test_path_bios(1), 2);
	/* No STPG for a usable non-optimized port (no optimize_stpg). */
	KUNIT_EXPECT_EQ(test, atomic_read(&fa.stpgs), 0);
}

/* An offline port fails; an unavailable one is blocked. */
static void mpath2_alua_array_offline(struct kunit *test)
{
	static const u8 states[] = { ALUA_STATE_OFFLINE, ALUA_STATE_UNAVAILABLE,
				     ALUA_STATE_OPTIMIZED };
	static const unsigned int groups[] = { 0, 1, 2 };
	struct test_lun *f = test->priv;

	fa_setup(f, 3, states, groups);
	test_lun_map(test, f, MAP_3);
	KUNIT_ASSERT_TRUE(test, wait_path(f, 0, "state=failed fail_count=1 "));
	KUNIT_EXPECT_TRUE(test, wait_path(f, 1, "state=blocked fail_count=0 "));
	KUNIT_EXPECT_EQ(test, write_one(f, 8), 0);
}

/*
 * Standby everywhere and no I/O: the handler leaves the array alone (no
 * STPG); a suspended map sends no RTPG.
 */
static void mpath2_alua_array_idle(struct kunit *test)
{
	static const u8 states[] = { ALUA_STATE_STANDBY, ALUA_STATE_STANDBY };
	static const unsigned int groups[] = { 0, 1, 1 };
	struct test_lun *f = test->priv;
	unsigned int rtpgs;

	fa_setup(f, 2, states, groups);
	test_lun_map(test, f, MAP_2);
	KUNIT_ASSERT_TRUE(test, wait_path(f, 0, "alua=standby"));
	msleep(3000);
	KUNIT_EXPECT_EQ(test, atomic_read(&fa.stpgs), 0);
	KUNIT_EXPECT_GT(test, atomic_read(&fa.rtpgs), 0);

	KUNIT_ASSERT_EQ(test, dm_suspend(f->map.md, DM_SUSPEND_NOFLUSH_FLAG), 0);
	msleep(1500);	/* a poll already under way may still answer */
	rtpgs = atomic_read(&fa.rtpgs);
	msleep(3000);
	KUNIT_EXPECT_EQ(test, atomic_read(&fa.rtpgs), rtpgs);
	KUNIT_EXPECT_EQ(test, dm_resume(f->map.md), 0);
	KUNIT_EXPECT_TRUE(test, wait_path(f, 0, "alua=standby"));
}

/*
 * A port that never answers: its commands wait, but the map still
 * suspends, resumes and goes (bounded), and I/O goes through the other.
 */
static void mpath2_alua_array_dead_port(struct kunit *test)
{
	static const u8 states[] = { ALUA_STATE_OPTIMIZED,
				     ALUA_STATE_NON_OPTIMIZED };
	static const unsigned int groups[] = { 0, 1, 1 };
	struct test_lun *f = test->priv;

	fa_setup(f, 2, states, groups);
	fa.hang[0] = true;
	test_lun_map(test, f, MAP_2);
	KUNIT_EXPECT_EQ(test, write_one(f, 9), 0);
	KUNIT_EXPECT_EQ(test, test_dm_suspend_bounded(f->map.md, 0, FA_WAIT_MS),
			0);
	KUNIT_EXPECT_EQ(test, dm_resume(f->map.md), 0);
	KUNIT_EXPECT_EQ(test, test_dm_suspend_bounded(f->map.md,
						      DM_SUSPEND_NOFLUSH_FLAG,
						      FA_WAIT_MS), 0);
	KUNIT_EXPECT_EQ(test, dm_resume(f->map.md), 0);
	test_dm_message(&f->map, "fail_if_no_path");
	test_dm_destroy(&f->map);	/* must return with the command stuck */
	KUNIT_EXPECT_FALSE(test, completion_done(&fa.release));
	complete_all(&fa.release);
}

/*
 * The double fault of e2e's suspend-stress: one path failed, the other's
 * port transitioning, a write held, and a flush suspend meets it. The
 * states are still read while suspended (no poll runs then), so the write
 * goes through when the transition ends, and the suspend returns.
 */
static void mpath2_alua_array_transition_in_suspend(struct kunit *test)
{
	static const u8 states[] = { ALUA_STATE_OPTIMIZED,
				     ALUA_STATE_NON_OPTIMIZED };
	static const unsigned int groups[] = { 0, 1, 1 };
	struct test_lun *f = test->priv;
	struct test_suspend *susp;
	struct test_aio a;

	fa_setup(f, 2, states, groups);
	fa.transition_secs = 30;
	test_lun_map(test, f, MAP_2);
	KUNIT_ASSERT_TRUE(test, wait_path(f, 0, "alua=active/optimized"));
	spin_lock(&fa.lock);
	fa.g[0].transition_until = jiffies + msecs_to_jiffies(4000);
	spin_unlock(&fa.lock);
	KUNIT_ASSERT_TRUE(test, wait_path(f, 0, "alua=transitioning"));
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", 1), 0);
	test_fill(f->page, 11);
	test_aio_submit(&a, f->map.bdev, REQ_OP_WRITE, 0, f->page);
	susp = test_dm_suspend_start(f->map.md, 0);
	KUNIT_ASSERT_NOT_NULL(test, susp);
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, FA_WAIT_MS * 2), 0);
	KUNIT_EXPECT_EQ(test, test_dm_suspend_wait(susp, FA_WAIT_MS), 0);
	KUNIT_EXPECT_EQ(test, dm_resume(f->map.md), 0);
	expect_path(test, f, 0, "fail_count=0 ");
}

/*
 * TPGS in INQUIRY but RTPG refused: the paths are used as without ALUA,
 * not left blocked waiting for states that never come.
 */
static void mpath2_alua_array_no_rtpg(struct kunit *test)
{
	static const u8 states[] = { ALUA_STATE_OPTIMIZED,
				     ALUA_STATE_NON_OPTIMIZED };
	static const unsigned int groups[] = { 0, 1, 1 };
	struct test_lun *f = test->priv;

	fa_setup(f, 2, states, groups);
	fa.no_rtpg = true;
	test_lun_map(test, f, "0 3 alua poll 0 2 1 round-robin 0 1 1 %s 1 round-robin 0 1 1 %s 1");
	KUNIT_EXPECT_EQ(test, write_one(f, 10), 0);
	KUNIT_EXPECT_TRUE(test, wait_path(f, 0, "alua=none"));
	expect_path(test, f, 0, "state=active fail_count=0 ");
}

static struct kunit_case mpath2_alua_array_cases[] = {
	KUNIT_CASE_PARAM(mpath2_alua_array_stpg, stpg_gen_params),
	KUNIT_CASE(mpath2_alua_array_transition_short),
	KUNIT_CASE(mpath2_alua_array_transition_long),
	KUNIT_CASE(mpath2_alua_array_stacked_ua),
	KUNIT_CASE(mpath2_alua_array_many_groups),
	KUNIT_CASE(mpath2_alua_array_preferred),
	KUNIT_CASE(mpath2_alua_array_offline),
	KUNIT_CASE(mpath2_alua_array_idle),
	KUNIT_CASE(mpath2_alua_array_dead_port),
	KUNIT_CASE(mpath2_alua_array_no_rtpg),
	KUNIT_CASE(mpath2_alua_array_transition_in_suspend),
	{}
};

static struct kunit_suite mpath2_alua_array_suite = {
	.name = "mpath2_alua_array",
	.init = fa_init,
	.exit = fa_exit,
	.suite_init = test_lun_suite_init,
	.suite_exit = test_lun_suite_exit,
	.test_cases = mpath2_alua_array_cases,
};

/* ---- bench_alua_poll: RTPG commands per minute, 32 LUNs x 4 paths ---- */

#define BP_MAPS		32
#define BP_PATHS	4
#define BP_SECS		30

static unsigned int bench_alua_secs = BP_SECS;
module_param(bench_alua_secs, uint, 0444);
MODULE_PARM_DESC(bench_alua_secs, "seconds each polling scenario is counted");

struct bench_poll {
	struct test_dm path[BP_MAPS * BP_PATHS];
	struct test_dm map[BP_MAPS];
};

static void bp_teardown(struct bench_poll *bp)
{
	unsigned int i;

	for (i = 0; i < BP_MAPS; i++)
		test_dm_destroy(&bp->map[i]);
	for (i = 0; i < BP_MAPS * BP_PATHS; i++)
		test_dm_destroy(&bp->path[i]);
}

/*
 * 32 idle maps of 4 paths (2 groups of 2), `alua poll 5`, for
 * bench_alua_secs: RTPG and STPG commands per minute, (a) an optimized and
 * a non-optimized group, (b) every port in standby.
 */
static void bench_alua_poll_rate(struct kunit *test)
{
	static const u8 normal[] = { ALUA_STATE_OPTIMIZED,
				     ALUA_STATE_NON_OPTIMIZED };
	static const u8 standby[] = { ALUA_STATE_STANDBY, ALUA_STATE_STANDBY };
	static const u8 *const scenario[] = { normal, standby };
	static const char *const name[] = { "optimized+non-optimized",
					    "all-standby" };
	struct bench_poll *bp;
	char params[256];
	unsigned int s, i, secs = max(bench_alua_secs, 5U);

	bp = kunit_kzalloc(test, sizeof(*bp), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bp);
	for (s = 0; s < ARRAY_SIZE(scenario); s++) {
		memset(&fa, 0, sizeof(fa));
		spin_lock_init(&fa.lock);
		init_completion(&fa.release);
		fa.nr_groups = 2;
		for (i = 0; i < 2; i++) {
			fa.g[i].id = (i + 1) * 10;
			fa.g[i].state = scenario[s][i];
			fa.g[i].supported = 0x8f;
		}
		for (i = 0; i < BP_MAPS * BP_PATHS; i++) {
			snprintf(params, sizeof(params), "1:2 %u", i % TEST_PATH_IDS);
			KUNIT_ASSERT_EQ(test, test_dm_create(&bp->path[i],
							     "mpath2_test_path",
							     params, NULL), 0);
			fa.devt[i] = disk_devt(dm_disk(bp->path[i].md));
			fa.group_of[i] = (i % BP_PATHS) / 2;
		}
		alua_set_scsi_ops(&fa_ops);
		for (i = 0; i < BP_MAPS; i++) {
			struct test_dm *p = &bp->path[i * BP_PATHS];

			snprintf(params, sizeof(params),
				 "0 3 alua poll 5 2 1 round-robin 0 2 1 %s 1 %s 1 round-robin 0 2 1 %s 1 %s 1",
				 p[0].devt, p[1].devt, p[2].devt, p[3].devt);
			KUNIT_ASSERT_EQ(test, test_dm_create(&bp->map[i], "mpath2",
							     params, NULL), 0);
		}
		/* The reads at resume are not polling: count from here. */
		msleep(2000);
		atomic_set(&fa.rtpgs, 0);
		atomic_set(&fa.stpgs, 0);
		msleep(secs * 1000);
		kunit_info(test, "BENCH-ALUA %s maps=%u paths=%u poll=5 rtpg_per_min=%u stpg_per_min=%u\n",
			   name[s], BP_MAPS, BP_PATHS,
			   atomic_read(&fa.rtpgs) * 60 / secs,
			   atomic_read(&fa.stpgs) * 60 / secs);
		bp_teardown(bp);
		alua_set_scsi_ops(NULL);
	}
}

static struct kunit_case bench_alua_poll_cases[] = {
	KUNIT_CASE(bench_alua_poll_rate),
	{}
};

static struct kunit_suite bench_alua_poll_suite = {
	.name = "bench_alua_poll",
	.suite_init = test_lun_suite_init,
	.suite_exit = test_lun_suite_exit,
	.test_cases = bench_alua_poll_cases,
};

kunit_test_suites(&mpath2_alua_array_suite, &bench_alua_poll_suite);
