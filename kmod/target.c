// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2: device-mapper multipath for iSCSI SANs.
 *
 * The target type, its constructor and destructor, and module set-up.
 * The table parser lives in table.c, the I/O path in io.c, path and group
 * state in state.c, status in status.c, messages in message.c and the
 * path selectors under selectors/.
 */
#include <linux/module.h>
#include <linux/slab.h>

#include "compat.h"
#include "hw_handlers/hw_handler.h"
#include "mpath2.h"

#define DM_MSG_PREFIX "mpath2"

struct workqueue_struct *mpath2_wq;

static void mpath2_free(struct mpath2 *m)
{
	mpath2_free_groups(m);
	kfree(m);
}

static int mpath2_ctr(struct dm_target *ti, unsigned int argc, char **argv)
{
	struct mpath2 *m;
	int r;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m) {
		ti->error = "can't allocate multipath";
		return -ENOMEM;
	}
	m->ti = ti;
	spin_lock_init(&m->lock);
	atomic_set(&m->nr_active, 0);
	bio_list_init(&m->queued);
	INIT_WORK(&m->queue_work, mpath2_queue_work);
	INIT_WORK(&m->event_work, mpath2_event_work);
	INIT_DELAYED_WORK(&m->no_path_work, mpath2_no_path_work);
	INIT_DELAYED_WORK(&m->failback_work, mpath2_failback_work);
	INIT_DELAYED_WORK(&m->hold_work, mpath2_hold_down_work);
	INIT_DELAYED_WORK(&m->pg_init_work, mpath2_pg_init_work);
	m->pg_init_delay_msecs = MPATH2_PG_INIT_DELAY_DEFAULT;
	ti->private = m;

	r = mpath2_parse_table(m, argc, argv);
	if (r) {
		ti->private = NULL;
		mpath2_free(m);
		return r;
	}

	ti->num_flush_bios = 1;
	ti->num_discard_bios = 1;
	ti->num_write_zeroes_bios = 1;
	ti->per_io_data_size = sizeof(struct mpath2_io);
	if (m->hw && m->hw->start) {
		r = m->hw->start(m, &ti->error);
		if (r) {
			ti->private = NULL;
			mpath2_free(m);
			return r;
		}
	}
	return 0;
}

static void mpath2_dtr(struct dm_target *ti)
{
	struct mpath2 *m = ti->private;

	/*
	 * No I/O is in flight here; stop the work items, each before those
	 * it may queue: a held path's return can queue failback work, a
	 * pg_init can fail paths (no_path_work), all can kick the queue and
	 * raise events. The handler's own work first: it may do all of it.
	 */
	if (m->hw && m->hw->stop)
		m->hw->stop(m);
	cancel_delayed_work_sync(&m->hold_work);
	cancel_delayed_work_sync(&m->pg_init_work);
	cancel_delayed_work_sync(&m->failback_work);
	cancel_delayed_work_sync(&m->no_path_work);
	flush_work(&m->queue_work);
	cancel_work_sync(&m->event_work);
	mpath2_free(m);
}

static void mpath2_presuspend(struct dm_target *ti)
{
	mpath2_pg_init_stop(ti->private);
	mpath2_queue_presuspend(ti->private);
}

/* A suspend that was given up, or a resume: queue again as configured. */
static void mpath2_resume(struct dm_target *ti)
{
	mpath2_pg_init_restart(ti->private);
	mpath2_queue_resume(ti->private);
}

/* Everything mpath2 held is gone now; let no work item outlive the suspend. */
static void mpath2_postsuspend(struct dm_target *ti)
{
	struct mpath2 *m = ti->private;

	flush_work(&m->queue_work);
	flush_work(&m->event_work);
}

/*
 * ioctls (SG_IO, persistent reservations) go to one usable path, chosen as
 * for a bio. With none, fail at once: dm-multipath returns -ENOTCONN while
 * queueing, which makes dm core retry the ioctl every 10 ms until a path
 * returns, and the caller hangs; mpath2's queueing is for I/O, bounded by
 * no_path_timeout, and an ioctl cannot be held that way.
 */
static int mpath2_prepare_ioctl(MPATH2_PREPARE_IOCTL_PARAMS)
{
	struct mpath2_path *path = mpath2_ioctl_path(ti->private);

	if (!path)
		return -EIO;
	*bdev = path->dev->bdev;
	/* 1: the ioctl reaches only part of the path (needs CAP_SYS_RAWIO). */
	return ti->len != bdev_nr_sectors(*bdev);
}

static int mpath2_iterate_devices(struct dm_target *ti,
				  iterate_devices_callout_fn fn, void *data)
{
	struct mpath2 *m = ti->private;
	unsigned int g, p;
	int r;

	for (g = 0; g < m->nr_pgs; g++) {
		for (p = 0; p < m->pgs[g].nr_paths; p++) {
			r = fn(ti, m->pgs[g].paths[p].dev, 0, ti->len, data);
			if (r)
				return r;
		}
	}
	return 0;
}

static struct target_type mpath2_target = {
	.name		 = "mpath2",
	.version	 = { MPATH2_VERSION_MAJOR, MPATH2_VERSION_MINOR,
			     MPATH2_VERSION_PATCH },
	.features	 = DM_TARGET_SINGLETON | DM_TARGET_IMMUTABLE |
			   DM_TARGET_PASSES_INTEGRITY,
	.module		 = THIS_MODULE,
	.ctr		 = mpath2_ctr,
	.dtr		 = mpath2_dtr,
	.map		 = mpath2_map,
	.end_io		 = mpath2_end_io,
	.presuspend	 = mpath2_presuspend,
	.presuspend_undo = mpath2_resume,
	.postsuspend	 = mpath2_postsuspend,
	.resume		 = mpath2_resume,
	.status		 = mpath2_status,
	.message	 = mpath2_message,
	.prepare_ioctl	 = mpath2_prepare_ioctl,
	.iterate_devices = mpath2_iterate_devices,
};

static int __init mpath2_init(void)
{
	int r;

	mpath2_wq = alloc_workqueue("kmpath2d", WQ_MEM_RECLAIM | WQ_PERCPU, 0);
	if (!mpath2_wq) {
		DMERR("failed to create workqueue kmpath2d");
		return -ENOMEM;
	}
	r = mpath2_alua_register();
	if (r) {
		DMERR("registering the alua handler failed %d", r);
		destroy_workqueue(mpath2_wq);
		return r;
	}
	r = dm_register_target(&mpath2_target);
	if (r) {
		DMERR("register failed %d", r);
		mpath2_alua_unregister();
		destroy_workqueue(mpath2_wq);
		return r;
	}
	DMINFO("version %s loaded", MPATH2_VERSION);
	return 0;
}

static void __exit mpath2_exit(void)
{
	dm_unregister_target(&mpath2_target);
	mpath2_alua_unregister();
	destroy_workqueue(mpath2_wq);
}

module_init(mpath2_init);
module_exit(mpath2_exit);

MODULE_DESCRIPTION(DM_NAME " multipath target for iSCSI SANs");
MODULE_AUTHOR("The mpath2 developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(MPATH2_VERSION);
MODULE_ALIAS("dm-mpath2");
