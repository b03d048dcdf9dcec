// SPDX-License-Identifier: GPL-2.0-only
/* The show command (see show.h). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkers/checker.h"
#include "checkers/checker_kind.h"
#include "lib/common.h"
#include "lib/sysfs.h"
#include "table/table_conf.h"
#include "checkers/directio_io.h"
#include "lib/mpdm.h"
#include "table/path_stats.h"
#include "cli/show_tree.h"
#include "cli/show.h"
#include "cli/show_json.h"
#include "cli/show_prio.h"
#include "table/status.h"
#include "checkers/tur_io.h"
#include "lib/validate.h"
#include "lib/wwid.h"

#define CHECK_MS	2000	/* per path; all of a map's at once */
#define WAIT_MS		(CHECK_MS + 1000)

struct answer {
	unsigned int major, minor;
	const char *word;
};

struct answers {
	struct answer *a;
	size_t nr;
	int pending;		/* checks that have not ended */
};

static const char *checker_word(enum tur_state s)
{
	switch (s) {
	case TUR_UP:
		return "ready";
	case TUR_DOWN:
		return "faulty";
	case TUR_GHOST:
		return "ghost";
	case TUR_PENDING:
		return "pending";
	case TUR_DISCONNECTED:
		return "disconnected";
	default:
		return "undef";
	}
}

static const char *lookup(void *ctx, unsigned int major, unsigned int minor)
{
	const struct answers *as = ctx;
	size_t i;

	for (i = 0; i < as->nr; i++)
		if (as->a[i].major == major && as->a[i].minor == minor)
			return as->a[i].word;
	return NULL;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * Start a check per path of @info, with the checker the config gives the
 * map of WWID @wwid (path_checker, as the daemon picks it); the answers
 * into @as as they come.
 */
static void check_paths(struct checker *c, const struct mpath2_conf *conf,
			const struct status_map *info, const char *sysfs,
			const char *wwid, struct answers *as)
{
	char dev[32], node[64];
	struct checker_result res[16];
	unsigned int g, p;
	long long end;
	size_t k, n;

	for (g = 0; g < info->nr_groups; g++) {
		for (p = 0; p < info->groups[g].nr_paths; p++) {
			const struct status_path *mp = &info->groups[g].paths[p];
			struct answer *grown;

			if (lookup(as, mp->major, mp->minor) ||
			    checker_running(c, mp->major, mp->minor))
				continue;
			grown = realloc(as->a, (as->nr + 1) * sizeof(*grown));
			if (!grown)
				return;
			as->a = grown;
			if (sysfs_devname(sysfs, mp->major, mp->minor, dev,
					  sizeof(dev)))
				snprintf(node, sizeof(node), "/dev/block/%u:%u",
					 mp->major, mp->minor);
			else
				snprintf(node, sizeof(node), "/dev/%s", dev);
			if (checker_start_kind(c, checker_kind_for(conf, sysfs, wwid,
							       mp->major,
							       mp->minor),
					       mp->major, mp->minor, node,
					       CHECK_MS, 0))
				continue;
			as->a[as->nr++] = (struct answer){ mp->major, mp->minor,
							   "i/o timeout" };
			as->pending++;
		}
	}
	end = now_ms() + WAIT_MS;
	while (as->pending > 0 && now_ms() < end) {
		struct pollfd pfd = { checker_fd(c), POLLIN, 0 };

		poll(&pfd, 1, (int)(end - now_ms()));
		n = checker_reap(c, res, 16);
		for (k = 0; k < n; k++) {
			struct answer *a = NULL;
			size_t i;

			for (i = 0; i < as->nr && !a; i++)
				if (as->a[i].major == res[k].major &&
				    as->a[i].minor == res[k].minor)
					a = &as->a[i];
			if (a)
				a->word = checker_word(res[k].state);
			as->pending--;
		}
	}
}

struct show_opts {
	const char *name;	/* NULL: every map */
	int json;
};

static int parse_args(char **args, int nargs, const struct cli_ctl *ctl,
		      struct show_opts *o)
{
	char err[ERRLEN], q[48];
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < nargs; i++) {
		if (!strcmp(args[i], "--json")) {
			o->json = 1;
		} else if (args[i][0] == '-' && args[i][1] == '-') {
			return cli_fail(ctl, "show: unknown option '%s'",
					validate_printable(args[i], q, sizeof(q)));
		} else if (o->name) {
			return cli_fail(ctl, "usage: mpath2ctl show [NAME] [--json]");
		} else {
			if (validate_map_name(args[i], err, sizeof(err)))
				return cli_fail(ctl, "%s", err);
			o->name = args[i];
		}
	}
	return 0;
}

/*
 * The kernel's path priorities of map @name (path_stats). Only a map
 * with the alua handler has them: no message is sent to others. None
 * if the map refuses the message (an older module).
 */
static void kernel_prios(const char *name, const struct status_map *table,
			 struct path_stats_list *kp)
{
	char err[ERRLEN], *answer = NULL;

	kp->p = NULL;
	kp->nr = 0;
	if (!table->nr_hw_args || strcmp(table->hw_args[0], "alua"))
		return;
	if (mpdm_message_answer(name, "path_stats", &answer, err, sizeof(err)) ||
	    path_stats_parse(answer, kp)) {
		kp->p = NULL;
		kp->nr = 0;
	}
	free(answer);
}

/*
 * One map, to @out as a tree or into @doc. @listed: a map gone since
 * it was listed is skipped quietly. 0, 1 after printing why, or -1
 * (nothing printed) if @doc could not grow: out of memory.
 */
static int show_one(const struct cli_ctl *ctl, const char *name, int listed,
		    struct checker *c, const struct mpath2_conf *conf,
		    struct answers *as, void *doc)
{
	struct status_map table, info;
	struct path_stats_list prios;
	struct mpdm_map dm;
	struct show_map sm;
	const char *wwid;
	char err[ERRLEN];
	int r;

	r = mpdm_get_map(name, 1, &dm, err, sizeof(err));
	if (r && listed && (r == MPDM_NOMAP || r == MPDM_NOTOURS))
		return 0;
	if (r)
		return cli_fail(ctl, "%s", err);
	if (status_parse(MP_TABLE, dm.table, &table, err, sizeof(err))) {
		mpdm_free_map(&dm);
		return cli_fail(ctl, "%s: cannot parse its table: %s", name, err);
	}
	if (status_parse(MP_INFO, dm.status, &info, err, sizeof(err))) {
		status_free(&table);
		mpdm_free_map(&dm);
		return cli_fail(ctl, "%s: cannot parse its status: %s", name, err);
	}
	wwid = !strncmp(dm.uuid, MPDM_UUID_PREFIX, strlen(MPDM_UUID_PREFIX)) &&
	       vpd_valid_wwid(dm.uuid + strlen(MPDM_UUID_PREFIX)) ?
	       dm.uuid + strlen(MPDM_UUID_PREFIX) : NULL;
	if (c)
		check_paths(c, conf, &info, ctl->sysfs, wwid, as);
	kernel_prios(name, &table, &prios);
	/* Out of memory, some paths stay n/a: a priority only informs. */
	(void)show_prio_fill(ctl->sysfs, &info, &prios);
	sm = (struct show_map){ .name = dm.name, .major = dm.major,
				.minor = dm.minor, .sectors = dm.sectors,
				.read_only = dm.read_only, .wwid = wwid,
				.checker = c ? lookup : NULL, .ctx = as,
				.prios = &prios };
	r = doc ? show_json_add(doc, &sm, &table, &info, ctl->sysfs, err,
				sizeof(err)) :
		  show_tree(ctl->out, &sm, &table, &info, ctl->sysfs, err,
			    sizeof(err));
	if (r && r != SHOW_JSON_NOMEM)
		cli_fail(ctl, "%s: %s", name, err);
	path_stats_free(&prios);
	status_free(&table);
	status_free(&info);
	mpdm_free_map(&dm);
	return r == SHOW_JSON_NOMEM ? -1 : r ? 1 : 0;
}

static const struct checker_ops path_checks = {
	.tur = tur_io_check,
	.vpd83 = scsi_io_read_vpd83,
	.directio = directio_io_check,
};

int show_main(char **args, int nargs, const struct cli_ctl *ctl)
{
	struct answers as = { NULL, 0, 0 };
	struct mpath2_conf *conf = NULL;
	struct show_opts o;
	struct checker *c;
	void *doc = NULL;
	char err[ERRLEN], **names = NULL;
	size_t i, count = 0;
	int r = 0;

	if (parse_args(args, nargs, ctl, &o))
		return 1;
	if (!o.name && mpdm_list(&names, &count, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	if (o.json && !(doc = show_json_new())) {
		mpdm_free_names(names, count);
		return cli_fail(ctl, "out of memory");
	}
	/*
	 * No sysfs (tests of the bare tree): no device to check. A config
	 * with errors (said on stderr) leaves every path on tur.
	 */
	c = ctl->sysfs ? checker_new(&path_checks) : NULL;
	if (c)
		conf = table_conf_load(ctl);
	if (o.name)
		r = show_one(ctl, o.name, 0, c, conf, &as, doc);
	for (i = 0; i < count && r >= 0; i++) {
		int one = show_one(ctl, names[i], 1, c, conf, &as, doc);

		r = one < 0 ? one : r | one;
	}
	/* Out of memory: no document rather than one with maps missing. */
	if (doc && r < 0)
		show_json_free(doc);
	else if (doc && show_json_print(ctl->out, doc))
		r = -1;
	if (r < 0)
		r = cli_fail(ctl, "out of memory");
	mpdm_free_names(names, count);
	/* A TUR stuck in the kernel keeps its thread: exit leaves it. */
	if (!as.pending)
		checker_free(c);
	free(as.a);
	config_free(conf);
	return r;
}
