// SPDX-License-Identifier: GPL-2.0-only
/* The directio checker's verdict (see directio.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "checkers/directio.h"

size_t directio_block_size(long lbs)
{
	if (lbs < 512 || lbs > DIRECTIO_BLOCK_MAX || (lbs & (lbs - 1)))
		return DIRECTIO_BLOCK_DEFAULT;
	return (size_t)lbs;
}

enum tur_state directio_decide(const char *devnode, long got, int err,
			       size_t want, long long elapsed_ms,
			       unsigned int timeout_ms, char *why,
			       size_t whylen)
{
	/*
	 * RESERVATION CONFLICT (the block layer's EBADE): the LUN answered,
	 * another host holds it; the path works, as the tur checker says.
	 */
	if (got < 0 && err == EBADE && elapsed_ms <= (long long)timeout_ms) {
		snprintf(why, whylen, "%s: read of sector 0: reservation"
			 " conflict (another host holds the LUN): the path"
			 " answers", devnode);
		return TUR_UP;
	}
	if (got < 0) {
		snprintf(why, whylen, "%s: read of sector 0: %s", devnode,
			 strerror(err));
		return TUR_DOWN;
	}
	if ((size_t)got != want) {
		snprintf(why, whylen, "%s: read of sector 0: %ld of %zu bytes",
			 devnode, got, want);
		return TUR_DOWN;
	}
	if (elapsed_ms > (long long)timeout_ms) {
		snprintf(why, whylen, "%s: read of sector 0 took %lld ms, more"
			 " than checker_timeout (%u ms)", devnode, elapsed_ms,
			 timeout_ms);
		return TUR_DOWN;
	}
	snprintf(why, whylen, "%s: read %zu bytes at sector 0 in %lld ms",
		 devnode, want, elapsed_ms);
	return TUR_UP;
}
