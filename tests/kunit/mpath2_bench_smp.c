// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_smp: the SMP microbenchmark (not a test; `make bench`, run by
 * scripts/bench-uml.sh --smp in the SMP UML kernel, once with ncpus=2 and
 * once with ncpus=1).
 *
 * One submitter kthread per online CPU pushes 4 KiB reads to the same
 * mapped device, in two modes: one at a time (submit_bio_wait) and in
 * batches of bench_smp_batch under a plug (iodepth-like). Configurations:
 * raw null_blk, dm-linear, in-tree dm-multipath in bio mode and mpath2,
 * each selector, over 2, 4 and 64 paths; interleaved round by round.
 * Each result line reads
 *   BENCH-SMP <config> <paths> <mode> <cpus> <min> <median> <max> <ns>
 * with bios per second over all CPUs (min/median/max over the rounds) and
 * the median ns per bio per CPU; BENCH-SKIP and BENCH-ERROR as in
 * bench_mpath2.
 */
#include <linux/blkdev.h>
#include <linux/kthread.h>
#include <linux/moduleparam.h>
#include <linux/sort.h>

#include "bench_util.h"
#include "mpath2_test.h"

static unsigned int bench_smp_bios = 20000;
module_param(bench_smp_bios, uint, 0444);
MODULE_PARM_DESC(bench_smp_bios, "bios per CPU per measurement");
static unsigned int bench_smp_rounds = 5;
module_param(bench_smp_rounds, uint, 0444);
MODULE_PARM_DESC(bench_smp_rounds, "interleaved repeats of every configuration");
static unsigned int bench_smp_batch = 16;
module_param(bench_smp_batch, uint, 0444);
MODULE_PARM_DESC(bench_smp_batch, "bios per plugged batch");
static char *bench_smp_only;
module_param(bench_smp_only, charp, 0444);
MODULE_PARM_DESC(bench_smp_only, "run only this configuration, 2 paths, one at a time (for a profile)");

/* Is @c left out by bench_smp_only? */
static bool smp_skipped(const char *name, unsigned int paths)
{
	return bench_smp_only && (strcmp(bench_smp_only, name) || paths != 2);
}

#define SMP_MAX_PATHS	64
#define SMP_MAX_ROUNDS	20
#define SMP_MAX_BATCH	64
#define SMP_MODES	2	/* 0: one at a time, 1: plugged batches */

struct smp_config {
	const char *name;
	const char *target;	/* NULL: the raw device */
	const char *head;
	const char *per_path;
	unsigned int paths;
	struct test_dm dm;
	bool ready;
	int error;
	u64 bps[SMP_MODES][SMP_MAX_ROUNDS];	/* bios per second, all CPUs */
	u64 ns[SMP_MODES][SMP_MAX_ROUNDS];	/* ns per bio on one CPU */
};

#define MPATH(sel, pp_args) "2 queue_mode bio 0 1 1 " sel " 0 %u " pp_args
#define MPATH2(sel, pp_args) "0 0 1 1 " sel " 0 %u " pp_args
static struct smp_config smp_configs[] = {
	{ "raw", NULL, NULL, NULL, 1 },
	{ "dm-linear", "linear", "", " 0", 1 },
	/* 2 paths */
	{ "dm-mpath-bio-rr", "multipath", MPATH("round-robin", "1"), " 1", 2 },
	{ "dm-mpath-bio-ql", "multipath", MPATH("queue-length", "1"), " 1", 2 },
	{ "dm-mpath-bio-st", "multipath", MPATH("service-time", "2"), " 1 1", 2 },
	{ "mpath2-rr", "mpath2", MPATH2("round-robin", "1"), " 1", 2 },
	{ "mpath2-ql", "mpath2", MPATH2("queue-length", "1"), " 1", 2 },
	{ "mpath2-st", "mpath2", MPATH2("service-time", "2"), " 1 1", 2 },
	{ "mpath2-hst", "mpath2", MPATH2("historical-service-time", "1"), " 1", 2 },
	/* 4 paths */
	{ "dm-mpath-bio-rr", "multipath", MPATH("round-robin", "1"), " 1", 4 },
	{ "dm-mpath-bio-ql", "multipath", MPATH("queue-length", "1"), " 1", 4 },
	{ "dm-mpath-bio-st", "multipath", MPATH("service-time", "2"), " 1 1", 4 },
	{ "mpath2-rr", "mpath2", MPATH2("round-robin", "1"), " 1", 4 },
	{ "mpath2-ql", "mpath2", MPATH2("queue-length", "1"), " 1", 4 },
	{ "mpath2-st", "mpath2", MPATH2("service-time", "2"), " 1 1", 4 },
	{ "mpath2-hst", "mpath2", MPATH2("historical-service-time", "1"), " 1", 4 },
	/* 64 paths */
	{ "dm-mpath-bio-rr", "multipath", MPATH("round-robin", "1"), " 1", 64 },
	{ "dm-mpath-bio-ql", "multipath", MPATH("queue-length", "1"), " 1", 64 },
	{ "dm-mpath-bio-st", "multipath", MPATH("service-time", "2"), " 1 1", 64 },
	{ "mpath2-rr", "mpath2", MPATH2("round-robin", "1"), " 1", 64 },
	{ "mpath2-ql", "mpath2", MPATH2("queue-length", "1"), " 1", 64 },
	{ "mpath2-st", "mpath2", MPATH2("service-time", "2"), " 1 1", 64 },
	{ "mpath2-hst", "mpath2", MPATH2("historical-service-time", "1"), " 1", 64 },
};

static dev_t smp_nullb[SMP_MAX_PATHS];

/* One submitter: a kthread bound to one CPU. */
struct submitter {
	struct block_device *bdev;
	struct page *page;
	unsigned int mode, n, batch, cpu;
	struct completion *go;
	struct completion done;
	u64 ns;
	int err;
	/* plugged batches */
	struct bio *bios;
	struct bio_vec *bvecs;
	atomic_t left;
	struct completion batch_done;
};

static void smp_end_io(struct bio *bio)
{
	struct submitter *s = bio->bi_private;

	if (bio->bi_status && !READ_ONCE(s->err))
		WRITE_ONCE(s->err, blk_status_to_errno(bio->bi_status));
	if (atomic_dec_and_test(&s->left))
		complete(&s->batch_done);
}

static int run_sync(struct submitter *s)
{
	struct bio_vec bvec;
	struct bio bio;
	unsigned int i;
	int err;

	for (i = 0; i < s->n; i++) {
		bio_init(&bio, s->bdev, &bvec, 1, REQ_OP_READ);
		bio.bi_iter.bi_sector = ((s->cpu * 64 + i) % 256) * 8;
		__bio_add_page(&bio, s->page, PAGE_SIZE, 0);
		err = submit_bio_wait(&bio);
		bio_uninit(&bio);
		if (err)
			return err;
	}
	return 0;
}

static int run_batches(struct submitter *s)
{
	struct blk_plug plug;
	unsigned int done, b, nr;

	for (done = 0; done < s->n; done += nr) {
		nr = min(s->batch, s->n - done);
		atomic_set(&s->left, nr);
		reinit_completion(&s->batch_done);
		blk_start_plug(&plug);
		for (b = 0; b < nr; b++) {
			struct bio *bio = &s->bios[b];

			bio_init(bio, s->bdev, &s->bvecs[b], 1, REQ_OP_READ);
			bio->bi_iter.bi_sector = ((done + b) % 256) * 8;
			__bio_add_page(bio, s->page, PAGE_SIZE, 0);
			bio->bi_private = s;
			bio->bi_end_io = smp_end_io;
			submit_bio(bio);
		}
		blk_finish_plug(&plug);
		wait_for_completion(&s->batch_done);
		for (b = 0; b < nr; b++)
			bio_uninit(&s->bios[b]);
		if (READ_ONCE(s->err))
			return s->err;
	}
	return 0;
}

static int submitter_fn(void *data)
{
	struct submitter *s = data;
	u64 start;
	int err;

	wait_for_completion(s->go);
	start = ktime_get_ns();
	err = s->mode ? run_batches(s) : run_sync(s);
	s->ns = ktime_get_ns() - start;
	if (err)
		s->err = err;
	complete(&s->done);
	return 0;
}

/*
 * One measurement: @n bios per online CPU, all CPUs at once. Fills
 * @c->bps/ns[@mode][@round] unless @round is out of range (a warm-up).
 */
static int measure(struct smp_config *c, struct block_device *bdev,
		   struct submitter *subs, unsigned int mode, unsigned int n,
		   unsigned int round)
{
	DECLARE_COMPLETION_ONSTACK(go);
	unsigned int cpu, nr = 0, i;
	u64 longest = 0, sum = 0;
	int err = 0;

	for_each_online_cpu(cpu) {
		struct submitter *s = &subs[nr];
		struct task_struct *t;

		s->bdev = bdev;
		s->mode = mode;
		s->n = n;
		s->cpu = cpu;
		s->go = &go;
		s->err = 0;
		init_completion(&s->done);
		t = kthread_create(submitter_fn, s, "bench_smp/%u", cpu);
		if (IS_ERR(t)) {
			err = PTR_ERR(t);
			break;
		}
		kthread_bind(t, cpu);
		wake_up_process(t);
		nr++;
	}
	complete_all(&go);
	for (i = 0; i < nr; i++) {
		wait_for_completion(&subs[i].done);
		longest = max(longest, subs[i].ns);
		sum += subs[i].ns;
		if (subs[i].err && !err)
			err = subs[i].err;
	}
	if (err) {
		c->error = err;
		return err;
	}
	if (round < SMP_MAX_ROUNDS && nr && longest) {
		c->bps[mode][round] = div64_u64((u64)n * nr * NSEC_PER_SEC,
						longest);
		c->ns[mode][round] = div64_u64(sum, (u64)n * nr);
	}
	return 0;
}

static struct submitter *alloc_submitters(struct kunit *test,
					  struct page *page)
{
	unsigned int batch = clamp(bench_smp_batch, 1U, (unsigned int)SMP_MAX_BATCH);
	struct submitter *subs;
	unsigned int i;

	subs = kunit_kcalloc(test, nr_cpu_ids, sizeof(*subs), GFP_KERNEL);
	if (!subs)
		return NULL;
	for (i = 0; i < nr_cpu_ids; i++) {
		subs[i].page = page;
		subs[i].batch = batch;
		subs[i].bios = kunit_kcalloc(test, batch, sizeof(struct bio),
					     GFP_KERNEL);
		subs[i].bvecs = kunit_kcalloc(test, batch,
					      sizeof(struct bio_vec),
					      GFP_KERNEL);
		if (!subs[i].bios || !subs[i].bvecs)
			return NULL;
		init_completion(&subs[i].batch_done);
	}
	return subs;
}

static void report(struct kunit *test, struct smp_config *c,
		   unsigned int rounds)
{
	static const char *const modes[SMP_MODES] = { "sync", "batch" };
	unsigned int m;

	for (m = 0; m < SMP_MODES; m++) {
		sort(c->bps[m], rounds, sizeof(u64), bench_cmp_u64, NULL);
		sort(c->ns[m], rounds, sizeof(u64), bench_cmp_u64, NULL);
		kunit_info(test, "BENCH-SMP %s %u %s %u %llu %llu %llu %llu\n",
			   c->name, c->paths, modes[m], num_online_cpus(),
			   c->bps[m][0], c->bps[m][rounds / 2],
			   c->bps[m][rounds - 1], c->ns[m][rounds / 2]);
	}
}

static void bench_smp_throughput(struct kunit *test)
{
	unsigned int rounds = clamp(bench_smp_rounds, 1U,
				    (unsigned int)SMP_MAX_ROUNDS);
	struct submitter *subs;
	struct block_device *raw;
	struct smp_config *c;
	struct page *page;
	unsigned int r, m;
	char *params;

	KUNIT_ASSERT_EQ_MSG(test,
			    bench_find_null_devices(smp_nullb, SMP_MAX_PATHS),
			    0, "boot with null_blk.nr_devices=%u",
			    SMP_MAX_PATHS);
	page = alloc_page(GFP_KERNEL);
	params = kunit_kzalloc(test, 4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_NOT_NULL(test, params);
	subs = alloc_submitters(test, page);
	KUNIT_ASSERT_NOT_NULL(test, subs);
	raw = blkdev_get_by_dev(smp_nullb[0], FMODE_READ, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(raw));

	for (c = smp_configs; c < smp_configs + ARRAY_SIZE(smp_configs); c++) {
		const char *error = NULL;

		if (!c->target || smp_skipped(c->name, c->paths))
			continue;
		KUNIT_ASSERT_EQ(test, bench_table_params(params, 4096, c->head,
							 c->per_path, smp_nullb,
							 c->paths), 0);
		c->ready = !test_dm_create(&c->dm, c->target, params, &error);
		if (!c->ready)
			kunit_info(test, "BENCH-SKIP %s %u %s\n", c->name,
				   c->paths, error ?: "target not available");
	}

	for (r = 0; r < rounds; r++) {
		for (c = smp_configs; c < smp_configs + ARRAY_SIZE(smp_configs); c++) {
			struct block_device *bdev = c->target ? c->dm.bdev : raw;

			if ((c->target && !c->ready) || c->error ||
			    smp_skipped(c->name, c->paths))
				continue;
			for (m = 0; m < (bench_smp_only ? 1 : SMP_MODES); m++) {
				if (!r && measure(c, bdev, subs, m,
						  bench_smp_bios / 10 + 1,
						  SMP_MAX_ROUNDS))
					break;
				if (measure(c, bdev, subs, m, bench_smp_bios, r))
					break;
			}
			cond_resched();
		}
	}

	for (c = smp_configs; c < smp_configs + ARRAY_SIZE(smp_configs); c++) {
		if ((c->target && !c->ready) || smp_skipped(c->name, c->paths))
			continue;
		if (c->error) {
			kunit_info(test, "BENCH-ERROR %s %u %d 0\n", c->name,
				   c->paths, c->error);
			KUNIT_FAIL(test, "%s (%u paths): a bio failed: %d",
				   c->name, c->paths, c->error);
		} else {
			report(test, c, rounds);
		}
		test_dm_destroy(&c->dm);
	}
	blkdev_put(raw, FMODE_READ);
	__free_page(page);
}

static struct kunit_case bench_smp_cases[] = {
	KUNIT_CASE(bench_smp_throughput),
	{}
};

static struct kunit_suite bench_smp_suite = {
	.name = "bench_smp",
	.test_cases = bench_smp_cases,
};

kunit_test_suite(bench_smp_suite);
