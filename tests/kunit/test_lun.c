// SPDX-License-Identifier: GPL-2.0-only
/*
 * The test LUN shared by the I/O suites: one LUN (brd /dev/ram2) reached
 * through three "paths", each a mpath2_test_path device over it whose errors
 * the test sets, and an mpath2 map over the two. Tests see where every bio
 * went, can make a path fail as a dead link or a bad medium would, and
 * read what was written back from the RAM disk itself.
 */
#include <linux/delay.h>
#include <linux/highmem.h>

#include "mpath2_test.h"

#define LUN_DEV		"1:2"
#define LUN_MINOR	2

int test_lun_init(struct kunit *test)
{
	struct test_lun *f;
	char params[64];
	unsigned int i;
	int r;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	test->priv = f;
	test_paths_reset();
	for (i = 0; i < TEST_LUN_PATHS; i++) {
		snprintf(params, sizeof(params), LUN_DEV " %u", i);
		r = test_dm_create(&f->path[i], "mpath2_test_path", params,
				   NULL);
		KUNIT_ASSERT_EQ(test, r, 0);
	}
	f->lun = blkdev_get_by_dev(MKDEV(TEST_RAM_MAJOR, LUN_MINOR),
				   FMODE_READ, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f->lun));
	f->page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->page);
	return 0;
}

void test_lun_exit(struct kunit *test)
{
	struct test_lun *f = test->priv;
	unsigned int i;

	if (!f)
		return;
	/* Let held I/O go (it fails) before the map goes away. */
	if (f->map.md)
		test_dm_message(&f->map, "fail_if_no_path");
	test_dm_destroy(&f->map);
	for (i = 0; i < TEST_LUN_PATHS; i++)
		test_dm_destroy(&f->path[i]);
	if (!IS_ERR_OR_NULL(f->lun))
		blkdev_put(f->lun, FMODE_READ);
	if (f->page)
		__free_page(f->page);
}

int test_lun_suite_init(struct kunit_suite *suite)
{
	struct block_device *lun;
	int r;

	/*
	 * Claim a volatile write cache for the LUN, as a disk array does, so
	 * that flushes travel down the stack (brd declares none and the block
	 * layer would complete them before they reach mpath2).
	 */
	lun = blkdev_get_by_dev(MKDEV(TEST_RAM_MAJOR, LUN_MINOR), FMODE_READ,
				NULL);
	if (IS_ERR(lun))
		return PTR_ERR(lun);
	/*
	 * And discard support (the test paths complete discards themselves);
	 * the block layer stacks discard limits only with a granularity.
	 */
	r = test_queue_set_cache_discard(bdev_get_queue(lun), 512);
	blkdev_put(lun, FMODE_READ);
	if (r)
		return r;
	return test_path_register();
}

void test_lun_suite_exit(struct kunit_suite *suite)
{
	test_path_unregister();
}

void test_lun_map(struct kunit *test, struct test_lun *f, const char *fmt)
{
	const char *error = NULL;
	char params[200];
	int r;

	snprintf(params, sizeof(params), fmt, f->path[0].devt,
		 f->path[1].devt, f->path[2].devt);
	r = test_dm_create(&f->map, "mpath2", params, &error);
	KUNIT_ASSERT_EQ_MSG(test, r, 0, "%s: %s", params, error);
}

void test_lun_rr_map(struct kunit *test, struct test_lun *f)
{
	test_lun_map(test, f, "0 0 1 1 round-robin 0 2 1 %s 1 %s 1");
}

void test_fill(struct page *page, u32 seed)
{
	u32 *p = kmap_local_page(page);
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(*p); i++)
		p[i] = seed * 2654435761U + i;
	kunmap_local(p);
}

bool test_check(struct page *page, u32 seed)
{
	u32 *p = kmap_local_page(page);
	bool ok = true;
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(*p) && ok; i++)
		ok = p[i] == seed * 2654435761U + i;
	kunmap_local(p);
	return ok;
}

void test_lun_write(struct kunit *test, struct test_lun *f, u32 seed)
{
	unsigned int i;
	int r;

	for (i = 0; i < NR_BLOCKS; i++) {
		test_fill(f->page, seed + i);
		r = test_dm_rw(&f->map, REQ_OP_WRITE, i * 8, f->page);
		KUNIT_ASSERT_EQ_MSG(test, r, 0, "block %u", i);
	}
}

void test_lun_expect_blocks(struct kunit *test, struct test_lun *f, u32 seed)
{
	unsigned int i;

	for (i = 0; i < NR_BLOCKS; i++) {
		KUNIT_ASSERT_EQ(test, test_bdev_rw(f->lun, REQ_OP_READ, i * 8,
						   f->page), 0);
		KUNIT_EXPECT_TRUE_MSG(test, test_check(f->page, seed + i),
				      "block %u differs on the LUN", i);
	}
}

void test_lun_expect_status(struct kunit *test, struct test_lun *f,
			    status_type_t type, const char *fmt)
{
	char want[256], got[256];

	snprintf(want, sizeof(want), fmt, f->path[0].devt, f->path[1].devt);
	test_dm_status(&f->map, type, got, sizeof(got));
	KUNIT_EXPECT_STREQ(test, got, want);
}

/*
 * A burst of reads while one path is slowed by 50 ms: the selector must
 * send at least four times as many to the fast path, whichever is slow.
 */
void test_lun_expect_slow_path_avoided(struct kunit *test, struct test_lun *f)
{
	const unsigned int burst = 64, slow_us = 50000;
	unsigned int bios[2];
	int r;

	r = test_path_slow_burst(test, f->map.bdev, f->page, burst, 1,
				 slow_us, bios);
	KUNIT_ASSERT_EQ(test, r, 0);
	KUNIT_EXPECT_EQ(test, bios[0] + bios[1], burst);
	KUNIT_EXPECT_GE_MSG(test, bios[0], 4 * bios[1], "slow path 1 got %u",
			    bios[1]);
	/* Now path 0 is the slow one: the choice turns around. */
	r = test_path_slow_burst(test, f->map.bdev, f->page, burst, 0,
				 slow_us, bios);
	KUNIT_ASSERT_EQ(test, r, 0);
	KUNIT_EXPECT_GE_MSG(test, bios[1], 4 * bios[0], "slow path 0 got %u",
			    bios[0]);
}

int test_lun_path_message(struct test_lun *f, const char *word,
			  unsigned int path)
{
	char msg[48];

	snprintf(msg, sizeof(msg), "%s %s", word, f->path[path].devt);
	return test_dm_message(&f->map, msg);
}

unsigned int test_path_bios(unsigned int path)
{
	return atomic_read(&test_paths[path].bios);
}

static void test_aio_end_io(struct bio *bio)
{
	struct test_aio *a = bio->bi_private;

	a->status = bio->bi_status;
	bio_put(bio);
	complete(&a->done);
}

void test_aio_submit(struct test_aio *a, struct block_device *bdev,
		     blk_opf_t op, sector_t sector, struct page *page)
{
	struct bio *bio = bio_alloc(bdev, 1, op, GFP_KERNEL);

	init_completion(&a->done);
	bio->bi_iter.bi_sector = sector;
	__bio_add_page(bio, page, PAGE_SIZE, 0);
	bio->bi_private = a;
	bio->bi_end_io = test_aio_end_io;
	submit_bio(bio);
}

int test_aio_wait(struct test_aio *a, unsigned int msecs)
{
	if (!wait_for_completion_timeout(&a->done, msecs_to_jiffies(msecs)))
		return -ETIMEDOUT;
	return blk_status_to_errno(a->status);
}

bool test_aio_pending(struct test_aio *a, unsigned int msecs)
{
	msleep(msecs);
	return !completion_done(&a->done);
}
