// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe_paths: `dmsetup message <map> 0 probe_paths` reads the first
 * logical block of every usable path and fails each path whose read
 * returns a path error, so that a caller about to pass an ioctl (SG_IO,
 * persistent reservations) to one path can first make sure the paths it
 * may get are alive. Returns -ENOTCONN when no usable path is left.
 *
 * Runs in the message's process context and may sleep; the buffer is
 * allocated under memalloc_noio so the probe cannot recurse into I/O on
 * the map it is probing.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/sched/mm.h>

#include "mpath2.h"

#define DM_MSG_PREFIX "mpath2"

static blk_status_t probe_path(struct mpath2_path *path, struct page *page)
{
	struct block_device *bdev = path->dev->bdev;
	blk_status_t status;
	struct bio *bio;

	bio = bio_alloc(bdev, 1, REQ_OP_READ | REQ_FAILFAST_TRANSPORT,
			GFP_NOIO);
	bio->bi_iter.bi_sector = 0;
	__bio_add_page(bio, page, bdev_logical_block_size(bdev), 0);
	submit_bio_wait(bio);
	status = bio->bi_status;
	bio_put(bio);
	return status;
}

int mpath2_probe_paths(struct mpath2 *m)
{
	unsigned int g, p, noio;
	struct page *page;
	blk_status_t status;

	noio = memalloc_noio_save();
	page = alloc_page(GFP_KERNEL);
	memalloc_noio_restore(noio);
	if (!page)
		return -ENOMEM;

	for (g = 0; g < m->nr_pgs; g++) {
		for (p = 0; p < m->pgs[g].nr_paths; p++) {
			struct mpath2_path *path = &m->pgs[g].paths[p];

			if (!mpath2_path_usable(path))
				continue;
			status = probe_path(path, page);
			if (status && blk_path_error(status)) {
				atomic64_inc(&path->errors);
				mpath2_fail_path(path);
			}
		}
	}
	__free_page(page);
	return atomic_read(&m->nr_active) ? 0 : -ENOTCONN;
}
