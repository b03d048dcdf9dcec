// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2_st: the service-time selector. Its choices on paths that exist
 * only as structures, loaded by calling start_io without end_io: the path
 * with the least (bytes in flight + incoming) / relative_throughput wins,
 * throughput weights the split, 0 means "only when nothing else", huge
 * loads do not overflow, failed paths are never chosen, large (sampled)
 * groups stay even. Its argument errors through the table constructor,
 * its status words, and (mpath2_st_io) real I/O with one slow path.
 */
#include "mpath2.h"
#include "mpath2_test.h"

#define ST_MAX_PATHS	16
#define BS		4096U

struct st_fixture {
	struct mpath2_selector ps;
	struct mpath2_path paths[ST_MAX_PATHS];
	unsigned int nr;
};

/* @nr paths; @tp[i] their relative_throughput (NULL: no per-path args). */
static struct st_fixture *st_setup(struct kunit *test,
				   unsigned int nr, const unsigned int *tp)
{
	struct st_fixture *f;
	char *error = NULL, rc[4] = "1", buf[12], *argv[2] = { rc, buf };
	unsigned int i;
	int r;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	f->nr = nr;
	f->ps.type = &mpath2_service_time_selector;
	KUNIT_ASSERT_EQ(test, f->ps.type->create(&f->ps, 0, NULL, &error), 0);
	for (i = 0; i < nr; i++) {
		f->paths[i].index = i;
		f->paths[i].active = true;
		snprintf(buf, sizeof(buf), "%u", tp ? tp[i] : 1);
		r = f->ps.type->add_path(&f->ps, &f->paths[i], tp ? 2 : 0,
					 argv, &error);
		KUNIT_ASSERT_EQ_MSG(test, r, 0, "add_path: %s", error);
	}
	return f;
}

static void st_teardown(struct st_fixture *f)
{
	f->ps.type->destroy(&f->ps);
}

static void st_load(struct st_fixture *f, unsigned int path, size_t bytes)
{
	f->ps.type->start_io(&f->ps, &f->paths[path], bytes);
}

static struct mpath2_path *st_select(struct st_fixture *f, size_t bytes)
{
	return f->ps.type->select_path(&f->ps, bytes);
}

/* Select and start a BS bio; with @complete, end it at once. */
static unsigned int st_pick(struct kunit *test, struct st_fixture *f,
			    bool complete)
{
	struct mpath2_path *p = st_select(f, BS);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_TRUE(test, p >= f->paths && p < f->paths + f->nr);
	f->ps.type->start_io(&f->ps, p, BS);
	if (complete)
		f->ps.type->end_io(&f->ps, p, BS, 0);
	return p - f->paths;
}

/* A path's bytes in flight, as its INFO status says it. */
static long st_in_flight(struct st_fixture *f, unsigned int path)
{
	unsigned int tp;
	char buf[32];
	long bytes;

	f->ps.type->status(&f->ps, &f->paths[path], STATUSTYPE_INFO, buf,
			   sizeof(buf));
	if (sscanf(buf, "%ld %u ", &bytes, &tp) != 2)
		return -1;
	return bytes;
}

static void mpath2_st_least_loaded_wins(struct kunit *test)
{
	struct st_fixture *f;

	f = st_setup(test, 3, NULL);
	st_load(f, 0, 2 * BS);
	st_load(f, 1, BS);
	st_load(f, 2, 3 * BS);
	KUNIT_EXPECT_PTR_EQ(test, st_select(f, BS), &f->paths[1]);
	f->ps.type->end_io(&f->ps, &f->paths[0], 2 * BS, 0);
	KUNIT_EXPECT_PTR_EQ(test, st_select(f, BS), &f->paths[0]);
	st_teardown(f);
}

/* Bytes left in flight end up in proportion to relative_throughput. */
static void mpath2_st_throughput_weights_split(struct kunit *test)
{
	static const unsigned int tp[] = { 1, 3, 20, 80 };
	unsigned int counts[4] = {}, i;
	struct st_fixture *f;

	f = st_setup(test, 2, tp);
	for (i = 0; i < 4000; i++)
		counts[st_pick(test, f, false)]++;
	KUNIT_EXPECT_GE(test, counts[0], 998U);
	KUNIT_EXPECT_LE(test, counts[0], 1002U);
	KUNIT_EXPECT_EQ(test, st_in_flight(f, 0) + st_in_flight(f, 1),
			4000L * BS);
	st_teardown(f);

	f = st_setup(test, 4, tp);
	f->paths[0].active = false;
	f->paths[1].active = false;
	memset(counts, 0, sizeof(counts));
	for (i = 0; i < 5000; i++)
		counts[st_pick(test, f, false)]++;
	KUNIT_EXPECT_GE(test, counts[2], 998U);
	KUNIT_EXPECT_LE(test, counts[2], 1002U);
	KUNIT_EXPECT_EQ(test, counts[0] + counts[1], 0U);
	st_teardown(f);
}

/* The incoming bio's size counts: (in flight + incoming) / throughput. */
static void mpath2_st_incoming_size_counts(struct kunit *test)
{
	static const unsigned int tp[] = { 1, 4 };
	struct st_fixture *f;

	f = st_setup(test, 2, tp);
	st_load(f, 1, BS);
	/* 4096 / 1 against 8192 / 4: path 1. */
	KUNIT_EXPECT_PTR_EQ(test, st_select(f, BS), &f->paths[1]);
	/* 512 / 1 against 4608 / 4: path 0. */
	KUNIT_EXPECT_PTR_EQ(test, st_select(f, 512), &f->paths[0]);
	st_teardown(f);
}

/* relative_throughput 0: used only while no other path is usable. */
static void mpath2_st_zero_throughput(struct kunit *test)
{
	static const unsigned int tp[] = { 0, 1, 0 };
	struct st_fixture *f;
	unsigned int i;

	f = st_setup(test, 3, tp);
	st_load(f, 1, 1 << 30);
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, st_pick(test, f, false), 1U);
	f->paths[1].active = false;
	/* Only throughput 0 is left: the less loaded of those. */
	st_load(f, 0, BS);
	KUNIT_EXPECT_PTR_EQ(test, st_select(f, BS), &f->paths[2]);
	st_teardown(f);
}

/* Loads near 2^62 bytes must not overflow the cross-multiplication. */
static void mpath2_st_huge_loads(struct kunit *test)
{
	static const unsigned int tp[] = { 100, 1 };
	struct st_fixture *f;

	f = st_setup(test, 2, tp);
	/* 2^62 / 100 is less than 2^59 / 1. */
	st_load(f, 0, 1ULL << 62);
	st_load(f, 1, 1ULL << 59);
	KUNIT_EXPECT_PTR_EQ(test, st_select(f, BS), &f->paths[0]);
	/* 2^62 / 100 is more than 2^55 / 1. */
	f->ps.type->end_io(&f->ps, &f->paths[1], (1ULL << 59) - (1ULL << 55), 0);
	KUNIT_EXPECT_PTR_EQ(test, st_select(f, BS), &f->paths[1]);
	st_teardown(f);
}

static void mpath2_st_failed_path_never_chosen(struct kunit *test)
{
	struct st_fixture *f;
	unsigned int i;

	f = st_setup(test, 3, NULL);
	st_load(f, 0, 100 * BS);
	st_load(f, 2, 100 * BS);
	f->paths[1].active = false;
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_NE(test, st_pick(test, f, false), 1U);
	f->paths[0].active = false;
	f->paths[2].active = false;
	KUNIT_EXPECT_NULL(test, st_select(f, BS));
	f->paths[1].active = true;
	KUNIT_EXPECT_PTR_EQ(test, st_select(f, BS), &f->paths[1]);
	st_teardown(f);
}

/* Above 8 paths the choice is sampled: its distribution. */
static void mpath2_st_large_group_distribution(struct kunit *test)
{
	unsigned int counts[ST_MAX_PATHS] = {}, i, n = ST_MAX_PATHS;
	struct st_fixture *f;
	long bytes;

	f = st_setup(test, n, NULL);
	for (i = 0; i < 1000 * n; i++)
		counts[st_pick(test, f, true)]++;
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_GE(test, counts[i], 750U);
		KUNIT_EXPECT_LE(test, counts[i], 1250U);
	}
	for (i = 0; i < 100 * n; i++)
		st_pick(test, f, false);
	for (i = 0; i < n; i++) {
		bytes = st_in_flight(f, i);
		KUNIT_EXPECT_LE_MSG(test, bytes, 104L * BS, "path %u", i);
		KUNIT_EXPECT_GE_MSG(test, bytes, 50L * BS, "path %u", i);
	}
	st_load(f, 7, 50 * BS);
	for (i = 0; i < 1000; i++)
		KUNIT_EXPECT_NE(test, st_pick(test, f, true), 7U);
	for (i = 0; i < n; i++)
		f->paths[i].active = i == 3;
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, st_pick(test, f, true), 3U);
	st_teardown(f);
}

static void mpath2_st_status_words(struct kunit *test)
{
	const struct mpath2_selector_type *t = &mpath2_service_time_selector;
	static const unsigned int tp[] = { 0, 100 };
	struct st_fixture *f;
	char buf[32];

	KUNIT_EXPECT_EQ(test, t->table_args, 2U);
	KUNIT_EXPECT_EQ(test, t->info_args, 2U);
	f = st_setup(test, 2, tp);
	st_load(f, 1, 3 * BS);
	t->status(&f->ps, NULL, STATUSTYPE_TABLE, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "0 ");
	t->status(&f->ps, &f->paths[0], STATUSTYPE_TABLE, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "1 0 ");
	t->status(&f->ps, &f->paths[1], STATUSTYPE_INFO, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "12288 100 ");
	st_teardown(f);
}

static const struct test_table_case st_table_cases[] = {
	{ "0 0 1 1 service-time 0 2 2 1:0 1 0 1:1 1 100", NULL },
	{ "0 0 1 1 service-time 0 2 1 1:0 1 1:1 1000", NULL },
	{ "0 0 1 1 service-time 0 2 0 1:0 1:1", NULL },
	{ "0 0 1 1 service-time 2 1 2 1 0 1:0",
	  "service-time ps: takes no selector arguments" },
	{ "0 0 1 1 service-time 0 1 3 1:0 1 1 1",
	  "service-time ps: incorrect number of arguments" },
	{ "0 0 1 1 service-time 0 1 2 1:0 x 1",
	  "service-time ps: invalid repeat count" },
	{ "0 0 1 1 service-time 0 1 2 1:0 1 101",
	  "service-time ps: invalid relative_throughput value" },
	{ "0 0 1 1 service-time 0 1 2 1:0 1 -1",
	  "service-time ps: invalid relative_throughput value" },
	{ "0 0 1 1 service-time 0 1 2 1:0 1 5x",
	  "service-time ps: invalid relative_throughput value" },
};

KUNIT_ARRAY_PARAM(st_table, st_table_cases, test_table_case_desc);

static void mpath2_st_table_line(struct kunit *test)
{
	test_table_case_check(test, test->param_value, true);
}

static struct kunit_case mpath2_st_cases[] = {
	KUNIT_CASE(mpath2_st_least_loaded_wins),
	KUNIT_CASE(mpath2_st_throughput_weights_split),
	KUNIT_CASE(mpath2_st_incoming_size_counts),
	KUNIT_CASE(mpath2_st_zero_throughput),
	KUNIT_CASE(mpath2_st_huge_loads),
	KUNIT_CASE(mpath2_st_failed_path_never_chosen),
	KUNIT_CASE(mpath2_st_large_group_distribution),
	KUNIT_CASE(mpath2_st_status_words),
	KUNIT_CASE_PARAM(mpath2_st_table_line, st_table_gen_params),
	{}
};

static struct kunit_suite mpath2_st_suite = {
	.name = "mpath2_st",
	.test_cases = mpath2_st_cases,
};

/* Real I/O: status strings of a live map, and a slow path. */

#define ST_MAP	"0 0 1 1 service-time 0 2 2 %s 1 1 %s 3 1"

static void mpath2_st_io_status_and_table(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, ST_MAP);
	test_lun_expect_status(test, f, STATUSTYPE_TABLE,
			       "2 queue_mode bio 0 1 1 service-time 0 2 2 %s 1 1 %s 1 1 ");
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 1 0 0 1 1 E 0 2 2 %s A 0 0 1 %s A 0 0 1 ");
	test_lun_write(test, f, 41);
	test_lun_expect_blocks(test, f, 41);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 1 1 A 0 2 2 %s A 0 0 1 %s A 0 0 1 ");
}

static void mpath2_st_io_slow_path_gets_less(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, ST_MAP);
	test_lun_expect_slow_path_avoided(test, f);
}

static struct kunit_case mpath2_st_io_cases[] = {
	KUNIT_CASE(mpath2_st_io_status_and_table),
	KUNIT_CASE(mpath2_st_io_slow_path_gets_less),
	{}
};

static struct kunit_suite mpath2_st_io_suite = {
	.name = "mpath2_st_io",
	.init = test_lun_init,
	.exit = test_lun_exit,
	.suite_init = test_lun_suite_init,
	.suite_exit = test_lun_suite_exit,
	.test_cases = mpath2_st_io_cases,
};

kunit_test_suites(&mpath2_st_suite, &mpath2_st_io_suite);
