/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The path checker: TEST UNIT READY (or a directio read) per path, run
 * by a bounded pool of worker threads (64 KiB stacks), so that 1,000
 * paths cost a few threads and no thread is made per check: the pool
 * keeps CHECKER_WORKERS; a check queued while no worker is idle starts
 * one more, up to CHECKER_MAX_THREADS (a slow disk or a slow machine
 * keeps checks waiting no longer than it must), and a worker beyond the
 * pool's size that stays idle CHECKER_IDLE_MS (longer than a path's
 * longest interval, so that the steady state makes no thread) ends.
 * When asked, a path that answers also has its WWID read again (INQUIRY
 * VPD 0x83) before the daemon may reinstate it. A pipe becomes readable
 * whenever a check ends, for the daemon's poll().
 *
 * Each path's device stays open across its checks (ops->open, ops->check)
 * and is opened again when the device node given changes, the checker
 * kind changes, or a check said the path is not usable (a disk that went
 * away and came back is a new device); it is closed by checker_forget()
 * when the path leaves its map, and by checker_free().
 *
 * A hung check must not stall the others: a worker whose check has run
 * longer than its timeout plus the pool's grace counts as stuck, and a
 * replacement worker is started for it (up to CHECKER_MAX_THREADS in
 * all; past that, queued checks wait and the daemon counts them "no
 * answer" at their deadline). A stuck worker that comes back ends
 * itself if the pool has its number of workers without it.
 *
 * What a check sends is up to the ops: the daemon gives the fd checks of
 * tur_io.h and directio_io.h and scsi_io_read_vpd83(), the tests fakes
 * that send nothing. Without ops->open, a check calls ops->tur or
 * ops->directio with the device node (nothing kept open).
 */
#ifndef MPATH2CTL_CHECKER_H
#define MPATH2CTL_CHECKER_H

#include <stddef.h>

#include "checkers/tur.h"
#include "lib/vpd.h"

enum checker_kind { CHK_TUR, CHK_DIRECTIO };

#define CHECKER_WORKERS		4	/* checker_new()'s pool */
#define CHECKER_MAX_THREADS	32	/* the workers, stuck ones included */
#define CHECKER_GRACE_MS	1000	/* past a check's timeout: stuck */
#define CHECKER_IDLE_MS		60000	/* an extra worker idle: it ends */
#define CHECKER_FD_RESERVE	128	/* fds left to the rest of the process */

struct checker_ops {
	enum tur_state (*tur)(const char *devnode, unsigned int timeout_ms,
			      char *why, size_t whylen);
	long (*vpd83)(const char *devnode, unsigned char *buf, size_t len,
		      char *err, size_t errlen);
	/* CHK_DIRECTIO checks; NULL: they say down. */
	enum tur_state (*directio)(const char *devnode, unsigned int timeout_ms,
				   char *why, size_t whylen);
	/*
	 * Optional, all three or none: open @devnode for checks of @kind
	 * (an fd, or -1 with @why), check through it, close it.
	 */
	int (*open)(const char *devnode, enum checker_kind kind, char *why,
		    size_t whylen);
	enum tur_state (*check)(int fd, enum checker_kind kind,
				const char *devnode, unsigned int timeout_ms,
				char *why, size_t whylen);
	void (*close)(int fd);
};

struct checker_result {
	unsigned int major, minor;	/* the path checked */
	enum tur_state state;
	int wwid_read;			/* asked for, and read into @wwid */
	char wwid[VPD_WWID_LEN];
	char why[192];			/* the TUR's outcome or the failure */
};

struct checker;

/* A pool of CHECKER_WORKERS; NULL without memory, a pipe or a thread. */
struct checker *checker_new(const struct checker_ops *ops);
/*
 * A pool of @workers (1..CHECKER_MAX_THREADS), a check stuck after its
 * timeout and @grace_ms, an extra worker ending after @idle_ms idle.
 */
struct checker *checker_new_pool(const struct checker_ops *ops,
				 unsigned int workers, unsigned int grace_ms,
				 unsigned int idle_ms);

/*
 * Never returns while a check still runs: a thread stuck in the kernel
 * keeps the process alive (the daemon exits with _exit() instead).
 * Closes every device the checker kept open.
 */
void checker_free(struct checker *c);

/* Readable when a check has ended (checker_reap() drains it). */
int checker_fd(const struct checker *c);

/*
 * Queue a check of path @major:@minor through @devnode; with @want_wwid,
 * also read its WWID if the TUR says it is usable. 0, or -1 (no memory,
 * or a check of this path is still queued or runs).
 */
int checker_start(struct checker *c, unsigned int major, unsigned int minor,
		  const char *devnode, unsigned int timeout_ms, int want_wwid);
/* The same with the checker @kind (checker_start() is CHK_TUR). */
int checker_start_kind(struct checker *c, enum checker_kind kind,
		       unsigned int major, unsigned int minor,
		       const char *devnode, unsigned int timeout_ms,
		       int want_wwid);

/* Whether a check of @major:@minor is queued or runs. */
int checker_running(const struct checker *c, unsigned int major,
		    unsigned int minor);

/* Move up to @max ended checks into @out; returns how many. */
size_t checker_reap(struct checker *c, struct checker_result *out, size_t max);

/*
 * The path left its maps: close its device now, or when its check
 * ends (that check's result is still reaped). @c NULL: nothing.
 */
void checker_forget(struct checker *c, unsigned int major, unsigned int minor);

/*
 * When (CLOCK_MONOTONIC ms) the earliest running check will count as
 * stuck, -1 if none runs: the caller's poll() wakes then and calls
 * checker_reap(), which starts a replacement worker.
 */
long long checker_next_ms(struct checker *c);

/*
 * How many devices a checker keeps open: RLIMIT_NOFILE's soft limit less
 * CHECKER_FD_RESERVE (the daemon raises that limit first: 1,024 paths
 * would take every fd of the usual 1,024). Past it, a check opens and
 * closes its device; an open that still fails says down (EMFILE).
 */
unsigned int checker_fd_budget(void);
/* For the tests: keep at most @n open. */
void checker_set_max_fds(struct checker *c, unsigned int n);

/* Worker threads now, stuck ones included; devices held open. */
unsigned int checker_threads(struct checker *c);
unsigned int checker_open_fds(struct checker *c);

#endif
