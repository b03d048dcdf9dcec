// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-bio hot path of mpath2, top to bottom:
 *
 *   mpath2_map()       record the bio, choose a path, remap it
 *   mpath2_end_io()    on a path error: fail the path, requeue the bio
 *   mpath2_queue_work() restore queued bios and map them again
 *
 * map and end_io take no lock and allocate nothing on the normal path:
 * they read the current group locklessly and let its selector choose.
 * Only when there is no usable path in the current group, or a bio failed,
 * do they fall into the locked slow paths in state.c and queue.c.
 *
 * A failed bio is resubmitted only after the lower device has completed
 * it, exactly as it was first mapped (iterator, flags, chain count, end_io
 * and integrity payload restored), so it is never duplicated or lost.
 */
#include "bio_record.h"
#include "mpath2.h"

#define DM_MSG_PREFIX "mpath2"

static struct mpath2_path *choose_path(struct mpath2 *m, size_t nr_bytes)
{
	/* Pairs with the release in mpath2_select_slow() (pg_init). */
	struct mpath2_pg *pg = smp_load_acquire(&m->current_pg);
	struct mpath2_path *path;

	if (likely(pg)) {
		path = pg->ps.type->select_path(&pg->ps, nr_bytes);
		if (likely(path))
			return path;
	}
	return mpath2_select_slow(m, nr_bytes);
}

/* A usable path for an ioctl (target.c), chosen as for a bio; or NULL. */
struct mpath2_path *mpath2_ioctl_path(struct mpath2 *m)
{
	return choose_path(m, 0);
}

/* Returns a DM_MAPIO_* code for the recorded bio. */
static int map_bio(struct mpath2 *m, struct bio *bio, struct mpath2_io *io)
{
	struct mpath2_path *path;
	struct mpath2_pg *pg;

	path = choose_path(m, io->nr_bytes);
	if (unlikely(!path)) {
		io->path = NULL;
		return mpath2_no_path(m, bio);
	}
	/* The group is being readied by the hardware handler: wait. */
	if (unlikely(mpath2_pg_init_running(m))) {
		io->path = NULL;
		return mpath2_pg_init_hold(m, bio);
	}
	io->path = path;

	bio_set_dev(bio, path->dev->bdev);
	bio->bi_opf |= REQ_FAILFAST_TRANSPORT;
	io->sampled = mpath2_stats_start(path);
	pg = path->pg;
	/*
	 * Only selectors that learn from completion times, and one bio in
	 * MPATH2_LATENCY_SAMPLE for path_stats, pay for the clock.
	 */
	if (pg->ps.type->needs_start_time || unlikely(io->sampled))
		io->start_ns = ktime_get_ns();
	if (pg->ps.type->start_io)
		pg->ps.type->start_io(&pg->ps, path, io->nr_bytes);
	return DM_MAPIO_REMAPPED;
}

int mpath2_map(struct dm_target *ti, struct bio *bio)
{
	struct mpath2_io *io = dm_per_bio_data(bio, sizeof(*io));

	/* One target spans the whole device: sectors map one to one. */
	bio->bi_iter.bi_sector = dm_target_offset(ti, bio->bi_iter.bi_sector);
	io->nr_bytes = bio->bi_iter.bi_size;
	mpath2_save_bio(&io->saved, bio);
	return map_bio(ti->private, bio, io);
}

int mpath2_end_io(struct dm_target *ti, struct bio *bio, blk_status_t *error)
{
	struct mpath2_io *io = dm_per_bio_data(bio, sizeof(*io));
	struct mpath2_path *path = io->path;
	struct mpath2_pg *pg;

	/* Not sent down a path (completed by the queue work): as is. */
	if (!path)
		return DM_ENDIO_DONE;

	pg = path->pg;
	if (pg->ps.type->end_io)
		pg->ps.type->end_io(&pg->ps, path, io->nr_bytes, io->start_ns);
	mpath2_stats_end(path, io);

	/* Success and errors that another path cannot fix go up unchanged. */
	if (likely(!*error) || !blk_path_error(*error))
		return DM_ENDIO_DONE;

	/*
	 * Retry on another path from the work item; with no path left the
	 * bio is held, handed back to dm core or failed there (queue.c).
	 */
	atomic64_inc(&path->errors);
	mpath2_path_error(ti->private, path);
	if (unlikely(!mpath2_bio_resendable(&io->saved, bio))) {
		DMERR_LIMIT("%s: integrity payload freed with the failed bio, not retrying it",
			    dm_table_device_name(ti->table));
		return DM_ENDIO_DONE;
	}
	mpath2_requeue(ti->private, bio);
	return DM_ENDIO_INCOMPLETE;
}

void mpath2_queue_work(struct work_struct *work)
{
	struct mpath2 *m = container_of(work, struct mpath2, queue_work);
	struct bio_list bios;
	struct blk_plug plug;
	unsigned long flags;
	struct bio *bio;

	spin_lock_irqsave(&m->lock, flags);
	bios = m->queued;
	bio_list_init(&m->queued);
	spin_unlock_irqrestore(&m->lock, flags);

	blk_start_plug(&plug);
	while ((bio = bio_list_pop(&bios))) {
		struct mpath2_io *io = dm_per_bio_data(bio, sizeof(*io));

		mpath2_restore_bio(&io->saved, bio);
		switch (map_bio(m, bio, io)) {
		case DM_MAPIO_REMAPPED:
			submit_bio_noacct(bio);
			break;
		case DM_MAPIO_SUBMITTED:	/* held again: still no path */
			break;
		case DM_MAPIO_REQUEUE:
			bio->bi_status = BLK_STS_DM_REQUEUE;
			bio_endio(bio);
			break;
		default:
			bio->bi_status = BLK_STS_IOERR;
			bio_endio(bio);
			break;
		}
	}
	blk_finish_plug(&plug);
}
