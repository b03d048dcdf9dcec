// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2_io: real mpath2 devices doing I/O in UML.
 *
 * One LUN (brd /dev/ram2) is reached through two "paths", each a
 * mpath2_test_path device over it whose errors the test sets, so the test
 * sees where every bio went and can make a path fail the way a dead link
 * or a bad medium would. Data written through mpath2 is read back from the
 * RAM disk itself.
 */
#include <linux/highmem.h>

#include "mpath2_test.h"

#define LUN_DEV		"1:2"
#define LUN_MINOR	2
#define NR_BLOCKS	64	/* 4 KiB blocks written per test */

struct io_fixture {
	struct test_dm path[2];
	struct test_dm map;
	struct block_device *lun;
	struct page *page;
};

static int io_init(struct kunit *test)
{
	struct io_fixture *f;
	char params[64];
	unsigned int i;
	int r;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	test->priv = f;
	test_paths_reset();
	for (i = 0; i < 2; i++) {
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

static void io_exit(struct kunit *test)
{
	struct io_fixture *f = test->priv;

	if (!f)
		return;
	test_dm_destroy(&f->map);
	test_dm_destroy(&f->path[1]);
	test_dm_destroy(&f->path[0]);
	if (!IS_ERR_OR_NULL(f->lun))
		blkdev_put(f->lun, FMODE_READ);
	if (f->page)
		__free_page(f->page);
}

static void create_map(struct kunit *test, struct io_fixture *f,
		       const char *fmt)
{
	const char *error = NULL;
	char params[160];
	int r;

	snprintf(params, sizeof(params), fmt, f->path[0].devt,
		 f->path[1].devt);
	r = test_dm_create(&f->map, "mpath2", params, &error);
	KUNIT_ASSERT_EQ_MSG(test, r, 0, "%s: %s", params, error);
}

static void create_rr_map(struct kunit *test, struct io_fixture *f)
{
	create_map(test, f, "0 0 1 1 round-robin 0 2 1 %s 1 %s 1");
}

static void fill(struct page *page, u32 seed)
{
	u32 *p = kmap_local_page(page);
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(*p); i++)
		p[i] = seed * 2654435761U + i;
	kunmap_local(p);
}

static bool check(struct page *page, u32 seed)
{
	u32 *p = kmap_local_page(page);
	bool ok = true;
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(*p) && ok; i++)
		ok = p[i] == seed * 2654435761U + i;
	kunmap_local(p);
	return ok;
}

/* Write NR_BLOCKS distinct blocks through the map; all must succeed. */
static void write_blocks(struct kunit *test, struct io_fixture *f, u32 seed)
{
	unsigned int i;
	int r;

	for (i = 0; i < NR_BLOCKS; i++) {
		fill(f->page, seed + i);
		r = test_dm_rw(&f->map, REQ_OP_WRITE, i * 8, f->page);
		KUNIT_ASSERT_EQ_MSG(test, r, 0, "block %u", i);
	}
}

/* Every block is on the LUN itself, whichever path carried it. */
static void expect_blocks_on_lun(struct kunit *test, struct io_fixture *f,
				 u32 seed)
{
	unsigned int i;

	for (i = 0; i < NR_BLOCKS; i++) {
		KUNIT_ASSERT_EQ(test, test_bdev_rw(f->lun, REQ_OP_READ, i * 8,
						   f->page), 0);
		KUNIT_EXPECT_TRUE_MSG(test, check(f->page, seed + i),
				      "block %u differs on the LUN", i);
	}
}

static void expect_status(struct kunit *test, struct io_fixture *f,
			  status_type_t type, const char *fmt)
{
	char want[256], got[256];

	snprintf(want, sizeof(want), fmt, f->path[0].devt, f->path[1].devt);
	test_dm_status(&f->map, type, got, sizeof(got));
	KUNIT_EXPECT_STREQ(test, got, want);
}

static unsigned int bios(unsigned int path)
{
	return atomic_read(&test_paths[path].bios);
}

static void mpath2_io_round_robin_spreads(struct kunit *test)
{
	struct io_fixture *f = test->priv;

	create_rr_map(test, f);
	write_blocks(test, f, 1);
	expect_blocks_on_lun(test, f, 1);
	/* One bio per 4 KiB write; round-robin alternates. */
	KUNIT_EXPECT_EQ(test, bios(0) + bios(1), (unsigned int)NR_BLOCKS);
	KUNIT_EXPECT_GE(test, bios(0), NR_BLOCKS / 2 - 2U);
	KUNIT_EXPECT_GE(test, bios(1), NR_BLOCKS / 2 - 2U);
}

static void mpath2_io_status_and_table(struct kunit *test)
{
	struct io_fixture *f = test->priv;

	create_rr_map(test, f);
	expect_status(test, f, STATUSTYPE_TABLE,
		      "2 queue_mode bio 0 1 1 round-robin 0 2 1 %s 1 %s 1 ");
	/* Before any I/O no group is chosen yet: both are enabled. */
	expect_status(test, f, STATUSTYPE_INFO,
		      "2 0 0 0 1 1 E 0 2 0 %s A 0 %s A 0 ");
	write_blocks(test, f, 2);
	expect_status(test, f, STATUSTYPE_INFO,
		      "2 0 0 0 1 1 A 0 2 0 %s A 0 %s A 0 ");
}

/* Fail path 0 the way @status does, check I/O carries on over path 1. */
static void failover_with(struct kunit *test, blk_status_t status)
{
	struct io_fixture *f = test->priv;
	unsigned int before;
	char msg[48];

	create_rr_map(test, f);
	WRITE_ONCE(test_paths[0].fail_with, status);
	write_blocks(test, f, 3);
	expect_blocks_on_lun(test, f, 3);
	expect_status(test, f, STATUSTYPE_INFO,
		      "2 0 0 0 1 1 A 0 2 0 %s F 1 %s A 0 ");
	/* The failing path was tried exactly once, then left alone. */
	KUNIT_EXPECT_EQ(test, bios(0), 1U);
	KUNIT_EXPECT_EQ(test, bios(1), (unsigned int)NR_BLOCKS);

	/* Repaired and reinstated, it carries I/O again. */
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_OK);
	before = bios(0);
	snprintf(msg, sizeof(msg), "reinstate_path %s", f->path[0].devt);
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, msg), 0);
	expect_status(test, f, STATUSTYPE_INFO,
		      "2 0 0 0 1 1 A 0 2 0 %s A 1 %s A 0 ");
	write_blocks(test, f, 4);
	expect_blocks_on_lun(test, f, 4);
	KUNIT_EXPECT_GE(test, bios(0) - before, NR_BLOCKS / 2 - 2U);
}

static void mpath2_io_failover_on_ioerr(struct kunit *test)
{
	failover_with(test, BLK_STS_IOERR);
}

static void mpath2_io_failover_on_transport_error(struct kunit *test)
{
	failover_with(test, BLK_STS_TRANSPORT);
}

/* Errors another path cannot fix reach the caller; no path is failed. */
static void mpath2_io_medium_error_passes_through(struct kunit *test)
{
	struct io_fixture *f = test->priv;

	create_rr_map(test, f);
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_MEDIUM);
	WRITE_ONCE(test_paths[1].fail_with, BLK_STS_MEDIUM);
	fill(f->page, 5);
	KUNIT_EXPECT_EQ(test, test_dm_rw(&f->map, REQ_OP_WRITE, 0, f->page),
			blk_status_to_errno(BLK_STS_MEDIUM));
	KUNIT_EXPECT_EQ(test, bios(0) + bios(1), 1U);
	expect_status(test, f, STATUSTYPE_INFO,
		      "2 0 0 0 1 1 A 0 2 0 %s A 0 %s A 0 ");
}

static void mpath2_io_all_paths_down_fails_fast(struct kunit *test)
{
	struct io_fixture *f = test->priv;

	create_rr_map(test, f);
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_IOERR);
	WRITE_ONCE(test_paths[1].fail_with, BLK_STS_IOERR);
	fill(f->page, 6);
	KUNIT_EXPECT_EQ(test, test_dm_rw(&f->map, REQ_OP_WRITE, 0, f->page),
			-EIO);
	expect_status(test, f, STATUSTYPE_INFO,
		      "2 0 0 0 1 1 E 0 2 0 %s F 1 %s F 1 ");
	/* With no usable path, I/O fails at once without touching a path. */
	KUNIT_EXPECT_EQ(test, test_dm_rw(&f->map, REQ_OP_READ, 0, f->page),
			-EIO);
	KUNIT_EXPECT_EQ(test, bios(0) + bios(1), 2U);
}

static void mpath2_io_group_failover(struct kunit *test)
{
	struct io_fixture *f = test->priv;
	char msg[48];

	create_map(test, f, "0 0 2 1 round-robin 0 1 0 %s round-robin 0 1 0 %s");
	write_blocks(test, f, 7);
	KUNIT_EXPECT_EQ(test, bios(0), (unsigned int)NR_BLOCKS);
	KUNIT_EXPECT_EQ(test, bios(1), 0U);

	/* Group 1 loses its path: I/O moves to group 2. */
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_IOERR);
	write_blocks(test, f, 8);
	expect_blocks_on_lun(test, f, 8);
	KUNIT_EXPECT_EQ(test, bios(1), (unsigned int)NR_BLOCKS);
	expect_status(test, f, STATUSTYPE_INFO,
		      "2 0 0 0 2 2 E 0 1 0 %s F 1 A 0 1 0 %s A 0 ");

	/* Reinstated, group 1 is not taken back on its own... */
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_OK);
	snprintf(msg, sizeof(msg), "reinstate_path %s", f->path[0].devt);
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, msg), 0);
	write_blocks(test, f, 9);
	KUNIT_EXPECT_EQ(test, bios(1), 2U * NR_BLOCKS);

	/* ...but switch_group moves I/O there. */
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, "switch_group 1"), 0);
	write_blocks(test, f, 10);
	KUNIT_EXPECT_EQ(test, bios(1), 2U * NR_BLOCKS);
	expect_status(test, f, STATUSTYPE_INFO,
		      "2 0 0 0 2 1 A 0 1 0 %s A 1 E 0 1 0 %s A 0 ");

	/* disable_group sends I/O elsewhere and shows the group as D. */
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, "disable_group 1"), 0);
	write_blocks(test, f, 11);
	KUNIT_EXPECT_EQ(test, bios(1), 3U * NR_BLOCKS);
	expect_status(test, f, STATUSTYPE_INFO,
		      "2 0 0 0 2 2 D 0 1 0 %s A 1 A 0 1 0 %s A 0 ");
	/* Enabled again: no group chosen until the next bio. */
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, "enable_group 1"), 0);
	expect_status(test, f, STATUSTYPE_INFO,
		      "2 0 0 0 2 1 E 0 1 0 %s A 1 E 0 1 0 %s A 0 ");
	write_blocks(test, f, 13);
	KUNIT_EXPECT_EQ(test, bios(1), 3U * NR_BLOCKS);
}

/* Bad messages are refused and change nothing. */
static void mpath2_io_bad_messages(struct kunit *test)
{
	static const char *const bad[] = {
		"", "nosuch 1", "fail_path", "fail_path 1:2 1:2",
		"reinstate_path", "fail_path /dev/nosuch", "fail_path 250:250",
		"fail_path " LUN_DEV, "fail_path 1:5", "switch_group 0",
		"switch_group 2", "switch_group x", "switch_group -1",
		"disable_group 4294967296", "enable_group 1x", "queue_if_no_path",
	};
	struct io_fixture *f = test->priv;
	char before[256], after[256], msg[48];
	unsigned int i;

	create_rr_map(test, f);
	test_dm_status(&f->map, STATUSTYPE_INFO, before, sizeof(before));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_LT_MSG(test, test_dm_message(&f->map, bad[i]), 0,
				    "'%s' accepted", bad[i]);
		test_dm_status(&f->map, STATUSTYPE_INFO, after, sizeof(after));
		KUNIT_EXPECT_STREQ_MSG(test, after, before, "after '%s'", bad[i]);
	}

	snprintf(msg, sizeof(msg), "fail_path %s", f->path[1].devt);
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, msg), 0);
	expect_status(test, f, STATUSTYPE_INFO,
		      "2 0 0 0 1 1 E 0 2 0 %s A 0 %s F 1 ");
	/* Failing a failed path again is harmless and counts nothing. */
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, msg), 0);
	write_blocks(test, f, 12);
	KUNIT_EXPECT_EQ(test, bios(1), 0U);
}

static int io_suite_init(struct kunit_suite *suite)
{
	return test_path_register();
}

static void io_suite_exit(struct kunit_suite *suite)
{
	test_path_unregister();
}

static struct kunit_case mpath2_io_cases[] = {
	KUNIT_CASE(mpath2_io_round_robin_spreads),
	KUNIT_CASE(mpath2_io_status_and_table),
	KUNIT_CASE(mpath2_io_failover_on_ioerr),
	KUNIT_CASE(mpath2_io_failover_on_transport_error),
	KUNIT_CASE(mpath2_io_medium_error_passes_through),
	KUNIT_CASE(mpath2_io_all_paths_down_fails_fast),
	KUNIT_CASE(mpath2_io_group_failover),
	KUNIT_CASE(mpath2_io_bad_messages),
	{}
};

static struct kunit_suite mpath2_io_suite = {
	.name = "mpath2_io",
	.init = io_init,
	.exit = io_exit,
	.suite_init = io_suite_init,
	.suite_exit = io_suite_exit,
	.test_cases = mpath2_io_cases,
};

kunit_test_suite(mpath2_io_suite);
