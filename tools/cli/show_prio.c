// SPDX-License-Identifier: GPL-2.0-only
/* Path priorities from sysfs, for show (see show_prio.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/show_prio.h"
#include "lib/alua.h"
#include "lib/sysfs.h"

#define INQ_LEN		96	/* TPGS is in byte 5 */
#define PRIO_PREFERRED	80	/* multipath-tools' preferred_path bonus */
#define PRIO_CONST	1	/* its const prioritizer's */

static const struct {
	const char *name;
	int prio;
} access_states[] = {
	{ "active/optimized", 50 },
	{ "active/non-optimized", 10 },
	{ "lba-dependent", 5 },
	{ "standby", 1 },
};

/* The priority of the kernel's access_state text @s ("" : none). */
static int access_state_prio(const char *s, int preferred)
{
	int prio = 0;
	size_t i;

	for (i = 0; i < sizeof(access_states) / sizeof(access_states[0]); i++)
		if (!strcmp(s, access_states[i].name))
			prio = access_states[i].prio;
	if (preferred && prio != 50)
		prio += PRIO_PREFERRED;
	return prio;
}

/* TPGS from <@dir>/inquiry, or -1 if it cannot be read. */
static int inquiry_tpgs(const char *dir)
{
	unsigned char inq[INQ_LEN];
	char path[PATH_MAX], err[128];
	size_t n;
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/inquiry", dir) >=
	    sizeof(path))
		return -1;
	f = fopen(path, "rb");
	if (!f)
		return -1;
	n = fread(inq, 1, sizeof(inq), f);
	fclose(f);
	return alua_tpgs(inq, n, err, sizeof(err));
}

int show_prio_path(const char *sysfs, unsigned int major, unsigned int minor)
{
	char dir[PATH_MAX], state[64], pref[16];

	if (!sysfs || (size_t)snprintf(dir, sizeof(dir), "%s/dev/block/%u:%u/"
				       "device", sysfs, major, minor) >=
	    sizeof(dir))
		return PATH_STATS_NONE;
	/* Without a device handler the kernel refuses the read: "". */
	sysfs_read_line(dir, "access_state", state, sizeof(state));
	if (state[0]) {
		sysfs_read_line(dir, "preferred_path", pref, sizeof(pref));
		return access_state_prio(state, !strcmp(pref, "1"));
	}
	return inquiry_tpgs(dir) == 0 ? PRIO_CONST : PATH_STATS_NONE;
}

int show_prio_fill(const char *sysfs, const struct status_map *info,
		   struct path_stats_list *kp)
{
	struct path_stats_entry *grown;
	unsigned int g, p;
	int prio;

	for (g = 0; g < info->nr_groups; g++) {
		for (p = 0; p < info->groups[g].nr_paths; p++) {
			const struct status_path *sp;

			sp = &info->groups[g].paths[p];
			if (path_stats_path(kp, sp->major, sp->minor) !=
			    PATH_STATS_NONE)
				continue;
			prio = show_prio_path(sysfs, sp->major, sp->minor);
			if (prio == PATH_STATS_NONE)
				continue;
			grown = realloc(kp->p, (kp->nr + 1) * sizeof(*grown));
			if (!grown)
				return -1;
			kp->p = grown;
			kp->p[kp->nr++] = (struct path_stats_entry){
				sp->major, sp->minor, prio };
		}
	}
	return 0;
}
