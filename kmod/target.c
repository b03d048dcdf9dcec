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

struct workqueue_struct *mpath2_io_wq;
struct workqueue_struct *mpath2_wq;

/*
 * Stop every work item of @m, each before those it may queue, then free
 * it. The constructor's error path and the destructor share it; no I/O is
 * in flight in either. pg_init first (stopped, so nothing re-arms it, and
 * so no activation runs on a handler being stopped), then the handler's
 * own work, which can unblock paths (failback work) and fail them
 * (no_path work); everything can kick the queue and raise events.
 */
static void mpath2_teardown(struct mpath2 *m)
{
	mpath2_pg_init_stop(m);
	if (m->hw && m->hw->stop)
		m->hw->stop(m);
	cancel_delayed_work_sync(&m->hold_work);
	cancel_delayed_work_sync(&m->failback_work);
	cancel_delayed_work_sync(&m->no_path_work);
	flush_work(&m->queue_work);
	cancel_work_sync(&m->event_work);
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
	if (r)
		goto bad;

	ti->num_flush_bios = 1;
	ti->num_discard_bios = 1;
	ti->num_write_zeroes_bios = 1;
	ti->per_io_data_size = sizeof(struct mpath2_io);
	BUILD_BUG_ON(!IS_ENABLED(CONFIG_BLK_DEV_INTEGRITY) &&
		     sizeof(struct mpath2_io) > 64);
	if (m->hw && m->hw->start) {
		r = m->hw->start(m, &ti->error);
		if (r)
			goto bad;
	}
	return 0;

bad:
	ti->private = NULL;
	mpath2_teardown(m);
	return r;
}

static void mpath2_dtr(struct dm_target *ti)
{
	mpath2_teardown(ti->private);
}

static void mpath2_presuspend(struct dm_target *ti)
{
	struct mpath2 *m = ti->private;

	mpath2_pg_init_stop(m);
	if (m->hw && m->hw->presuspend)
		m->hw->presuspend(m);
	mpath2_queue_presuspend(m);
}

/*
 * A suspend that was given up, or a resume: the handler watches the array
 * again (before pg_init restarts, so that it asks with fresh states), and
 * I/O queues again as configured.
 */
static void mpath2_resume(struct dm_target *ti)
{
	struct mpath2 *m = ti->private;

	if (m->hw && m->hw->resume)
		m->hw->resume(m);
	mpath2_pg_init_restart(m);
	mpath2_queue_resume(m);
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
 * for a bio. While the chosen group is being readied, -ENOTCONN: dm core
 * retries the ioctl every 10 ms, and the activation is bounded, so the
 * ioctl reaches the group once it is ready. With no usable path, fail at
 * once: dm-multipath returns -ENOTCONN then too, while queueing, so its
 * callers wait until a path returns, maybe for ever; mpath2's queueing is
 * for I/O, bounded by no_path_timeout, and an ioctl cannot be held that way.
 */
int mpath2_ioctl_bdev(struct dm_target *ti, struct block_device **bdev)
{
	struct mpath2 *m = ti->private;
	struct mpath2_path *path = mpath2_ioctl_path(m);

	if (!path)
		return -EIO;
	if (mpath2_pg_init_running(m))
		return -ENOTCONN;
	*bdev = path->dev->bdev;
	/* 1: the ioctl reaches only part of the path (needs CAP_SYS_RAWIO). */
	return ti->len != bdev_nr_sectors(*bdev);
}

/* The callback's parameter list differs between kernels (compat.h). */
static int mpath2_prepare_ioctl(MPATH2_PREPARE_IOCTL_PARAMS)
{
	return mpath2_ioctl_bdev(ti, bdev);
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
	int r = -ENOMEM;

	mpath2_io_wq = alloc_workqueue("kmpath2_io", WQ_MEM_RECLAIM | WQ_PERCPU, 0);
	if (!mpath2_io_wq) {
		DMERR("failed to create workqueue kmpath2_io");
		goto bad_io_wq;
	}
	mpath2_wq = alloc_workqueue("kmpath2d", WQ_MEM_RECLAIM | WQ_PERCPU, 0);
	if (!mpath2_wq) {
		DMERR("failed to create workqueue kmpath2d");
		goto bad_wq;
	}
	r = mpath2_selectors_register();
	if (r) {
		DMERR("registering the selectors failed %d", r);
		goto bad_selectors;
	}
	r = mpath2_alua_register();
	if (r) {
		DMERR("registering the alua handler failed %d", r);
		goto bad_alua;
	}
	r = dm_register_target(&mpath2_target);
	if (r) {
		DMERR("register failed %d", r);
		goto bad_target;
	}
	DMINFO("version %s loaded", MPATH2_VERSION);
	return 0;

bad_target:
	mpath2_alua_unregister();
bad_alua:
	mpath2_selectors_unregister();
bad_selectors:
	destroy_workqueue(mpath2_wq);
bad_wq:
	destroy_workqueue(mpath2_io_wq);
bad_io_wq:
	return r;
}

static void __exit mpath2_exit(void)
{
	dm_unregister_target(&mpath2_target);
	mpath2_alua_unregister();
	mpath2_selectors_unregister();
	destroy_workqueue(mpath2_wq);
	destroy_workqueue(mpath2_io_wq);
}

module_init(mpath2_init);
module_exit(mpath2_exit);

MODULE_DESCRIPTION(DM_NAME " multipath target for iSCSI SANs");
MODULE_AUTHOR("The mpath2 developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(MPATH2_VERSION);
MODULE_ALIAS("dm-mpath2");
