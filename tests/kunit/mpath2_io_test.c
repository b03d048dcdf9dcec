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
#include <linux/blk-integrity.h>

#include "bio_record.h"
#include "dm-core.h"
#include "mpath2.h"
#include "mpath2_test.h"

static void mpath2_io_round_robin_spreads(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_rr_map(test, f);
	test_lun_write(test, f, 1);
	test_lun_expect_blocks(test, f, 1);
	/* One bio per 4 KiB write; round-robin alternates. */
	KUNIT_EXPECT_EQ(test, test_path_bios(0) + test_path_bios(1), (unsigned int)NR_BLOCKS);
	KUNIT_EXPECT_GE(test, test_path_bios(0), NR_BLOCKS / 2 - 2U);
	KUNIT_EXPECT_GE(test, test_path_bios(1), NR_BLOCKS / 2 - 2U);
}

static void mpath2_io_status_and_table(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_rr_map(test, f);
	test_lun_expect_status(test, f, STATUSTYPE_TABLE,
			       "2 queue_mode bio 0 1 1 round-robin 0 2 1 %s 1 %s 1 ");
	/*
	 * Before any I/O no group is chosen yet: both are enabled, and
	 * queue_io is 1, as dm-multipath shows it until a bio looks for a path.
	 */
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 1 0 0 1 1 E 0 2 0 %s A 0 %s A 0 ");
	test_lun_write(test, f, 2);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 1 1 A 0 2 0 %s A 0 %s A 0 ");
}

/* Fail path 0 the way @status does, check I/O carries on over path 1. */
static void failover_with(struct kunit *test, blk_status_t status)
{
	struct test_lun *f = test->priv;
	unsigned int before;

	test_lun_rr_map(test, f);
	WRITE_ONCE(test_paths[0].fail_with, status);
	test_lun_write(test, f, 3);
	test_lun_expect_blocks(test, f, 3);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 1 1 A 0 2 0 %s F 1 %s A 0 ");
	/* The failing path was tried exactly once, then left alone. */
	KUNIT_EXPECT_EQ(test, test_path_bios(0), 1U);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), (unsigned int)NR_BLOCKS);

	/* Repaired and reinstated, it carries I/O again. */
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_OK);
	before = test_path_bios(0);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 0), 0);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 1 1 A 0 2 0 %s A 1 %s A 0 ");
	test_lun_write(test, f, 4);
	test_lun_expect_blocks(test, f, 4);
	KUNIT_EXPECT_GE(test, test_path_bios(0) - before, NR_BLOCKS / 2 - 2U);
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
	struct test_lun *f = test->priv;

	test_lun_rr_map(test, f);
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_MEDIUM);
	WRITE_ONCE(test_paths[1].fail_with, BLK_STS_MEDIUM);
	test_fill(f->page, 5);
	KUNIT_EXPECT_EQ(test, test_dm_rw(&f->map, REQ_OP_WRITE, 0, f->page),
			blk_status_to_errno(BLK_STS_MEDIUM));
	KUNIT_EXPECT_EQ(test, test_path_bios(0) + test_path_bios(1), 1U);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 1 1 A 0 2 0 %s A 0 %s A 0 ");
}

static void mpath2_io_all_paths_down_fails_fast(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_rr_map(test, f);
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_IOERR);
	WRITE_ONCE(test_paths[1].fail_with, BLK_STS_IOERR);
	test_fill(f->page, 6);
	KUNIT_EXPECT_EQ(test, test_dm_rw(&f->map, REQ_OP_WRITE, 0, f->page),
			-EIO);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 1 1 E 0 2 0 %s F 1 %s F 1 ");
	/* With no usable path, I/O fails at once without touching a path. */
	KUNIT_EXPECT_EQ(test, test_dm_rw(&f->map, REQ_OP_READ, 0, f->page),
			-EIO);
	KUNIT_EXPECT_EQ(test, test_path_bios(0) + test_path_bios(1), 2U);
}

static void mpath2_io_group_failover(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_map(test, f, "0 0 2 1 round-robin 0 1 0 %s round-robin 0 1 0 %s");
	test_lun_write(test, f, 7);
	KUNIT_EXPECT_EQ(test, test_path_bios(0), (unsigned int)NR_BLOCKS);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 0U);

	/* Group 1 loses its path: I/O moves to group 2. */
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_IOERR);
	test_lun_write(test, f, 8);
	test_lun_expect_blocks(test, f, 8);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), (unsigned int)NR_BLOCKS);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 2 2 E 0 1 0 %s F 1 A 0 1 0 %s A 0 ");

	/* Reinstated, group 1 is not taken back on its own... */
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_OK);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "reinstate_path", 0), 0);
	test_lun_write(test, f, 9);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 2U * NR_BLOCKS);

	/* ...but switch_group moves I/O there. */
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, "switch_group 1"), 0);
	test_lun_write(test, f, 10);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 2U * NR_BLOCKS);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 2 1 A 0 1 0 %s A 1 E 0 1 0 %s A 0 ");

	/* disable_group sends I/O elsewhere and shows the group as D. */
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, "disable_group 1"), 0);
	test_lun_write(test, f, 11);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 3U * NR_BLOCKS);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 2 2 D 0 1 0 %s A 1 A 0 1 0 %s A 0 ");
	/* Enabled again: no group chosen until the next bio. */
	KUNIT_ASSERT_EQ(test, test_dm_message(&f->map, "enable_group 1"), 0);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 2 1 E 0 1 0 %s A 1 E 0 1 0 %s A 0 ");
	test_lun_write(test, f, 13);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 3U * NR_BLOCKS);
}

/*
 * A device that completed part of a bio (blk_update_request advances the
 * bio's iterator), on a chained bio with another end_io, then failed: the
 * retry must see the bio exactly as it was mapped. (A dm test path cannot
 * show this: dm clones bios, so its partial completion never reaches ours.)
 */
static void mpath2_io_restore_after_partial_completion(struct kunit *test)
{
	struct test_lun *f = test->priv;
	struct mpath2_bio_details saved;
	struct bvec_iter iter;
	unsigned long flags;
	struct bio *bio;

	bio = bio_alloc(f->lun, 2, REQ_OP_READ, GFP_KERNEL);
	__bio_add_page(bio, f->page, PAGE_SIZE, 0);
	__bio_add_page(bio, f->page, PAGE_SIZE, 0);
	bio->bi_iter.bi_sector = 64;
	iter = bio->bi_iter;
	flags = bio->bi_flags;

	mpath2_save_bio(&saved, bio);
	bio_advance(bio, PAGE_SIZE + 512);
	bio_set_flag(bio, BIO_CHAIN);
	atomic_set(&bio->__bi_remaining, 0);
	bio->bi_end_io = NULL;
	bio->bi_status = BLK_STS_TRANSPORT;
	mpath2_restore_bio(&saved, bio);

	KUNIT_EXPECT_EQ(test, bio->bi_iter.bi_sector, iter.bi_sector);
	KUNIT_EXPECT_EQ(test, bio->bi_iter.bi_size, iter.bi_size);
	KUNIT_EXPECT_EQ(test, bio->bi_iter.bi_idx, iter.bi_idx);
	KUNIT_EXPECT_EQ(test, bio->bi_iter.bi_bvec_done, iter.bi_bvec_done);
	KUNIT_EXPECT_EQ(test, bio->bi_flags, flags);
	KUNIT_EXPECT_EQ(test, atomic_read(&bio->__bi_remaining), 1);
	KUNIT_EXPECT_EQ(test, bio->bi_status, BLK_STS_OK);
	KUNIT_EXPECT_PTR_EQ(test, bio->bi_end_io, saved.end_io);
	bio_put(bio);
}

/* An empty flush (fsync's cache flush) fails over like any bio. */
static void mpath2_io_flush_fails_over(struct kunit *test)
{
	struct test_lun *f = test->priv;
	unsigned int i;

	test_lun_rr_map(test, f);
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_IOERR);
	/* Round-robin sends one of the two flushes to the failing path. */
	for (i = 0; i < 2; i++)
		KUNIT_EXPECT_EQ(test, test_dm_rw(&f->map, REQ_OP_WRITE |
						 REQ_PREFLUSH, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, test_path_bios(0), 1U);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 2U);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 1 1 A 0 2 0 %s F 1 %s A 0 ");
}

/* A discard fails over like any bio. */
static void mpath2_io_discard_fails_over(struct kunit *test)
{
	struct test_lun *f = test->priv;
	struct bio *bio;
	unsigned int i;

	test_lun_rr_map(test, f);
	KUNIT_ASSERT_TRUE(test, bdev_max_discard_sectors(f->map.bdev) > 0);
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_IOERR);
	for (i = 0; i < 2; i++) {
		bio = bio_alloc(f->map.bdev, 0, REQ_OP_DISCARD, GFP_KERNEL);
		bio->bi_iter.bi_sector = 8 * i;
		bio->bi_iter.bi_size = 4096;
		KUNIT_EXPECT_EQ(test, submit_bio_wait(bio), 0);
		bio_put(bio);
	}
	KUNIT_EXPECT_EQ(test, test_path_bios(0), 1U);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 2U);
}

/*
 * Paths may differ in size as long as each holds the map: while a LUN
 * grows online, some paths show the new size and some the old. Before,
 * such a table was refused ("paths differ in size"), which is the very
 * table a resize loads.
 */
static void mpath2_io_paths_differ_in_size(struct kunit *test)
{
	struct test_lun *f = test->priv;
	const char *error = NULL;
	char params[96];

	/* A test path (1 MiB, the map's length) and a whole RAM disk (4 MiB). */
	snprintf(params, sizeof(params), "0 0 1 1 round-robin 0 2 0 %s 1:3",
		 f->path[0].devt);
	KUNIT_EXPECT_EQ_MSG(test, test_dm_try_table("mpath2", params, &error),
			    0, "%s", error ?: "");
}

/*
 * A path whose disk has gone (capacity 0, as del_gendisk() leaves it) is
 * not a wrong LUN: the table that adds or removes another path still
 * lists it until its own removal, and must load, with that path failed.
 * Before, it was refused ("path smaller than the map"), and a host whose
 * map held two gone disks could neither take one out nor add a new one.
 */
static void mpath2_io_gone_path_starts_failed(struct kunit *test)
{
	struct test_lun *f = test->priv;
	const char *error = NULL;
	char params[96];
	sector_t was;
	int r;

	test_lun_rr_map(test, f);
	was = test_dm_set_capacity(&f->path[1], 0);
	snprintf(params, sizeof(params), "0 0 1 1 round-robin 0 2 1 %s 1 %s 1",
		 f->path[0].devt, f->path[1].devt);
	r = test_dm_reload(&f->map, "mpath2", params, &error);
	test_dm_set_capacity(&f->path[1], was);
	KUNIT_ASSERT_EQ_MSG(test, r, 0, "%s", error ?: "");
	/* I/O goes to the path that is there, none to the gone one. */
	test_lun_write(test, f, 7);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 0U);
	KUNIT_EXPECT_GT(test, test_path_bios(0), 0U);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 0 0 0 1 1 A 0 2 0 %s A 0 %s F 1 ");
	/* A smaller disk that is there is still a wrong LUN. */
	was = test_dm_set_capacity(&f->path[1], 8);
	r = test_dm_try_table("mpath2", params, &error);
	test_dm_set_capacity(&f->path[1], was);
	KUNIT_EXPECT_EQ(test, r, -EINVAL);
	KUNIT_EXPECT_STREQ(test, error ?: "", "path smaller than the map");
}

/* probe_paths fails the paths that cannot read, and only those. */
static void mpath2_io_probe_paths(struct kunit *test)
{
	struct test_lun *f = test->priv;

	test_lun_rr_map(test, f);
	KUNIT_EXPECT_EQ(test, test_dm_message(&f->map, "probe_paths"), 0);
	KUNIT_EXPECT_EQ(test, test_path_bios(0), 1U);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 1U);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 1 0 0 1 1 E 0 2 0 %s A 0 %s A 0 ");

	/* A medium error is the LUN's problem, not the path's. */
	WRITE_ONCE(test_paths[1].fail_with, BLK_STS_MEDIUM);
	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_IOERR);
	KUNIT_EXPECT_EQ(test, test_dm_message(&f->map, "probe_paths"), 0);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 1 0 0 1 1 E 0 2 0 %s F 1 %s A 0 ");

	/* No usable path left: -ENOTCONN. */
	WRITE_ONCE(test_paths[1].fail_with, BLK_STS_TRANSPORT);
	KUNIT_EXPECT_EQ(test, test_dm_message(&f->map, "probe_paths"),
			-ENOTCONN);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 1 0 0 1 1 E 0 2 0 %s F 1 %s F 1 ");
}

/* ioctls go to a usable path; with none they fail instead of hanging. */
static void mpath2_io_prepare_ioctl(struct kunit *test)
{
	struct test_lun *f = test->priv;
	struct block_device *bdev = NULL;
	struct dm_target *ti;
	struct dm_table *t;
	int srcu_idx, r;

	test_lun_rr_map(test, f);
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", 0), 0);
	t = dm_get_live_table(f->map.md, &srcu_idx);
	ti = dm_table_get_target(t, 0);
	r = ti->type->prepare_ioctl(ti, &bdev);
	KUNIT_EXPECT_EQ(test, r, 0);
	KUNIT_EXPECT_PTR_EQ(test, bdev, f->path[1].bdev);
	dm_put_live_table(f->map.md, srcu_idx);

	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", 1), 0);
	t = dm_get_live_table(f->map.md, &srcu_idx);
	ti = dm_table_get_target(t, 0);
	KUNIT_EXPECT_EQ(test, ti->type->prepare_ioctl(ti, &bdev), -EIO);
	dm_put_live_table(f->map.md, srcu_idx);
}

/* The dm event count after @msg, once mpath2's event work has run. */
static u32 events_after(struct kunit *test, struct test_lun *f, const char *msg)
{
	KUNIT_EXPECT_EQ_MSG(test, test_dm_message(&f->map, msg), 0, "%s", msg);
	flush_workqueue(mpath2_wq);
	return dm_get_event_nr(f->map.md);
}

/*
 * Every change userspace must notice raises a dm table event (what
 * `dmsetup wait` and DM_DEV_ARM_POLL wake on); a message that changes
 * nothing raises none.
 */
static void mpath2_io_state_changes_raise_events(struct kunit *test)
{
	static const char *const changes[] = {
		"switch_group 1", "disable_group 1", "enable_group 1",
		"queue_if_no_path", "fail_if_no_path",
	};
	struct test_lun *f = test->priv;
	char msg[48];
	u32 ev, next;
	unsigned int i;

	test_lun_rr_map(test, f);
	flush_workqueue(mpath2_wq);
	ev = dm_get_event_nr(f->map.md);

	snprintf(msg, sizeof(msg), "fail_path %s", f->path[0].devt);
	next = events_after(test, f, msg);
	KUNIT_EXPECT_GT_MSG(test, next, ev, "%s", msg);
	ev = next;
	KUNIT_EXPECT_EQ_MSG(test, events_after(test, f, msg), ev,
			    "failing a failed path is no change");
	snprintf(msg, sizeof(msg), "reinstate_path %s", f->path[0].devt);
	next = events_after(test, f, msg);
	KUNIT_EXPECT_GT_MSG(test, next, ev, "%s", msg);
	ev = next;
	for (i = 0; i < ARRAY_SIZE(changes); i++) {
		next = events_after(test, f, changes[i]);
		KUNIT_EXPECT_GT_MSG(test, next, ev, "%s", changes[i]);
		ev = next;
	}

	/* A path failed by I/O raises one too. */
	WRITE_ONCE(test_paths[1].fail_with, BLK_STS_IOERR);
	test_lun_write(test, f, 71);
	flush_workqueue(mpath2_wq);
	KUNIT_EXPECT_GT(test, dm_get_event_nr(f->map.md), ev);
}

/* Bad messages are refused and change nothing. */
static void mpath2_io_bad_messages(struct kunit *test)
{
	static const char *const bad[] = {
		"", "nosuch 1", "fail_path", "fail_path 1:2 1:2",
		"reinstate_path", "fail_path /dev/nosuch", "fail_path 250:250",
		"fail_path 1:2" /* the LUN, not a path */, "fail_path 1:5", "switch_group 0",
		"switch_group 2", "switch_group x", "switch_group -1",
		"disable_group 4294967296", "enable_group 1x", "queue_if_no_path 1",
		"fail_if_no_path x",
	};
	struct test_lun *f = test->priv;
	char before[256], after[256];
	unsigned int i;

	test_lun_rr_map(test, f);
	test_dm_status(&f->map, STATUSTYPE_INFO, before, sizeof(before));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_LT_MSG(test, test_dm_message(&f->map, bad[i]), 0,
				    "'%s' accepted", bad[i]);
		test_dm_status(&f->map, STATUSTYPE_INFO, after, sizeof(after));
		KUNIT_EXPECT_STREQ_MSG(test, after, before, "after '%s'", bad[i]);
	}

	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", 1), 0);
	test_lun_expect_status(test, f, STATUSTYPE_INFO,
			       "2 1 0 0 1 1 E 0 2 0 %s A 0 %s F 1 ");
	/* Failing a failed path again is harmless and counts nothing. */
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", 1), 0);
	test_lun_write(test, f, 12);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), 0U);
}

/*
 * The errnos dm-multipath gives, which tools test for: a device that is
 * not a path of the map is -EINVAL; while the map is suspended a message
 * that changes state is -EBUSY and changes nothing, while path_stats still
 * answers.
 */
static void mpath2_io_message_errnos(struct kunit *test)
{
	struct test_lun *f = test->priv;
	char before[256], after[256], stats[512];

	test_lun_rr_map(test, f);
	/* 1:2 is the LUN under the test paths: it exists, it is no path. */
	KUNIT_EXPECT_EQ(test, test_dm_message(&f->map, "fail_path 1:2"),
			-EINVAL);
	KUNIT_ASSERT_EQ(test, dm_suspend(f->map.md, 0), 0);
	test_dm_status(&f->map, STATUSTYPE_INFO, before, sizeof(before));
	KUNIT_EXPECT_EQ(test, test_lun_path_message(f, "fail_path", 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, test_dm_message(&f->map, "fail_if_no_path"),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, test_dm_message(&f->map, "switch_group 1"),
			-EBUSY);
	test_dm_status(&f->map, STATUSTYPE_INFO, after, sizeof(after));
	KUNIT_EXPECT_STREQ(test, after, before);
	KUNIT_EXPECT_EQ(test, test_dm_message_result(&f->map, "path_stats",
						     stats, sizeof(stats)), 1);
	KUNIT_ASSERT_EQ(test, dm_resume(f->map.md), 0);
	KUNIT_EXPECT_EQ(test, test_lun_path_message(f, "fail_path", 0), 0);
}

/*
 * The integrity case uses blk_integrity_register(), gone in 6.11 (the
 * profile moved into the queue limits); the finding it covers is 6.1's.
 */
#if !TEST_KERNEL_SINCE(6, 11)
#define TEST_INTEGRITY_CASE
#endif

#ifdef TEST_INTEGRITY_CASE
static void integrity_probe_end_io(struct bio *bio)
{
	bool *kept = bio->bi_private;

	*kept = bio_integrity(bio);
}

/* Does this kernel's bio_endio() leave a bio's payload to its bi_end_io? */
static bool payload_survives_endio(struct kunit *test,
				   struct block_device *bdev, struct page *pi)
{
	struct bio *bio = bio_alloc(bdev, 1, REQ_OP_WRITE, GFP_KERNEL);
	bool kept = false;

	KUNIT_ASSERT_FALSE(test, IS_ERR(bio_integrity_alloc(bio, GFP_KERNEL, 1)));
	KUNIT_ASSERT_EQ(test, bio_integrity_add_page(bio, pi, 8, 0), 8);
	bio->bi_private = &kept;
	bio->bi_end_io = integrity_probe_end_io;
	bio_endio(bio);
	bio_put(bio);
	return kept;
}

/*
 * A bio that reaches the map carrying an integrity payload fails on path
 * 0. Where completing the bio frees the payload before mpath2's end_io
 * (6.1), the retry would hand the freed payload to path 1 (a use after
 * free, and the submitter's protection information silently lost): the
 * bio must fail up instead. Where the payload survives, it fails over.
 */
static void mpath2_io_integrity_failover(struct kunit *test)
{
	struct blk_integrity nop = { .tuple_size = 8, .interval_exp = 9 };
	struct test_lun *f = test->priv;
	struct test_dm *disks[] = { &f->map, &f->path[0], &f->path[1] };
	struct page *pi;
	struct bio *bio;
	unsigned int i;
	bool survives;
	int r;

	/* Two groups of one path: the first bio goes to path 0. */
	test_lun_map(test, f, "0 0 2 1 round-robin 0 1 1 %s 1 round-robin 0 1 1 %s 1");
	/*
	 * dm core trims a clone's payload by the disk's profile: the map and
	 * both paths get one (8 bytes per 512-byte interval, no checks).
	 */
	for (i = 0; i < ARRAY_SIZE(disks); i++)
		blk_integrity_register(dm_disk(disks[i]->md), &nop);
	pi = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pi);
	survives = payload_survives_endio(test, f->map.bdev, pi);
	kunit_info(test, "payload survives bio_endio: %d", survives);

	WRITE_ONCE(test_paths[0].fail_with, BLK_STS_IOERR);
	test_fill(f->page, 86);
	bio = bio_alloc(f->map.bdev, 1, REQ_OP_WRITE, GFP_KERNEL);
	__bio_add_page(bio, f->page, PAGE_SIZE, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(bio_integrity_alloc(bio, GFP_KERNEL, 1)));
	KUNIT_ASSERT_EQ(test, bio_integrity_add_page(bio, pi, 64, 0), 64);
	r = submit_bio_wait(bio);
	bio_put(bio);
	__free_page(pi);
	for (i = 0; i < ARRAY_SIZE(disks); i++)
		blk_integrity_unregister(dm_disk(disks[i]->md));

	KUNIT_EXPECT_EQ(test, test_path_bios(0), 1U);
	if (survives) {
		KUNIT_EXPECT_EQ(test, r, 0);
		KUNIT_EXPECT_EQ(test, test_path_bios(1), 1U);
	} else {
		KUNIT_EXPECT_EQ(test, r, -EIO);
		KUNIT_EXPECT_EQ(test, test_path_bios(1), 0U);
	}
	/* Either way path 0 failed: the next write goes to path 1. */
	test_fill(f->page, 87);
	KUNIT_EXPECT_EQ(test, test_dm_rw(&f->map, REQ_OP_WRITE, 0, f->page), 0);
	KUNIT_EXPECT_EQ(test, test_path_bios(0), 1U);
	KUNIT_EXPECT_EQ(test, test_path_bios(1), survives ? 2U : 1U);
}
#endif

/* IMA's measurement of the map, in dm-multipath's keys. */
#define IMA_FMT "target_name=mpath2,target_version=%u.%u.%u," \
	"nr_priority_groups=1,pg_state_0=E,nr_pgpaths_0=2," \
	"path_selector_name_0=round-robin," \
	"path_name_0_0=%%s,is_active_0_0=A,fail_count_0_0=0," \
	"path_selector_status_0_0=," \
	"path_name_0_1=%%s,is_active_0_1=F,fail_count_0_1=1," \
	"path_selector_status_0_1=;"

static void mpath2_io_status_ima(struct kunit *test)
{
	struct test_lun *f = test->priv;
	const unsigned int *v;
	char want[512];

	test_lun_rr_map(test, f);
	v = test_dm_target(&f->map)->type->version;
	KUNIT_ASSERT_EQ(test, test_lun_path_message(f, "fail_path", 1), 0);
	snprintf(want, sizeof(want), IMA_FMT, v[0], v[1], v[2]);
	test_lun_expect_status(test, f, STATUSTYPE_IMA, want);
}

/* The per-bio data dm core allocates with every bio: 64 bytes at most. */
static void mpath2_io_per_bio_size(struct kunit *test)
{
	size_t plain = sizeof(struct mpath2_io);

#ifdef CONFIG_BLK_DEV_INTEGRITY
	/* What it would be without the integrity fields (they come last). */
	plain = offsetof(struct mpath2_io, saved) +
		ALIGN(offsetof(struct mpath2_bio_details, integrity) +
		      sizeof(unsigned short), sizeof(void *));
#endif
	kunit_info(test, "struct mpath2_io: %zu bytes, %zu without integrity",
		   sizeof(struct mpath2_io), plain);
	KUNIT_EXPECT_LE(test, plain, 64);
	KUNIT_EXPECT_LE(test, sizeof(struct mpath2_io), 88);
}

static struct kunit_case mpath2_io_cases[] = {
	KUNIT_CASE(mpath2_io_per_bio_size),
	KUNIT_CASE(mpath2_io_round_robin_spreads),
	KUNIT_CASE(mpath2_io_status_and_table),
	KUNIT_CASE(mpath2_io_failover_on_ioerr),
	KUNIT_CASE(mpath2_io_failover_on_transport_error),
	KUNIT_CASE(mpath2_io_medium_error_passes_through),
	KUNIT_CASE(mpath2_io_all_paths_down_fails_fast),
	KUNIT_CASE(mpath2_io_group_failover),
	KUNIT_CASE(mpath2_io_restore_after_partial_completion),
	KUNIT_CASE(mpath2_io_flush_fails_over),
	KUNIT_CASE(mpath2_io_discard_fails_over),
	KUNIT_CASE(mpath2_io_paths_differ_in_size),
	KUNIT_CASE(mpath2_io_gone_path_starts_failed),
	KUNIT_CASE(mpath2_io_probe_paths),
	KUNIT_CASE(mpath2_io_prepare_ioctl),
	KUNIT_CASE(mpath2_io_state_changes_raise_events),
	KUNIT_CASE(mpath2_io_bad_messages),
	KUNIT_CASE(mpath2_io_message_errnos),
	KUNIT_CASE(mpath2_io_status_ima),
#ifdef TEST_INTEGRITY_CASE
	KUNIT_CASE(mpath2_io_integrity_failover),
#endif
	{}
};

static struct kunit_suite mpath2_io_suite = {
	.name = "mpath2_io",
	.init = test_lun_init,
	.exit = test_lun_exit,
	.suite_init = test_lun_suite_init,
	.suite_exit = test_lun_suite_exit,
	.test_cases = mpath2_io_cases,
};

kunit_test_suite(mpath2_io_suite);
