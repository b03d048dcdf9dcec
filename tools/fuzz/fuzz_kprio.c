// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: any bytes as the answer to path_stats (path_stats.c),
 * each priority looked up again, and the best of them over a table's
 * groups when the input's last line is also a parsable table. The same
 * bytes through table/metrics.c (top's and --prometheus' parser): the
 * Prometheus text, and the state applied twice to one sample, which
 * must leave every exported counter as it was.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/metrics.h"
#include "table/path_stats.h"

static void metrics(const char *s)
{
	struct metrics_state st = { NULL, 0 };
	struct metrics_map m;
	uint64_t ios;
	size_t i, len;
	char *text;
	FILE *f;

	memset(&m, 0, sizeof(m));
	strcpy(m.name, "fuzz");
	if (metrics_parse(s, &m.paths, &m.nr_paths))
		return;
	f = open_memstream(&text, &len);
	if (f) {
		metrics_prom_print(f, &m, 1);
		fclose(f);
		free(text);
	}
	if (!metrics_state_apply(&st, &m, 1) &&
	    !metrics_state_apply(&st, &m, 1))
		for (i = 0; i < m.nr_paths; i++) {
			ios = m.paths[i].out_ios;
			/* Paths with one devnum twice share a state line. */
			if (metrics_find(&m, m.paths[i].major,
					 m.paths[i].minor) == &m.paths[i] &&
			    ios != m.paths[i].ios)
				abort();
		}
	metrics_state_free(&st);
	free(m.paths);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct path_stats_list kp;
	struct status_map t;
	char err[128], *s;
	const char *last;
	unsigned int g;
	size_t i;

	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';			/* stops at the first NUL, as a string */
	metrics(s);
	if (!path_stats_parse(s, &kp)) {
		for (i = 0; i < kp.nr; i++)
			if (path_stats_path(&kp, kp.p[i].major, kp.p[i].minor) < 0)
				abort();	/* found, so never "none" */
		last = strrchr(s, '\n');
		if (!status_parse(MP_TABLE, last ? last + 1 : s, &t, err,
			      sizeof(err)))
			for (g = 0; g < t.nr_groups; g++)
				(void)path_stats_group(&kp, &t.groups[g]);
		status_free(&t);
		path_stats_free(&kp);
	}
	free(s);
	return 0;
}
