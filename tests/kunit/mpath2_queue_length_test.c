// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2_ql: the queue-length selector. Its choices on paths that exist
 * only as structures, loaded by calling start_io without end_io: the least
 * loaded path wins, ties take turns, failed paths are never chosen, and
 * large (sampled) groups keep an even load. Its argument errors through
 * the table constructor, its status words, and (mpath2_ql_io) real I/O on
 * the test LUN with one slow path.
 */
#include "mpath2.h"
#include "mpath2_test.h"

#define QL_MAX_PATHS	16

struct ql_fixture {
	struct mpath2_selector ps;
	struct mpath2_path paths[QL_MAX_PATHS];
	unsigned int nr;
};

/* @nr paths, each with the per-path argument @arg (NULL: none). */
static struct ql_fixture *ql_setup(struct kunit *test,
				   unsigned int nr, const char *arg)
{
	struct ql_fixture *f;
	char *error = NULL, buf[16], *argv[1] = { buf };
	unsigned int i;
	int r;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	f->nr = nr;
	f->ps.type = &mpath2_queue_length_selector;
	KUNIT_ASSERT_EQ(test, f->ps.type->create(&f->ps, 0, NULL, &error), 0);
	for (i = 0; i < nr; i++) {
		f->paths[i].index = i;
		f->paths[i].active = true;
		strscpy(buf, arg ?: "", sizeof(buf));
		r = f->ps.type->add_path(&f->ps, &f->paths[i], arg ? 1 : 0,
					 argv, &error);
		KUNIT_ASSERT_EQ_MSG(test, r, 0, "add_path: %s", error);
	}
	return f;
}

static void ql_teardown(struct ql_fixture *f)
{
	f->ps.type->destroy(&f->ps);
}

static void ql_load(struct ql_fixture *f, unsigned int path, unsigned int n)
{
	while (n--)
		f->ps.type->start_io(&f->ps, &f->paths[path], 4096);
}

/* Select and start a bio; with @complete, end it at once. */
static unsigned int ql_pick(struct kunit *test, struct ql_fixture *f,
			    bool complete)
{
	struct mpath2_path *p = f->ps.type->select_path(&f->ps, 4096);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_TRUE(test, p >= f->paths && p < f->paths + f->nr);
	f->ps.type->start_io(&f->ps, p, 4096);
	if (complete)
		f->ps.type->end_io(&f->ps, p, 4096, 0);
	return p - f->paths;
}

/* A path's in-flight count, as its INFO status word says it. */
static int ql_qlen(struct ql_fixture *f, unsigned int path)
{
	char buf[16];
	int qlen = -1;

	f->ps.type->status(&f->ps, &f->paths[path], STATUSTYPE_INFO, buf,
			   sizeof(buf));
	if (sscanf(buf, "%d ", &qlen) != 1)
		return -1;
	return qlen;
}

static void mpath2_ql_least_loaded_wins(struct kunit *test)
{
	static const unsigned int load[] = { 3, 1, 2, 5 };
	struct ql_fixture *f;
	unsigned int i;

	f = ql_setup(test, 4, NULL);
	for (i = 0; i < 4; i++)
		ql_load(f, i, load[i]);
	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_PTR_EQ(test, f->ps.type->select_path(&f->ps, 4096),
				    &f->paths[1]);
	/* Path 1 completes a bio, path 2 too: path 1 (0) beats path 2 (1). */
	f->ps.type->end_io(&f->ps, &f->paths[1], 4096, 0);
	f->ps.type->end_io(&f->ps, &f->paths[2], 4096, 0);
	KUNIT_EXPECT_PTR_EQ(test, f->ps.type->select_path(&f->ps, 4096),
			    &f->paths[1]);
	ql_load(f, 1, 2);
	KUNIT_EXPECT_PTR_EQ(test, f->ps.type->select_path(&f->ps, 4096),
			    &f->paths[2]);
	ql_teardown(f);
}

/* Bios that stay in flight spread evenly; completions draw new ones. */
static void mpath2_ql_balances_in_flight(struct kunit *test)
{
	struct ql_fixture *f;
	unsigned int i;

	f = ql_setup(test, 4, "1");
	for (i = 0; i < 400; i++)
		ql_pick(test, f, false);
	for (i = 0; i < 4; i++)
		KUNIT_EXPECT_EQ(test, ql_qlen(f, i), 100);
	for (i = 0; i < 50; i++)
		f->ps.type->end_io(&f->ps, &f->paths[3], 4096, 0);
	for (i = 0; i < 50; i++)
		KUNIT_EXPECT_EQ(test, ql_pick(test, f, false), 3U);
	KUNIT_EXPECT_EQ(test, ql_qlen(f, 3), 100);
	ql_teardown(f);
}

/* Idle paths take turns, as dm's move-to-tail makes them. */
static void mpath2_ql_ties_take_turns(struct kunit *test)
{
	unsigned int counts[4] = {}, i;
	struct ql_fixture *f;

	f = ql_setup(test, 4, NULL);
	for (i = 0; i < 400; i++)
		counts[ql_pick(test, f, true)]++;
	for (i = 0; i < 4; i++) {
		KUNIT_EXPECT_GE(test, counts[i], 98U);
		KUNIT_EXPECT_LE(test, counts[i], 102U);
	}
	ql_teardown(f);
}

static void mpath2_ql_failed_path_never_chosen(struct kunit *test)
{
	struct ql_fixture *f;
	unsigned int i;

	f = ql_setup(test, 4, NULL);
	ql_load(f, 0, 10);
	ql_load(f, 1, 10);
	ql_load(f, 3, 10);
	f->paths[2].active = false;	/* idle, but failed */
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_NE(test, ql_pick(test, f, false), 2U);

	for (i = 0; i < 4; i++)
		f->paths[i].active = false;
	KUNIT_EXPECT_NULL(test, f->ps.type->select_path(&f->ps, 4096));
	/* Reinstated, the idle path wins at once. */
	f->paths[2].active = true;
	f->paths[3].active = true;
	KUNIT_EXPECT_PTR_EQ(test, f->ps.type->select_path(&f->ps, 4096),
			    &f->paths[2]);
	ql_teardown(f);
}

/*
 * Above 8 paths the choice is sampled (power of two choices). Its
 * distribution: idle paths share evenly, bios left in flight stay within
 * a few of the mean, the most loaded path is never chosen, and however
 * many paths fail the usable ones are found.
 */
static void mpath2_ql_large_group_distribution(struct kunit *test)
{
	unsigned int counts[QL_MAX_PATHS] = {}, i, n = QL_MAX_PATHS;
	struct ql_fixture *f;
	int qlen;

	f = ql_setup(test, n, NULL);
	for (i = 0; i < 1000 * n; i++)
		counts[ql_pick(test, f, true)]++;
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_GE(test, counts[i], 750U);
		KUNIT_EXPECT_LE(test, counts[i], 1250U);
	}

	for (i = 0; i < 100 * n; i++)
		ql_pick(test, f, false);
	for (i = 0; i < n; i++) {
		qlen = ql_qlen(f, i);
		KUNIT_EXPECT_LE_MSG(test, qlen, 104, "path %u", i);
		KUNIT_EXPECT_GE_MSG(test, qlen, 50, "path %u", i);
	}

	ql_load(f, 5, 50);
	for (i = 0; i < 1000; i++)
		KUNIT_EXPECT_NE(test, ql_pick(test, f, true), 5U);

	for (i = 0; i < n; i++)
		f->paths[i].active = i == 11;
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, ql_pick(test, f, true), 11U);
	f->paths[11].active = false;
	KUNIT_EXPECT_NULL(test, f->ps.type->select_path(&f->ps, 4096));
	ql_teardown(f);
}

static void mpath2_ql_status_words(struct kunit *test)
{
	const struct mpath2_selector_type *t = &mpath2_queue_length_selector;
	struct ql_fixture *f;
	char buf[32];

	KUNIT_EXPECT_EQ(test, t->table_args, 1U);
	KUNIT_EXPECT_EQ(test, t->info_args, 1U);
	/* repeat_count above 1 is used (and shown) as 1, as dm does. */
	f = ql_setup(test, 2, "5");
	ql_load(f, 1, 3);
	t->status(&f->ps, NULL, STATUSTYPE_INFO, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "0 ");
	t->status(&f->ps, NULL, STATUSTYPE_TABLE, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "0 ");
	t->status(&f->ps, &f->paths[0], STATUSTYPE_TABLE, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "1 ");
	t->status(&f->ps, &f->paths[1], STATUSTYPE_INFO, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "3 ");
	ql_teardown(f);

	f = ql_setup(test, 1, "0");
	t->status(&f->ps, &f->paths[0], STATUSTYPE_TABLE, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "0 ");
	ql_teardown(f);
}

static const struct test_table_case ql_table_cases[] = {
	{ "0 0 1 1 queue-length 0 2 1 1:0 1 1:1 1", NULL },
	{ "0 0 1 1 queue-length 0 2 0 1:0 1:1", NULL },
	{ "0 0 1 1 queue-length 0 2 1 1:0 1000 1:1 0", NULL },
	{ "0 0 1 1 queue-length 1 x 1 0 1:0",
	  "queue-length ps: takes no selector arguments" },
	{ "0 0 1 1 queue-length 0 1 2 1:0 1 1",
	  "queue-length ps: incorrect number of arguments" },
	{ "0 0 1 1 queue-length 0 1 1 1:0 x",
	  "queue-length ps: invalid repeat count" },
	{ "0 0 1 1 queue-length 0 1 1 1:0 -1",
	  "queue-length ps: invalid repeat count" },
	{ "0 0 1 1 queue-length 0 1 1 1:0 1x",
	  "queue-length ps: invalid repeat count" },
};

KUNIT_ARRAY_PARAM(ql_table, ql_table_cases, test_table_case_desc);

static void mpath2_ql_table_line(struct kunit *test)
{
	test_table_case_check(test, test->param_value, true);
}

static struct kunit_case mpath2_ql_cases[] = {
	KUNIT_CASE(mpath2_ql_least_loaded_wins),
	KUNIT_CASE(mpath2_ql_balances_in_flight),
	KUNIT_CASE(mpath2_ql_ties_take_turns),
	KUNIT_CASE(mpath2_ql_failed_path_never_chosen),
	KUNIT_CASE(mpath2_ql_large_group_distribution),
	KUNIT_CASE(mpath2_ql_status_words),
	KUNIT_CASE_PARAM(mpath2_ql_table_line, ql_table_gen_params),
	{}
};

static struct kunit_suite mpath2_ql_suite = {
	.name = "mpath2_ql",
	.test_cases = mpath2_ql_cases,
};

/* Real I/O: status strings of a live map, and a slow path. */

#define QL_MAP	"0 0 1 1 queue-length 0 2 1 %s 1 %s 7"

static void mpath2_ql_io_status_and_table(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, QL_MAP);
	test_lun_expect_status(test, f, STATUSTYPE_TABLE,
			       "2 queue_mode bio 0 1 1 queue-length 0 2 1 %s 1 %s 1 ");
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 1 0 0 1 1 E 0 2 1 %s A 0 0 %s A 0 0 ");
	test_lun_write(test, f, 31);
	test_lun_expect_blocks(test, f, 31);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 1 1 A 0 2 1 %s A 0 0 %s A 0 0 ");
}

/* The fast path gets most bios; when the other path slows, it turns. */
static void mpath2_ql_io_slow_path_gets_less(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, QL_MAP);
	test_lun_expect_slow_path_avoided(test, f);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 1 1 A 0 2 1 %s A 0 0 %s A 0 0 ");
}

static struct kunit_case mpath2_ql_io_cases[] = {
	KUNIT_CASE(mpath2_ql_io_status_and_table),
	KUNIT_CASE(mpath2_ql_io_slow_path_gets_less),
	{}
};

static struct kunit_suite mpath2_ql_io_suite = {
	.name = "mpath2_ql_io",
	.init = test_lun_init,
	.exit = test_lun_exit,
	.suite_init = test_lun_suite_init,
	.suite_exit = test_lun_suite_exit,
	.test_cases = mpath2_ql_io_cases,
};

kunit_test_suites(&mpath2_ql_suite, &mpath2_ql_io_suite);
