// SPDX-License-Identifier: GPL-2.0-only
/* The config applied to the maps there are (see reconfigure.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/reload.h"
#include "daemon/reconfigure.h"
#include "lib/common.h"
#include "lib/validate.h"
#include "table/status.h"
#include "table/table_conf.h"

#define TABLE_LEN	65536

/* One map: 1 reloaded, 0 unchanged, -1 failed (@err). */
static int one_map(const struct monitor_dm *dm, const struct mpath2_conf *conf,
		   const char *sysfs, FILE *warn, const char *name,
		   int dry_run, char *line, char *err, size_t errlen)
{
	struct mpdm_map map;
	struct status_map t;
	int r, lock = -2;

	/* The map's lock around read, render, reload (maplock.h). */
	if (dm->lock && (lock = dm->lock(name, err, errlen)) < 0)
		return -1;
	r = dm->get_map(name, 0, &map, err, errlen);
	if (r == MPDM_NOMAP || r == MPDM_NOTOURS || r) {
		if (lock >= 0 && dm->unlock)
			dm->unlock(lock);
		/* Gone since it was listed, or not ours: nothing to do. */
		return r == MPDM_NOMAP || r == MPDM_NOTOURS ? 0 : -1;
	}
	if (status_parse(MP_TABLE, map.table, &t, err, errlen)) {
		mpdm_free_map(&map);
		if (lock >= 0 && dm->unlock)
			dm->unlock(lock);
		return -1;
	}
	r = reload_render(conf, sysfs, warn, &map, &t, line, TABLE_LEN, err,
			  errlen);
	if (!r)
		r = reload_differs(map.table, line);
	if (r == 1 && !dry_run &&
	    dm->reload(name, map.sectors, line, err, errlen))
		r = -1;
	status_free(&t);
	mpdm_free_map(&map);
	if (lock >= 0 && dm->unlock)
		dm->unlock(lock);
	return r;
}

int reconfigure_maps(const struct monitor_dm *dm,
		     const struct mpath2_conf *conf, const char *sysfs,
		     FILE *warn, int dry_run,
		     void (*report)(void *arg, const char *map,
				    enum reconfigure_outcome what,
				    const char *text),
		     void *arg)
{
	char err[ERRLEN], **names, *line;
	size_t i, count;
	int r, n = 0, failed = 0;

	if (dm->list(&names, &count, err, sizeof(err))) {
		if (report)
			report(arg, "", RECONF_FAILED, err);
		return -1;
	}
	line = malloc(TABLE_LEN);
	if (!line) {
		mpdm_free_names(names, count);
		if (report)
			report(arg, "", RECONF_FAILED, "out of memory");
		return -1;
	}
	for (i = 0; i < count; i++) {
		r = one_map(dm, conf, sysfs, warn, names[i], dry_run, line,
			    err, sizeof(err));
		if (r > 0)
			n++;
		else if (r < 0)
			failed = 1;
		if (r && report)
			report(arg, names[i], r > 0 ? RECONF_RELOADED :
			       RECONF_FAILED, r > 0 ? line : err);
	}
	free(line);
	mpdm_free_names(names, count);
	return failed ? -1 : n;
}

struct cli_report {
	const struct cli_ctl *ctl;
	int dry_run;
};

static void cli_said(void *arg, const char *map, enum reconfigure_outcome what,
		     const char *text)
{
	const struct cli_report *c = arg;

	if (what == RECONF_FAILED)
		fprintf(c->ctl->err, "mpath2ctl: reconfigure: %s%s%s\n", map,
			map[0] ? ": " : "", text);
	else if (c->dry_run)
		fprintf(c->ctl->out, "%s: would reload: %s\n", map, text);
	else
		fprintf(c->ctl->out, "%s: reloaded\n", map);
}

int reconfigure_main(char **args, int nargs, const struct cli_ctl *ctl)
{
	struct cli_report rep = { ctl, 0 };
	struct mpath2_conf *conf;
	char q[48];
	int i, n;

	for (i = 0; i < nargs; i++) {
		if (!strcmp(args[i], "--dry-run"))
			rep.dry_run = 1;
		else
			return cli_fail(ctl, "reconfigure: unknown argument"
					" '%s'", validate_printable(args[i], q,
								    sizeof(q)));
	}
	/* A config with errors changes nothing. */
	conf = table_conf_load(ctl);
	if (!conf)
		return cli_fail(ctl, "reconfigure: the config has errors (see"
				" above): no map changed");
	n = reconfigure_maps(&monitor_dm_real, conf, ctl->sysfs, ctl->err,
			     rep.dry_run, cli_said, &rep);
	config_free(conf);
	if (n >= 0 && ctl->verbose)
		fprintf(ctl->err, "reconfigure: %d map%s %s\n", n,
			n == 1 ? "" : "s", rep.dry_run ? "would change" :
			"reloaded");
	return n < 0 ? 1 : 0;
}
