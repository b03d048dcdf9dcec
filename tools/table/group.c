// SPDX-License-Identifier: GPL-2.0-only
/* Priority groups by prio or by serial number (see group.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table/group.h"
#include "table/prio.h"
#include "lib/serial.h"

size_t group_by_prio(const int *prio, size_t nr, unsigned int *group)
{
	size_t i, j, k, nr_groups = 0;

	for (i = 0; i < nr; i++) {
		/* Its group: how many distinct prios are higher. */
		group[i] = 0;
		for (j = 0; j < nr; j++) {
			if (prio[j] <= prio[i])
				continue;
			for (k = 0; k < j && prio[k] != prio[j]; k++)
				;
			group[i] += k == j;
		}
		if (group[i] + 1 > nr_groups)
			nr_groups = group[i] + 1;
	}
	return nr_groups;
}

size_t group_by_serial(const char *const *serial, size_t nr,
		       unsigned int *group)
{
	size_t i, j, nr_groups = 0;

	for (i = 0; i < nr; i++) {
		for (j = 0; j < i && strcmp(serial[j], serial[i]); j++)
			;
		group[i] = j < i ? group[j] : (unsigned int)nr_groups++;
	}
	return nr_groups;
}

/* Path @i's sysfs directory into @dir, or NULL. */
static const char *path_dir(const char *sysfs, const struct tbl_path *p,
			    const char *const *dirs, size_t i, char *dir,
			    size_t len)
{
	int r;

	if (dirs && dirs[i])
		return dirs[i];
	if (!sysfs)
		return NULL;
	r = snprintf(dir, len, "%s/dev/block/%u:%u", sysfs, p->major,
		     p->minor);
	return r < 0 || (size_t)r >= len ? NULL : dir;
}

int group_paths(const struct tbl_opts *o, const char *sysfs,
		const struct tbl_path *paths, const char *const *dirs,
		size_t nr, unsigned int *group, FILE *warn, FILE *info,
		char *err, size_t errlen)
{
	return group_paths_known(o, sysfs, paths, dirs, NULL, nr, group, warn,
				 info, err, errlen);
}

int group_paths_known(const struct tbl_opts *o, const char *sysfs,
		      const struct tbl_path *paths, const char *const *dirs,
		      const int *known, size_t nr, unsigned int *group,
		      FILE *warn, FILE *info, char *err, size_t errlen)
{
	char dir[PATH_MAX], node[PATH_MAX], why[256], (*serials)[SERIAL_LEN];
	const char **keys = NULL, *state, *d;
	int *prio = NULL, r = -1;
	size_t i;

	if (o->grouping != TABLE_GROUP_BY_PRIO &&
	    o->grouping != TABLE_GROUP_BY_SERIAL)
		return 0;
	prio = calloc(nr ? nr : 1, sizeof(*prio));
	keys = calloc(nr ? nr : 1, sizeof(*keys));
	serials = calloc(nr ? nr : 1, sizeof(*serials));
	if (!prio || !keys || !serials) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (i = 0; i < nr; i++) {
		if (o->grouping == TABLE_GROUP_BY_PRIO && known &&
		    known[i] != PRIO_UNDEF) {
			prio[i] = known[i];
			continue;
		}
		d = path_dir(sysfs, &paths[i], dirs, i, dir, sizeof(dir));
		prio_devnode(d, paths[i].major, paths[i].minor, node,
			     sizeof(node));
		if (o->grouping == TABLE_GROUP_BY_SERIAL) {
			if (prio_serial(d, node, serials[i], SERIAL_LEN, why,
					sizeof(why))) {
				snprintf(err, errlen, "%u:%u: no serial number"
					 " for group_by_serial: %s",
					 paths[i].major, paths[i].minor, why);
				goto out;
			}
			keys[i] = serials[i];
			if (info)
				fprintf(info, "mpath2ctl: %s serial %s\n", node,
					serials[i]);
			continue;
		}
		prio[i] = prio_path(d, node, &state, why, sizeof(why));
		if (prio[i] == PRIO_UNDEF && warn)
			fprintf(warn, "mpath2ctl: %s: prio unknown: %s\n", node,
				why);
		else if (info)
			fprintf(info, "mpath2ctl: %s prio %d (%s)\n", node,
				prio[i], state);
	}
	if (o->grouping == TABLE_GROUP_BY_SERIAL)
		group_by_serial(keys, nr, group);
	else
		group_by_prio(prio, nr, group);
	r = 0;
out:
	free(prio);
	free(keys);
	free(serials);
	return r;
}
