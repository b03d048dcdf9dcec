// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: any bytes as the answer to path_stats (path_stats.c),
 * each priority looked up again, and the best of them over a table's
 * groups when the input's last line is also a parsable table.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "table/path_stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kprios kp;
	struct mp_map t;
	char err[128], *s;
	const char *last;
	unsigned int g;
	size_t i;

	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';			/* stops at the first NUL, as a string */
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
