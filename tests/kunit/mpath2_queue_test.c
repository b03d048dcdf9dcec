// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2_queue: I/O while no path is usable. With queue_if_no_path bios
 * are held and complete once a path is back; fail_if_no_path,
 * no_path_timeout and a flush suspend fail them; a noflush suspend keeps
 * them across the suspend.
 */
#include <linux/delay.h>

#include "dm.h"
#include "mpath2_test.h"

/* Long enough for a held bio to have completed if it were not held. */
#define HELD_MS		200
/* Generous bound for a bio that must complete. */
#define DONE_MS		5000

#define QUEUE_MAP "1 queue_if_no_path 0 1 1 round-robin 0 2 1 %s 1 %s 1"
#define ALL_TIMERS_MAP "9 queue_if_no_path no_path_timeout 60 failback 60 " \
	"hold_down 1 60 60 0 1 1 round-robin 0 2 1 %s 1 %s 1"
#define TIMEOUT_MAP \
	"3 queue_if_no_path no_path_timeout 1 0 1 1 round-robin 0 2 1 %s 1 %s 1"

/* Both paths dead: a write to block 0 is held. */
static void hold_write(struct kunit *test, struct test_lun *f,
		       struct test_aio *a, u32 seed)
{
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_IOERR);
	WRITE_ONCE(test_paths[1].fail_with, BLK_STS_IOERR);
	test_fill(f->page, seed);
	test_aio_submit(a, f->map.bdev, REQ_OP_WRITE, 0, f->page);
	KUNIT_ASSERT_TRUE_MSG(test, test_aio_pending(a, HELD_MS),
			      "the write was not held");
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 1 1 E 0 2 0 %s F 1 %s F 1 ");
}

/* Repair path 1 and reinstate it. */
static void path1_back(struct kunit *test, struct test_lun *f)
{
	WRITE_ONCE(test_paths[1].fail_with, BLK_STS_OK);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 1), 0);
}

static void expect_block0(struct kunit *test, struct test_lun *f, u32 seed)
{
	KUNIT_ASSERT_EQ(test, test_bdev_rw(f->lun, REQ_OP_READ, 0, f->page), 0);
	KUNIT_EXPECT_TRUE(test, test_check(f->page, seed));
}

static void mpath2_queue_held_until_reinstate(struct kunit *test)
{
	struct test_lun *f = test->priv;
	struct test_aio a;

	test_lun_map(test, f, QUEUE_MAP);
	hold_write(test, f, &a, 21);
	path1_back(test, f);
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), 0);
	expect_block0(test, f, 21);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 1 1 A 0 2 0 %s F 1 %s A 1 ");
}

/* New I/O arriving while no path is usable is held too, in order. */
static void mpath2_queue_new_io_held_in_order(struct kunit *test)
{
	struct test_lun *f = test->priv;
	struct test_aio a, b;
	struct page *page2;

	page2 = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page2);
	test_lun_map(test, f, QUEUE_MAP);
	hold_write(test, f, &a, 22);
	/* Same block, newer data: must land last. */
	test_fill(page2, 23);
	test_aio_submit(&b, f->map.bdev, REQ_OP_WRITE, 0, page2);
	KUNIT_EXPECT_TRUE(test, test_aio_pending(&b, HELD_MS));
	path1_back(test, f);
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), 0);
	KUNIT_EXPECT_EQ(test, test_aio_wait(&b, DONE_MS), 0);
	expect_block0(test, f, 23);
	__free_page(page2);
}

static void mpath2_queue_fail_if_no_path_fails_held(struct kunit *test)
{
	struct test_lun *f = test->priv;
	struct test_aio a;

	test_lun_map(test, f, QUEUE_MAP);
	hold_write(test, f, &a, 24);
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, "fail_if_no_path"), 0);
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), -EIO);
	test_lun_expect_status(test, f, STATUSTYPE_TABLE,
			       "2 queue_mode bio 0 1 1 round-robin 0 2 1 %s 1 %s 1 ");
	/* And queueing can be turned back on. */
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, "queue_if_no_path"), 0);
	test_aio_submit(&a, f->map.bdev, REQ_OP_WRITE, 0, f->page);
	KUNIT_EXPECT_TRUE(test, test_aio_pending(&a, HELD_MS));
	path1_back(test, f);
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), 0);
}

static void mpath2_queue_no_path_timeout(struct kunit *test)
{
	struct test_lun *f = test->priv;
	struct test_aio a;

	test_lun_map(test, f, TIMEOUT_MAP);
	test_lun_expect_status(test, f, STATUSTYPE_TABLE,
			       "5 queue_if_no_path queue_mode bio no_path_timeout 1 0 1 1 round-robin 0 2 1 %s 1 %s 1 ");
	hold_write(test, f, &a, 25);
	/* Held first, then failed once the timeout runs out. */
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), -EIO);
	/* Past the timeout, new I/O fails at once... */
	KUNIT_EXPECT_EQ(test, test_dm_rw(&f->map, REQ_OP_READ, 0, f->page),
			-EIO);
	/* ...until a path is back; then the next outage is queued again. */
	path1_back(test, f);
	KUNIT_EXPECT_EQ(test, test_dm_rw(&f->map, REQ_OP_READ, 0, f->page), 0);
	WRITE_ONCE(test_paths[1].fail_with, BLK_STS_IOERR);
	test_aio_submit(&a, f->map.bdev, REQ_OP_WRITE, 0, f->page);
	KUNIT_EXPECT_TRUE(test, test_aio_pending(&a, HELD_MS));
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), -EIO);
}

/* Resending queue_if_no_path while holding does not postpone the timeout. */
static void mpath2_queue_timeout_not_postponed(struct kunit *test)
{
	struct test_lun *f = test->priv;
	struct test_aio a;
	unsigned int i;

	test_lun_map(test, f, TIMEOUT_MAP);
	hold_write(test, f, &a, 29);
	/* 4 x 400 ms of resending, well past the 1 s timeout. */
	for (i = 0; i < 4; i++) {
		msleep(400);
		KUNIT_ASSERT_EQ(test, test_dm_message(&f->map,
						      "queue_if_no_path"), 0);
	}
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, 500), -EIO);
	test_aio_wait(&a, DONE_MS);
}

/* Without queue_if_no_path nothing is held: fail fast. */
static void mpath2_queue_fail_fast_without_feature(struct kunit *test)
{
	struct test_lun *f = test->priv;
	struct test_aio a;

	test_lun_rr_map(test, f);
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_IOERR);
	WRITE_ONCE(test_paths[1].fail_with, BLK_STS_IOERR);
	test_aio_submit(&a, f->map.bdev, REQ_OP_WRITE, 0, f->page);
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), -EIO);
}

/* A table reload suspends with flush: held I/O fails instead of hanging. */
static void mpath2_queue_flush_suspend_fails_held(struct kunit *test)
{
	struct test_lun *f = test->priv;
	const char *error;
	struct test_aio a;
	char params[160];

	test_lun_map(test, f, QUEUE_MAP);
	hold_write(test, f, &a, 26);
	snprintf(params, sizeof(params), QUEUE_MAP, f->path[0].devt,
		 f->path[1].devt);
	KUNIT_ASSERT_EQ(test, test_dm_reload(&f->map, "mpath2", params,
					     &error), 0);
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), -EIO);
}

/*
 * The queueing state across a flush suspend of the same table: HOLD ->
 * PAUSED fails the held write, resume holds again; EXPIRED stays EXPIRED
 * (a suspend does not restart a countdown that ran out).
 */
static void mpath2_queue_states_across_suspend(struct kunit *test)
{
	struct test_lun *f = test->priv;
	struct test_aio a;

	test_lun_map(test, f, TIMEOUT_MAP);
	hold_write(test, f, &a, 31);
	KUNIT_ASSERT_EQ(test, dm_suspend(f->map.md, 0), 0);
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), -EIO);
	KUNIT_ASSERT_EQ(test, dm_resume(f->map.md), 0);
	/* HOLD again, with a new countdown that runs out. */
	test_aio_submit(&a, f->map.bdev, REQ_OP_WRITE, 0, f->page);
	KUNIT_EXPECT_TRUE(test, test_aio_pending(&a, HELD_MS));
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), -EIO);
	/* EXPIRED across a suspend: new I/O still fails at once. */
	KUNIT_ASSERT_EQ(test, dm_suspend(f->map.md, 0), 0);
	KUNIT_ASSERT_EQ(test, dm_resume(f->map.md), 0);
	KUNIT_EXPECT_EQ(test, test_dm_rw(&f->map, REQ_OP_READ, 0, f->page),
			-EIO);
	test_lun_expect_status(test, f, STATUSTYPE_TABLE,
			       "5 queue_if_no_path queue_mode bio no_path_timeout 1 0 1 1 round-robin 0 2 1 %s 1 %s 1 ");
}

/*
 * A noflush suspend keeps held I/O; it completes after resume, once a path
 * is back. As in dm-multipath, a suspended map refuses reinstate_path
 * (-EBUSY): the checker sends it again after resume.
 */
static void mpath2_queue_noflush_suspend_keeps_held(struct kunit *test)
{
	struct test_lun *f = test->priv;
	struct test_aio a;

	test_lun_map(test, f, QUEUE_MAP);
	hold_write(test, f, &a, 27);
	KUNIT_ASSERT_EQ(test, dm_suspend(f->map.md, DM_SUSPEND_NOFLUSH_FLAG), 0);
	KUNIT_EXPECT_TRUE(test, test_aio_pending(&a, HELD_MS));
	WRITE_ONCE(test_paths[1].fail_with, BLK_STS_OK);
	KUNIT_EXPECT_EQ(test, test_lun_path_message(f, "reinstate_path", 1),
			-EBUSY);
	KUNIT_EXPECT_TRUE(test, test_aio_pending(&a, HELD_MS));
	KUNIT_ASSERT_EQ(test, dm_resume(f->map.md), 0);
	KUNIT_EXPECT_TRUE(test, test_aio_pending(&a, HELD_MS));
	path1_back(test, f);
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), 0);
	expect_block0(test, f, 27);
}

/*
 * Removing a map with I/O held and every timer of the map armed: the held
 * I/O fails, the work items are cancelled, nothing hangs or leaks.
 */
static void mpath2_queue_destroy_with_held_io_and_timers(struct kunit *test)
{
	struct test_lun *f = test->priv;
	struct test_aio a;

	test_lun_map(test, f, ALL_TIMERS_MAP);
	/* Path 0 flaps once: with hold_down 1, its return is held (armed). */
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", 0), 0);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 0), 0);
	/* Path 1 dies under I/O: no path, I/O held, no_path_timeout armed. */
	hold_write(test, f, &a, 28);
	test_dm_destroy(&f->map);
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), -EIO);
}

/*
 * A table that comes in with no usable path at all (here: no groups, as a
 * reload after the last path went away can be): no_path_timeout still
 * bounds the hold. Before, only losing the last path armed it, so this I/O
 * was held for ever.
 */
static void mpath2_queue_timeout_without_paths(struct kunit *test)
{
	struct test_lun *f = test->priv;
	struct test_aio a;

	test_lun_map(test, f, "3 queue_if_no_path no_path_timeout 1 0 0 0");
	test_fill(f->page, 29);
	test_aio_submit(&a, f->map.bdev, REQ_OP_WRITE, 0, f->page);
	KUNIT_EXPECT_TRUE(test, test_aio_pending(&a, HELD_MS));
	/* The timeout is 1 s; allow a stalled host 20 s. */
	if (test_aio_wait(&a, 20000) != -EIO) {
		KUNIT_FAIL(test, "I/O still held past no_path_timeout");
		/* Removing the map fails it, before @a leaves the stack. */
		test_dm_destroy(&f->map);
		test_aio_wait(&a, DONE_MS);
	}
}

static struct kunit_case mpath2_queue_cases[] = {
	KUNIT_CASE(mpath2_queue_held_until_reinstate),
	KUNIT_CASE(mpath2_queue_new_io_held_in_order),
	KUNIT_CASE(mpath2_queue_fail_if_no_path_fails_held),
	KUNIT_CASE(mpath2_queue_no_path_timeout),
	KUNIT_CASE(mpath2_queue_timeout_not_postponed),
	KUNIT_CASE(mpath2_queue_fail_fast_without_feature),
	KUNIT_CASE(mpath2_queue_flush_suspend_fails_held),
	KUNIT_CASE(mpath2_queue_states_across_suspend),
	KUNIT_CASE(mpath2_queue_noflush_suspend_keeps_held),
	KUNIT_CASE(mpath2_queue_destroy_with_held_io_and_timers),
	KUNIT_CASE(mpath2_queue_timeout_without_paths),
	{}
};

static struct kunit_suite mpath2_queue_suite = {
	.name = "mpath2_queue",
	.init = test_lun_init,
	.exit = test_lun_exit,
	.suite_init = test_lun_suite_init,
	.suite_exit = test_lun_suite_exit,
	.test_cases = mpath2_queue_cases,
};

kunit_test_suite(mpath2_queue_suite);
