// SPDX-License-Identifier: GPL-2.0-only
/*
 * The verbs on one existing mpath2 map: fail, reinstate (a path),
 * switch-group, disable-group, enable-group (a group), remove,
 * queue-if-no-path, fail-if-no-path, stats (the map). Each validates its
 * operands first (validate.c), then reads the map's table to check that
 * the path or group exists, then sends a message built only from
 * validated numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/map.h"
#include "lib/common.h"
#include "lib/maplock.h"
#include "lib/mpdm.h"
#include "lib/validate.h"
#include "lib/vpd.h"
#include "lib/wwids.h"
#include "table/status.h"

/* fail NAME PATH, reinstate NAME PATH */
int map_path(const struct cli_verb *verb, const struct cli_args *a,
	     const struct cli_ctl *ctl)
{
	unsigned int major, minor;
	struct status_map table;
	struct mpdm_map dm;
	char err[ERRLEN], msg[64];
	int found;
	char **args = a->operands;

	if (validate_map_name(args[0], err, sizeof(err)) ||
	    validate_path_arg(args[1], &major, &minor, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	if (cli_load_map(ctl, args[0], &dm, &table, NULL, 0))
		return 1;
	found = status_find_path(&table, major, minor) != 0;
	status_free(&table);
	mpdm_free_map(&dm);
	if (!found)
		return cli_fail(ctl, "%s: %u:%u is not a path of this map", args[0],
			    major, minor);

	snprintf(msg, sizeof(msg), "%s %u:%u", verb->word, major, minor);
	if (mpdm_message(args[0], msg, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	return 0;
}

/* switch NAME GROUP, disable-group NAME GROUP, enable-group NAME GROUP */
int map_group(const struct cli_verb *verb, const struct cli_args *a,
	      const struct cli_ctl *ctl)
{
	unsigned int num, nr_groups;
	struct status_map table;
	struct mpdm_map dm;
	char err[ERRLEN], msg[64];
	char **args = a->operands;

	if (validate_map_name(args[0], err, sizeof(err)) ||
	    validate_group_arg(args[1], &num, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	if (cli_load_map(ctl, args[0], &dm, &table, NULL, 0))
		return 1;
	nr_groups = table.nr_groups;
	status_free(&table);
	mpdm_free_map(&dm);
	if (num > nr_groups)
		return cli_fail(ctl, "%s: no group %u (the map has %u)", args[0], num,
			    nr_groups);

	snprintf(msg, sizeof(msg), "%s %u", verb->word, num);
	if (mpdm_message(args[0], msg, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	return 0;
}

/*
 * remove NAME, queue NAME, fail-if-no-path NAME, stats NAME: the map must
 * be an mpath2 map (never remove or message someone else's map), then
 * the message, or the removal. stats prints path_stats' answer.
 */
int map_command(const struct cli_verb *verb, const struct cli_args *a,
		const struct cli_ctl *ctl)
{
	struct status_map table;
	struct mpdm_map dm;
	char err[ERRLEN], why[ERRLEN], *answer = NULL;
	char uuid[MPDM_UUID_LEN + 1];
	const char *w;
	int listed, lock;
	size_t n;
	char **args = a->operands;

	if (validate_map_name(args[0], err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	if (cli_load_map(ctl, args[0], &dm, &table, NULL, 0))
		return 1;
	status_free(&table);
	snprintf(uuid, sizeof(uuid), "%s", dm.uuid);
	mpdm_free_map(&dm);

	if (!verb->word) {
		/*
		 * Its LUN is no longer claimed, nor made again at boot: out
		 * of the wwids file first, so that the disks' events the
		 * removal brings find them unclaimed (is-path); back in if
		 * the map stays.
		 */
		w = uuid + strlen(MPDM_UUID_PREFIX);
		/* Not while another writer changes it (maplock.h). */
		lock = maplock_take(args[0], err, sizeof(err));
		if (lock < 0)
			return cli_fail(ctl, "%s: not removed: %s", args[0], err);
		listed = ctl->wwids && !strncmp(uuid, MPDM_UUID_PREFIX,
						strlen(MPDM_UUID_PREFIX)) &&
			 vpd_valid_wwid(w) ?
			 wwids_remove(ctl->wwids, w, err, sizeof(err)) : 0;
		if (listed < 0) {
			maplock_drop(lock);
			return cli_fail(ctl, "%s: not removed: %s", args[0], err);
		}
		if (mpdm_remove(args[0], err, sizeof(err))) {
			if (listed)
				wwids_add(ctl->wwids, w, why, sizeof(why));
			maplock_drop(lock);
			return cli_fail(ctl, "%s", err);
		}
		maplock_drop(lock);
		return 0;
	}
	if (mpdm_message_answer(args[0], verb->word, &answer, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	if (!strcmp(verb->word, "path_stats")) {
		n = strlen(answer);
		fprintf(ctl->out, "%s%s", answer,
			n && answer[n - 1] != '\n' ? "\n" : "");
	}
	free(answer);
	return 0;
}
