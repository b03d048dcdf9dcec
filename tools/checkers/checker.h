/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's path checker: one TEST UNIT READY per path, each in a
 * thread of its own, so that a disk that never answers holds only its
 * own check. When asked, a path that answers also has its WWID read
 * again (INQUIRY VPD 0x83) before the daemon may reinstate it. A pipe
 * becomes readable whenever a check ends, for the daemon's poll().
 *
 * What a check sends is up to the ops: the daemon gives tur_io_check()
 * and scsi_io_read_vpd83(), the tests fakes that send nothing. A check of
 * kind CHK_DIRECTIO reads sector 0 through ops->directio instead of the
 * TUR (directio_io.h), in its thread the same way: a disk that never
 * answers holds only its own check either way.
 */
#ifndef MPATH2CTL_CHECKER_H
#define MPATH2CTL_CHECKER_H

#include <stddef.h>

#include "checkers/tur.h"
#include "lib/vpd.h"

enum checker_kind { CHK_TUR, CHK_DIRECTIO };

struct checker_ops {
	enum tur_state (*tur)(const char *devnode, unsigned int timeout_ms,
			      char *why, size_t whylen);
	long (*vpd83)(const char *devnode, unsigned char *buf, size_t len,
		      char *err, size_t errlen);
	/* CHK_DIRECTIO checks; NULL: they say down. */
	enum tur_state (*directio)(const char *devnode, unsigned int timeout_ms,
				   char *why, size_t whylen);
};

struct checker_result {
	unsigned int major, minor;	/* the path checked */
	enum tur_state state;
	int wwid_read;			/* asked for, and read into @wwid */
	char wwid[VPD_WWID_LEN];
	char why[192];			/* the TUR's outcome or the failure */
};

struct checker;

/* NULL without memory or a pipe. */
struct checker *checker_new(const struct checker_ops *ops);

/*
 * Never returns while a check still runs: a thread stuck in the kernel
 * keeps the process alive (the daemon exits with _exit() instead).
 */
void checker_free(struct checker *c);

/* Readable when a check has ended (checker_reap() drains it). */
int checker_fd(const struct checker *c);

/*
 * Start checking path @major:@minor through @devnode; with @want_wwid,
 * also read its WWID if the TUR says it is usable. 0, or -1 (no memory,
 * no thread, or a check of this path still runs).
 */
int checker_start(struct checker *c, unsigned int major, unsigned int minor,
		  const char *devnode, unsigned int timeout_ms, int want_wwid);
/* The same with the checker @kind (checker_start() is CHK_TUR). */
int checker_start_kind(struct checker *c, enum checker_kind kind,
		       unsigned int major, unsigned int minor,
		       const char *devnode, unsigned int timeout_ms,
		       int want_wwid);

/* Whether a check of @major:@minor still runs. */
int checker_running(const struct checker *c, unsigned int major,
		    unsigned int minor);

/* Move up to @max ended checks into @out; returns how many. */
size_t checker_reap(struct checker *c, struct checker_result *out, size_t max);

#endif
