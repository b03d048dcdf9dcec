// SPDX-License-Identifier: GPL-2.0-only
/* A bounded text builder (see outbuf.h). */
#include <stdarg.h>
#include <stdio.h>

#include "lib/outbuf.h"

void outbuf_put(struct outbuf *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->len - o->used)
		o->overflow = 1;
	else
		o->used += (size_t)n;
}

void outbuf_words(struct outbuf *o, unsigned int n, char **words)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		outbuf_put(o, " %s", words[i]);
}
