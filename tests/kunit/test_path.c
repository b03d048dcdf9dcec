// SPDX-License-Identifier: GPL-2.0-only
/*
 * "mpath2_test_path": a dm target used as a path under mpath2 in tests.
 * `<dev> <id>`: bios are counted in test_paths[id] and remapped to <dev>,
 * or, while test_paths[id].fail_with is set, completed with that status,
 * as a dead link (BLK_STS_IOERR, BLK_STS_TRANSPORT) or a medium error
 * (BLK_STS_MEDIUM) would complete them.
 *
 * A slow path: while test_paths[id].delay_us is set, each bio's completion
 * is held that long by a timer in the bio's per-bio data, then let go.
 * Nothing is shared between bios (no lock, nothing to clean up); a held
 * bio is still in flight, so a test waits for its I/O, as for any I/O,
 * before the device goes away. While test_paths[id].fail_late is set, a
 * held bio completes with that status when let go (read at that moment):
 * a bio that is in flight when a test acts, and fails afterwards.
 */
#include <linux/hrtimer.h>
#include <linux/module.h>

#include "mpath2_test.h"

#define DM_MSG_PREFIX "mpath2 test path"

struct test_path_ctl test_paths[TEST_PATH_IDS];

struct test_path {
	struct dm_dev *dev;
	struct test_path_ctl *ctl;
};

/* Per-bio data: the timer holding a slow completion. */
struct tp_io {
	struct hrtimer timer;
	struct bio *bio;
	struct test_path_ctl *ctl;
	bool held;		/* the completion was held once already */
};

static int tp_ctr(struct dm_target *ti, unsigned int argc, char **argv)
{
	struct test_path *tp;
	unsigned int id;
	char dummy;
	int r;

	if (argc != 2 || sscanf(argv[1], "%u%c", &id, &dummy) != 1 ||
	    id >= TEST_PATH_IDS) {
		ti->error = "usage: <dev> <id>";
		return -EINVAL;
	}
	tp = kzalloc(sizeof(*tp), GFP_KERNEL);
	if (!tp)
		return -ENOMEM;
	r = dm_get_device(ti, argv[0], dm_table_get_mode(ti->table), &tp->dev);
	if (r) {
		kfree(tp);
		ti->error = "device lookup failed";
		return r;
	}
	tp->ctl = &test_paths[id];
	ti->private = tp;
	ti->num_flush_bios = 1;
	ti->num_discard_bios = 1;
	/* It completes discards itself (below), whatever the disk can do. */
	ti->discards_supported = true;
	ti->num_write_zeroes_bios = 1;
	ti->per_io_data_size = sizeof(struct tp_io);
	return 0;
}

static void tp_dtr(struct dm_target *ti)
{
	struct test_path *tp = ti->private;

	dm_put_device(ti, tp->dev);
	kfree(tp);
}

static int tp_map(struct dm_target *ti, struct bio *bio)
{
	struct test_path *tp = ti->private;
	blk_status_t fail_with = READ_ONCE(tp->ctl->fail_with);
	struct tp_io *io = dm_per_bio_data(bio, sizeof(*io));

	io->held = false;
	atomic_inc(&tp->ctl->bios);
	if (fail_with) {
		bio->bi_status = fail_with;
		bio_endio(bio);
		return DM_MAPIO_SUBMITTED;
	}
	/* brd (6.1) cannot discard: a test path completes discards itself. */
	if (bio_op(bio) == REQ_OP_DISCARD) {
		bio_endio(bio);
		return DM_MAPIO_SUBMITTED;
	}
	bio_set_dev(bio, tp->dev->bdev);
	return DM_MAPIO_REMAPPED;
}

/* The slow path's timer: complete the bio again, for good this time. */
static enum hrtimer_restart tp_release(struct hrtimer *timer)
{
	struct tp_io *io = container_of(timer, struct tp_io, timer);
	blk_status_t fail_late = READ_ONCE(io->ctl->fail_late);

	if (fail_late)
		io->bio->bi_status = fail_late;
	/* May free @io: the timer is not touched after NORESTART. */
	bio_endio(io->bio);
	return HRTIMER_NORESTART;
}

static int tp_end_io(struct dm_target *ti, struct bio *bio,
		     blk_status_t *error)
{
	struct test_path *tp = ti->private;
	struct tp_io *io = dm_per_bio_data(bio, sizeof(*io));
	unsigned int delay_us = READ_ONCE(tp->ctl->delay_us);

	if (io->held || !delay_us)
		return DM_ENDIO_DONE;
	/* Hold it: dm core waits for the second bio_endio() from the timer. */
	io->held = true;
	io->bio = bio;
	io->ctl = tp->ctl;
	hrtimer_setup(&io->timer, tp_release, CLOCK_MONOTONIC,
		      HRTIMER_MODE_REL_SOFT);
	hrtimer_start(&io->timer, ns_to_ktime(delay_us * NSEC_PER_USEC),
		      HRTIMER_MODE_REL_SOFT);
	return DM_ENDIO_INCOMPLETE;
}

static int tp_iterate_devices(struct dm_target *ti,
			      iterate_devices_callout_fn fn, void *data)
{
	struct test_path *tp = ti->private;

	return fn(ti, tp->dev, 0, ti->len, data);
}

static struct target_type test_path_target = {
	.name = "mpath2_test_path",
	.version = {1, 0, 0},
	.module = THIS_MODULE,
	.ctr = tp_ctr,
	.dtr = tp_dtr,
	.map = tp_map,
	.end_io = tp_end_io,
	.iterate_devices = tp_iterate_devices,
};

static int test_path_users;

int test_path_register(void)
{
	if (test_path_users++)
		return 0;
	return dm_register_target(&test_path_target);
}

void test_path_unregister(void)
{
	if (!--test_path_users)
		dm_unregister_target(&test_path_target);
}

void test_paths_reset(void)
{
	unsigned int i;

	for (i = 0; i < TEST_PATH_IDS; i++) {
		atomic_set(&test_paths[i].bios, 0);
		WRITE_ONCE(test_paths[i].fail_with, BLK_STS_OK);
		WRITE_ONCE(test_paths[i].delay_us, 0);
		WRITE_ONCE(test_paths[i].fail_late, BLK_STS_OK);
	}
}

int test_path_slow_burst(struct kunit *test, struct block_device *bdev,
			 struct page *page, unsigned int nr, unsigned int slow,
			 unsigned int delay_us, unsigned int *bios)
{
	struct test_aio *aio = kcalloc(nr, sizeof(*aio), GFP_KERNEL);
	unsigned int i, before[2];
	bool in_flight = false;
	int failed = 0, r;

	if (!aio)
		return -ENOMEM;
	for (i = 0; i < 2; i++)
		before[i] = atomic_read(&test_paths[i].bios);
	WRITE_ONCE(test_paths[slow].delay_us, delay_us);
	for (i = 0; i < nr; i++)
		test_aio_submit(&aio[i], bdev, REQ_OP_READ, i * 8, page);
	for (i = 0; i < nr; i++) {
		r = test_aio_wait(&aio[i], 10000);
		failed += !!r;
		in_flight |= r == -ETIMEDOUT;
	}
	WRITE_ONCE(test_paths[slow].delay_us, 0);
	for (i = 0; i < 2; i++)
		bios[i] = atomic_read(&test_paths[i].bios) - before[i];
	kunit_info(test, "path %u slow: paths got %u and %u bios\n", slow,
		   bios[0], bios[1]);
	/* A bio still in flight owns its test_aio: leak rather than free. */
	if (!in_flight)
		kfree(aio);
	return failed;
}
