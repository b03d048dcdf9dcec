// SPDX-License-Identifier: GPL-2.0-only
/* The daemon's exit: queueing off for the maps with no usable path (shutdown.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "conf/config.h"
#include "daemon/shutdown.h"
#include "lib/common.h"
#include "table/status.h"

/* 1: @name has a path the kernel has active; 0: none; -1: unreadable. */
static int usable_path(const struct monitor *m, const char *name, char *err,
		       size_t errlen)
{
	struct mpdm_map map;
	struct status_map info;
	unsigned int g, p;
	int r;

	if (m->dm->get_map(name, 1, &map, err, errlen))
		return -1;
	r = map.status ? status_parse(MP_INFO, map.status, &info, err, errlen) :
			 (snprintf(err, errlen, "no status"), -1);
	mpdm_free_map(&map);
	if (r)
		return -1;
	for (g = 0; g < info.nr_groups && !r; g++)
		for (p = 0; p < info.groups[g].nr_paths && !r; p++)
			r = info.groups[g].paths[p].state == 'A';
	status_free(&info);
	return r;
}

int shutdown_unqueue(const struct monitor *m, const struct mpath2_conf *conf,
		     struct shutdown_counts *counts)
{
	struct shutdown_counts c = { 0 };
	char err[ERRLEN];
	char **names = NULL;
	size_t nr = 0, i;
	int u;

	if (counts)
		*counts = c;
	if (conf && config_defaults(conf)->queue_without_daemon) {
		monitor_log(m, 5, "stopping: maps left as they are"
			    " (queue_without_daemon yes)");
		return 0;
	}
	if (m->dm->list(&names, &nr, err, sizeof(err))) {
		monitor_log(m, 3, "stopping: cannot list the maps (%s): queueing"
			    " left as it is", err);
		return -1;
	}
	for (i = 0; i < nr; i++) {
		u = usable_path(m, names[i], err, sizeof(err));
		if (u > 0) {
			c.kept++;
			continue;
		}
		if (u < 0) {
			monitor_log(m, 3, "%s: stopping: cannot read the map (%s):"
				    " queueing left as it is", names[i], err);
			c.errors++;
			continue;
		}
		if (m->dm->message(names[i], "fail_if_no_path", err,
				   sizeof(err))) {
			monitor_log(m, 3, "%s: stopping: fail_if_no_path failed"
				    " (%s): its I/O may stay queued", names[i],
				    err);
			c.errors++;
			continue;
		}
		monitor_log(m, 4, "%s: stopping with no usable path: queueing"
			    " off, its I/O fails (queue_without_daemon no)",
			    names[i]);
		c.unqueued++;
	}
	mpdm_free_names(names, nr);
	if (counts)
		*counts = c;
	return (int)c.errors;
}

int shutdown_main(char **args, int nargs, const struct cli_ctl *ctl)
{
	const char *path = ctl->config ? ctl->config : CONF_DEFAULT_PATH;
	struct shutdown_counts c;
	struct mpath2_conf *conf;
	struct monitor m;
	int r;

	(void)args;
	(void)nargs;
	conf = config_load(path, ctl->err);
	if (!conf) {
		/* Unreadable: queue_without_daemon's default (no) holds. */
		fprintf(ctl->err, "mpath2ctl: %s cannot be read (see above):"
			" queue_without_daemon no\n", path);
		conf = config_default();
		if (!conf)
			return cli_fail(ctl, "unqueue: %s", strerror(ENOMEM));
	}
	monitor_init(&m, &monitor_dm_real, NULL, ctl->sysfs, ctl->err, 5, 20,
		     30);
	r = shutdown_unqueue(&m, conf, &c);
	monitor_free(&m);
	config_free(conf);
	if (ctl->verbose)
		fprintf(ctl->out, "%u unqueued, %u kept, %u errors\n",
			c.unqueued, c.kept, c.errors);
	return r ? 1 : 0;
}
