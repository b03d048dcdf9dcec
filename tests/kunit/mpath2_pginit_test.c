// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2_pginit: the hardware handler hooks. A scripted handler stands in
 * for ALUA: each activate() call takes the next answer from a script (OK
 * once it runs out) and may be held at a gate, so the tests see I/O wait
 * for pg_init, retries, exhausted retries, failed activations and a busy
 * group being bypassed.
 */
#include <linux/delay.h>

#include "dm.h"
#include "hw_handlers/hw_handler.h"
#include "mpath2.h"
#include "mpath2_test.h"
#include "test_suspend.h"

#define HELD_MS		200
#define DONE_MS		5000
/* A suspend that has not returned after this long is taken as hung. */
#define SUSPEND_HUNG_MS	30000

static struct {
	enum mpath2_hw_result script[16];
	unsigned int len, pos;
	atomic_t calls;
	struct completion *gate;
	bool take_errors;	/* path_error(): block the path, uncounted */
	bool hold_on_error;	/* ...and hold I/O while "checking" it */
	atomic_t errors_taken;
} hw;

/* `prio`: groups rank by pg->prio, which the test sets, as ALUA ranks them. */
static int test_hw_create(struct mpath2 *m, unsigned int argc, char **argv,
			  char **error)
{
	if (argc > 1) {
		*error = "mpath2_test_hw: at most one argument";
		return -EINVAL;
	}
	m->hw_prio = argc && !strcmp(argv[0], "prio");
	return 0;
}

static enum mpath2_hw_result test_hw_activate(struct mpath2 *m,
					      struct mpath2_path *path)
{
	atomic_inc(&hw.calls);
	if (hw.gate)
		wait_for_completion(hw.gate);
	if (hw.pos < hw.len)
		return hw.script[hw.pos++];
	return MPATH2_HW_OK;
}

static bool test_hw_path_error(struct mpath2 *m, struct mpath2_path *path)
{
	if (!READ_ONCE(hw.take_errors))
		return false;
	atomic_inc(&hw.errors_taken);
	if (READ_ONCE(hw.hold_on_error))
		mpath2_set_hw_holding(m, true);
	mpath2_block_path(path);
	return true;
}

static struct mpath2_hw_handler_type test_hw = {
	.name = "mpath2_test_hw",
	.create = test_hw_create,
	.activate = test_hw_activate,
	.path_error = test_hw_path_error,
};

static void script(const enum mpath2_hw_result *r, unsigned int n)
{
	memcpy(hw.script, r, n * sizeof(*r));
	hw.len = n;
	hw.pos = 0;
}

static int pginit_init(struct kunit *test)
{
	memset(&hw.script, 0, sizeof(hw.script));
	hw.len = 0;
	hw.pos = 0;
	hw.gate = NULL;
	hw.take_errors = false;
	hw.hold_on_error = false;
	atomic_set(&hw.calls, 0);
	atomic_set(&hw.errors_taken, 0);
	return test_lun_init(test);
}

static int pginit_suite_init(struct kunit_suite *suite)
{
	int r = test_lun_suite_init(suite);

	return r ? r : mpath2_hw_handler_register(&test_hw);
}

static void pginit_suite_exit(struct kunit_suite *suite)
{
	mpath2_hw_handler_unregister(&test_hw);
	test_lun_suite_exit(suite);
}

static int write_block(struct test_lun *f)
{
	test_fill(f->page, 81);
	return test_dm_rw(&f->map, REQ_OP_WRITE, 0, f->page);
}

#define HW_ONE "1 mpath2_test_hw 1 1 round-robin 0 1 0 1:0"
/* A table after its feature words: the handler and one group of two. */
#define HW_TAIL "1 mpath2_test_hw 1 1 round-robin 0 2 1 %s 1 %s 1"
#define HW_MAP "0 " HW_TAIL
/* retain_attached_hw_handler is accepted and, as in dm-multipath, not shown. */
#define RETAIN_MAP "5 pg_init_retries 3 pg_init_delay_msecs 10 " \
	"retain_attached_hw_handler " HW_TAIL
#define RETAIN_TABLE "6 pg_init_retries 3 pg_init_delay_msecs 10 " \
	"queue_mode bio " HW_TAIL " "
/* Three groups of one path each, ranked by the test's pg->prio. */
#define PRIO_THREE_GROUPS "2 failback 1 2 mpath2_test_hw prio 3 1 " \
	"round-robin 0 1 0 %s round-robin 0 1 0 %s round-robin 0 1 0 %s"
#define HW_TWO_GROUPS \
	"0 1 mpath2_test_hw 2 1 round-robin 0 1 0 %s round-robin 0 1 0 %s"

static void mpath2_pginit_table(struct kunit *test)
{
	static const struct {
		const char *params, *error;
	} cases[] = {
		{ "0 2 mpath2_test_hw x 1 1 round-robin 0 1 0 1:0", NULL },
		{ "4 pg_init_retries 50 pg_init_delay_msecs 0 " HW_ONE, NULL },
		{ "0 3 mpath2_test_hw a b 1 1 round-robin 0 1 0 1:0",
		  "mpath2_test_hw: at most one argument" },
		{ "0 1 nosuch 1 1 round-robin 0 1 0 1:0", "unknown hardware handler" },
		{ "2 pg_init_retries 0 0 1 1 round-robin 0 1 0 1:0",
		  "pg_init_retries must be between 1 and 50" },
		{ "2 pg_init_retries 51 0 1 1 round-robin 0 1 0 1:0",
		  "pg_init_retries must be between 1 and 50" },
		{ "2 pg_init_delay_msecs 60001 0 1 1 round-robin 0 1 0 1:0",
		  "pg_init_delay_msecs must be between 0 and 60000" },
	};
	struct test_lun *f = test->priv;
	const char *error;
	unsigned int i;
	int r;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		r = test_dm_try_table("mpath2", cases[i].params, &error);
		if (!cases[i].error) {
			KUNIT_EXPECT_EQ_MSG(test, r, 0, "%s: %s", cases[i].params,
					    error);
			continue;
		}
		KUNIT_EXPECT_LT(test, r, 0);
		KUNIT_EXPECT_STREQ(test, error ?: "", cases[i].error);
	}
	test_lun_map(test, f, RETAIN_MAP);
	test_lun_expect_status(test, f, STATUSTYPE_TABLE, RETAIN_TABLE);
}

/* The first bio to a group runs pg_init on its usable paths, once. */
static void mpath2_pginit_first_io(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, HW_MAP);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 1 0 0 1 1 E 0 2 0 %s A 0 %s A 0 ");
	KUNIT_EXPECT_EQ(test, write_block(f), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&hw.calls), 2);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 1 0 1 1 A 0 2 0 %s A 0 %s A 0 ");
	KUNIT_EXPECT_EQ(test, write_block(f), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&hw.calls), 2);
}

/* I/O waits while the handler works; status shows queue_io. */
static void mpath2_pginit_io_waits(struct kunit *test)
{
	struct test_lun *f = test->priv;
	DECLARE_COMPLETION_ONSTACK(gate);
	struct test_aio a;

	test_lun_map(test, f, HW_MAP);
	hw.gate = &gate;
	test_fill(f->page, 82);
	test_aio_submit(&a, f->map.bdev, REQ_OP_WRITE, 0, f->page);
	KUNIT_EXPECT_TRUE(test, test_aio_pending(&a, HELD_MS));
	KUNIT_EXPECT_EQ(test, test_path_bios(0) + test_path_bios(1), 0U);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 1 1 0 1 1 A 0 2 0 %s A 0 %s A 0 ");
	complete_all(&gate);
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), 0);
	hw.gate = NULL;
}

static void mpath2_pginit_retry_then_ready(struct kunit *test)
{
	static const enum mpath2_hw_result r[] = {
		MPATH2_HW_RETRY, MPATH2_HW_RETRY,
	};
	struct test_lun *f = test->priv;

	script(r, ARRAY_SIZE(r));
	test_lun_map(test, f, "4 pg_init_retries 3 pg_init_delay_msecs 10 " HW_TAIL);
	KUNIT_EXPECT_EQ(test, write_block(f), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&hw.calls), 4);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 2 0 1 1 A 0 2 0 %s A 0 %s A 0 ");
}

/* Out of retries: the group's paths fail (and without queueing, the I/O). */
static void mpath2_pginit_retries_exhausted(struct kunit *test)
{
	static const enum mpath2_hw_result r[] = {
		MPATH2_HW_RETRY, MPATH2_HW_RETRY, MPATH2_HW_RETRY,
		MPATH2_HW_RETRY, MPATH2_HW_RETRY, MPATH2_HW_RETRY,
	};
	struct test_lun *f = test->priv;

	script(r, ARRAY_SIZE(r));
	test_lun_map(test, f, "4 pg_init_retries 1 pg_init_delay_msecs 10 " HW_TAIL);
	KUNIT_EXPECT_EQ(test, write_block(f), -EIO);
	KUNIT_EXPECT_EQ(test, atomic_read(&hw.calls), 4);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 2 0 1 1 E 0 2 0 %s F 1 %s F 1 ");
	KUNIT_EXPECT_EQ(test, test_path_bios(0) + test_path_bios(1), 0U);
}

static void mpath2_pginit_failed_activation_fails_path(struct kunit *test)
{
	static const enum mpath2_hw_result r[] = {
		MPATH2_HW_FAILED, MPATH2_HW_OK,
	};
	struct test_lun *f = test->priv;

	script(r, ARRAY_SIZE(r));
	test_lun_map(test, f, HW_MAP);
	KUNIT_EXPECT_EQ(test, write_block(f), 0);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 1 0 1 1 A 0 2 0 %s F 1 %s A 0 ");
	KUNIT_EXPECT_EQ(test, test_path_bios(0), 0U);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 1U);
}

/* A busy group is bypassed; the next group is readied and takes I/O. */
static void mpath2_pginit_busy_bypasses_group(struct kunit *test)
{
	static const enum mpath2_hw_result r[] = { MPATH2_HW_BUSY };
	struct test_lun *f = test->priv;

	script(r, ARRAY_SIZE(r));
	test_lun_map(test, f, HW_TWO_GROUPS);
	KUNIT_EXPECT_EQ(test, write_block(f), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&hw.calls), 2);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 1 0 2 2 D 0 1 0 %s A 0 A 0 1 0 %s A 0 ");
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 1U);
}

/* Every move to another group readies it again. */
static void mpath2_pginit_group_switch(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, HW_TWO_GROUPS);
	KUNIT_EXPECT_EQ(test, write_block(f), 0);
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, "switch_group 2"), 0);
	KUNIT_EXPECT_EQ(test, write_block(f), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&hw.calls), 2);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 1U);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 1 0 2 2 E 0 1 0 %s A 0 A 0 1 0 %s A 0 ");
}

/* The path_stats state of path @n of the test LUN. */
static bool path_state_is(struct kunit *test, struct test_lun *f,
			  unsigned int n, const char *want)
{
	char stats[512], key[40];
	const char *line;

	KUNIT_ASSERT_EQ(test, test_dm_message_result(&f->map, "path_stats",
						     stats, sizeof(stats)), 1);
	snprintf(key, sizeof(key), "%s group=", f->path[n].devt);
	line = strstr(stats, key);
	if (!line)
		return false;
	stats[line - stats + strcspn(line, "\n")] = '\0';	/* this line only */
	return strstr(line, want);
}

static struct mpath2 *map_of(struct test_lun *f)
{
	return test_dm_target(&f->map)->private;
}

/*
 * The array keeps a port from I/O: the path is blocked, not failed (fail
 * count 0, status F), and its group is left for another. The checker's
 * reinstate_path does not bring it back (a standby port answers TEST UNIT
 * READY: before, that made a loop of reinstate, I/O error, block); only
 * the handler's word that the array allows I/O again does.
 */
static void mpath2_pginit_blocked_leaves_group(struct kunit *test)
{
	static const enum mpath2_hw_result r[] = { MPATH2_HW_BLOCKED };
	struct test_lun *f = test->priv;

	script(r, ARRAY_SIZE(r));
	test_lun_map(test, f, HW_TWO_GROUPS);
	KUNIT_EXPECT_EQ(test, write_block(f), 0);
	KUNIT_EXPECT_EQ(test, test_path_bios(0), 0U);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 1U);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 1 0 2 2 E 0 1 0 %s F 0 A 0 1 0 %s A 0 ");
	KUNIT_EXPECT_TRUE(test, path_state_is(test, f, 0,
					      "state=blocked fail_count=0 "));
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 0), 0);
	KUNIT_EXPECT_TRUE(test, path_state_is(test, f, 0,
					      "state=blocked fail_count=0 "));
	mpath2_unblock_path(&map_of(f)->pgs[0].paths[0]);
	KUNIT_EXPECT_TRUE(test, path_state_is(test, f, 0,
					      "state=active fail_count=0 "));
}

/*
 * A path error the handler takes over blocks the path without counting a
 * failure; the bio is retried on the other group. Without the handler
 * taking it, the same error fails the path.
 */
static void mpath2_pginit_path_error_hook(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, HW_TWO_GROUPS);
	hw.take_errors = true;
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_IOERR);
	KUNIT_EXPECT_EQ(test, write_block(f), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&hw.errors_taken), 1);
	KUNIT_EXPECT_TRUE(test, path_state_is(test, f, 0,
					      "state=blocked fail_count=0 errors=1 "));
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 1U);

	mpath2_unblock_path(&map_of(f)->pgs[0].paths[0]);
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, "switch_group 1"), 0);
	hw.take_errors = false;
	KUNIT_EXPECT_EQ(test, write_block(f), 0);
	KUNIT_EXPECT_TRUE(test, path_state_is(test, f, 0,
					      "state=failed fail_count=1 errors=2 "));
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_OK);
}

/* A flush suspend does not wait for a handler that is stuck. */
static void mpath2_pginit_suspend_while_stuck(struct kunit *test)
{
	static const enum mpath2_hw_result r[] = {
		MPATH2_HW_RETRY, MPATH2_HW_RETRY,
	};
	struct test_lun *f = test->priv;
	struct test_aio a;

	script(r, ARRAY_SIZE(r));
	/* Retries a minute apart: the I/O would wait for ever. */
	test_lun_map(test, f, "4 pg_init_retries 50 pg_init_delay_msecs 60000 " HW_TAIL);
	test_fill(f->page, 83);
	test_aio_submit(&a, f->map.bdev, REQ_OP_WRITE, 0, f->page);
	KUNIT_EXPECT_TRUE(test, test_aio_pending(&a, HELD_MS));
	KUNIT_ASSERT_EQ(test, dm_suspend(f->map.md, 0), 0);
	/* The held write went out, uninitialised, so the suspend could end. */
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), 0);
	KUNIT_ASSERT_EQ(test, dm_resume(f->map.md), 0);
	/* Resume readies the group again (the script is used up: OK). */
	KUNIT_EXPECT_EQ(test, write_block(f), 0);
	KUNIT_EXPECT_GE(test, atomic_read(&hw.calls), 4);
}

/*
 * A suspend starts while a bio is in flight on the current group's path;
 * the bio then fails, so I/O fails over to group 2 after presuspend
 * stopped pg_init. The suspend must return (before the fix, the failover
 * started an init that nothing would run and parked the bio: the suspend
 * hung in D state), I/O must go on after resume, and resume must ready
 * the new group.
 */
static void suspend_meets_failover(struct kunit *test, unsigned int flags)
{
	struct test_lun *f = test->priv;
	struct test_aio a;
	int calls, r;

	test_lun_map(test, f, HW_TWO_GROUPS);
	KUNIT_ASSERT_EQ(test, write_block(f), 0);
	calls = atomic_read(&hw.calls);
	/* The next bio on path 0 is held 300 ms, then fails. */
	WRITE_ONCE(test_paths[0].delay_us, 300000);
	WRITE_ONCE(test_paths[0].fail_late, BLK_STS_IOERR);
	test_fill(f->page, 84);
	test_aio_submit(&a, f->map.bdev, REQ_OP_WRITE, 0, f->page);
	msleep(50);

	r = test_dm_suspend_bounded(f->map.md, flags, SUSPEND_HUNG_MS);
	if (r == -ETIMEDOUT) {
		KUNIT_FAIL(test, "suspend (flags %u) did not return: state %d",
			   flags, READ_ONCE(map_of(f)->pg_init_state));
		return;	/* the map cannot be torn down: leave it */
	}
	KUNIT_ASSERT_EQ(test, r, 0);
	WRITE_ONCE(test_paths[0].delay_us, 0);
	WRITE_ONCE(test_paths[0].fail_late, BLK_STS_OK);
	KUNIT_ASSERT_EQ(test, dm_resume(f->map.md), 0);
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), 0);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 1U);
	/* I/O goes on, to group 2, readied by resume (or by the write). */
	KUNIT_EXPECT_EQ(test, write_block(f), 0);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 2U);
	KUNIT_EXPECT_GT(test, atomic_read(&hw.calls), calls);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 1 0 2 2 E 0 1 0 %s F 1 A 0 1 0 %s A 0 ");
}

static void mpath2_pginit_flush_suspend_meets_failover(struct kunit *test)
{
	suspend_meets_failover(test, 0);
}

static void mpath2_pginit_noflush_suspend_meets_failover(struct kunit *test)
{
	suspend_meets_failover(test, DM_SUSPEND_NOFLUSH_FLAG);
}

/*
 * pg_init gives up on a group: its usable paths fail, but a port the
 * array blocked (standby) did not fail and stays blocked, uncounted.
 */
static void mpath2_pginit_give_up_keeps_blocked(struct kunit *test)
{
	static const enum mpath2_hw_result r[] = {
		MPATH2_HW_BLOCKED, MPATH2_HW_RETRY, MPATH2_HW_RETRY,
		MPATH2_HW_RETRY,
	};
	struct test_lun *f = test->priv;

	script(r, ARRAY_SIZE(r));
	test_lun_map(test, f, "4 pg_init_retries 1 pg_init_delay_msecs 10 " HW_TAIL);
	KUNIT_EXPECT_EQ(test, write_block(f), -EIO);
	KUNIT_EXPECT_TRUE(test, path_state_is(test, f, 0,
					      "state=blocked fail_count=0 "));
	KUNIT_EXPECT_TRUE(test, path_state_is(test, f, 1,
					      "state=failed fail_count=1 "));
}

/*
 * While the handler gets the group ready, an ioctl (SG_IO, persistent
 * reservations) waits too: -ENOTCONN, which dm core retries. Once the
 * group is ready it gets the path.
 */
static void mpath2_pginit_ioctl_waits(struct kunit *test)
{
	struct test_lun *f = test->priv;
	DECLARE_COMPLETION_ONSTACK(gate);
	struct block_device *bdev = NULL;
	struct dm_target *ti;
	struct test_aio a;

	test_lun_map(test, f, HW_MAP);
	ti = test_dm_target(&f->map);
	hw.gate = &gate;
	test_fill(f->page, 85);
	test_aio_submit(&a, f->map.bdev, REQ_OP_WRITE, 0, f->page);
	KUNIT_EXPECT_TRUE(test, test_aio_pending(&a, HELD_MS));
	KUNIT_EXPECT_EQ(test, mpath2_ioctl_bdev(ti, &bdev), -ENOTCONN);
	complete_all(&gate);
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), 0);
	hw.gate = NULL;
	KUNIT_EXPECT_GE(test, mpath2_ioctl_bdev(ti, &bdev), 0);
	/* Round-robin: either path of the group. */
	KUNIT_EXPECT_TRUE(test, bdev == map_of(f)->pgs[0].paths[0].dev->bdev ||
			  bdev == map_of(f)->pgs[0].paths[1].dev->bdev);
}

/*
 * failback <secs> with groups ranked by the handler: when the delay is
 * over, I/O goes to the best usable group, not the first better one in
 * table order. Groups 1, 2, 3 (paths 0, 1, 2) rank 10, 20, 50.
 */
static void mpath2_pginit_failback_best_group(struct kunit *test)
{
	struct test_lun *f = test->priv;
	struct mpath2 *m;
	unsigned int i;

	test_lun_map(test, f, PRIO_THREE_GROUPS);
	m = map_of(f);
	m->pgs[0].prio = 10;
	m->pgs[1].prio = 20;
	m->pgs[2].prio = 50;
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", 2), 0);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", 1), 0);
	KUNIT_ASSERT_EQ(test, write_block(f), 0);
	KUNIT_ASSERT_EQ(test, test_path_bios(0), 1U);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 1), 0);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 2), 0);
	/* Within 20 s (the delay is 1 s) I/O leaves group 1. */
	for (i = 0; i < 200 && !test_path_bios(1) && !test_path_bios(2); i++) {
		msleep(100);
		KUNIT_ASSERT_EQ(test, write_block(f), 0);
	}
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 0U);
	KUNIT_EXPECT_EQ(test, test_path_bios(2), 1U);
}

/*
 * probe_paths reports what it finds as a path error, which the handler may
 * take (a standby port is blocked, not failed), like an error under I/O.
 */
static void mpath2_pginit_probe_asks_handler(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, HW_TWO_GROUPS);
	hw.take_errors = true;
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_IOERR);
	KUNIT_EXPECT_EQ(test, test_dm_message(&f->map, "probe_paths"), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&hw.errors_taken), 1);
	KUNIT_EXPECT_TRUE(test, path_state_is(test, f, 0,
					      "state=blocked fail_count=0 errors=1 "));
	KUNIT_EXPECT_TRUE(test, path_state_is(test, f, 1, "state=active "));
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_OK);
}

/*
 * The handler holds I/O while it finds out whether a port only transitions
 * (ALUA), bounded by the array's transition time. A flush suspend that
 * meets such I/O waits for the handler's verdict instead of failing it:
 * the port comes back, and the write must succeed. Before, the suspend
 * failed the held write with EIO at once (a path failed by message plus a
 * transitioning port plus a reload: a routine double fault).
 */
static void mpath2_pginit_flush_suspend_waits_for_handler(struct kunit *test)
{
	struct test_lun *f = test->priv;
	struct test_suspend *s;
	struct mpath2 *m;
	struct test_aio a;

	test_lun_map(test, f, HW_MAP);
	m = map_of(f);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", 1), 0);
	hw.take_errors = true;
	hw.hold_on_error = true;
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_IOERR);
	test_fill(f->page, 88);
	test_aio_submit(&a, f->map.bdev, REQ_OP_WRITE, 0, f->page);
	KUNIT_EXPECT_TRUE(test, test_aio_pending(&a, HELD_MS));
	KUNIT_ASSERT_TRUE(test, path_state_is(test, f, 0, "state=blocked "));

	s = test_dm_suspend_start(f->map.md, 0);
	KUNIT_ASSERT_NOT_NULL(test, s);
	/* The held write neither fails nor lets the suspend end... */
	KUNIT_EXPECT_TRUE(test, test_aio_pending(&a, HELD_MS));
	KUNIT_EXPECT_FALSE(test, test_dm_suspend_done(s));
	/* ...until the handler finds the port usable again. */
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_OK);
	mpath2_unblock_path(&m->pgs[0].paths[0]);
	mpath2_set_hw_holding(m, false);
	KUNIT_EXPECT_EQ(test, test_dm_suspend_wait(s, SUSPEND_HUNG_MS), 0);
	KUNIT_EXPECT_EQ(test, test_aio_wait(&a, DONE_MS), 0);
	KUNIT_EXPECT_EQ(test, test_path_bios(0), 2U);
	KUNIT_ASSERT_EQ(test, dm_resume(f->map.md), 0);
}

static struct kunit_case mpath2_pginit_cases[] = {
	KUNIT_CASE(mpath2_pginit_table),
	KUNIT_CASE(mpath2_pginit_first_io),
	KUNIT_CASE(mpath2_pginit_io_waits),
	KUNIT_CASE(mpath2_pginit_retry_then_ready),
	KUNIT_CASE(mpath2_pginit_retries_exhausted),
	KUNIT_CASE(mpath2_pginit_failed_activation_fails_path),
	KUNIT_CASE(mpath2_pginit_busy_bypasses_group),
	KUNIT_CASE(mpath2_pginit_group_switch),
	KUNIT_CASE(mpath2_pginit_suspend_while_stuck),
	KUNIT_CASE(mpath2_pginit_blocked_leaves_group),
	KUNIT_CASE(mpath2_pginit_path_error_hook),
	KUNIT_CASE(mpath2_pginit_flush_suspend_meets_failover),
	KUNIT_CASE(mpath2_pginit_noflush_suspend_meets_failover),
	KUNIT_CASE(mpath2_pginit_give_up_keeps_blocked),
	KUNIT_CASE(mpath2_pginit_ioctl_waits),
	KUNIT_CASE(mpath2_pginit_failback_best_group),
	KUNIT_CASE(mpath2_pginit_probe_asks_handler),
	KUNIT_CASE(mpath2_pginit_flush_suspend_waits_for_handler),
	{}
};

static struct kunit_suite mpath2_pginit_suite = {
	.name = "mpath2_pginit",
	.init = pginit_init,
	.exit = test_lun_exit,
	.suite_init = pginit_suite_init,
	.suite_exit = pginit_suite_exit,
	.test_cases = mpath2_pginit_cases,
};

kunit_test_suite(mpath2_pginit_suite);
