// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ALUA hardware handler: `<n> alua [poll <secs>] [no_stpg]
 * [optimize_stpg] [exclusive_pref_bit]` in the table's hardware handler
 * field.
 *
 * An ALUA array tells, per target port group, whether its ports are
 * active/optimized, active/non-optimized, standby, unavailable, offline
 * or transitioning. This handler follows it for every path of the map:
 *
 * - Priorities, as multipath-tools' alua prioritizer: 50 optimized,
 *   10 non-optimized, 5 LBA-dependent, 1 standby, 0 otherwise, plus 80
 *   in the array's preferred group (PREF bit) unless that group is
 *   active/optimized (always, with `exclusive_pref_bit`). A group ranks
 *   by its best path, and I/O goes to the best usable group
 *   (mpath2_pg_better()). Each poll (every `poll` seconds, 5 by default,
 *   jittered so maps do not poll in lock-step; 0: only after errors and
 *   at resume) reads the states with one REPORT TARGET PORT GROUPS per
 *   logical unit, and moves I/O when the array moves its optimized
 *   ports, without a table reload or a daemon. Polling runs from resume
 *   to presuspend: a loaded but inactive table sends nothing.
 * - Path errors: a bio-based target never sees sense data, and a port in
 *   standby or unavailable fails I/O like a cut link. A path error on a
 *   path with ALUA therefore blocks the path (out of use, not counted as a
 *   failure or a flap) and asks the array: a port that does not answer,
 *   or answers as usable, fails as usual; one that is standby or
 *   unavailable stays blocked until the array makes it usable again; one
 *   that is offline fails; one that transitions is waited for (as long
 *   as the array's implicit transition time, 60 s if it gives none).
 * - pg_init: before I/O goes to a group, its ports are made ready: a
 *   standby port on an array with explicit ALUA gets SET TARGET PORT
 *   GROUPS (unless `no_stpg`; to active/optimized, or non-optimized if
 *   the group supports only that), one per port group however many paths
 *   lead there, then the states are read again whatever the STPG
 *   answered, and they decide. A non-optimized port is used as it is
 *   (`optimize_stpg` promotes it, as scsi_dh_alua's optimize_stpg). When
 *   no port is usable but I/O waits, a standby group (the preferred one
 *   first) is woken, at most every 10 s.
 * - While the handler finds out (a check, an activation, a transition,
 *   a port not read yet), I/O that has no usable path waits instead of
 *   failing (hw_holding), for at most the STPG timeout plus the RTPG
 *   timeout of waiting.
 *
 * Two modes, per path. When the kernel's scsi_dh_alua is attached to the
 * path's SCSI device (it attaches at scan time if loaded, and cannot be
 * detached), it owns the port's activation: it fails I/O to ports it has
 * seen in standby itself, and it alone sends STPG; this handler then
 * activates through scsi_dh_activate() (never with no_stpg). It still
 * reads the states with its own RTPG (a read-only command), because
 * scsi_dh_alua refreshes sdev->access_state only when a command on that
 * very path brings a unit attention; where the two disagree, scsi_dh_alua's
 * word is what the SCSI layer enforces, so the port counts as unusable
 * until an activation makes them agree. Without scsi_dh_alua this handler
 * sends its own RTPG and STPG. Attachment is looked at again each time a
 * port's work runs.
 *
 * Commands: see alua_states.c (who sends them, and why nothing waits for
 * them) and alua_scsi.c (timeouts, retries, the SCSI layer's ops table).
 */
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

#define ALUA_ARGS_USAGE \
	"alua: unknown argument (poll <secs>, no_stpg, optimize_stpg, exclusive_pref_bit)"

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
		} else if (!strcasecmp(argv[i], "optimize_stpg")) {
			am->optimize_stpg = true;
		} else if (!strcasecmp(argv[i], "exclusive_pref_bit")) {
			am->exclusive_pref = true;
		} else if (!strcasecmp(argv[i], "poll") && i + 1 < argc) {
			if (kstrtouint(argv[++i], 10, &am->poll_secs) ||
			    am->poll_secs > ALUA_MAX_POLL_SECS) {
				*error = "alua: poll takes 0..3600 seconds";
				kfree(am);
				return -EINVAL;
			}
		} else {
			*error = ALUA_ARGS_USAGE;
			kfree(am);
			return -EINVAL;
		}
	}
	kref_init(&am->ref);
	spin_lock_init(&am->lock);
	am->m = m;
	am->ops = alua_scsi_ops();
	INIT_DELAYED_WORK(&am->work, alua_work);
	m->hw_ctx = am;
	m->hw_prio = true;
	return 0;
}

/* The last reference: the map is gone and no port work runs. */
static void alua_map_free(struct kref *ref)
{
	struct alua_map *am = container_of(ref, struct alua_map, ref);
	unsigned int i;

	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *ap = &am->paths[i];

		if (ap->tpgs || ap->sdev)
			am->ops->detach(ap);
		kfree(ap->buf);
		kfree(ap->rtpg);
	}
	kfree(am->paths);
	kfree(am);
}

void alua_map_put(struct alua_map *am)
{
	kref_put(&am->ref, alua_map_free);
}

/* After stop(): the map lets go; a port work still waiting keeps the rest. */
static void alua_destroy(struct mpath2 *m)
{
	struct alua_map *am = m->hw_ctx;

	if (!am)
		return;
	m->hw_ctx = NULL;
	alua_map_put(am);
}

static int attach_path(struct alua_map *am, struct alua_path *ap)
{
	const struct alua_scsi_ops *ops = am->ops;

	ap->am = am;
	strscpy(ap->name, ap->path->dev->name, sizeof(ap->name));
	INIT_WORK(&ap->work, alua_port_work);
	ap->buf_len = ALUA_RTPG_BUF_LEN;
	ap->buf = kmalloc(ap->buf_len, GFP_KERNEL);
	ap->rtpg = kzalloc(sizeof(*ap->rtpg), GFP_KERNEL);
	if (!ap->buf || !ap->rtpg)
		return -ENOMEM;
	ops->attach(ap, ap->path->dev->bdev);
	/* The cached VPD page: no command on the constructor's way. */
	if (has_alua(ap)) {
		if (!ops->read_port(ap, false, &ap->port))
			ap->port_known = true;
		else
			DMWARN("alua: no target port group for %s",
			       ap->name);
	}
	return 0;
}

/* The table is built: find every path's SCSI device and port group. */
static int alua_start(struct mpath2 *m, char **error)
{
	struct alua_map *am = m->hw_ctx;
	unsigned int g, p, n = 0;

	for (g = 0; g < m->nr_pgs; g++)
		n += m->pgs[g].nr_paths;
	am->paths = kcalloc(n, sizeof(*am->paths), GFP_KERNEL);
	if (!am->paths)
		goto nomem;
	for (g = 0; g < m->nr_pgs; g++) {
		for (p = 0; p < m->pgs[g].nr_paths; p++) {
			struct alua_path *ap = &am->paths[am->nr_paths++];

			ap->path = &m->pgs[g].paths[p];
			ap->path->hw_path = ap;
			if (attach_path(am, ap))
				goto nomem;
		}
	}
	/*
	 * Nothing is read here: the states are read at resume, and until
	 * then no group ranks above another (the first I/O waits for them,
	 * see alua_activate.c).
	 */
	return 0;

nomem:
	*error = "alua: can't allocate path state";
	return -ENOMEM;
}

/* Resume (or a suspend given up): read the states now, then poll. */
static void alua_resume(struct mpath2 *m)
{
	struct alua_map *am = m->hw_ctx;

	spin_lock_irq(&am->lock);
	if (!am->stopped) {
		am->polling = true;
		am->round++;
		am->next_poll = jiffies + am->poll_secs * HZ;
		alua_tick_now_locked(am);
	}
	spin_unlock_irq(&am->lock);
}

/*
 * Presuspend: no more polls. Checks, activations and transitions under
 * way go on (they may decide the fate of held I/O); none of them waits.
 */
static void alua_presuspend(struct mpath2 *m)
{
	struct alua_map *am = m->hw_ctx;

	spin_lock_irq(&am->lock);
	am->polling = false;
	spin_unlock_irq(&am->lock);
}

/*
 * The map goes (also when the constructor failed, before or in start).
 * The poll never waits for the array, so cancelling it is quick; a port
 * work in a command is not waited for: it sees `stopped` when the command
 * returns and touches nothing of the map.
 */
static void alua_stop(struct mpath2 *m)
{
	struct alua_map *am = m->hw_ctx;

	if (!am)
		return;
	spin_lock_irq(&am->lock);
	am->stopped = true;
	am->polling = false;
	spin_unlock_irq(&am->lock);
	cancel_delayed_work_sync(&am->work);
	if (am->holding)
		mpath2_set_hw_holding(m, false);
}

/* end_io saw a path error on @path (maybe in interrupt context). */
static bool alua_path_error(struct mpath2 *m, struct mpath2_path *path)
{
	struct alua_map *am = m->hw_ctx;
	struct alua_path *ap = path->hw_path;
	unsigned long flags;
	bool taken = false;

	if (!has_alua(ap))
		return false;
	spin_lock_irqsave(&am->lock, flags);
	/*
	 * Under am->lock, as the poll's decision to hold or not: the check
	 * asked here is seen by the next decision, never lost to one that
	 * ran meanwhile.
	 */
	if (!am->stopped && ap->port_known) {
		alua_want_locked(ap, ALUA_WANT_CHECK);
		alua_hold_locked(am);
		mpath2_block_path(path);
		alua_tick_now_locked(am);
		taken = true;
	}
	spin_unlock_irqrestore(&am->lock, flags);
	return taken;
}

/* path_stats: alua=<state> prio=<n> tpg=<id> alua_mode=mpath2|scsi_dh */
static unsigned int alua_path_info(struct mpath2 *m, struct mpath2_path *path,
				   char *result, unsigned int maxlen)
{
	struct alua_map *am = m->hw_ctx;
	struct alua_path *ap = path->hw_path;
	unsigned int sz = 0, prio = 0;
	unsigned long flags;
	bool known;
	u8 state;

	if (!has_alua(ap)) {
		DMEMIT("alua=none");
		return sz;
	}
	spin_lock_irqsave(&am->lock, flags);
	known = ap->state_known;
	state = ap->state;
	if (known)
		prio = alua_path_prio(state, ap->pref, am->exclusive_pref);
	spin_unlock_irqrestore(&am->lock, flags);
	DMEMIT("alua=%s prio=%u tpg=%u alua_mode=%s",
	       known ? alua_state_name(state) : "unknown", prio,
	       ap->port.group, ap->kernel_dh ? "scsi_dh" : "mpath2");
	return sz;
}

static const struct mpath2_hw_handler_type alua_type = {
	.name		= "alua",
	.create		= alua_create,
	.destroy	= alua_destroy,
	.activate	= alua_activate,
	.start		= alua_start,
	.stop		= alua_stop,
	.resume		= alua_resume,
	.presuspend	= alua_presuspend,
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
