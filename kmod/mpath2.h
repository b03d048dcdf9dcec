/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mpath2: a bio-based device-mapper multipath target.
 *
 * Shared types of the target. The objects form a tree built once by the
 * constructor and never changed in shape afterwards:
 *
 *   struct mpath2            one per table (ti->private)
 *     struct mpath2_pg[]     priority groups, in table order
 *       struct mpath2_path[] paths of the group, in table order
 *
 * Because groups and paths live exactly as long as the table, the I/O path
 * may hold plain pointers to them without reference counts: dm core
 * guarantees no I/O is in flight when the destructor runs.
 *
 * Locking: m->lock (a spinlock, IRQ-safe because end_io may run in
 * interrupt context) serialises every state change: path failure and
 * reinstatement, group choice and the requeue list. The per-I/O path takes
 * no lock: it reads m->current_pg and path->active with READ_ONCE() and
 * asks the group's selector, which keeps its own lock-free state.
 */
#ifndef MPATH2_H
#define MPATH2_H

#include <linux/bio.h>
#include <linux/cache.h>
#include <linux/device-mapper.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <asm/local64.h>

#include "selectors/selector.h"

/* The feature-word limit: dm-multipath allows 8; our extensions need more. */
#define MPATH2_MAX_FEATURE_ARGS 16
/* Limits shared with dm-multipath. */
#define MPATH2_MAX_GROUPS	1024
#define MPATH2_MAX_PATHS	1024
#define MPATH2_MAX_ARGS		1024
/* no_path_timeout: up to a day. */
#define MPATH2_MAX_NO_PATH_TIMEOUT 86400
/* hold_down: at most this many failures counted; window and hold in s. */
#define MPATH2_MAX_HOLD_FAILURES 16
#define MPATH2_MAX_HOLD_SECS	3600
/* pg_init: as dm-multipath's limits and default delay. */
#define MPATH2_MAX_PG_INIT_RETRIES	50
#define MPATH2_MAX_PG_INIT_DELAY	60000
#define MPATH2_PG_INIT_DELAY_MSECS	2000
#define MPATH2_PG_INIT_DELAY_DEFAULT	UINT_MAX	/* not set in the table */
/* failback <secs>: up to an hour. */
#define MPATH2_MAX_FAILBACK_SECS 3600

struct mpath2;
struct mpath2_pg;
struct mpath2_hw_handler_type;

/*
 * Per-CPU I/O counters of a path: no shared cache line on the I/O path,
 * one per-CPU increment at map and one at completion. A bio may complete on
 * another CPU than it started on: only the sums over all CPUs mean
 * something (bios sent, and sent minus completed = in flight).
 */
/*
 * Per-CPU bio counters of a path. local64_t under get_cpu_ptr(): on x86 a
 * plain per-CPU increment, and on architectures with generic per-CPU ops
 * (UML among them) no interrupt masking per bio, which this_cpu_inc()
 * costs there.
 */
struct mpath2_path_stats {
	local64_t started;
	local64_t completed;
};

struct mpath2_path {
	struct mpath2_pg *pg;
	struct dm_dev *dev;
	/* Position in its group, 0-based; selectors index their arrays with it. */
	unsigned int index;
	/* Read locklessly on the I/O path; written under m->lock. */
	bool active;
	unsigned int fail_count;	/* under m->lock */
	atomic64_t errors;		/* path errors seen (slow path only) */
	atomic64_t latency_ns;		/* moving average of sampled bios */
	struct mpath2_path_stats __percpu *stats;

	/* hold_down (holddown.c), under m->lock */
	unsigned long fail_times[MPATH2_MAX_HOLD_FAILURES];	/* jiffies */
	unsigned int fail_next;		/* next slot of fail_times */
	unsigned int fail_recorded;	/* slots in use (any jiffies is valid) */
	bool held;			/* reinstate deferred: flapping */
	unsigned long held_since;	/* jiffies of the deferred reinstate */

	/*
	 * Out of use because the array says so (an ALUA port in standby,
	 * unavailable or transitioning), not because the path failed:
	 * fail_count and hold_down do not count it. Under m->lock.
	 */
	bool blocked;
	void *hw_path;			/* the hardware handler's, per path */
};

struct mpath2_pg {
	struct mpath2 *m;
	unsigned int num;		/* 1-based, as in the table and messages */
	unsigned int nr_paths;
	unsigned int nr_active;		/* under m->lock */
	bool bypassed;			/* disable_group; under m->lock */
	/* With a handler that ranks groups (hw_prio): higher is better. */
	unsigned int prio;		/* under m->lock */
	struct mpath2_selector ps;
	struct mpath2_path *paths;
};

/*
 * pg_init's state: whether I/O waits for the hardware handler to ready
 * the current group, and whether a suspend stopped it. The transitions
 * are in pg_init.c (and kmod/control-plane.rst); only
 * MPATH2_PG_INIT_RUNNING holds I/O, which map reads locklessly.
 */
/*
 * What I/O that finds no usable path meets: one state, its transitions in
 * queue.c (table, messages, no_path_timeout, suspend, paths returning).
 *
 *   FAIL     fail it with EIO (no queue_if_no_path)
 *   HOLD     hold it until a path returns (queue_if_no_path)
 *   EXPIRED  queue_if_no_path, but no_path_timeout ran out: fail it until
 *            a path returns, then HOLD again
 *   PAUSED   queue_if_no_path during a flush suspend, which waits for every
 *            bio: fail it; resume holds again
 *
 * Apart from these, the hardware handler may hold I/O while it finds out
 * whether a port comes back soon (hw_holding), in any state but EXPIRED.
 */
enum mpath2_queueing {
	MPATH2_QUEUE_FAIL,
	MPATH2_QUEUE_HOLD,
	MPATH2_QUEUE_EXPIRED,
	MPATH2_QUEUE_PAUSED,
};

enum mpath2_pg_init_state {
	MPATH2_PG_INIT_UNCHOSEN,	/* no group chosen since the table loaded */
	MPATH2_PG_INIT_IDLE,		/* the current group is ready, or none */
	MPATH2_PG_INIT_RUNNING,		/* readying it: I/O waits (queue_io 1) */
	MPATH2_PG_INIT_STOPPED,		/* suspending or suspended: nothing owed */
	MPATH2_PG_INIT_OWED,		/* the same, and resume readies the group */
};

/* What to do when a path of a better (earlier) group comes back. */
enum mpath2_failback {
	MPATH2_FAILBACK_MANUAL,		/* nothing: dm-multipath's way */
	MPATH2_FAILBACK_IMMEDIATE,	/* switch to it at once */
	MPATH2_FAILBACK_FOLLOWOVER,	/* only if it is the group's first */
	MPATH2_FAILBACK_DEFERRED,	/* switch failback_secs later */
};

struct mpath2 {
	/*
	 * Read by every bio, written only on state changes: kept off the
	 * cache line of the lock and the requeue list, which the slow path
	 * writes, so that CPUs mapping bios share this line read-only.
	 */
	struct dm_target *ti;
	/* The group I/O goes to; NULL until chosen. Read locklessly. */
	struct mpath2_pg *current_pg;
	/* pg_init.c; written under m->lock, read locklessly by map (RUNNING). */
	enum mpath2_pg_init_state pg_init_state;

	spinlock_t lock ____cacheline_aligned_in_smp;	/* see the file's top */

	/* A group asked for (initial group, switch_group), taken at next choice. */
	struct mpath2_pg *next_pg;

	unsigned int nr_pgs;
	struct mpath2_pg *pgs;
	unsigned int path_lbs;		/* every path's logical block size */
	atomic_t nr_active;		/* usable paths over all groups */

	/*
	 * Bios waiting to be mapped again: failed on a path, or held while
	 * no path is usable (queue.c). The work maps them; see io.c.
	 */
	struct bio_list queued;
	struct work_struct queue_work;

	/* What I/O with no usable path meets (queue.c); under m->lock. */
	enum mpath2_queueing queueing;
	unsigned int no_path_timeout;	/* seconds; 0: hold for ever */
	struct delayed_work no_path_work;

	/* failback (failback.c): when a better group returns. */
	enum mpath2_failback failback;
	unsigned int failback_secs;
	struct delayed_work failback_work;

	/* The hardware handler and pg_init (pg_init.c); under m->lock. */
	const struct mpath2_hw_handler_type *hw;	/* NULL: none */
	void *hw_ctx;
	char *hw_args;			/* the handler's table words, or NULL */
	unsigned int hw_argc;
	/* Groups rank by pg->prio, set by the handler, not by table order. */
	bool hw_prio;
	/* The handler is checking a path: hold I/O that finds no path. */
	bool hw_holding;		/* under m->lock */
	unsigned int pg_init_retries;
	unsigned int pg_init_delay_msecs;
	unsigned int pg_init_count;	/* rounds for the current group */
	struct delayed_work pg_init_work;

	/* hold_down (holddown.c): keep flapping paths out. 0: off. */
	unsigned int hold_failures;
	unsigned int hold_window;	/* seconds */
	unsigned int hold_secs;
	struct delayed_work hold_work;
	/* dm_table_event() may sleep: end_io raises events through this. */
	struct work_struct event_work;
};

/*
 * Per-bio data. Everything needed to send the bio down another path after
 * a failure: the lower layers may advance the iterator and change flags.
 */
struct mpath2_bio_details {
	struct bvec_iter iter;
	int remaining;			/* only meaningful for chained bios */
	bio_end_io_t *end_io;
#ifdef CONFIG_BLK_DEV_INTEGRITY
	struct bio_integrity_payload *integrity;
	struct bvec_iter integrity_iter;
#endif
	unsigned short flags;		/* bio->bi_flags */
};

/*
 * Per-bio data: 8 (path) + 8 (start time) + 4 (size) + 4 (sampled, padded)
 * + the saved bio details (40, or 64 with integrity): 64 bytes, 88 with
 * CONFIG_BLK_DEV_INTEGRITY, all needed per attempt.
 */
struct mpath2_io {
	struct mpath2_path *path;	/* the path it was sent to, or NULL */
	u64 start_ns;			/* for selectors that time completions */
	unsigned int nr_bytes;		/* bi_size, for the selector's accounting */
	bool sampled;			/* timed for path_stats' latency */
	struct mpath2_bio_details saved;
};

/* Was queue_if_no_path asked for (table feature or message)? */
static inline bool mpath2_queue_if_no_path(const struct mpath2 *m)
{
	return m->queueing != MPATH2_QUEUE_FAIL;
}

static inline bool mpath2_path_usable(const struct mpath2_path *path)
{
	return READ_ONCE(path->active);
}

static inline struct mpath2 *mpath2_from_path(const struct mpath2_path *path)
{
	return path->pg->m;
}

/*
 * Is group @a a better place for I/O than @b? By the handler's priority
 * when it ranks groups (ALUA), then by table order: earlier is better.
 */
static inline bool mpath2_pg_better(const struct mpath2_pg *a,
				    const struct mpath2_pg *b)
{
	if (a->m->hw_prio && a->prio != b->prio)
		return a->prio > b->prio;
	return a->num < b->num;
}

/* table.c: the constructor's parser. Sets ti->error on failure. */
int mpath2_parse_table(struct mpath2 *m, unsigned int argc, char **argv);
void mpath2_free_groups(struct mpath2 *m);

/* state.c: path and group state; the slow path. */
struct mpath2_path *mpath2_select_slow(struct mpath2 *m, size_t nr_bytes);
void mpath2_path_error(struct mpath2 *m, struct mpath2_path *path);
void mpath2_fail_path(struct mpath2_path *path);
void mpath2_fail_path_locked(struct mpath2 *m, struct mpath2_path *path);
void mpath2_reinstate_path(struct mpath2_path *path);
void mpath2_reinstate_path_locked(struct mpath2 *m, struct mpath2_path *path);
struct mpath2_pg *mpath2_best_group_locked(struct mpath2 *m, bool bypassed);
void mpath2_block_path(struct mpath2_path *path);
void mpath2_unblock_path(struct mpath2_path *path);
void mpath2_follow_best_group(struct mpath2 *m);
void mpath2_set_hw_holding(struct mpath2 *m, bool hold);
int mpath2_switch_group(struct mpath2 *m, unsigned int num);
int mpath2_bypass_group(struct mpath2 *m, unsigned int num, bool bypass);
void mpath2_trigger_event(struct mpath2 *m);
void mpath2_event_work(struct work_struct *work);

/* io.c: the per-bio hot path. */
int mpath2_map(struct dm_target *ti, struct bio *bio);
int mpath2_end_io(struct dm_target *ti, struct bio *bio, blk_status_t *error);
void mpath2_queue_work(struct work_struct *work);
struct mpath2_path *mpath2_ioctl_path(struct mpath2 *m);

/* queue.c: what happens to I/O while no path is usable. */
int mpath2_no_path(struct mpath2 *m, struct bio *bio);
void mpath2_requeue(struct mpath2 *m, struct bio *bio);
void mpath2_kick_queue(struct mpath2 *m);
void mpath2_paths_changed(struct mpath2 *m, bool had_paths);
void mpath2_set_queue_if_no_path(struct mpath2 *m, bool queue);
bool mpath2_io_waiting(struct mpath2 *m);
void mpath2_no_path_work(struct work_struct *work);
void mpath2_queue_presuspend(struct mpath2 *m);
void mpath2_queue_resume(struct mpath2 *m);

/* failback.c: going back to a better group. */
void mpath2_failback_path_returned(struct mpath2_path *path, bool group_was_empty);
void mpath2_failback_work(struct work_struct *work);
const char *mpath2_failback_name(const struct mpath2 *m);

/* holddown.c: flapping paths. */
void mpath2_hold_down_failed(struct mpath2_path *path);
bool mpath2_hold_down_defer(struct mpath2_path *path);
void mpath2_hold_down_work(struct work_struct *work);

/* stats.c: per-path counters and the path_stats message. */
int mpath2_alloc_path_stats(struct mpath2_path *path);
void mpath2_free_path_stats(struct mpath2_path *path);
int mpath2_path_stats_message(struct mpath2 *m, char *result,
			      unsigned int maxlen);

/* One bio in MPATH2_LATENCY_SAMPLE per path and CPU is timed for path_stats. */
#define MPATH2_LATENCY_SAMPLE	16

/* Count a bio sent down @path; true if it is to be timed. */
static inline bool mpath2_stats_start(struct mpath2_path *path)
{
	struct mpath2_path_stats *s = get_cpu_ptr(path->stats);
	u64 n = local64_add_return(1, &s->started);

	put_cpu_ptr(path->stats);
	return !(n & (MPATH2_LATENCY_SAMPLE - 1));
}

void mpath2_stats_latency(struct mpath2_path *path, u64 start_ns);

static inline void mpath2_stats_end(struct mpath2_path *path,
				    const struct mpath2_io *io)
{
	local64_inc(&get_cpu_ptr(path->stats)->completed);
	put_cpu_ptr(path->stats);
	if (unlikely(io->sampled))
		mpath2_stats_latency(path, io->start_ns);
}

/* pg_init.c: readying a group through the hardware handler. */
void mpath2_pg_init_start_locked(struct mpath2 *m, struct mpath2_pg *pg);
int mpath2_pg_init_hold(struct mpath2 *m, struct bio *bio);

static inline bool mpath2_pg_init_running(const struct mpath2 *m)
{
	return READ_ONCE(m->pg_init_state) == MPATH2_PG_INIT_RUNNING;
}

void mpath2_pg_init_work(struct work_struct *work);
void mpath2_pg_init_stop(struct mpath2 *m);
void mpath2_pg_init_restart(struct mpath2 *m);

/* probe.c: the probe_paths message. */
int mpath2_probe_paths(struct mpath2 *m);

/* status.c and message.c */
void mpath2_status(struct dm_target *ti, status_type_t type,
		   unsigned int status_flags, char *result, unsigned int maxlen);
int mpath2_message(struct dm_target *ti, unsigned int argc, char **argv,
		   char *result, unsigned int maxlen);

/* target.c: the path an ioctl goes to (prepare_ioctl). */
int mpath2_ioctl_bdev(struct dm_target *ti, struct block_device **bdev);

/*
 * target.c: the module's workqueues. mpath2_io_wq only maps queued bios
 * again (it must never wait behind a SCSI command); mpath2_wq runs the
 * control work: pg_init, the handler's polls, hold_down, failback,
 * no_path_timeout and events.
 */
extern struct workqueue_struct *mpath2_io_wq;
extern struct workqueue_struct *mpath2_wq;

#endif /* MPATH2_H */
