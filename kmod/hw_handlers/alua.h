/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpath2's ALUA hardware handler: shared between its files.
 *
 *   alua_proto.c    the wire formats and the sense table (pure)
 *   alua_scsi.c     the SCSI commands
 *   alua_states.c   the work items: each port's commands, and the map's
 *                   poll that acts on the states (block, unblock, rank,
 *                   hold I/O, wait out transitions)
 *   alua_activate.c pg_init: deciding whether a port is ready, and asking
 *                   for an STPG (never waiting for one)
 *   alua.c          the handler: table words, set-up, hooks, lifetime
 */
#ifndef MPATH2_ALUA_H
#define MPATH2_ALUA_H

#include <linux/jiffies.h>
#include <linux/kref.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "alua_proto.h"
#include "hw_handler.h"

struct block_device;
struct mpath2;
struct mpath2_path;
struct scsi_device;
struct scsi_sense_hdr;

#define ALUA_CDB_LEN		12
#define ALUA_STPG_LEN		8
/* An RTPG waits this long for its answer. */
#define ALUA_RTPG_TIMEOUT	(30 * HZ)
/* A port may transition this long when the array does not say. */
#define ALUA_TRANSITION_SECS	60
/*
 * An STPG waits for the larger of this and the array's transition time:
 * arrays finish the transition before they answer, and a timeout would
 * send the SCSI error handler (abort, reset) into a routine failover.
 */
#define ALUA_STPG_MIN_SECS	60
/* At most one standby wake-up (STPG) per map this often. */
#define ALUA_WAKE_INTERVAL	(10 * HZ)

struct alua_map;

/* One path as the handler sees it; mpath2_path.hw_path points here. */
struct alua_path {
	struct alua_map *am;
	char name[16];			/* the path's device, for messages */
	/* Only while the map lives: never touched once am->stopped. */
	struct mpath2_path *path;
	struct scsi_device *sdev;	/* with a reference; NULL: not SCSI */
	struct alua_port_id port;
	int tpgs;			/* TPGS bits; 0: the device has no ALUA */
	bool port_known;		/* port read from VPD 0x83 */
	bool kernel_dh;			/* scsi_dh_alua is attached: ask it */
	bool no_ext_hdr;		/* the array refused the extended RTPG */
	/* Under am->lock from here on. */
	bool state_known;
	u8 state;			/* enum alua_state, last seen */
	bool pref;			/* the group's PREF bit */
	u8 supported;			/* the group's supported-states bits */
	unsigned int check_retries;	/* rounds of the current check */
	unsigned int read_retries;	/* reads answered only "again" */
	unsigned long unusable_seen;	/* jiffies; 0: never */
	unsigned int fresh;		/* poll round whose answer had the port */
	unsigned int asked;		/* poll round that asked through it */
	unsigned int want;		/* ALUA_WANT_*: the port work's next job */
	unsigned int inflight;		/* ALUA_WANT_*: what it does right now */
	bool queued;			/* the port work is queued or running */
	/* The port work's own, outside the lock. */
	u8 *buf;			/* RTPG answers through this port */
	unsigned int buf_len;
	struct alua_rtpg *rtpg;
	struct work_struct work;	/* this port's commands */
};

/* What the port work is asked to do (alua_path.want). */
#define ALUA_WANT_READ		0x1	/* read the states (RTPG) */
#define ALUA_WANT_STPG		0x2	/* activate the port's group first */
#define ALUA_WANT_CHECK		0x4	/* a bio failed: is it the state? */
#define ALUA_WANT_PORT		0x8	/* read the port group again (VPD) */

/*
 * The SCSI layer under the handler: every command and every look at a
 * SCSI device goes through these, so that KUnit runs the handler against
 * a scripted array (alua_set_scsi_ops()). The real ones are in alua_scsi.c.
 */
struct alua_scsi_ops {
	/* Find the path's SCSI device: sets sdev, tpgs, kernel_dh. */
	void (*attach)(struct alua_path *ap, struct block_device *bdev);
	void (*detach)(struct alua_path *ap);
	/* Is scsi_dh_alua attached now? (It may attach after the table.) */
	bool (*kernel_dh)(struct alua_path *ap);
	/* May a command be sent now? (Not to a blocked or offline device.) */
	bool (*ready)(struct alua_path *ap);
	/* The port group: @fresh reads VPD 0x83 again, else the cached page. */
	int (*read_port)(struct alua_path *ap, bool fresh,
			 struct alua_port_id *id);
	/* One command: as mpath2_scsi_exec(). */
	int (*exec)(struct alua_path *ap, const u8 *cdb, bool to_dev,
		    void *buf, unsigned int len, unsigned int timeout,
		    struct scsi_sense_hdr *sshdr);
	/* scsi_dh_alua's activation, waited for: a SCSI_DH_* result. */
	int (*dh_activate)(struct alua_path *ap);
	/* scsi_dh_alua's view of the port (sdev->access_state). */
	u8 (*dh_state)(struct alua_path *ap);
};

/* The handler's state for one map (mpath2.hw_ctx). */
struct alua_map {
	struct kref ref;		/* the map's, and each queued port work's */
	spinlock_t lock;		/* all below; never held over a command */
	struct mpath2 *m;		/* only while !stopped */
	const struct alua_scsi_ops *ops;	/* the SCSI layer */
	unsigned int poll_secs;		/* table: poll <secs>; 0: only on errors */
	bool no_stpg;			/* table: no_stpg */
	bool optimize_stpg;		/* table: STPG non-optimized ports too */
	bool exclusive_pref;		/* table: exclusive_pref_bit */
	bool stopped;			/* the map goes: touch nothing of it */
	bool polling;			/* resumed: poll every poll_secs */
	bool holding;			/* I/O with no usable path waits */
	bool hold_expired;		/* ...no longer: it waited long enough */
	unsigned int nr_paths;
	struct alua_path *paths;
	unsigned int round;		/* poll rounds */
	unsigned int transition_secs;	/* the last RTPG's; 0: not given */
	unsigned long transition_end;	/* jiffies; while ports transition */
	unsigned long hold_end;		/* jiffies; the hold ends by then */
	unsigned long next_wake;	/* jiffies; no standby wake before */
	unsigned long next_poll;	/* jiffies */
	unsigned long tick_at;		/* jiffies: when the work runs next */
	struct delayed_work work;	/* polls and decides; sends nothing */
};

/* Does the path lead to a SCSI device with ALUA? */
static inline bool has_alua(const struct alua_path *ap)
{
	return ap && READ_ONCE(ap->tpgs) > 0;
}

/* How long the port's group may take to activate, STPG included. */
static inline unsigned int alua_stpg_timeout(const struct alua_map *am)
{
	return max_t(unsigned int, am->transition_secs, ALUA_STPG_MIN_SECS) *
	       HZ;
}

/* I/O waits at most this long for the handler to find out (hw_holding). */
static inline unsigned int alua_hold_limit(const struct alua_map *am)
{
	return alua_stpg_timeout(am) + ALUA_RTPG_TIMEOUT;
}

extern const struct alua_scsi_ops alua_scsi_real_ops;
/* For KUnit: the SCSI layer maps created from now on use (NULL: real). */
void alua_set_scsi_ops(const struct alua_scsi_ops *ops);
const struct alua_scsi_ops *alua_scsi_ops(void);

/* alua.c */
void alua_map_put(struct alua_map *am);

/* alua_states.c */
void alua_work(struct work_struct *work);
void alua_port_work(struct work_struct *work);
void alua_want_locked(struct alua_path *ap, unsigned int want);
void alua_want_stpg_locked(struct alua_path *ap);
void alua_hold_locked(struct alua_map *am);
void alua_tick_now_locked(struct alua_map *am);
void alua_decide_locked(struct alua_map *am);
void alua_rank_groups(struct alua_map *am);
bool alua_better_port(const struct alua_map *am, const struct alua_path *ap);

/* alua_activate.c */
enum mpath2_hw_result alua_activate(struct mpath2 *m, struct mpath2_path *path);
u8 alua_stpg_target(const struct alua_path *ap);
bool alua_may_stpg(const struct alua_map *am, const struct alua_path *ap);
bool alua_wakeable(struct alua_map *am);
void alua_wake_standby_locked(struct alua_map *am);

/* alua_scsi.c */
enum alua_sense alua_rtpg(struct alua_path *ap, bool *port_changed);
enum alua_sense alua_stpg(struct alua_path *ap, u8 state,
			  unsigned int timeout);

#endif /* MPATH2_ALUA_H */
