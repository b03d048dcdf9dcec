// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2_failback: going back to the better group when its path returns,
 * per the failback feature: immediate, followover, a delay, or manual.
 * Unless a test says otherwise, group 1 is {path 0}, group 2 is {path 1}.
 */
#include <linux/delay.h>

#include "mpath2_test.h"

#define TWO_GROUPS(features) \
	features " 0 2 1 round-robin 0 1 0 %s round-robin 0 1 0 %s"
#define FOLLOWOVER_MAP \
	"2 failback followover 0 2 1 round-robin 0 2 0 %s %s round-robin 0 1 0 %s"
/* How the table shows the groups of TWO_GROUPS. */
#define TABLE_TAIL "0 2 1 round-robin 0 1 1 %s 1 round-robin 0 1 1 %s 1 "

/* Write one block and say which path took it. */
static int which_path(struct kunit *test, struct test_lun *f)
{
	unsigned int before[TEST_LUN_PATHS], i;

	for (i = 0; i < TEST_LUN_PATHS; i++)
		before[i] = test_path_bios(i);
	test_fill(f->page, 41);
	KUNIT_EXPECT_EQ(test, test_dm_rw(&f->map, REQ_OP_WRITE, 0, f->page), 0);
	for (i = 0; i < TEST_LUN_PATHS; i++)
		if (test_path_bios(i) != before[i])
			return i;
	return -1;
}

/* Path 0 dies under I/O: group 2 takes over. Then path 0 is repaired. */
static void fail_over_to_group2(struct kunit *test, struct test_lun *f)
{
	KUNIT_ASSERT_EQ(test, which_path(test, f), 0);
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_IOERR);
	KUNIT_ASSERT_EQ(test, test_dm_rw(&f->map, REQ_OP_WRITE, 0, f->page), 0);
	KUNIT_ASSERT_EQ(test, which_path(test, f), 1);
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_OK);
}

static void mpath2_failback_manual_stays(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, TWO_GROUPS("2 failback manual"));
	/* manual is the default and not echoed. */
	test_lun_expect_status(test, f, STATUSTYPE_TABLE,
			       "2 queue_mode bio " TABLE_TAIL);
	fail_over_to_group2(test, f);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 0), 0);
	KUNIT_EXPECT_EQ(test, which_path(test, f), 1);
}

static void mpath2_failback_immediate(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, TWO_GROUPS("2 failback immediate"));
	test_lun_expect_status(test, f, STATUSTYPE_TABLE,
			       "4 queue_mode bio failback immediate " TABLE_TAIL);
	fail_over_to_group2(test, f);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 0), 0);
	KUNIT_EXPECT_EQ(test, which_path(test, f), 0);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 2 1 A 0 1 0 %s A 1 E 0 1 0 %s A 0 ");
}

/* A disabled better group is not failed back to. */
static void mpath2_failback_immediate_not_to_disabled(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, TWO_GROUPS("2 failback immediate"));
	fail_over_to_group2(test, f);
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, "disable_group 1"), 0);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 0), 0);
	KUNIT_EXPECT_EQ(test, which_path(test, f), 1);
}

/*
 * followover: back only when the returning path is the first usable one
 * of its group. Group 1 is {0, 1} here, group 2 is {2}.
 */
static void mpath2_failback_followover(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, FOLLOWOVER_MAP);
	/* Both paths of group 1 down: group 2 takes over. */
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", 0), 0);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", 1), 0);
	KUNIT_ASSERT_EQ(test, which_path(test, f), 2);
	/* Path 1 back: group 1 goes from none to one usable path: back. */
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 1), 0);
	KUNIT_EXPECT_EQ(test, which_path(test, f), 1);

	/* Move to group 2 by hand while group 1 still has path 1... */
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, "switch_group 2"), 0);
	KUNIT_ASSERT_EQ(test, which_path(test, f), 2);
	/* ...path 0 returning is not group 1's first: stay. */
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 0), 0);
	KUNIT_EXPECT_EQ(test, which_path(test, f), 2);
}

static void mpath2_failback_deferred(struct kunit *test)
{
	struct test_lun *f = test->priv;
	unsigned long before;
	unsigned int i;
	int path = -1;

	test_lun_map(test, f, TWO_GROUPS("2 failback 1"));
	test_lun_expect_status(test, f, STATUSTYPE_TABLE,
			       "4 queue_mode bio failback 1 " TABLE_TAIL);
	fail_over_to_group2(test, f);
	before = jiffies;
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 0), 0);
	/* Not at once (judged only if the write came within the 1 s delay)... */
	path = which_path(test, f);
	if (time_before(jiffies, before + HZ))
		KUNIT_EXPECT_EQ(test, path, 1);
	else
		kunit_info(test, "host stalled past the 1 s delay: not judged");
	path = -1;
	/* ...but within a few seconds (the delay is 1 s). */
	for (i = 0; i < 50 && path != 0; i++) {
		msleep(100);
		path = which_path(test, f);
	}
	KUNIT_EXPECT_EQ(test, path, 0);
}

/*
 * failback <secs>: a group that fails and returns before the delay is over
 * proves itself for the full delay again, from its last return.
 */
static void mpath2_failback_delay_restarts(struct kunit *test)
{
	struct test_lun *f = test->priv;
	unsigned long back;
	unsigned int i;

	test_lun_map(test, f, TWO_GROUPS("2 failback 3"));
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", 0), 0);
	KUNIT_ASSERT_EQ(test, test_dm_rw(&f->map, REQ_OP_WRITE, 0, f->page), 0);
	KUNIT_ASSERT_EQ(test, test_path_bios(1), 1U);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 0), 0);
	msleep(1000);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", 0), 0);
	back = jiffies;
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 0), 0);
	/* Write every 100 ms until group 1 takes I/O again (at most 30 s). */
	for (i = 0; i < 300 && !test_path_bios(0); i++) {
		msleep(100);
		KUNIT_ASSERT_EQ(test, test_dm_rw(&f->map, REQ_OP_WRITE, 0, f->page), 0);
	}
	KUNIT_ASSERT_EQ(test, test_path_bios(0), 1U);
	/* Not before the full delay after the last return (only later). */
	KUNIT_EXPECT_GE_MSG(test, jiffies - back, 3UL * HZ,
			    "failed back %u ms after the group's return",
			    jiffies_to_msecs(jiffies - back));
}

static struct kunit_case mpath2_failback_cases[] = {
	KUNIT_CASE(mpath2_failback_manual_stays),
	KUNIT_CASE(mpath2_failback_immediate),
	KUNIT_CASE(mpath2_failback_immediate_not_to_disabled),
	KUNIT_CASE(mpath2_failback_followover),
	KUNIT_CASE(mpath2_failback_deferred),
	KUNIT_CASE(mpath2_failback_delay_restarts),
	{}
};

static struct kunit_suite mpath2_failback_suite = {
	.name = "mpath2_failback",
	.init = test_lun_init,
	.exit = test_lun_exit,
	.suite_init = test_lun_suite_init,
	.suite_exit = test_lun_suite_exit,
	.test_cases = mpath2_failback_cases,
};

kunit_test_suite(mpath2_failback_suite);
