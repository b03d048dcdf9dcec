/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A bounded text builder for table lines: append with printf formats into
 * a caller's buffer; once something does not fit, everything after it is
 * dropped and @overflow says so (the caller reports "too long").
 */
#ifndef MPATH2CTL_OUTBUF_H
#define MPATH2CTL_OUTBUF_H

#include <stddef.h>

struct outbuf {
	char *buf;
	size_t len, used;
	int overflow;
};

__attribute__((format(printf, 2, 3)))
void outbuf_put(struct outbuf *o, const char *fmt, ...);
/* " word" for each of @n @words. */
void outbuf_words(struct outbuf *o, unsigned int n, char **words);

#endif
