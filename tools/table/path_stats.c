// SPDX-License-Identifier: GPL-2.0-only
/* The kernel's path priorities from path_stats (see path_stats.h). */
#include <stdlib.h>
#include <string.h>

#include "table/path_stats.h"

/* The value of word "prio=<n>" in line @s (@len chars), or PATH_STATS_NONE. */
static int line_prio(const char *s, size_t len)
{
	const char *end = s + len, *w = s, *e;
	unsigned int v;
	char num[16];

	while (w < end) {
		while (w < end && *w == ' ')
			w++;
		for (e = w; e < end && *e != ' '; e++)
			;
		if (e - w > 5 && !strncmp(w, "prio=", 5) &&
		    (size_t)(e - w - 5) < sizeof(num)) {
			memcpy(num, w + 5, (size_t)(e - w - 5));
			num[e - w - 5] = '\0';
			return status_parse_uint(num, PATH_STATS_MAX, &v) ? PATH_STATS_NONE :
			       (int)v;
		}
		w = e;
	}
	return PATH_STATS_NONE;
}

/* Line @s's first word as "major:minor": 0, or -1. */
static int line_dev(const char *s, size_t len, unsigned int *major,
		    unsigned int *minor)
{
	char dev[24];
	size_t n;

	for (n = 0; n < len && s[n] != ' '; n++)
		;
	if (!n || n >= sizeof(dev))
		return -1;
	memcpy(dev, s, n);
	dev[n] = '\0';
	return status_parse_devnum(dev, major, minor);
}

int path_stats_parse(const char *answer, struct path_stats_list *kp)
{
	const char *s = answer, *nl;
	struct path_stats_entry k, *grown;
	size_t len;

	kp->p = NULL;
	kp->nr = 0;
	while (s && *s) {
		nl = strchr(s, '\n');
		len = nl ? (size_t)(nl - s) : strlen(s);
		k.prio = line_prio(s, len);
		if (k.prio != PATH_STATS_NONE &&
		    !line_dev(s, len, &k.major, &k.minor)) {
			grown = realloc(kp->p, (kp->nr + 1) * sizeof(*grown));
			if (!grown) {
				path_stats_free(kp);
				return -1;
			}
			kp->p = grown;
			kp->p[kp->nr++] = k;
		}
		s = nl ? nl + 1 : s + len;
	}
	return 0;
}

void path_stats_free(struct path_stats_list *kp)
{
	free(kp->p);
	kp->p = NULL;
	kp->nr = 0;
}

int path_stats_path(const struct path_stats_list *kp, unsigned int major,
	       unsigned int minor)
{
	size_t i;

	for (i = 0; kp && i < kp->nr; i++)
		if (kp->p[i].major == major && kp->p[i].minor == minor)
			return kp->p[i].prio;
	return PATH_STATS_NONE;
}

int path_stats_group(const struct path_stats_list *kp, const struct status_group *g)
{
	int best = PATH_STATS_NONE, p;
	unsigned int i;

	for (i = 0; i < g->nr_paths; i++) {
		p = path_stats_path(kp, g->paths[i].major, g->paths[i].minor);
		if (p > best)
			best = p;
	}
	return best;
}
