/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The directio path checker's verdict, as multipath-tools' directio
 * checker gives it: one read of one logical block at sector 0 with
 * O_DIRECT (past the page cache, so the disk itself must answer). Up if
 * the whole block was read within checker_timeout; down on an error, a
 * short read or an answer later than that. A read refused with
 * RESERVATION CONFLICT (EBADE) within checker_timeout is up: the LUN
 * answered, another host holds a reservation on it. (A read that never ends is
 * the checker's to time out: checker.h, monitor.h.) Pure: the read is
 * directio_io.c's, only the real binary links it.
 */
#ifndef MPATH2CTL_DIRECTIO_H
#define MPATH2CTL_DIRECTIO_H

#include <stddef.h>

#include "checkers/tur.h"

#define DIRECTIO_BLOCK_DEFAULT	512	/* if the disk does not say */
#define DIRECTIO_BLOCK_MAX	65536

/*
 * The block size to read: @lbs (BLKSSZGET's answer; <= 0 if it failed)
 * if it is a power of two from 512 to DIRECTIO_BLOCK_MAX, else 512.
 */
size_t directio_block_size(long lbs);

/*
 * The verdict on a read of @want bytes that returned @got (-1: failed
 * with @err, an errno) after @elapsed_ms, with @timeout_ms allowed:
 * TUR_UP or TUR_DOWN, with the reason in @why (naming @devnode).
 */
enum tur_state directio_decide(const char *devnode, long got, int err,
			       size_t want, long long elapsed_ms,
			       unsigned int timeout_ms, char *why,
			       size_t whylen);

#endif
