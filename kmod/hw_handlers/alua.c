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
/* Unit attentions answered in a row before giving up for this round. */
#define ALUA_UA_RETRIES		3
/* Rounds a path error's check may be answered by unit attentions. */
#define ALUA_CHECK_RETRIES	5
/* Rounds (1 s apart) I/O waits for woken standby ports to turn active. */
#define ALUA_WAKE_ROUNDS	5
/* How long after a port was unusable its bios' errors are forgiven. */
#define ALUA_LATE_ERRORS	(5 * HZ)

static void alua_work(struct work_struct *work);

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

/* Does the path lead to a SCSI device with ALUA? */
static bool has_alua(const struct alua_path *ap)
{
	return ap && ap->sdev && ap->tpgs > 0;
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

/* The state scsi_dh_alua keeps for the port. */
static void read_kernel_state(struct alua_path *ap)
{
	ap->state = READ_ONCE(ap->sdev->access_state) &
		    SCSI_ACCESS_STATE_MASK;
	ap->state_known = true;
}

/* Read the port group of @ap once (VPD 0x83); false if there is none. */
static bool know_port(struct alua_path *ap)
{
	int r;

	if (ap->port_known)
		return true;
	r = alua_read_port(ap->sdev, &ap->port);
	if (r)
		DMWARN_LIMIT("alua: no target port group for %s (VPD 0x83: %d)",
			     ap->path->dev->name, r);
	else
		ap->port_known = true;
	return ap->port_known;
}

/*
 * The states of every port group, through @ap: one RTPG answers for all
 * paths of the map (they reach the same logical unit). A path in kernel
 * mode reads its own device's state instead.
 */
static enum alua_sense read_states(struct alua_map *am, struct alua_path *ap)
{
	enum alua_sense s;
	unsigned int i, tries = 0;

	do {
		s = alua_rtpg(ap, am->buf, &am->rtpg);
	} while (s == ALUA_SENSE_RETRY && ++tries < ALUA_UA_RETRIES);
	if (s != ALUA_SENSE_OK) {
		DMWARN_LIMIT("alua: REPORT TARGET PORT GROUPS through %s failed (%d)",
			     ap->path->dev->name, s);
		return s;
	}

	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *p = &am->paths[i];
		const struct alua_tpg *tpg;

		if (!has_alua(p) || !know_port(p))
			continue;
		tpg = alua_find_tpg(&am->rtpg, p->port.group);
		if (tpg) {
			p->state = tpg->state;
			p->state_known = true;
			set_bit(ALUA_PATH_FRESH, &p->flags);
		}
	}
	return ALUA_SENSE_OK;
}

/* A sense answer that itself says which state the port is in. */
static bool sense_state(struct alua_path *ap, enum alua_sense s)
{
	switch (s) {
	case ALUA_SENSE_TRANSITIONING:
		ap->state = ALUA_STATE_TRANSITIONING;
		break;
	case ALUA_SENSE_STANDBY:
		ap->state = ALUA_STATE_STANDBY;
		break;
	case ALUA_SENSE_UNAVAILABLE:
		ap->state = ALUA_STATE_UNAVAILABLE;
		break;
	default:
		return false;
	}
	ap->state_known = true;
	return true;
}

/*
 * A bio failed on @ap (its path is blocked meanwhile): was it the array's
 * state? Fail the path unless the port's state explains the error.
 */
static void check_path(struct alua_map *am, struct alua_path *ap)
{
	enum alua_sense s = read_states(am, ap);

	if (sense_state(ap, s))
		return;
	if (s == ALUA_SENSE_OK && ap->state_known &&
	    !alua_state_usable(ap->state))
		return;		/* standby, unavailable...: stays blocked */
	/*
	 * Bios sent before the array made the port usable again (an STPG,
	 * a transition's end) may still fail afterwards: not the path's
	 * fault for a short while.
	 */
	if (s == ALUA_SENSE_OK && ap->state_known && ap->unusable_seen &&
	    time_before(jiffies, ap->unusable_seen + ALUA_LATE_ERRORS))
		return;
	if (s == ALUA_SENSE_RETRY && ++ap->check_retries < ALUA_CHECK_RETRIES) {
		set_bit(ALUA_PATH_CHECK, &ap->flags);	/* ask again */
		return;
	}
	/*
	 * No answer, or the port is usable and the I/O failed anyway: a
	 * path failure like any other (the checker reinstates it).
	 */
	DMWARN_LIMIT("alua: %s: I/O failed, port %s (%d): failing the path",
		     ap->path->dev->name, ap->state_known ?
		     alua_state_name(ap->state) : "unknown", s);
	ap->check_retries = 0;
	mpath2_fail_path(ap->path);
}

/*
 * The regular poll: one RTPG through a path that answers usually tells
 * every port group's state. Arrays that report only the groups of the
 * port asked (scsi_debug does) get one through a path of each group left.
 */
static void poll_states(struct alua_map *am)
{
	unsigned int i;

	for (i = 0; i < am->nr_paths; i++)
		clear_bit(ALUA_PATH_FRESH, &am->paths[i].flags);
	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *ap = &am->paths[i];

		if (!has_alua(ap) || test_bit(ALUA_PATH_FRESH, &ap->flags))
			continue;
		if (!know_port(ap) ||
		    (!mpath2_path_usable(ap->path) && !ap->path->blocked))
			continue;
		read_states(am, ap);
	}
}

/* Each group's priority: the best of its ports'. */
static void rank_groups(struct mpath2 *m)
{
	unsigned long flags;
	unsigned int g;

	spin_lock_irqsave(&m->lock, flags);
	for (g = 0; g < m->nr_pgs; g++) {
		struct mpath2_pg *pg = &m->pgs[g];
		unsigned int p, prio = 0;

		for (p = 0; p < pg->nr_paths; p++) {
			struct alua_path *ap = pg->paths[p].hw_path;

			if (has_alua(ap) && ap->state_known)
				prio = max(prio, alua_state_prio(ap->state));
		}
		pg->prio = prio;
	}
	spin_unlock_irqrestore(&m->lock, flags);
}

/*
 * Act on the states read: block and unblock paths, rank the groups and
 * follow the best. Returns whether a port is transitioning.
 */
static bool apply_states(struct alua_map *am)
{
	struct mpath2 *m = am->m;
	bool transitioning = false;
	unsigned int i;

	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *ap = &am->paths[i];

		if (!has_alua(ap) || !ap->state_known)
			continue;
		if (alua_state_usable(ap->state)) {
			mpath2_unblock_path(ap->path);
			continue;
		}
		ap->unusable_seen = jiffies ?: 1;
		/*
		 * A port that may come back soon (transitioning, or standby
		 * that wake_standby() may activate): I/O left without a path
		 * waits for this round to end rather than fail.
		 */
		if (ap->state == ALUA_STATE_TRANSITIONING ||
		    ap->state == ALUA_STATE_STANDBY)
			mpath2_set_hw_holding(m, true);
		mpath2_block_path(ap->path);
		if (ap->state == ALUA_STATE_TRANSITIONING)
			transitioning = true;
	}

	rank_groups(m);
	mpath2_follow_best_group(m);
	return transitioning;
}

/* Ports transitioning for longer than the array allows have failed. */
static bool transition_over(struct alua_map *am, bool transitioning)
{
	unsigned int secs = am->rtpg.transition_secs ?: ALUA_TRANSITION_SECS;
	unsigned int i;

	if (!transitioning) {
		am->transition_end = 0;
		return false;
	}
	if (!am->transition_end) {
		am->transition_end = jiffies + secs * HZ;
		return false;
	}
	if (time_before(jiffies, am->transition_end))
		return false;
	DMWARN_LIMIT("%s: ports still transitioning after %u s, failing them",
		     dm_table_device_name(am->m->ti->table), secs);
	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *ap = &am->paths[i];

		if (has_alua(ap) && ap->state_known &&
		    ap->state == ALUA_STATE_TRANSITIONING) {
			ap->state_known = false;
			mpath2_fail_path(ap->path);
		}
	}
	am->transition_end = 0;
	return true;
}

static enum mpath2_hw_result activate_kernel(struct alua_map *am,
					     struct alua_path *ap);

/*
 * No path is usable, but ports in standby are: wake one port group of
 * them (STPG, or scsi_dh_alua's activation in kernel mode) rather than
 * fail I/O. Returns whether it asked the array.
 */
static bool wake_standby(struct alua_map *am)
{
	unsigned int i;

	if (atomic_read(&am->m->nr_active) || am->no_stpg)
		return false;
	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *ap = &am->paths[i];

		if (!has_alua(ap) || !ap->state_known ||
		    ap->state != ALUA_STATE_STANDBY ||
		    !(ap->tpgs & ALUA_TPGS_EXPLICIT))
			continue;
		DMINFO("%s: no usable path, activating standby port group %u through %s",
		       dm_table_device_name(am->m->ti->table), ap->port.group,
		       ap->path->dev->name);
		if (ap->kernel_dh) {
			activate_kernel(am, ap);
		} else {
			alua_stpg(ap, ap->port.group);
			/* Whatever STPG answered, the states tell. */
			read_states(am, ap);
		}
		return true;
	}
	return false;
}

static void alua_work(struct work_struct *work)
{
	struct alua_map *am = container_of(to_delayed_work(work),
					   struct alua_map, work);
	bool checked = false, transitioning, pending = false, waking;
	unsigned long next = 0;
	unsigned int i;

	mutex_lock(&am->lock);
	if (am->stopped)
		goto out;
	for (i = 0; i < am->nr_paths; i++) {
		struct alua_path *ap = &am->paths[i];

		if (test_and_clear_bit(ALUA_PATH_CHECK, &ap->flags)) {
			if (has_alua(ap) && know_port(ap))
				check_path(am, ap);
			else
				mpath2_fail_path(ap->path);
			checked = true;
		} else {
			ap->check_retries = 0;
		}
	}
	if (!checked)
		poll_states(am);
	transitioning = apply_states(am);
	waking = wake_standby(am);
	if (waking)
		transitioning = apply_states(am);
	/* The array may take a few rounds to show the woken ports active. */
	am->wake_rounds = waking ? am->wake_rounds + 1 : 0;
	if (am->wake_rounds > ALUA_WAKE_ROUNDS)
		waking = false;
	if (transition_over(am, transitioning))
		transitioning = false;

	for (i = 0; i < am->nr_paths; i++)
		pending |= test_bit(ALUA_PATH_CHECK, &am->paths[i].flags);
	/* I/O with no usable path waits while ports may come back soon. */
	mpath2_set_hw_holding(am->m, transitioning || pending || waking);
	if (pending)
		next = 0;
	else if (transitioning || waking)
		next = HZ;
	else if (am->poll_secs)
		next = am->poll_secs * HZ;
	if (pending || transitioning || waking || am->poll_secs)
		queue_delayed_work(mpath2_wq, &am->work, next);
out:
	mutex_unlock(&am->lock);
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
	 * one per port group, see poll_states()), bounded by the command
	 * timeout. The work acts on the states (blocks, unblocks) at once.
	 */
	mutex_lock(&am->lock);
	poll_states(am);
	rank_groups(m);
	mutex_unlock(&am->lock);
	/* The array's ranking, not the table's initial group, picks first. */
	spin_lock_irq(&m->lock);
	m->next_pg = NULL;
	spin_unlock_irq(&m->lock);
	queue_delayed_work(mpath2_wq, &am->work, 0);
	return 0;
}

static void alua_stop(struct mpath2 *m)
{
	struct alua_map *am = m->hw_ctx;

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

/* What pg_init makes of a port's state. */
static enum mpath2_hw_result state_result(u8 state)
{
	if (alua_state_usable(state))
		return MPATH2_HW_OK;
	if (state == ALUA_STATE_TRANSITIONING)
		return MPATH2_HW_RETRY;
	return MPATH2_HW_BLOCKED;
}

struct dh_wait {
	struct completion done;
	int err;
};

static void dh_done(void *data, int err)
{
	struct dh_wait *w = data;

	w->err = err;
	complete(&w->done);
}

/* Kernel mode: scsi_dh_alua activates (its own RTPG and STPG). */
static enum mpath2_hw_result activate_kernel(struct alua_map *am,
					     struct alua_path *ap)
{
	struct dh_wait w = { .err = SCSI_DH_OK };

	init_completion(&w.done);
	scsi_dh_activate(ap->sdev->request_queue, dh_done, &w);
	wait_for_completion(&w.done);
	switch (w.err) {
	case SCSI_DH_OK:
		/* The array's word; scsi_dh_alua's if the array is silent. */
		if (read_states(am, ap) != ALUA_SENSE_OK)
			read_kernel_state(ap);
		return state_result(ap->state);
	case SCSI_DH_RETRY:
	case SCSI_DH_IMM_RETRY:
		return MPATH2_HW_RETRY;
	case SCSI_DH_DEV_TEMP_BUSY:
		return MPATH2_HW_BUSY;
	default:
		return MPATH2_HW_FAILED;
	}
}

/* Does a usable path of the map lead to a better port than @ap's? */
static bool better_port(const struct alua_map *am, const struct alua_path *ap)
{
	unsigned int i;

	for (i = 0; i < am->nr_paths; i++) {
		const struct alua_path *p = &am->paths[i];

		if (has_alua(p) && p->state_known && p != ap &&
		    alua_state_usable(p->state) &&
		    mpath2_path_usable(p->path) &&
		    alua_state_prio(p->state) > alua_state_prio(ap->state))
			return true;
	}
	return false;
}

/*
 * Activate @ap's port group? Only where the array allows it, and only if
 * no other port of the map is better: I/O that came here before the
 * states were known is moved by the poll, not by promoting this group.
 */
static bool wants_stpg(const struct alua_map *am, const struct alua_path *ap)
{
	return !am->no_stpg && (ap->tpgs & ALUA_TPGS_EXPLICIT) &&
	       ap->state_known && (ap->state == ALUA_STATE_NON_OPTIMIZED ||
				   ap->state == ALUA_STATE_STANDBY) &&
	       !better_port(am, ap);
}

/* Own mode: read the states, activate with STPG if needed and allowed. */
static enum mpath2_hw_result activate_own(struct alua_map *am,
					  struct alua_path *ap)
{
	enum alua_sense s;

	if (!know_port(ap))
		return MPATH2_HW_OK;	/* no port group: nothing to ready */
	s = read_states(am, ap);
	if (s == ALUA_SENSE_OK && wants_stpg(am, ap)) {
		DMINFO("%s: activating port group %u through %s",
		       dm_table_device_name(am->m->ti->table), ap->port.group,
		       ap->path->dev->name);
		s = alua_stpg(ap, ap->port.group);
		if (s == ALUA_SENSE_OK || s == ALUA_SENSE_RETRY)
			s = read_states(am, ap);
	}
	if (sense_state(ap, s))
		return state_result(ap->state);
	switch (s) {
	case ALUA_SENSE_OK:
		return ap->state_known ? state_result(ap->state) :
					 MPATH2_HW_OK;
	case ALUA_SENSE_RETRY:
		return MPATH2_HW_RETRY;
	case ALUA_SENSE_UNSUPPORTED:
		return MPATH2_HW_OK;	/* no RTPG after all: as without ALUA */
	default:
		return MPATH2_HW_FAILED;
	}
}

static enum mpath2_hw_result alua_activate(struct mpath2 *m,
					   struct mpath2_path *path)
{
	struct alua_map *am = m->hw_ctx;
	struct alua_path *ap = path->hw_path;
	enum mpath2_hw_result r;

	if (!has_alua(ap))
		return MPATH2_HW_OK;
	mutex_lock(&am->lock);
	if (!ap->kernel_dh) {
		r = activate_own(am, ap);
	} else if (know_port(ap) && read_states(am, ap) == ALUA_SENSE_OK &&
		   alua_state_usable(ap->state) && better_port(am, ap)) {
		/* scsi_dh_alua would promote this worse group: let the poll move I/O. */
		r = MPATH2_HW_OK;
	} else {
		r = activate_kernel(am, ap);
	}
	/* New states may rank the groups differently: the poll acts. */
	if (!am->stopped)
		mod_delayed_work(mpath2_wq, &am->work, 0);
	mutex_unlock(&am->lock);
	return r;
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
