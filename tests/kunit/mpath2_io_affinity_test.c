// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2_io_affinity: the io-affinity selector on paths that exist only as
 * structures: its table words, which path each CPU gets (asked from a
 * thread bound to that CPU), the fallbacks and the misses, the status
 * words; and its table line through a real constructor.
 */
#include <linux/cpumask.h>
#include <linux/kthread.h>

#include "mpath2.h"
#include "mpath2_test.h"

#define IOA_PATHS 2

struct ioa_fixture {
	struct mpath2_selector ps;
	struct mpath2_path paths[IOA_PATHS];
};

static int ioa_add(struct ioa_fixture *f, unsigned int i, const char *mask,
		   char **error)
{
	char arg[32], *argv[1] = { arg };

	strscpy(arg, mask, sizeof(arg));
	f->paths[i].index = i;
	f->paths[i].active = true;
	return f->ps.type->add_path(&f->ps, &f->paths[i], 1, argv, error);
}

static void ioa_setup(struct kunit *test, struct ioa_fixture *f)
{
	char *error = NULL;

	memset(f, 0, sizeof(*f));
	f->ps.type = &mpath2_io_affinity_selector;
	KUNIT_ASSERT_EQ(test, f->ps.type->create(&f->ps, 0, NULL, &error), 0);
}

struct on_cpu {
	struct mpath2_selector *ps;
	struct mpath2_path *picked;
	struct completion done;
};

static int select_fn(void *data)
{
	struct on_cpu *o = data;

	o->picked = o->ps->type->select_path(o->ps, 4096);
	complete(&o->done);
	return 0;
}

/* The path @ps picks for a bio submitted on @cpu. */
static struct mpath2_path *select_on(struct kunit *test,
				     struct mpath2_selector *ps,
				     unsigned int cpu)
{
	struct on_cpu o = { .ps = ps };
	struct task_struct *t;

	init_completion(&o.done);
	t = kthread_create(select_fn, &o, "ioa_test/%u", cpu);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	kthread_bind(t, cpu);
	wake_up_process(t);
	wait_for_completion(&o.done);
	return o.picked;
}

static void mpath2_io_affinity_args(struct kunit *test)
{
	struct ioa_fixture f;
	char *error = NULL, *argv[1] = { "1" };

	ioa_setup(test, &f);
	KUNIT_EXPECT_EQ(test, ioa_add(&f, 0, "zz", &error), -EINVAL);
	KUNIT_EXPECT_STREQ(test, error, "io-affinity ps: invalid cpumask");
	/*
	 * A CPU this kernel cannot have maps nothing (past NR_CPUS the mask
	 * itself is refused).
	 */
	error = NULL;
	KUNIT_EXPECT_EQ(test, ioa_add(&f, 0, "100000000,00000000", &error),
			-EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, error);
	KUNIT_EXPECT_EQ(test, f.ps.type->add_path(&f.ps, &f.paths[0], 0, argv,
						  &error), -EINVAL);
	KUNIT_EXPECT_STREQ(test, error,
			   "io-affinity ps: invalid number of arguments");
	KUNIT_ASSERT_EQ(test, ioa_add(&f, 0, "1", &error), 0);
	/* CPU 0 is taken: a second path with only CPU 0 maps nothing new. */
	KUNIT_EXPECT_EQ(test, ioa_add(&f, 1, "1", &error), -EINVAL);
	KUNIT_EXPECT_STREQ(test, error,
			   "io-affinity ps: No new/valid CPU mapping found");
	f.ps.type->destroy(&f.ps);
	KUNIT_EXPECT_EQ(test, mpath2_io_affinity_selector.create(&f.ps, 1, argv,
								 &error),
			-EINVAL);
}

/*
 * CPU 0 -> path 1, CPU 1 (when there is one) -> path 2. A failed path's
 * CPU falls back to another usable path; with every path failed, none.
 */
static void mpath2_io_affinity_select(struct kunit *test)
{
	bool smp = num_online_cpus() > 1 && cpu_online(1);
	struct ioa_fixture f;
	char *error = NULL, status[64];
	unsigned int sz;

	ioa_setup(test, &f);
	KUNIT_ASSERT_EQ(test, ioa_add(&f, 0, "1", &error), 0);
	if (smp)
		KUNIT_ASSERT_EQ(test, ioa_add(&f, 1, "2", &error), 0);
	KUNIT_EXPECT_PTR_EQ(test, select_on(test, &f.ps, 0), &f.paths[0]);
	if (smp) {
		KUNIT_EXPECT_PTR_EQ(test, select_on(test, &f.ps, 1),
				    &f.paths[1]);
		/* CPU 0's path failed: CPU 0 uses CPU 1's. */
		f.paths[0].active = false;
		KUNIT_EXPECT_PTR_EQ(test, select_on(test, &f.ps, 0),
				    &f.paths[1]);
		f.paths[1].active = false;
	} else {
		f.paths[0].active = false;
	}
	KUNIT_EXPECT_NULL(test, select_on(test, &f.ps, 0));

	/* Status: the group's word, each path's mask, the misses. */
	sz = f.ps.type->status(&f.ps, NULL, STATUSTYPE_TABLE, status,
			       sizeof(status));
	KUNIT_EXPECT_STREQ(test, status, "0 ");
	KUNIT_EXPECT_EQ(test, sz, 2);
	f.ps.type->status(&f.ps, &f.paths[0], STATUSTYPE_TABLE, status,
			  sizeof(status));
	KUNIT_EXPECT_STREQ(test, status, "1 ");
	f.ps.type->status(&f.ps, &f.paths[0], STATUSTYPE_INFO, status,
			  sizeof(status));
	KUNIT_EXPECT_STREQ(test, status, "0 ");
	f.ps.type->destroy(&f.ps);
}

/* A CPU without a path of its own is a miss, and still gets a path. */
static void mpath2_io_affinity_miss(struct kunit *test)
{
	unsigned int cpu = num_online_cpus() > 1 && cpu_online(1) ? 1 : 0;
	struct ioa_fixture f;
	char *error = NULL, status[64];

	ioa_setup(test, &f);
	/* Only CPU 1 mapped on SMP; on one CPU, only CPU 0 (no miss then). */
	KUNIT_ASSERT_EQ(test, ioa_add(&f, 0, cpu ? "2" : "1", &error), 0);
	KUNIT_EXPECT_PTR_EQ(test, select_on(test, &f.ps, 0), &f.paths[0]);
	f.ps.type->status(&f.ps, &f.paths[0], STATUSTYPE_INFO, status,
			  sizeof(status));
	KUNIT_EXPECT_STREQ(test, status, cpu ? "1 " : "0 ");
	f.ps.type->destroy(&f.ps);
}

static const struct test_table_case ioa_table_cases[] = {
	{ "0 0 1 1 io-affinity 0 1 1 1:0 1", NULL },
	{ "0 0 1 1 io-affinity 0 1 1 1:0 zz", "io-affinity ps: invalid cpumask" },
	{ "0 0 1 1 io-affinity 0 2 1 1:0 1 1:1 1",
	  "io-affinity ps: No new/valid CPU mapping found" },
	{ "0 0 1 1 io-affinity 0 1 0 1:0",
	  "io-affinity ps: invalid number of arguments" },
};

KUNIT_ARRAY_PARAM(ioa_table, ioa_table_cases, test_table_case_desc);

static void mpath2_io_affinity_table(struct kunit *test)
{
	test_table_case_check(test, test->param_value, false);
}

static struct kunit_case mpath2_io_affinity_cases[] = {
	KUNIT_CASE(mpath2_io_affinity_args),
	KUNIT_CASE(mpath2_io_affinity_select),
	KUNIT_CASE(mpath2_io_affinity_miss),
	KUNIT_CASE_PARAM(mpath2_io_affinity_table, ioa_table_gen_params),
	{}
};

static struct kunit_suite mpath2_io_affinity_suite = {
	.name = "mpath2_io_affinity",
	.test_cases = mpath2_io_affinity_cases,
};

kunit_test_suite(mpath2_io_affinity_suite);
