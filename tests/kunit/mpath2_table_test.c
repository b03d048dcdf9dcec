// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2_table: the constructor accepts dm-multipath's table lines and
 * refuses every malformed one with its own precise error.
 * Paths are brd RAM disks 1:0 and 1:1.
 */
#include "mpath2_test.h"

static const struct test_table_case table_cases[] = {
	/* Accepted lines. */
	{ "0 0 1 1 round-robin 0 2 1 1:0 1 1:1 1", NULL },
	{ "0 0 1 1 round-robin 0 2 0 1:0 1:1", NULL },
	{ "2 queue_mode bio 0 1 1 round-robin 0 1 1 1:0 1000", NULL },
	{ "2 QUEUE_MODE BIO 0 1 1 round-robin 0 1 0 1:0", NULL },
	{ "0 0 2 2 round-robin 0 1 0 1:0 round-robin 0 1 0 1:1", NULL },
	{ "0 0 1 1 round-robin 0 1 0 /dev/ram0", NULL },
	{ "0 0 0 0", NULL },

	/* Features. */
	{ "", "invalid number of feature args" },
	{ "x 0 1 1 round-robin 0 1 0 1:0", "invalid number of feature args" },
	{ "17 0 1 1 round-robin 0 1 0 1:0", "invalid number of feature args" },
	{ "-1 0 1 1 round-robin 0 1 0 1:0", "invalid number of feature args" },
	{ "5 queue_mode bio", "invalid number of feature args" },
	{ "1 nosuch 0 1 1 round-robin 0 1 0 1:0",
	  "Unrecognised multipath feature request" },
	{ "1 queue_mode 0 1 1 round-robin 0 1 0 1:0",
	  "Unrecognised multipath feature request" },
	{ "2 queue_mode rq 0 1 1 round-robin 0 1 0 1:0",
	  "queue_mode rq/mq not supported: mpath2 is bio-based" },
	{ "2 queue_mode mq 0 1 1 round-robin 0 1 0 1:0",
	  "queue_mode rq/mq not supported: mpath2 is bio-based" },
	{ "2 queue_mode nvme 0 1 1 round-robin 0 1 0 1:0",
	  "Unknown 'queue_mode' requested" },
	{ "1 queue_if_no_path 0 1 1 round-robin 0 1 0 1:0", NULL },
	{ "5 queue_if_no_path no_path_timeout 86400 queue_mode bio 0 1 1 round-robin 0 1 0 1:0",
	  NULL },
	{ "2 no_path_timeout 0 0 1 1 round-robin 0 1 0 1:0",
	  "no_path_timeout must be between 1 and 86400 seconds" },
	{ "2 no_path_timeout 86401 0 1 1 round-robin 0 1 0 1:0",
	  "no_path_timeout must be between 1 and 86400 seconds" },
	{ "2 no_path_timeout x 0 1 1 round-robin 0 1 0 1:0",
	  "no_path_timeout must be between 1 and 86400 seconds" },
	{ "1 no_path_timeout 0 1 1 round-robin 0 1 0 1:0",
	  "Unrecognised multipath feature request" },
	{ "2 pg_init_retries 3 0 1 1 round-robin 0 1 0 1:0", NULL },
	{ "1 retain_attached_hw_handler 0 1 1 round-robin 0 1 0 1:0", NULL },
	{ "2 failback immediate 0 1 1 round-robin 0 1 0 1:0", NULL },
	{ "2 FAILBACK followover 0 1 1 round-robin 0 1 0 1:0", NULL },
	{ "2 failback 3600 0 1 1 round-robin 0 1 0 1:0", NULL },
	{ "4 hold_down 16 3600 3600 0 1 1 round-robin 0 1 0 1:0", NULL },
	{ "2 failback 0 0 1 1 round-robin 0 1 0 1:0",
	  "failback must be immediate, manual, followover or 1..3600 seconds" },
	{ "2 failback 3601 0 1 1 round-robin 0 1 0 1:0",
	  "failback must be immediate, manual, followover or 1..3600 seconds" },
	{ "2 failback soon 0 1 1 round-robin 0 1 0 1:0",
	  "failback must be immediate, manual, followover or 1..3600 seconds" },
	{ "1 failback 0 1 1 round-robin 0 1 0 1:0",
	  "Unrecognised multipath feature request" },
	{ "4 hold_down 0 10 10 0 1 1 round-robin 0 1 0 1:0",
	  "hold_down failures must be between 1 and 16" },
	{ "4 hold_down 17 10 10 0 1 1 round-robin 0 1 0 1:0",
	  "hold_down failures must be between 1 and 16" },
	{ "4 hold_down 2 0 10 0 1 1 round-robin 0 1 0 1:0",
	  "hold_down window must be between 1 and 3600 seconds" },
	{ "4 hold_down 2 10 3601 0 1 1 round-robin 0 1 0 1:0",
	  "hold_down time must be between 1 and 3600 seconds" },
	{ "3 hold_down 2 10 0 1 1 round-robin 0 1 0 1:0",
	  "Unrecognised multipath feature request" },

	/* Hardware handler. */
	{ "0", "invalid number of hardware handler args" },
	{ "0 1025 1 1 round-robin 0 1 0 1:0",
	  "invalid number of hardware handler args" },
	{ "0 4 alua 1 1", "invalid number of hardware handler args" },
	{ "0 1 emc 1 1 round-robin 0 1 0 1:0", "unknown hardware handler" },

	/* Groups. */
	{ "0 0", "invalid number of priority groups" },
	{ "0 0 1025 1", "invalid number of priority groups" },
	{ "0 0 1", "invalid initial priority group number" },
	{ "0 0 0 1", "invalid initial priority group" },
	{ "0 0 1 0 round-robin 0 1 0 1:0", "invalid initial priority group" },
	{ "0 0 1 2 round-robin 0 1 0 1:0", "invalid initial priority group" },
	{ "0 0 2 1 round-robin 0 1 0 1:0", "priority group count mismatch" },
	{ "0 0 1 1 round-robin 0 1 0 1:0 round-robin 0 1 0 1:1",
	  "priority group count mismatch" },
	{ "0 0 1 1 round-robin", "not enough priority group arguments" },

	/* Selectors. */
	{ "0 0 1 1 nosuch 0 1 0 1:0", "unknown path selector type" },
	{ "0 0 1 1 round-robin 5 1 0 1:0", "invalid number of selector args" },
	{ "0 0 1 1 round-robin 1 x 1 0 1:0",
	  "round-robin ps: takes no selector arguments" },

	/* Paths. */
	{ "0 0 1 1 round-robin 0 0 0", "invalid number of paths" },
	{ "0 0 1 1 round-robin 0 1025 0 1:0", "invalid number of paths" },
	{ "0 0 1 1 round-robin 0 1 1025 1:0",
	  "invalid number of selector args" },
	{ "0 0 1 1 round-robin 0 2 0 1:0", "not enough path parameters" },
	{ "0 0 1 1 round-robin 0 1 1 1:0", "not enough path parameters" },
	{ "0 0 1 1 round-robin 0 1 2 1:0 1 1",
	  "round-robin ps: incorrect number of arguments" },
	{ "0 0 1 1 round-robin 0 1 1 1:0 0", "round-robin ps: invalid repeat count" },
	{ "0 0 1 1 round-robin 0 1 1 1:0 x", "round-robin ps: invalid repeat count" },
	{ "0 0 1 1 round-robin 0 1 1 1:0 -1",
	  "round-robin ps: invalid repeat count" },
	{ "0 0 1 1 round-robin 0 2 0 1:0 1:0", "path device listed more than once" },
	{ "0 0 2 1 round-robin 0 1 0 1:0 round-robin 0 1 0 /dev/ram0",
	  "path device listed more than once" },
	{ "0 0 1 1 round-robin 0 1 0 250:250", "error getting device" },
	{ "0 0 1 1 round-robin 0 1 0 /dev/nosuch", "error getting device" },
};

KUNIT_ARRAY_PARAM(table, table_cases, test_table_case_desc);

static void mpath2_table_line(struct kunit *test)
{
	test_table_case_check(test, test->param_value, false);
}

/* A refused line must not keep its devices open: they can be reused. */
static void mpath2_table_refusal_releases_devices(struct kunit *test)
{
	static const char bad[] = "0 0 1 1 round-robin 0 2 1 1:0 1 1:1 0";
	static const char good[] = "0 0 1 1 round-robin 0 2 1 1:0 1 1:1 1";
	const char *error;
	unsigned int i;

	for (i = 0; i < 50; i++)
		KUNIT_ASSERT_NE(test, test_dm_try_table("mpath2", bad, &error), 0);
	KUNIT_EXPECT_EQ(test, test_dm_try_table("mpath2", good, &error), 0);
}

static struct kunit_case mpath2_table_cases[] = {
	KUNIT_CASE_PARAM(mpath2_table_line, table_gen_params),
	KUNIT_CASE(mpath2_table_refusal_releases_devices),
	{}
};

static struct kunit_suite mpath2_table_suite = {
	.name = "mpath2_table",
	.test_cases = mpath2_table_cases,
};

kunit_test_suite(mpath2_table_suite);
