// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2_rr: the round-robin selector's choices, on paths that exist only
 * as structures (no devices needed): shares, failed and reinstated paths,
 * repeat_count and the status words.
 */
#include "mpath2.h"
#include "mpath2_test.h"

#define RR_PATHS 4

struct rr_fixture {
	struct mpath2_selector ps;
	struct mpath2_path paths[RR_PATHS];
	unsigned int nr;
};

static void rr_setup(struct kunit *test, struct rr_fixture *f,
		     unsigned int nr, const unsigned int *repeat)
{
	char *error = NULL, arg[12], *argv[1] = { arg };
	unsigned int i;
	int r;

	memset(f, 0, sizeof(*f));
	f->nr = nr;
	f->ps.type = &mpath2_round_robin_selector;
	KUNIT_ASSERT_EQ(test, f->ps.type->create(&f->ps, 0, NULL, &error), 0);
	for (i = 0; i < nr; i++) {
		f->paths[i].index = i;
		f->paths[i].active = true;
		snprintf(arg, sizeof(arg), "%u", repeat ? repeat[i] : 1);
		r = f->ps.type->add_path(&f->ps, &f->paths[i], 1, argv, &error);
		KUNIT_ASSERT_EQ_MSG(test, r, 0, "add_path: %s", error);
	}
}

static void rr_teardown(struct rr_fixture *f)
{
	f->ps.type->destroy(&f->ps);
}

/* Select @n times and count the picks per path. */
static void rr_count(struct kunit *test, struct rr_fixture *f,
		     unsigned int n, unsigned int *counts)
{
	struct mpath2_path *p;
	unsigned int i;

	memset(counts, 0, sizeof(*counts) * RR_PATHS);
	for (i = 0; i < n; i++) {
		p = f->ps.type->select_path(&f->ps, 4096);
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_ASSERT_TRUE(test, p >= f->paths && p < f->paths + f->nr);
		counts[p - f->paths]++;
	}
}

/*
 * Each usable path's share of @n selections is within 2% of @expect.
 * On one CPU the rotation is exact; the slack is for per-CPU cursors.
 */
static void expect_share(struct kunit *test, unsigned int got,
			 unsigned int expect, unsigned int n)
{
	unsigned int slack = n / 50;

	KUNIT_EXPECT_GE(test, got + slack, expect);
	KUNIT_EXPECT_LE(test, got, expect + slack);
}

static void mpath2_rr_even_share(struct kunit *test)
{
	unsigned int counts[RR_PATHS], i, n = 4000;
	struct rr_fixture f;

	rr_setup(test, &f, RR_PATHS, NULL);
	rr_count(test, &f, n, counts);
	for (i = 0; i < RR_PATHS; i++)
		expect_share(test, counts[i], n / RR_PATHS, n);
	rr_teardown(&f);
}

static void mpath2_rr_failed_path_gets_none(struct kunit *test)
{
	unsigned int counts[RR_PATHS], n = 3000;
	struct rr_fixture f;

	rr_setup(test, &f, RR_PATHS, NULL);
	f.paths[1].active = false;
	rr_count(test, &f, n, counts);
	KUNIT_EXPECT_EQ(test, counts[1], 0U);
	expect_share(test, counts[0], n / 3, n);
	expect_share(test, counts[2], n / 3, n);
	expect_share(test, counts[3], n / 3, n);

	/* Reinstated, it gets its share again. */
	f.paths[1].active = true;
	rr_count(test, &f, 4000, counts);
	expect_share(test, counts[1], 1000, 4000);
	rr_teardown(&f);
}

static void mpath2_rr_no_usable_path(struct kunit *test)
{
	struct rr_fixture f;
	unsigned int i;

	rr_setup(test, &f, 2, NULL);
	for (i = 0; i < 2; i++)
		f.paths[i].active = false;
	KUNIT_EXPECT_NULL(test, f.ps.type->select_path(&f.ps, 4096));
	f.paths[0].active = true;
	KUNIT_EXPECT_PTR_EQ(test, f.ps.type->select_path(&f.ps, 4096),
			    &f.paths[0]);
	rr_teardown(&f);
}

/* repeat_count is honoured: runs of that many bios per path. */
static void mpath2_rr_repeat_count(struct kunit *test)
{
	static const unsigned int repeat[] = { 3, 1 };
	struct mpath2_path *prev = NULL, *p;
	unsigned int counts[RR_PATHS], run = 0, i;
	struct rr_fixture f;

	rr_setup(test, &f, 2, repeat);
	rr_count(test, &f, 4000, counts);
	expect_share(test, counts[0], 3000, 4000);
	expect_share(test, counts[1], 1000, 4000);

	for (i = 0; i < 40; i++) {
		p = f.ps.type->select_path(&f.ps, 4096);
		if (p != prev && prev) {
			KUNIT_EXPECT_EQ(test, run, repeat[prev - f.paths]);
			run = 0;
		}
		prev = p;
		run++;
	}
	rr_teardown(&f);
}

static void mpath2_rr_status_words(struct kunit *test)
{
	static const unsigned int repeat[] = { 7, 1 };
	const struct mpath2_selector_type *t = &mpath2_round_robin_selector;
	struct rr_fixture f;
	char buf[64];

	rr_setup(test, &f, 2, repeat);
	KUNIT_EXPECT_EQ(test, t->table_args, 1U);
	KUNIT_EXPECT_EQ(test, t->info_args, 0U);

	t->status(&f.ps, NULL, STATUSTYPE_TABLE, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "0 ");
	t->status(&f.ps, &f.paths[0], STATUSTYPE_TABLE, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "7 ");
	buf[0] = '\0';
	KUNIT_EXPECT_EQ(test, t->status(&f.ps, &f.paths[0], STATUSTYPE_INFO,
					buf, sizeof(buf)), 0U);
	rr_teardown(&f);
}

static struct kunit_case mpath2_rr_cases[] = {
	KUNIT_CASE(mpath2_rr_even_share),
	KUNIT_CASE(mpath2_rr_failed_path_gets_none),
	KUNIT_CASE(mpath2_rr_no_usable_path),
	KUNIT_CASE(mpath2_rr_repeat_count),
	KUNIT_CASE(mpath2_rr_status_words),
	{}
};

static struct kunit_suite mpath2_rr_suite = {
	.name = "mpath2_rr",
	.test_cases = mpath2_rr_cases,
};

kunit_test_suite(mpath2_rr_suite);
