// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2_hst: the historical-service-time selector, on paths that exist
 * only as structures: end_io gets start times in the past to make a path
 * look slow or fast, start_io alone leaves bios in flight. Its argument
 * errors, status words, and (mpath2_hst_io) real I/O with a slow path.
 */
#include <linux/delay.h>

#include "mpath2.h"
#include "mpath2_test.h"

#define HST_MAX_PATHS	16
#define BS		4096U
#define MS		1000000ULL	/* ns */

struct hst_fixture {
	struct mpath2_selector ps;
	struct mpath2_pg pg;		/* only its nr_active is read */
	struct mpath2_path paths[HST_MAX_PATHS];
	unsigned int nr;
};

struct hst_info {
	unsigned long long hst, out, stale;
};

/* @nr paths; @args: the selector arguments, a string of words or NULL. */
static struct hst_fixture *hst_setup(struct kunit *test,
				     unsigned int nr, const char *args)
{
	struct hst_fixture *f;
	char *error = NULL, buf[32], *argv[2], *p = buf;
	unsigned int i, argc = 0;
	int r;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	f->nr = nr;
	f->ps.type = &mpath2_historical_service_time_selector;
	strscpy(buf, args ?: "", sizeof(buf));
	while (argc < 2 && (argv[argc] = strsep(&p, " ")) && *argv[argc])
		argc++;
	r = f->ps.type->create(&f->ps, argc, argv, &error);
	KUNIT_ASSERT_EQ_MSG(test, r, 0, "create: %s", error);
	for (i = 0; i < nr; i++) {
		f->paths[i].pg = &f->pg;
		f->paths[i].index = i;
		f->paths[i].active = true;
		r = f->ps.type->add_path(&f->ps, &f->paths[i], 0, NULL, &error);
		KUNIT_ASSERT_EQ_MSG(test, r, 0, "add_path: %s", error);
	}
	f->pg.nr_active = nr;
	return f;
}

static void hst_teardown(struct hst_fixture *f)
{
	f->ps.type->destroy(&f->ps);
}

/* One bio on @path that took @ago ns, as far as its start time says. */
static void hst_complete(struct hst_fixture *f, unsigned int path, u64 ago)
{
	f->ps.type->start_io(&f->ps, &f->paths[path], BS);
	f->ps.type->end_io(&f->ps, &f->paths[path], BS, ktime_get_ns() - ago);
}

static void hst_load(struct hst_fixture *f, unsigned int path, unsigned int n)
{
	while (n--)
		f->ps.type->start_io(&f->ps, &f->paths[path], BS);
}

static struct mpath2_path *hst_select(struct hst_fixture *f)
{
	return f->ps.type->select_path(&f->ps, BS);
}

/* Select and start a bio; with @complete, end it at once. */
static unsigned int hst_pick(struct kunit *test, struct hst_fixture *f,
			     bool complete)
{
	struct mpath2_path *p = hst_select(f);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_TRUE(test, p >= f->paths && p < f->paths + f->nr);
	f->ps.type->start_io(&f->ps, p, BS);
	if (complete)
		f->ps.type->end_io(&f->ps, p, BS, ktime_get_ns());
	return p - f->paths;
}

static void hst_info(struct kunit *test, struct hst_fixture *f,
		     unsigned int path, struct hst_info *i)
{
	char buf[80];
	int n;

	f->ps.type->status(&f->ps, &f->paths[path], STATUSTYPE_INFO, buf,
			   sizeof(buf));
	n = sscanf(buf, "%llu %llu %llu ", &i->hst, &i->out, &i->stale);
	KUNIT_ASSERT_EQ_MSG(test, n, 3, "'%s'", buf);
}

/* The first measurement is taken as it is; later ones are averaged. */
static void mpath2_hst_estimate_follows_measurements(struct kunit *test)
{
	struct hst_fixture *f;
	struct hst_info i, j;
	u64 before, after;

	f = hst_setup(test, 2, NULL);
	hst_info(test, f, 0, &i);
	KUNIT_EXPECT_EQ(test, i.hst, 1024ULL);
	KUNIT_EXPECT_EQ(test, i.stale, 0ULL);

	before = ktime_get_ns();
	hst_complete(f, 0, 5 * MS);
	after = ktime_get_ns();
	hst_info(test, f, 0, &i);
	KUNIT_EXPECT_GE(test, i.hst, (5 * MS) << 10);
	KUNIT_EXPECT_LE(test, i.hst, (5 * MS + (after - before)) << 10);
	KUNIT_EXPECT_EQ(test, i.out, 0ULL);
	/* Stale after 2 usable paths * hst past the completion. */
	KUNIT_EXPECT_GE(test, i.stale, before + 2 * (i.hst >> 10));
	KUNIT_EXPECT_LE(test, i.stale, after + 2 * (i.hst >> 10));

	/*
	 * Started 5 ms ago but the path finished a bio since: served after
	 * that one, it took almost nothing; 0.95 of the history is kept.
	 */
	hst_complete(f, 0, 5 * MS);
	hst_info(test, f, 0, &j);
	KUNIT_EXPECT_LE(test, j.hst, i.hst * 972 / 1024 + (1 * MS << 10));
	KUNIT_EXPECT_GE(test, j.hst, i.hst * 972 / 1024 - 1024);
	hst_teardown(f);
}

/* Equal paths share the bios in flight evenly. */
static void mpath2_hst_equal_paths_share(struct kunit *test)
{
	unsigned int counts[2] = {}, i;
	struct hst_fixture *f;

	f = hst_setup(test, 2, NULL);
	hst_complete(f, 0, 50 * MS);
	hst_complete(f, 1, 50 * MS);
	for (i = 0; i < 200; i++)
		counts[hst_pick(test, f, false)]++;
	KUNIT_EXPECT_GE(test, counts[0], 98U);
	KUNIT_EXPECT_GE(test, counts[1], 98U);
	hst_teardown(f);
}

/* Both 10 ms, then path 1 takes 200 ms: it gets about a tenth. */
static void mpath2_hst_slow_path_loses(struct kunit *test)
{
	unsigned int counts[2] = {}, i;
	struct hst_fixture *f;
	struct hst_info i0, i1;

	f = hst_setup(test, 2, NULL);
	hst_complete(f, 0, 10 * MS);
	hst_complete(f, 1, 10 * MS);
	msleep(210);
	hst_complete(f, 1, 200 * MS);
	hst_complete(f, 0, 10 * MS);	/* path 0 is still serving */
	hst_info(test, f, 0, &i0);
	hst_info(test, f, 1, &i1);
	KUNIT_EXPECT_GT(test, i1.hst, 5 * i0.hst);

	for (i = 0; i < 200; i++)
		counts[hst_pick(test, f, false)]++;
	KUNIT_EXPECT_GE_MSG(test, counts[0], 5 * counts[1], "slow got %u",
			    counts[1]);
	/* Still weighed, not shut out: (1 + 9) * 10 ms > 1 * ~100 ms. */
	KUNIT_EXPECT_GE(test, counts[1], 5U);
	hst_teardown(f);
}

/* A slow path, idle and stale, gets one probe; a fast one is believed. */
static void mpath2_hst_stale_path_probed_and_recovers(struct kunit *test)
{
	unsigned int counts[2] = {}, i, fast = 0;
	struct hst_fixture *f;
	struct hst_info i0, i1;
	u64 t0;

	f = hst_setup(test, 2, NULL);
	hst_complete(f, 0, 10 * MS);
	t0 = ktime_get_ns();
	hst_complete(f, 1, 200 * MS);
	hst_load(f, 0, 5);
	for (i = 0; i < 10; i++)
		fast += hst_select(f) == &f->paths[0];
	/* Judged only before path 1 can go stale (2 x 200 ms). */
	if (ktime_get_ns() - t0 < 400 * MS)
		KUNIT_EXPECT_EQ(test, fast, 10U);
	else
		kunit_info(test, "host stalled past 400 ms: not judged");

	/* Nothing from path 1 for 2 * 200 ms: stale. Path 0 completes. */
	msleep(450);
	hst_complete(f, 0, 10 * MS);
	KUNIT_EXPECT_PTR_EQ(test, hst_select(f), &f->paths[1]);
	/* One probe at a time: with it in flight, path 0 again. */
	hst_load(f, 1, 1);
	KUNIT_EXPECT_PTR_EQ(test, hst_select(f), &f->paths[0]);

	/*
	 * Idle for more than 63 periods (1.06 s) its history is forgotten:
	 * the next measurement counts alone. Now it is as fast as path 0.
	 */
	msleep(1100);
	f->ps.type->end_io(&f->ps, &f->paths[1], BS, ktime_get_ns() - 10 * MS);
	hst_complete(f, 0, 10 * MS);
	hst_info(test, f, 0, &i0);
	hst_info(test, f, 1, &i1);
	KUNIT_EXPECT_LT(test, i1.hst, 2 * i0.hst);
	for (i = 0; i < 200; i++)
		counts[hst_pick(test, f, false)]++;
	/* Path 0 had 4 in flight already. */
	KUNIT_EXPECT_GE(test, counts[0], 80U);
	KUNIT_EXPECT_GE(test, counts[1], 90U);
	hst_teardown(f);
}

/* threshold_multiplier: estimates closer than that only count the queue. */
static void mpath2_hst_threshold_multiplier(struct kunit *test)
{
	/* Path 0 (@ms, 1 bio in flight) against path 1 (250 ms, idle). */
	static const struct {
		const char *args;
		u64 ms;
		unsigned int want;
	} c[] = {
		{ "972 10", 50, 1 },	/* within 10 times: the queue decides */
		{ "972 0", 50, 0 },	/* no threshold: 2 * 50 < 250 */
		{ "972 10", 20, 0 },	/* over 10 times: the estimate counts */
	};
	struct hst_fixture *f;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		f = hst_setup(test, 2, c[i].args);
		hst_complete(f, 0, c[i].ms * MS);
		hst_complete(f, 1, 250 * MS);
		hst_load(f, 0, 1);
		KUNIT_EXPECT_PTR_EQ_MSG(test, hst_select(f),
					&f->paths[c[i].want], "case %u", i);
		hst_teardown(f);
	}
}

/* As state.c does it: the group's count of usable paths follows. */
static void hst_set_usable(struct hst_fixture *f, unsigned int path, bool on)
{
	f->paths[path].active = on;
	f->pg.nr_active += on ? 1 : -1;
}

static void mpath2_hst_failed_path_never_chosen(struct kunit *test)
{
	struct hst_fixture *f;
	struct hst_info i0;
	unsigned int i;
	u64 after;

	f = hst_setup(test, 3, NULL);
	hst_set_usable(f, 1, false);	/* idle, never measured: the best */
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_NE(test, hst_pick(test, f, false), 1U);

	/* Two usable paths now: stale 2 * hst after a completion. */
	hst_complete(f, 0, 100 * MS);
	after = ktime_get_ns();
	hst_info(test, f, 0, &i0);
	KUNIT_EXPECT_LE(test, i0.stale, after + 2 * (i0.hst >> 10));
	KUNIT_EXPECT_GT(test, i0.stale, after + (i0.hst >> 10));

	hst_set_usable(f, 0, false);
	hst_set_usable(f, 2, false);
	KUNIT_EXPECT_NULL(test, hst_select(f));
	hst_set_usable(f, 1, true);
	KUNIT_EXPECT_PTR_EQ(test, hst_select(f), &f->paths[1]);
	hst_teardown(f);
}

/* Above 8 paths the choice is sampled: its distribution. */
static void mpath2_hst_large_group_distribution(struct kunit *test)
{
	unsigned int counts[HST_MAX_PATHS] = {}, i, n = HST_MAX_PATHS;
	struct hst_fixture *f;
	struct hst_info info;

	/* Measured 10 ms (paths 0-7) and 40 ms (8-15): about 4 to 1. */
	f = hst_setup(test, n, NULL);
	for (i = 0; i < n; i++)
		hst_complete(f, i, (i < 8 ? 10 : 40) * MS);
	for (i = 0; i < 1000; i++)
		counts[hst_pick(test, f, false)]++;
	for (i = 0; i < n; i++) {
		if (i < 8)
			KUNIT_EXPECT_GE_MSG(test, counts[i], 70U, "path %u", i);
		else
			KUNIT_EXPECT_LE_MSG(test, counts[i], 45U, "path %u", i);
	}
	hst_teardown(f);

	/* Never measured, equal: the bios in flight stay even. */
	f = hst_setup(test, n, NULL);
	for (i = 0; i < 100 * n; i++)
		hst_pick(test, f, false);
	for (i = 0; i < n; i++) {
		hst_info(test, f, i, &info);
		KUNIT_EXPECT_LE_MSG(test, info.out, 104ULL, "path %u", i);
		KUNIT_EXPECT_GE_MSG(test, info.out, 50ULL, "path %u", i);
	}
	for (i = 0; i < n; i++)
		f->paths[i].active = i == 9;
	for (i = 0; i < 100; i++)
		KUNIT_EXPECT_EQ(test, hst_pick(test, f, true), 9U);
	hst_teardown(f);
}

static void mpath2_hst_status_words(struct kunit *test)
{
	const struct mpath2_selector_type *t =
		&mpath2_historical_service_time_selector;
	struct hst_fixture *f;
	char buf[64];

	KUNIT_EXPECT_EQ(test, t->table_args, 1U);
	KUNIT_EXPECT_EQ(test, t->info_args, 3U);
	f = hst_setup(test, 2, NULL);
	t->status(&f->ps, NULL, STATUSTYPE_TABLE, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "2 972 0 ");
	hst_load(f, 1, 2);
	t->status(&f->ps, &f->paths[1], STATUSTYPE_INFO, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "1024 2 0 ");
	t->status(&f->ps, &f->paths[1], STATUSTYPE_TABLE, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "0 ");
	hst_teardown(f);

	f = hst_setup(test, 1, "512 3");
	t->status(&f->ps, NULL, STATUSTYPE_INFO, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "2 512 3 ");
	hst_teardown(f);
}

#define HST "0 0 1 1 historical-service-time "

static const struct test_table_case hst_table_cases[] = {
	{ HST "0 2 1 1:0 1 1:1 5", NULL },
	{ HST "2 512 3 2 0 1:0 1:1", NULL },
	{ HST "1 0 1 0 1:0", NULL },
	{ HST "3 1 2 3 1 0 1:0",
	  "historical-service-time ps: incorrect number of arguments" },
	{ HST "1 1024 1 0 1:0",
	  "historical-service-time ps: invalid base_weight" },
	{ HST "1 x 1 0 1:0",
	  "historical-service-time ps: invalid base_weight" },
	{ HST "2 972 -1 1 0 1:0",
	  "historical-service-time ps: invalid threshold_multiplier" },
	{ HST "0 1 2 1:0 1 1",
	  "historical-service-time ps: incorrect number of arguments" },
	{ HST "0 1 1 1:0 y",
	  "historical-service-time ps: invalid repeat count" },
};

KUNIT_ARRAY_PARAM(hst_table, hst_table_cases, test_table_case_desc);

static void mpath2_hst_table_line(struct kunit *test)
{
	test_table_case_check(test, test->param_value, true);
}

static struct kunit_case mpath2_hst_cases[] = {
	KUNIT_CASE(mpath2_hst_estimate_follows_measurements),
	KUNIT_CASE(mpath2_hst_equal_paths_share),
	KUNIT_CASE(mpath2_hst_slow_path_loses),
	KUNIT_CASE(mpath2_hst_stale_path_probed_and_recovers),
	KUNIT_CASE(mpath2_hst_threshold_multiplier),
	KUNIT_CASE(mpath2_hst_failed_path_never_chosen),
	KUNIT_CASE(mpath2_hst_large_group_distribution),
	KUNIT_CASE(mpath2_hst_status_words),
	KUNIT_CASE_PARAM(mpath2_hst_table_line, hst_table_gen_params),
	{}
};

static struct kunit_suite mpath2_hst_suite = {
	.name = "mpath2_hst",
	.test_cases = mpath2_hst_cases,
};

/* Real I/O: status strings of a live map, and a slow path. */

#define HST_MAP	"0 0 1 1 historical-service-time 0 2 1 %s 1 %s 3"

static void mpath2_hst_io_status_and_table(struct kunit *test)
{
	static const char active[] = "2 0 0 0 1 1 A 2 972 0 2 3 ";
	struct test_lun *f = test->priv;
	char got[256];

	test_lun_map(test, f, HST_MAP);
	test_lun_expect_status(test, f, STATUSTYPE_TABLE,
			       "2 queue_mode bio 0 1 1 historical-service-time 2 972 0 2 1 %s 0 %s 0 ");
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 1 0 0 1 1 E 2 972 0 2 3 %s A 0 1024 0 0 %s A 0 1024 0 0 ");
	test_lun_write(test, f, 51);
	test_lun_expect_blocks(test, f, 51);
	/* The measurements vary: the group's words only. */
	test_dm_status(&f->map, STATUSTYPE_INFO, got, sizeof(got));
	KUNIT_EXPECT_TRUE_MSG(test, str_has_prefix(got, active), "'%s'", got);
}

static void mpath2_hst_io_slow_path_gets_less(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, HST_MAP);
	test_lun_expect_slow_path_avoided(test, f);
}

static struct kunit_case mpath2_hst_io_cases[] = {
	KUNIT_CASE(mpath2_hst_io_status_and_table),
	KUNIT_CASE(mpath2_hst_io_slow_path_gets_less),
	{}
};

static struct kunit_suite mpath2_hst_io_suite = {
	.name = "mpath2_hst_io",
	.init = test_lun_init,
	.exit = test_lun_exit,
	.suite_init = test_lun_suite_init,
	.suite_exit = test_lun_suite_exit,
	.test_cases = mpath2_hst_io_cases,
};

kunit_test_suites(&mpath2_hst_suite, &mpath2_hst_io_suite);
