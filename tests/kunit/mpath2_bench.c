// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_mpath2: the in-kernel microbenchmark (not a test; `make bench`).
 *
 * Pushes a fixed number of 4 KiB reads, one at a time (submit_bio_wait),
 * through each configuration and reports nanoseconds per bio: the raw
 * null_blk device, dm-linear over it (the floor of any dm target),
 * in-tree dm-multipath in bio mode with its selectors, and mpath2 with
 * each of its selectors, over 2 paths, plus a path-count sweep. UML runs
 * kernel code natively, so these figures are repeatable where guest
 * figures under emulation are not. The configurations are interleaved
 * round by round, so slow drift of the host affects all of them alike.
 *
 * Boot with null_blk.nr_devices=64 null_blk.irqmode=0 (scripts/bench-uml.sh
 * does). Each result line reads
 *   BENCH <config> <paths> <min> <median> <max>   (ns per bio, x10)
 * a configuration the kernel lacks is reported as "BENCH-SKIP", and one
 * whose bios fail as
 *   BENCH-ERROR <config> <paths> <errno> <bio number>
 * (not timed: a bio that fails fast would look fastest). scripts/bench-uml.sh
 * fails the bench on either.
 */
#include <linux/moduleparam.h>
#include <linux/sort.h>

#include "bench_util.h"
#include "mpath2_test.h"

static unsigned int bench_bios = 50000;
module_param(bench_bios, uint, 0444);
MODULE_PARM_DESC(bench_bios, "bios per measurement");
static unsigned int bench_rounds = 10;
module_param(bench_rounds, uint, 0444);
MODULE_PARM_DESC(bench_rounds, "interleaved repeats of every configuration");

#define MAX_PATHS	64
#define MAX_ROUNDS	50

struct bench_config {
	const char *name;
	const char *target;	/* NULL: the raw device */
	const char *head;	/* table up to the path list */
	const char *per_path;	/* words after each path */
	unsigned int paths;
	/* filled in while running */
	struct test_dm dm;
	bool ready;
	int error;		/* a bio failed: first error, not timed */
	unsigned int error_bio;	/* and which one of its run */
	u64 ns10[MAX_ROUNDS];	/* ns per bio x10, per round */
};

#define MPATH(sel, pp_args, pp) \
	"2 queue_mode bio 0 1 1 " sel " 0 %u " pp_args, pp
#define MPATH2(sel, pp_args, pp) "0 0 1 1 " sel " 0 %u " pp_args, pp

static struct bench_config configs[] = {
	{ "raw", NULL, NULL, NULL, 1 },
	{ "dm-linear", "linear", "", " 0", 1 },
	{ "dm-mpath-bio-rr", "multipath", MPATH("round-robin", "1", " 1"), 2 },
	{ "dm-mpath-bio-ql", "multipath", MPATH("queue-length", "1", " 1"), 2 },
	{ "dm-mpath-bio-st", "multipath", MPATH("service-time", "2", " 1 1"), 2 },
	{ "dm-mpath-bio-hst", "multipath",
	  MPATH("historical-service-time", "1", " 1"), 2 },
	{ "mpath2-rr", "mpath2", MPATH2("round-robin", "1", " 1"), 2 },
	{ "mpath2-ql", "mpath2", MPATH2("queue-length", "1", " 1"), 2 },
	{ "mpath2-st", "mpath2", MPATH2("service-time", "2", " 1 1"), 2 },
	{ "mpath2-hst", "mpath2", MPATH2("historical-service-time", "1", " 1"),
	  2 },
	/* The path-count sweep. */
	{ "dm-mpath-bio-rr", "multipath", MPATH("round-robin", "1", " 1"), 8 },
	{ "dm-mpath-bio-rr", "multipath", MPATH("round-robin", "1", " 1"), 32 },
	{ "dm-mpath-bio-rr", "multipath", MPATH("round-robin", "1", " 1"), 64 },
	{ "mpath2-rr", "mpath2", MPATH2("round-robin", "1", " 1"), 8 },
	{ "mpath2-rr", "mpath2", MPATH2("round-robin", "1", " 1"), 32 },
	{ "mpath2-rr", "mpath2", MPATH2("round-robin", "1", " 1"), 64 },
	{ "mpath2-st", "mpath2", MPATH2("service-time", "2", " 1 1"), 64 },
	{ "mpath2-ql", "mpath2", MPATH2("queue-length", "1", " 1"), 64 },
};

static dev_t nullb[MAX_PATHS];

/*
 * Time @n single 4 KiB reads into @c->ns10[@round] (ns per bio x10). A bio
 * that fails stops the run: its error goes to @c->error, and the config is
 * reported as BENCH-ERROR instead of a figure.
 */
static int run_bios(struct bench_config *c, struct block_device *bdev,
		    struct page *page, unsigned int n, unsigned int round)
{
	struct bio_vec bvec;
	struct bio bio;
	unsigned int i;
	u64 start;
	int err;

	start = ktime_get_ns();
	for (i = 0; i < n; i++) {
		bio_init(&bio, bdev, &bvec, 1, REQ_OP_READ);
		bio.bi_iter.bi_sector = (i % 256) * 8;
		__bio_add_page(&bio, page, PAGE_SIZE, 0);
		err = submit_bio_wait(&bio);
		bio_uninit(&bio);
		if (err) {
			c->error = err;
			c->error_bio = i;
			return err;
		}
	}
	c->ns10[round] = div_u64((ktime_get_ns() - start) * 10, n);
	return 0;
}

static void bench_mpath2_ns_per_bio(struct kunit *test)
{
	unsigned int rounds = min_t(unsigned int, bench_rounds, MAX_ROUNDS);
	struct block_device *raw;
	struct bench_config *c;
	struct page *page;
	unsigned int r;
	char *params;

	KUNIT_ASSERT_EQ_MSG(test, bench_find_null_devices(nullb, MAX_PATHS),
			    0, "boot with null_blk.nr_devices=%u", MAX_PATHS);
	page = alloc_page(GFP_KERNEL);
	params = kunit_kzalloc(test, 4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_NOT_NULL(test, params);
	raw = blkdev_get_by_dev(nullb[0], FMODE_READ, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(raw));

	for (c = configs; c < configs + ARRAY_SIZE(configs); c++) {
		const char *error = NULL;

		if (!c->target)
			continue;
		KUNIT_ASSERT_EQ(test, bench_table_params(params, 4096, c->head,
							 c->per_path, nullb,
							 c->paths), 0);
		c->ready = !test_dm_create(&c->dm, c->target, params, &error);
		if (!c->ready)
			kunit_info(test, "BENCH-SKIP %s %u %s\n", c->name,
				   c->paths, error ?: "target not available");
	}

	for (r = 0; r < rounds; r++) {
		for (c = configs; c < configs + ARRAY_SIZE(configs); c++) {
			struct block_device *bdev = c->target ? c->dm.bdev : raw;

			if ((c->target && !c->ready) || c->error)
				continue;
			/* warm caches and lazy allocations */
			if (!r && run_bios(c, bdev, page, bench_bios / 10 + 1, 0))
				continue;
			run_bios(c, bdev, page, bench_bios, r);
			cond_resched();
		}
	}

	for (c = configs; c < configs + ARRAY_SIZE(configs); c++) {
		if (c->target && !c->ready)
			continue;
		if (c->error) {
			kunit_info(test, "BENCH-ERROR %s %u %d %u\n", c->name,
				   c->paths, c->error, c->error_bio);
			KUNIT_FAIL(test, "%s (%u paths): bio %u failed: %d",
				   c->name, c->paths, c->error_bio, c->error);
			test_dm_destroy(&c->dm);
			continue;
		}
		sort(c->ns10, rounds, sizeof(u64), bench_cmp_u64, NULL);
		kunit_info(test, "BENCH %s %u %llu %llu %llu\n", c->name,
			   c->paths, c->ns10[0], c->ns10[rounds / 2],
			   c->ns10[rounds - 1]);
		test_dm_destroy(&c->dm);
	}
	blkdev_put(raw, FMODE_READ);
	__free_page(page);
}

static struct kunit_case bench_mpath2_cases[] = {
	KUNIT_CASE(bench_mpath2_ns_per_bio),
	{}
};

static struct kunit_suite bench_mpath2_suite = {
	.name = "bench_mpath2",
	.test_cases = bench_mpath2_cases,
};

kunit_test_suite(bench_mpath2_suite);
