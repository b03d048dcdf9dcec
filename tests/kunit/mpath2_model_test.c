// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2_model: long random sequences of control-plane events against one
 * map, with writes in flight, checking the control plane's invariants
 * (kmod/control-plane.rst) after every step, and at the end that every
 * write completed and every write reported done is on the LUN.
 *
 * Events: path failures (messages, and errors under I/O), reinstatements,
 * switch_group, disable/enable_group, flush and noflush suspends with
 * resume, queue_if_no_path on and off, the handler blocking and unblocking
 * ports, and a handler whose activation answers every outcome (ready,
 * retry, busy, blocked, failed). The sequence comes from a fixed seed per
 * case, so a failure names the seed and step to replay; on an SMP kernel
 * the work items and completions race with the steps for real.
 *
 * Invariants, under m->lock:
 *  I1 pg_init RUNNING (I/O held) => its work is pending or running;
 *  I2 a bio on m->queued has a way out: pg_init RUNNING, the queue work
 *     pending or running, or no usable path while queueing;
 *  I3 the current group is NULL or has a usable path;
 *  I4 usable-path counts agree (per group, per map, path flags);
 *  I5 no usable path, queueing, not expired, not suspended =>
 *     no_path_timeout is armed;
 *  I6 a blocked path is not active.
 */
#include <linux/delay.h>
#include <linux/slab.h>

#include "dm.h"
#include "hw_handlers/hw_handler.h"
#include "mpath2.h"
#include "mpath2_test.h"
#include "test_suspend.h"

#define MODEL_STEPS	600
#define MODEL_SLOTS	12		/* writes in flight at most */
#define SUSPEND_HUNG_MS	30000
#define DONE_MS		30000

/* A small PRNG of our own: the same seed gives the same sequence. */
static u32 model_rand(u32 *state)
{
	u32 x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

static u32 model_seed_for_hw;	/* the handler's own sequence */

static enum mpath2_hw_result model_hw_activate(struct mpath2 *m,
					       struct mpath2_path *path)
{
	u32 r = model_rand(&model_seed_for_hw) % 100;

	if (r < 55)
		return MPATH2_HW_OK;
	if (r < 70)
		return MPATH2_HW_RETRY;
	if (r < 77)
		return MPATH2_HW_BUSY;
	if (r < 90)
		return MPATH2_HW_BLOCKED;
	return MPATH2_HW_FAILED;
}

static struct mpath2_hw_handler_type model_hw = {
	.name = "mpath2_model_hw",
	.activate = model_hw_activate,
};

/* Two groups: {path 0, path 1} and {path 2}. */
#define MODEL_MAP "7 queue_if_no_path pg_init_retries 2 pg_init_delay_msecs 5 " \
	"no_path_timeout 3 1 mpath2_model_hw 2 1 " \
	"round-robin 0 2 1 %s 1 %s 1 round-robin 0 1 1 %s 1"

struct model_slot {
	struct test_aio aio;
	struct page *page;
	u32 seed;
	bool busy;
};

struct model {
	struct kunit *test;
	struct test_lun *f;
	struct mpath2 *m;
	u32 rng;
	unsigned int step;
	struct model_slot slot[MODEL_SLOTS];
	unsigned int writes, done_ok, done_err, suspends;
};

static bool work_alive(struct work_struct *w)
{
	return work_busy(w) & (WORK_BUSY_PENDING | WORK_BUSY_RUNNING);
}

static void check_invariants(struct model *md)
{
	struct mpath2 *m = md->m;
	unsigned int g, p, total = 0;
	struct kunit *test = md->test;
	unsigned long flags;
	bool suspended = dm_suspended_md(md->f->map.md);

	spin_lock_irqsave(&m->lock, flags);
	KUNIT_EXPECT_TRUE_MSG(test, m->pg_init_state != MPATH2_PG_INIT_RUNNING ||
			      work_alive(&m->pg_init_work.work),
			      "I1 step %u: held I/O, no pg_init work", md->step);
	KUNIT_EXPECT_TRUE_MSG(test, bio_list_empty(&m->queued) ||
			      m->pg_init_state == MPATH2_PG_INIT_RUNNING ||
			      work_alive(&m->queue_work) ||
			      (!atomic_read(&m->nr_active) &&
			       (mpath2_queue_if_no_path(m) || m->hw_holding)),
			      "I2 step %u: a queued bio with no way out", md->step);
	KUNIT_EXPECT_TRUE_MSG(test, !m->current_pg || m->current_pg->nr_active,
			      "I3 step %u: current group %u has no usable path",
			      md->step, m->current_pg ? m->current_pg->num : 0);
	for (g = 0; g < m->nr_pgs; g++) {
		struct mpath2_pg *pg = &m->pgs[g];
		unsigned int n = 0;

		for (p = 0; p < pg->nr_paths; p++) {
			n += pg->paths[p].active;
			KUNIT_EXPECT_FALSE_MSG(test, pg->paths[p].active &&
					       pg->paths[p].blocked,
					       "I6 step %u: blocked and active",
					       md->step);
		}
		KUNIT_EXPECT_EQ_MSG(test, pg->nr_active, n,
				    "I4 step %u: group %u count", md->step,
				    pg->num);
		total += n;
	}
	KUNIT_EXPECT_EQ_MSG(test, (unsigned int)atomic_read(&m->nr_active),
			    total, "I4 step %u: map count", md->step);
	KUNIT_EXPECT_TRUE_MSG(test, suspended || atomic_read(&m->nr_active) ||
			      m->queueing != MPATH2_QUEUE_HOLD ||
			      work_alive(&m->no_path_work.work),
			      "I5 step %u: queueing with no path, no timeout",
			      md->step);
	spin_unlock_irqrestore(&m->lock, flags);
}

/* Reap finished writes; start a new one in a free slot. */
static void reap(struct model *md)
{
	unsigned int i;
	int r;

	for (i = 0; i < MODEL_SLOTS; i++) {
		struct model_slot *s = &md->slot[i];

		if (!s->busy || !completion_done(&s->aio.done))
			continue;
		r = test_aio_wait(&s->aio, 0);
		s->busy = false;
		if (!r) {
			md->done_ok++;
			/* Reported done: it must be on the LUN. */
			KUNIT_EXPECT_EQ(md->test, test_bdev_rw(md->f->lun,
							       REQ_OP_READ,
							       i * 8, s->page), 0);
			KUNIT_EXPECT_TRUE_MSG(md->test, test_check(s->page, s->seed),
					      "write %u (slot %u) lost", s->seed, i);
		} else {
			/* Failed writes are allowed (no path, flush suspend). */
			KUNIT_EXPECT_EQ(md->test, r, -EIO);
			md->done_err++;
		}
	}
}

static void start_write(struct model *md)
{
	unsigned int i;

	for (i = 0; i < MODEL_SLOTS; i++) {
		struct model_slot *s = &md->slot[i];

		if (s->busy)
			continue;
		s->seed = 1000 + md->writes++;
		s->busy = true;
		test_fill(s->page, s->seed);
		test_aio_submit(&s->aio, md->f->map.bdev, REQ_OP_WRITE, i * 8,
				s->page);
		return;
	}
}

static void suspend_resume(struct model *md, unsigned int flags)
{
	int r = test_dm_suspend_bounded(md->f->map.md, flags, SUSPEND_HUNG_MS);

	md->suspends++;
	KUNIT_ASSERT_NE_MSG(md->test, r, -ETIMEDOUT,
			    "step %u: suspend (flags %u) hung", md->step, flags);
	KUNIT_ASSERT_EQ(md->test, r, 0);
	check_invariants(md);
	msleep(model_rand(&md->rng) % 5);
	KUNIT_ASSERT_EQ(md->test, dm_resume(md->f->map.md), 0);
}

static void one_event(struct model *md)
{
	struct test_lun *f = md->f;
	u32 r = model_rand(&md->rng);
	unsigned int path = (r >> 8) % TEST_LUN_PATHS;
	struct mpath2_path *p;
	char msg[32];

	p = path < 2 ? &md->m->pgs[0].paths[path] : &md->m->pgs[1].paths[0];
	switch (r % 16) {
	case 0:
	case 1:
		test_lun_path_message(f, "fail_path", path);
		break;
	case 2:
	case 3:
	case 4:
		test_lun_path_message(f, "reinstate_path", path);
		break;
	case 5:
		/* The next bio on this path fails (a dying link). */
		WRITE_ONCE(test_paths[path].fail_with, BLK_STS_IOERR);
		break;
	case 6:
	case 7:
		WRITE_ONCE(test_paths[path].fail_with, BLK_STS_OK);
		break;
	case 8:
		snprintf(msg, sizeof(msg), "switch_group %u", 1 + (r >> 16) % 2);
		test_dm_message(&f->map, msg);
		break;
	case 9:
		snprintf(msg, sizeof(msg), "%s_group %u",
			 (r >> 12) & 1 ? "disable" : "enable", 1 + (r >> 16) % 2);
		test_dm_message(&f->map, msg);
		break;
	case 10:
		suspend_resume(md, 0);
		break;
	case 11:
		suspend_resume(md, DM_SUSPEND_NOFLUSH_FLAG);
		break;
	case 12:
		test_dm_message(&f->map, (r >> 12) & 3 ? "queue_if_no_path" :
				"fail_if_no_path");
		break;
	case 13:
		/* The handler learns the port is usable again. */
		mpath2_unblock_path(p);
		break;
	default:
		start_write(md);
		break;
	}
}

static void run_model(struct kunit *test, u32 seed)
{
	struct test_lun *f = test->priv;
	struct model *md;
	unsigned int i;

	md = kunit_kzalloc(test, sizeof(*md), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, md);
	md->test = test;
	md->f = f;
	md->rng = seed;
	model_seed_for_hw = seed * 2654435761u | 1;
	for (i = 0; i < MODEL_SLOTS; i++) {
		md->slot[i].page = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, md->slot[i].page);
	}
	test_lun_map(test, f, MODEL_MAP);
	md->m = test_dm_target(&f->map)->private;
	kunit_info(test, "seed %u", seed);

	for (md->step = 0; md->step < MODEL_STEPS; md->step++) {
		one_event(md);
		reap(md);
		check_invariants(md);
		if (test->status == KUNIT_FAILURE)
			break;
		msleep(model_rand(&md->rng) % 4);
	}

	/* Everything back: every write must complete. */
	for (i = 0; i < TEST_LUN_PATHS; i++)
		WRITE_ONCE(test_paths[i].fail_with, BLK_STS_OK);
	for (i = 0; i < 2; i++) {
		mpath2_unblock_path(&md->m->pgs[0].paths[i]);
		test_lun_path_message(f, "reinstate_path", i);
	}
	mpath2_unblock_path(&md->m->pgs[1].paths[0]);
	test_lun_path_message(f, "reinstate_path", 2);
	test_dm_message(&f->map, "enable_group 1");
	test_dm_message(&f->map, "enable_group 2");
	for (i = 0; i < MODEL_SLOTS; i++) {
		struct model_slot *s = &md->slot[i];

		if (s->busy && test_aio_wait(&s->aio, DONE_MS) == -ETIMEDOUT) {
			KUNIT_FAIL(test, "write %u never completed", s->seed);
			/* Removing the map fails it before the slot goes. */
			test_dm_destroy(&f->map);
			test_aio_wait(&s->aio, DONE_MS);
		}
	}
	reap(md);
	check_invariants(md);
	kunit_info(test, "%u writes: %u done, %u failed; %u suspends",
		   md->writes, md->done_ok, md->done_err, md->suspends);
	KUNIT_EXPECT_GT(test, md->done_ok, 0U);
	KUNIT_EXPECT_GT(test, md->suspends, 0U);
	for (i = 0; i < MODEL_SLOTS; i++)
		__free_page(md->slot[i].page);
}

static void mpath2_model_seed_1(struct kunit *test)
{
	run_model(test, 1);
}

static void mpath2_model_seed_2(struct kunit *test)
{
	run_model(test, 0x9e3779b9);
}

static void mpath2_model_seed_3(struct kunit *test)
{
	run_model(test, 20261207);
}

static int model_suite_init(struct kunit_suite *suite)
{
	int r = test_lun_suite_init(suite);

	return r ? r : mpath2_hw_handler_register(&model_hw);
}

static void model_suite_exit(struct kunit_suite *suite)
{
	mpath2_hw_handler_unregister(&model_hw);
	test_lun_suite_exit(suite);
}

static struct kunit_case mpath2_model_cases[] = {
	KUNIT_CASE(mpath2_model_seed_1),
	KUNIT_CASE(mpath2_model_seed_2),
	KUNIT_CASE(mpath2_model_seed_3),
	{}
};

static struct kunit_suite mpath2_model_suite = {
	.name = "mpath2_model",
	.init = test_lun_init,
	.exit = test_lun_exit,
	.suite_init = model_suite_init,
	.suite_exit = model_suite_exit,
	.test_cases = mpath2_model_cases,
};

kunit_test_suite(mpath2_model_suite);
