// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2_holddown: a path that fails too often within the window is held
 * down when asked to come back, and returns only after staying up for the
 * hold time; path_stats shows it as held, status as failed.
 */
#include <linux/delay.h>

#include "mpath2_test.h"

/* 2 failures within 60 s: held for 1 s. */
#define HOLD_MAP "4 hold_down 2 60 1 0 1 1 round-robin 0 2 1 %s 1 %s 1"

static void flap(struct kunit *test, struct test_lun *f, unsigned int path)
{
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", path), 0);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", path),
			0);
}

static bool path0_state(struct test_lun *f, const char *state)
{
	char buf[512], want[64];

	KUNIT_EXPECT_EQ(current->kunit_test,
			test_dm_message_result(&f->map, "path_stats", buf,
					       sizeof(buf)), 1);
	snprintf(want, sizeof(want), "%s group=1 state=%s ", f->path[0].devt,
		 state);
	return strstr(buf, want);
}

/* Poll for up to 5 s. */
static bool wait_path0_state(struct test_lun *f, const char *state)
{
	unsigned int i;

	for (i = 0; i < 50; i++) {
		if (path0_state(f, state))
			return true;
		msleep(100);
	}
	return false;
}

static void mpath2_holddown_holds_flapping_path(struct kunit *test)
{
	struct test_lun *f = test->priv;
	char got[128], want[128];
	unsigned long before;
	bool held;

	test_lun_map(test, f, HOLD_MAP);
	test_lun_expect_status(test, f, STATUSTYPE_TABLE,
			       "6 queue_mode bio hold_down 2 60 1 0 1 1 round-robin 0 2 1 %s 1 %s 1 ");
	/* One failure: reinstated at once. */
	flap(test, f, 0);
	KUNIT_EXPECT_TRUE(test, path0_state(f, "active"));
	/*
	 * The second within the window: held, shown failed in status, and
	 * I/O avoids it meanwhile. The hold is 1 s: judged only if all of
	 * this ran within it (a stalled host may see the hold already over).
	 */
	before = jiffies;
	flap(test, f, 0);
	held = path0_state(f, "held");
	test_dm_status(&f->map, STATUSTYPE_INFO, got, sizeof(got));
	test_lun_write(test, f, 51);
	if (time_before(jiffies, before + HZ)) {
		KUNIT_EXPECT_TRUE(test, held);
		snprintf(want, sizeof(want), "2 1 0 0 1 1 E 0 2 0 %s F 2 %s A 0 ",
			 f->path[0].devt, f->path[1].devt);
		KUNIT_EXPECT_STREQ(test, got, want);
		KUNIT_EXPECT_EQ(test, test_path_bios(0), 0U);
	} else {
		kunit_info(test, "host stalled past the 1 s hold: not judged");
	}
	/* After the hold time it is back and takes its share. */
	KUNIT_EXPECT_TRUE(test, wait_path0_state(f, "active"));
	test_lun_write(test, f, 52);
	KUNIT_EXPECT_GT(test, test_path_bios(0), 0U);
	/* Having stayed up, its failure history is forgotten. */
	flap(test, f, 0);
	KUNIT_EXPECT_TRUE(test, path0_state(f, "active"));
}

static void mpath2_holddown_failure_cancels_hold(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, HOLD_MAP);
	flap(test, f, 0);
	flap(test, f, 0);
	KUNIT_ASSERT_TRUE(test, path0_state(f, "held"));
	/* The checker sees it fail again: no longer waiting to return. */
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", 0), 0);
	KUNIT_EXPECT_TRUE(test, path0_state(f, "failed"));
	msleep(1500);
	KUNIT_EXPECT_TRUE(test, path0_state(f, "failed"));
}

/* Without hold_down, a path comes back however often it fails. */
static void mpath2_holddown_off_by_default(struct kunit *test)
{
	struct test_lun *f = test->priv;
	unsigned int i;

	test_lun_rr_map(test, f);
	for (i = 0; i < 5; i++)
		flap(test, f, 0);
	KUNIT_EXPECT_TRUE(test, path0_state(f, "active"));
}

/* path_stats counts I/O and errors per path. */
static void mpath2_holddown_path_stats_counts(struct kunit *test)
{
	struct test_lun *f = test->priv;
	char buf[512], want[128];
	const char *line;

	test_lun_rr_map(test, f);
	test_lun_write(test, f, 53);
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_IOERR);
	test_lun_write(test, f, 54);
	KUNIT_ASSERT_EQ(test, test_dm_message_result(&f->map, "path_stats",
						     buf, sizeof(buf)), 1);
	snprintf(want, sizeof(want),
		 "%s group=1 state=failed fail_count=1 errors=1 ios=%u in_flight=0 latency_us=",
		 f->path[0].devt, test_path_bios(0));
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(buf, want), "%s", buf);
	snprintf(want, sizeof(want),
		 "%s group=1 state=active fail_count=0 errors=0 ios=%u in_flight=0 latency_us=",
		 f->path[1].devt, test_path_bios(1));
	line = strstr(buf, want);
	KUNIT_ASSERT_NOT_NULL_MSG(test, line, "%s", buf);
	/* Path 1 took 64+ bios: some were timed, so it has a latency. */
	KUNIT_EXPECT_NE_MSG(test, strncmp(line + strlen(want), "0.000", 5), 0,
			    "%s", buf);
	/* Without a buffer to answer in, the message is refused. */
	KUNIT_EXPECT_EQ(test, test_dm_message(&f->map, "path_stats"), -EINVAL);
}

static struct kunit_case mpath2_holddown_cases[] = {
	KUNIT_CASE(mpath2_holddown_holds_flapping_path),
	KUNIT_CASE(mpath2_holddown_failure_cancels_hold),
	KUNIT_CASE(mpath2_holddown_off_by_default),
	KUNIT_CASE(mpath2_holddown_path_stats_counts),
	{}
};

static struct kunit_suite mpath2_holddown_suite = {
	.name = "mpath2_holddown",
	.init = test_lun_init,
	.exit = test_lun_exit,
	.suite_init = test_lun_suite_init,
	.suite_exit = test_lun_suite_exit,
	.test_cases = mpath2_holddown_cases,
};

kunit_test_suite(mpath2_holddown_suite);
