/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Saving a bio as it was mapped and restoring it before a retry on another
 * path. The lower layers may have advanced its iterator (a partial
 * completion), changed its flags, counted down a chain on it or swapped its
 * end_io; the integrity payload's iterator moves with the data's. dm's own
 * helper for this (dm-bio-record.h) is private to drivers/md.
 */
#ifndef MPATH2_BIO_RECORD_H
#define MPATH2_BIO_RECORD_H

#include <linux/bio.h>
#include <linux/blk-integrity.h>

#include "mpath2.h"

static inline void mpath2_save_bio(struct mpath2_bio_details *bd,
				   struct bio *bio)
{
	BUILD_BUG_ON(sizeof(bd->flags) != sizeof(bio->bi_flags));
	bd->iter = bio->bi_iter;
	bd->flags = bio->bi_flags;
	bd->remaining = atomic_read(&bio->__bi_remaining);
	bd->end_io = bio->bi_end_io;
#ifdef CONFIG_BLK_DEV_INTEGRITY
	bd->integrity = bio_integrity(bio);
	if (bd->integrity)
		bd->integrity_iter = bd->integrity->bip_iter;
#endif
}

static inline void mpath2_restore_bio(const struct mpath2_bio_details *bd,
				      struct bio *bio)
{
	bio->bi_iter = bd->iter;
	bio->bi_flags = bd->flags;
	/* A lower layer may have chained to the bio and counted down to 0. */
	atomic_set(&bio->__bi_remaining, bd->remaining);
	bio->bi_end_io = bd->end_io;
	bio->bi_status = BLK_STS_OK;
#ifdef CONFIG_BLK_DEV_INTEGRITY
	bio->bi_integrity = bd->integrity;
	if (bd->integrity)
		bd->integrity->bip_iter = bd->integrity_iter;
#endif
}

/*
 * Can @bio be sent again as recorded? Not if it carried an integrity
 * payload that completing it freed: up to 6.x, bio_endio() frees a bio's
 * payload (and clears bi_integrity and REQ_INTEGRITY) before it calls
 * bi_end_io, so restoring the recorded pointer would hand a freed payload
 * to the next path; later kernels free it only in bio_uninit(). Asked at
 * run time, so no kernel version is guessed. Such a bio fails up instead:
 * the submitter's protection information cannot be rebuilt here.
 */
static inline bool mpath2_bio_resendable(const struct mpath2_bio_details *bd,
					 struct bio *bio)
{
#ifdef CONFIG_BLK_DEV_INTEGRITY
	return !bd->integrity || bio_integrity(bio) == bd->integrity;
#else
	return true;
#endif
}

#endif /* MPATH2_BIO_RECORD_H */
