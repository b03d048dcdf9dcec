// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ALUA hardware handler: `<n> alua [poll <secs>] [no_stpg]` in the
 * table's hardware handler field.
 *
 * An ALUA array tells, per target port group, whether its ports are
 * active/optimized, active/non-optimized, standby, unavailable, offline
 * or transitioning. This handler follows it for every path of the map:
 *
 * - Priorities: each path's state gives it a priority (50 optimized,
 *   10 non-optimized, 1 standby, 0 otherwise), each group the best of its
 *   paths', and I/O goes to the best usable group (mpath2_pg_better()).
 *   When the array moves its optimized ports, the next poll (every `poll`
 *   seconds, 5 by default; 0 polls only after errors) moves I/O with it,
 *   without a table reload or a daemon.
 * - Path errors: a bio-based target never sees sense data, and a port in
 *   standby or unavailable fails I/O like a cut link. A path error on a
 *   path with ALUA therefore blocks the path (out of use, not counted as a
 *   failure or a flap) and asks the array: a port that does not answer,
 *   or answers as usable, fails as usual; one that is standby, unavailable
 *   or offline stays blocked until the array makes it usable again; one
 *   that transitions is waited for (as long as the array's implicit
 *   transition time, 60 s if it gives none), and while the handler finds
 *   out, I/O that has no usable path left waits instead of failing.
 * - pg_init: before I/O goes to a group, its ports are made ready: a port
 *   in standby or non-optimized, on an array with explicit ALUA, gets SET
 *   TARGET PORT GROUPS to active/optimized (unless `no_stpg`), then the
 *   states are read again, so a port group gets one STPG however many
 *   paths lead to it; transitioning asks pg_init to retry.
 *
 * Two modes, per path. When the kernel's scsi_dh_alua is attached to the
 * path's SCSI device (it attaches at scan time if loaded, and cannot be
 * detached), it owns the port's activation: it fails I/O to ports it has
 * seen in standby itself, and it alone sends STPG; this handler then
 * activates through scsi_dh_activate(). It still reads the states with
 * its own REPORT TARGET PORT GROUPS (a read-only command), because
 * scsi_dh_alua refreshes sdev->access_state only when a command on that
 * very path brings a unit attention, so an idle path's copy can be stale
 * for ever; access_state is the fallback when RTPG fails. Without
 * scsi_dh_alua this handler sends its own RTPG and STPG.
 *
 * Every SCSI command runs from a work item (the map's poll work, or the
 * pg_init work), under the map's mutex, with a timeout; none on the I/O
 * path.
 */
#include <linux/completion.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <scsi/scsi_dh.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_proto.h>

#include "../mpath2.h"
#include "alua.h"
#include "hw_handler.h"

#define DM_MSG_PREFIX "mpath2"

#define ALUA_POLL_SECS_DEFAULT	5
#define ALUA_MAX_POLL_SECS	3600

static int alua_create(struct mpath2 *m, unsigned int argc, char **argv,
		       char **error)
{
	struct alua_map *am;
	unsigned int i;

	am = kzalloc(sizeof(*am), GFP_KERNEL);
	if (!am) {
		*error = "alua: can't allocate handler state";
		return -ENOMEM;
	}
	am->poll_secs = ALUA_POLL_SECS_DEFAULT;
	for (i = 0; i < argc; i++) {
		if (!strcasecmp(argv[i], "no_stpg")) {
			am->no_stpg = true;
		} else if (!strcasecmp(argv[i], "poll") && i + 1 < argc) {
			if (kstrtouint(argv[++i], 10, &am->poll_secs) ||
			    am->poll_secs > ALUA_MAX_POLL_SECS) {
				*error = "alua: poll takes 0..3600 seconds";
				kfree(am);
				return -EINVAL;
			}
		} else {
			*error = "alua: unknown argument (poll <secs>, no_stpg)";
			kfree(am);
			return -EINVAL;
		}
	}
	am->m = m;
	mutex_init(&am->lock);
	INIT_DELAYED_WORK(&am->work, alua_work);
	m->hw_ctx = am;
	m->hw_prio = true;
	return 0;
}

static void alua_destroy(struct mpath2 *m)
{
	struct alua_map *am = m->hw_ctx;
	unsigned int i;

	if (!am)
		return;
	for (i = 0; i < am->nr_paths; i++)
		if (am->paths[i].sdev)
			alua_put_sdev(am->paths[i].sdev);
	kfree(am->paths);
	kfree(am->buf);
	mutex_destroy(&am->lock);
	kfree(am);
	m->hw_ctx = NULL;
}

static void attach_path(struct alua_path *ap)
{
	struct scsi_device *sdev;
	const char *dh;

	sdev = alua_get_sdev(ap->path->dev->bdev);
	if (!sdev)
		return;		/* not SCSI: like a device without ALUA */
	ap->sdev = sdev;
	ap->tpgs = sdev->inquiry ? alua_parse_tpgs(sdev->inquiry,
						   sdev->inquiry_len) : 0;
	dh = scsi_dh_attached_handler_name(sdev->request_queue, GFP_KERNEL);
	ap->kernel_dh = dh && !strcmp(dh, "alua");
	kfree(dh);
}

/* The table is built: find every path's SCSI device and start watching. */
static int alua_start(struct mpath2 *m, char **error)
{
	struct alua_map *am = m->hw_ctx;
	unsigned int g, p, n = 0;

	for (g = 0; g < m->nr_pgs; g++)
		n += m->pgs[g].nr_paths;
	am->paths = kcalloc(n, sizeof(*am->paths), GFP_KERNEL);
	am->buf = kmalloc(ALUA_RTPG_BUF_LEN, GFP_KERNEL);
	if (!am->paths || !am->buf) {
		*error = "alua: can't allocate path state";
		return -ENOMEM;
	}
	for (g = 0; g < m->nr_pgs; g++) {
		for (p = 0; p < m->pgs[g].nr_paths; p++) {
			struct alua_path *ap = &am->paths[am->nr_paths++];

			ap->path = &m->pgs[g].paths[p];
			ap->path->hw_path = ap;
			attach_path(ap);
		}
	}
	/*
	 * Rank the groups before the first bio chooses one: one RTPG (or
	 * one per port group, see alua_poll_states()), bounded by the command
	 * timeout. The work acts on the states (blocks, unblocks) at once.
	 */
	mutex_lock(&am->lock);
	alua_poll_states(am);
	alua_rank_groups(m);
	mutex_unlock(&am->lock);
	/* The array's ranking, not the table's initial group, picks first. */
	spin_lock_irq(&m->lock);
	m->next_pg = NULL;
	spin_unlock_irq(&m->lock);
	queue_delayed_work(mpath2_wq, &am->work, 0);
	return 0;
}

/* Also called when the constructor failed before or in start. */
static void alua_stop(struct mpath2 *m)
{
	struct alua_map *am = m->hw_ctx;

	if (!am)
		return;
	mutex_lock(&am->lock);
	am->stopped = true;
	mutex_unlock(&am->lock);
	cancel_delayed_work_sync(&am->work);
}

/* end_io saw a path error on @path (maybe in interrupt context). */
static bool alua_path_error(struct mpath2 *m, struct mpath2_path *path)
{
	struct alua_map *am = m->hw_ctx;
	struct alua_path *ap = path->hw_path;

	if (!has_alua(ap))
		return false;
	set_bit(ALUA_PATH_CHECK, &ap->flags);
	mpath2_set_hw_holding(m, true);
	mpath2_block_path(path);
	mod_delayed_work(mpath2_wq, &am->work, 0);
	return true;
}

/* path_stats: alua=<state> prio=<n> tpg=<id> alua_mode=mpath2|scsi_dh */
static unsigned int alua_path_info(struct mpath2 *m, struct mpath2_path *path,
				   char *result, unsigned int maxlen)
{
	struct alua_path *ap = path->hw_path;
	unsigned int sz = 0;
	bool known;
	u8 state;

	if (!has_alua(ap)) {
		DMEMIT("alua=none");
		return sz;
	}
	known = READ_ONCE(ap->state_known);
	state = READ_ONCE(ap->state);
	DMEMIT("alua=%s prio=%u tpg=%u alua_mode=%s",
	       known ? alua_state_name(state) : "unknown",
	       known ? alua_state_prio(state) : 0, ap->port.group,
	       ap->kernel_dh ? "scsi_dh" : "mpath2");
	return sz;
}

static struct mpath2_hw_handler_type alua_type = {
	.name		= "alua",
	.create		= alua_create,
	.destroy	= alua_destroy,
	.activate	= alua_activate,
	.start		= alua_start,
	.stop		= alua_stop,
	.path_error	= alua_path_error,
	.path_info	= alua_path_info,
};

int mpath2_alua_register(void)
{
	return mpath2_hw_handler_register(&alua_type);
}

void mpath2_alua_unregister(void)
{
	mpath2_hw_handler_unregister(&alua_type);
}
