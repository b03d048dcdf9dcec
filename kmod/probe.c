// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe_paths: `dmsetup message <map> 0 probe_paths` reads the first
 * logical block of every usable path and treats a read that fails with a
 * path error as any path error (the handler may take it: an ALUA port in
 * standby is blocked, not failed), so that a caller about to pass an ioctl
 * (SG_IO, persistent reservations) to one path can first make sure the
 * paths it may get are alive. Returns -ENOTCONN when no usable path is
 * left.
 *
 * Runs in the message's process context, which holds dm's live-table
 * SRCU: a table swap waits for it. So the reads go out all at once and the
 * message waits for the slowest, not for their sum. Buffers are allocated
 * under memalloc_noio, so the probe cannot recurse into I/O on the map it
 * is probing, and hold one logical block, which may exceed a page.
 */
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/completion.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "mpath2.h"

#define DM_MSG_PREFIX "mpath2"

struct probe {
	struct mpath2_path *path;
	struct bio *bio;
	struct page *page;
	unsigned int order;
};

struct probe_set {
	atomic_t pending;
	struct completion done;
};

static void probe_end_io(struct bio *bio)
{
	struct probe_set *set = bio->bi_private;

	if (atomic_dec_and_test(&set->pending))
		complete(&set->done);
}

/* Prepare a read of @path's first logical block; false if out of memory. */
static bool probe_prepare(struct probe *pr, struct mpath2_path *path,
			  struct probe_set *set)
{
	struct block_device *bdev = path->dev->bdev;
	unsigned int lbs = bdev_logical_block_size(bdev);

	pr->path = path;
	pr->order = get_order(lbs);
	pr->page = alloc_pages(GFP_KERNEL, pr->order);
	if (!pr->page)
		return false;
	pr->bio = bio_alloc(bdev, 1, REQ_OP_READ | REQ_FAILFAST_TRANSPORT,
			    GFP_KERNEL);
	pr->bio->bi_iter.bi_sector = 0;
	__bio_add_page(pr->bio, pr->page, lbs, 0);
	pr->bio->bi_private = set;
	pr->bio->bi_end_io = probe_end_io;
	return true;
}

static void probe_free(struct probe *pr)
{
	if (pr->bio)
		bio_put(pr->bio);
	if (pr->page)
		__free_pages(pr->page, pr->order);
}

int mpath2_probe_paths(struct mpath2 *m)
{
	unsigned int g, p, n = 0, i, noio;
	struct probe_set set;
	struct probe *probes;
	int r = 0;

	for (g = 0; g < m->nr_pgs; g++)
		n += m->pgs[g].nr_paths;
	noio = memalloc_noio_save();
	probes = kvcalloc(n, sizeof(*probes), GFP_KERNEL);
	if (!probes) {
		r = -ENOMEM;
		goto out;
	}
	n = 0;
	for (g = 0; g < m->nr_pgs; g++) {
		for (p = 0; p < m->pgs[g].nr_paths; p++) {
			struct mpath2_path *path = &m->pgs[g].paths[p];

			if (!mpath2_path_usable(path))
				continue;
			if (!probe_prepare(&probes[n++], path, &set)) {
				r = -ENOMEM;
				goto free;
			}
		}
	}

	/* One count for the submitter, so no read completes the set early. */
	atomic_set(&set.pending, n + 1);
	init_completion(&set.done);
	for (i = 0; i < n; i++)
		submit_bio(probes[i].bio);
	if (!atomic_dec_and_test(&set.pending))
		wait_for_completion_io(&set.done);

	for (i = 0; i < n; i++) {
		blk_status_t status = probes[i].bio->bi_status;

		if (status && blk_path_error(status)) {
			atomic64_inc(&probes[i].path->errors);
			mpath2_path_error(m, probes[i].path);
		}
	}
free:
	for (i = 0; i < n; i++)
		probe_free(&probes[i]);
	kvfree(probes);
out:
	memalloc_noio_restore(noio);
	if (r)
		return r;
	return atomic_read(&m->nr_active) ? 0 : -ENOTCONN;
}
