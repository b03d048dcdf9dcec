// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2ctl COMMAND [ARGS]: verb-object commands on mpath2 maps, in the
 * manner of multipathd's (show, fail, reinstate, switch).
 *
 * Each command validates all its operands first (validate.c), then reads
 * the map's table to check that the path or group exists, then sends a
 * message built only from validated numbers. Exit status 0 on success,
 * 1 with one line on stderr on failure.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/bindings.h"
#include "conf/config.h"
#include "cli/create.h"
#include "conf/conf_print.h"
#include "daemon/daemon.h"
#include "cli/discover.h"
#include "cli/is_path.h"
#include "cli/map.h"
#include "cli/persist.h"
#include "cli/resize.h"
#include "cli/wwid_cmd.h"
#include "lib/claim.h"
#include "lib/common.h"
#include "lib/mpdm.h"
#include "cli/cli.h"
#include "cli/reload.h"
#include "daemon/reconfigure.h"
#include "daemon/shutdown.h"
#include "cli/show.h"
#include "cli/stats.h"
#include "cli/top.h"
#include "table/status.h"
#include "lib/validate.h"
#include "lib/wwids.h"

#ifndef MPATH2_VERSION
#error "MPATH2_VERSION must come from dkms.conf (see tools/Makefile)"
#endif

int cli_fail(const struct cli_ctl *ctl, const char *fmt, ...)
{
	va_list ap;

	fputs("mpath2ctl: ", ctl->err);
	va_start(ap, fmt);
	vfprintf(ctl->err, fmt, ap);
	va_end(ap);
	fputc('\n', ctl->err);
	return 1;
}

/*
 * Read and parse map @name; with @info also its status. Returns 0, or 1
 * after printing why; with @gone_ok, returns -1 silently if the map has
 * gone or stopped being an mpath2 map since it was listed.
 */
int cli_load_map(const struct cli_ctl *ctl, const char *name,
		 struct mpdm_map *dm, struct status_map *table,
		 struct status_map *info, int gone_ok)
{
	char err[ERRLEN], why[ERRLEN];
	int r;

	r = mpdm_get_map(name, !!info, dm, err, sizeof(err));
	if (r && gone_ok && (r == MPDM_NOMAP || r == MPDM_NOTOURS))
		return -1;
	if (r)
		return cli_fail(ctl, "%s", err);
	if (status_parse(MP_TABLE, dm->table, table, why, sizeof(why))) {
		mpdm_free_map(dm);
		return cli_fail(ctl, "%s: cannot parse its table: %s", name, why);
	}
	if (info && status_parse(MP_INFO, dm->status, info, why, sizeof(why))) {
		status_free(table);
		mpdm_free_map(dm);
		return cli_fail(ctl, "%s: cannot parse its status: %s", name, why);
	}
	return 0;
}

/*
 * The adapters from the verb table to the verbs that parse their own
 * operands (one file each).
 */
static int run_show(const struct cli_verb *verb, char **args, int nargs,
		    const struct cli_ctl *ctl)
{
	(void)verb;
	return show_main(args, nargs, ctl);
}

static int run_create(const struct cli_verb *verb, char **args, int nargs,
		      const struct cli_ctl *ctl)
{
	(void)verb;
	return create_main(args, nargs, ctl);
}

static int run_reload(const struct cli_verb *verb, char **args, int nargs,
		      const struct cli_ctl *ctl)
{
	(void)verb;
	return reload_main(args, nargs, ctl);
}

static int run_daemon(const struct cli_verb *verb, char **args, int nargs,
		      const struct cli_ctl *ctl)
{
	(void)verb;
	return daemon_main(args, nargs, ctl);
}

static int run_unqueue(const struct cli_verb *verb, char **args, int nargs,
		       const struct cli_ctl *ctl)
{
	(void)verb;
	return shutdown_main(args, nargs, ctl);
}

static int run_reconfigure(const struct cli_verb *verb, char **args,
			   int nargs, const struct cli_ctl *ctl)
{
	(void)verb;
	return reconfigure_main(args, nargs, ctl);
}

static int run_config(const struct cli_verb *verb, char **args, int nargs,
		      const struct cli_ctl *ctl)
{
	(void)verb;
	return conf_print_main(args, nargs, ctl);
}

static int run_discover(const struct cli_verb *verb, char **args, int nargs,
			const struct cli_ctl *ctl)
{
	(void)verb;
	return discover_main(args, nargs, ctl);
}

static int run_persist(const struct cli_verb *verb, char **args, int nargs,
		       const struct cli_ctl *ctl)
{
	(void)verb;
	return persist_main(args, nargs, ctl);
}

static int run_resize(const struct cli_verb *verb, char **args, int nargs,
		      const struct cli_ctl *ctl)
{
	(void)verb;
	return resize_main(args, nargs, ctl);
}

#define MANY	(1 << 20)	/* no limit on create's operands but memory */

/*
 * The verbs, in --help's order: each name (and the older spellings that
 * keep working, as aliases) to its handler: show.c, map.c (the verbs on
 * one map), create.c, wwid_cmd.c, discover.c, reload.c, daemon/daemon.c.
 */
static const struct cli_verb verbs[] = {
	{ "show", { NULL }, "[NAME] [--json]", 0, 2, NULL, run_show,
	  "tree of map NAME, or of every mpath2 map" },
	{ "fail", { NULL }, "NAME PATH", 2, 2, "fail_path", map_path,
	  "mark PATH failed in map NAME" },
	{ "reinstate", { NULL }, "NAME PATH", 2, 2, "reinstate_path", map_path,
	  "mark PATH usable again" },
	{ "switch-group", { "switch", NULL }, "NAME GROUP", 2, 2,
	  "switch_group", map_group,
	  "send I/O to priority group GROUP (1 is the first)" },
	{ "disable-group", { NULL }, "NAME GROUP", 2, 2, "disable_group",
	  map_group, "avoid GROUP while another group has usable paths" },
	{ "enable-group", { NULL }, "NAME GROUP", 2, 2, "enable_group",
	  map_group, "undo disable-group" },
	{ "create", { NULL }, "NAME [OPTIONS] DEV...", 2, MANY, NULL,
	  run_create, "create map NAME over paths DEV (see below)" },
	{ "remove", { NULL }, "NAME", 1, 1, NULL, map_command,
	  "remove map NAME" },
	{ "queue-if-no-path", { "queue", NULL }, "NAME", 1, 1,
	  "queue_if_no_path", map_command,
	  "hold I/O while no path is usable" },
	{ "fail-if-no-path", { NULL }, "NAME", 1, 1, "fail_if_no_path",
	  map_command, "fail I/O while no path is usable, held I/O too" },
	{ "stats", { NULL }, "NAME | --prometheus", 1, 6, "path_stats",
	  stats_run, "per-path counters: path_stats, or Prometheus' format" },
	{ "top", { NULL }, "[NAME] [OPTIONS]", 0, 5, NULL, top_run,
	  "live view of maps and paths: IOPS, MB/s, latency" },
	{ "wwid", { NULL }, "DEV", 1, 1, NULL, wwid_cmd_main,
	  "the LUN's WWID, as udev's scsi_id prints it" },
	{ "discover", { NULL }, "[OPTIONS]", 0, MANY, NULL, run_discover,
	  "a map per LUN seen on 2+ SCSI disks (see below)" },
	{ "is-path", { NULL }, "[OPTIONS] DEV", 1, 7, NULL, is_path_main,
	  "whether disk DEV is claimed as a path (see below)" },
	{ "reload", { NULL }, "NAME [--dry-run]", 1, 2, NULL, run_reload,
	  "rebuild NAME's table from its paths and the config" },
	{ "daemon", { NULL }, "[OPTIONS]", 0, 5, NULL, run_daemon,
	  "check paths, fail and reinstate them (see below)" },
	{ "unqueue", { NULL }, "", 0, 0, NULL, run_unqueue,
	  "fail-if-no-path on each map with no usable path" },
	{ "reconfigure", { NULL }, "[--dry-run]", 0, 1, NULL, run_reconfigure,
	  "apply the config to every map whose table it changes" },
	{ "config", { NULL }, "show", 1, 1, NULL, run_config,
	  "the config in effect, every setting (as multipath -t)" },
	{ "persist", { NULL }, "NAME ACTION [OPTIONS]", 2, 9, NULL,
	  run_persist, "persistent reservations on every path (see below)" },
	{ "resize", { NULL }, "NAME [--dry-run]", 1, 3, NULL, run_resize,
	  "grow NAME to its paths' new size (rescans them)" },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const struct cli_verb *cli_find_verb(const char *name)
{
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(verbs); i++) {
		if (!strcmp(name, verbs[i].name))
			return &verbs[i];
		for (j = 0; verbs[i].aliases[j]; j++)
			if (!strcmp(name, verbs[i].aliases[j]))
				return &verbs[i];
	}
	return NULL;
}

static void usage(FILE *f)
{
	const char *sep;
	size_t i, j;

	fputs("Usage: mpath2ctl COMMAND [ARGS]\n", f);
	fputs("       mpath2ctl [-v|-vv|-vN] [--config FILE] COMMAND [ARGS]\n",
	      f);
	fputs("       mpath2ctl -h|--help|--version\n\nCommands:\n", f);
	for (i = 0; i < ARRAY_SIZE(verbs); i++)
		fprintf(f, "  %-16s %-21s %s\n", verbs[i].name,
			verbs[i].operands, verbs[i].help);
	fputs("Older spellings that still work:", f);
	for (i = 0, sep = " "; i < ARRAY_SIZE(verbs); i++)
		for (j = 0; verbs[i].aliases[j]; j++, sep = ", ")
			fprintf(f, "%s%s (%s)", sep, verbs[i].aliases[j],
				verbs[i].name);
	fputc('\n', f);
	fputs("\nPATH and DEV are MAJOR:MINOR or a /dev/ block device.\n", f);
	fputs("create OPTIONS:\n"
	      "  --selector round-robin|service-time|queue-length|"
	      "historical-service-time|\n"
	      "                     io-affinity\n"
	      "                     path selector (default round-robin;\n"
	      "                     io-affinity: each path of a group gets\n"
	      "                     CPUs of its own, c mod paths)\n"
	      "  --group failover|multibus|group_by_prio|group_by_serial\n"
	      "                     a group per path in the order given, one"
	      " group,\n"
	      "                     groups by ALUA prio (best first) or by"
	      " serial\n"
	      "                     number (default failover)\n"
	      "  --no-path-retry fail|queue|N\n"
	      "                     with no usable path: fail I/O (default),"
	      " hold it,\n"
	      "                     or hold it N polls of polling_interval"
	      " (5 s)\n"
	      "  --failback immediate|manual|followover|SECS  (default manual)\n"
	      "  --hwhandler alua|none  hardware handler (default none)\n"
	      "  --dry-run          print the table line, create nothing\n"
	      "  Defaults not given here come from the config (mpath2.conf(5)).\n",
	      f);
	fputs("discover OPTIONS: create's, and\n"
	      "  --single           also LUNs with one path\n"
	      "  --friendly         name maps mpathN, kept in " BINDINGS_FILE "\n"
	      "  --bindings FILE    that file elsewhere (implies --friendly)\n"
	      "  --sysfs ROOT       scan ROOT/block, not /sys/block\n", f);
	fputs("is-path OPTIONS (for udev's IMPORT{program}: KEY=value lines,"
	      " exit 0 if a path):\n"
	      "  --wwids FILE       the wwids file (default " WWIDS_FILE ")\n"
	      "  --sysfs ROOT       read ROOT/block, not /sys/block\n"
	      "  --stamps DIR       find_multipaths smart's stamps (default\n"
	      "                     " CLAIM_STAMP_DIR ")\n", f);
	fputs("stats --prometheus [NAME] OPTIONS (node_exporter's textfile"
	      " format):\n"
	      "  --output FILE      write FILE atomically (a temporary file,"
	      " then rename)\n"
	      "  --state FILE       keep counters monotonic across table"
	      " reloads\n", f);
	fputs("top OPTIONS (keys: i m l e f n sort, r reverse, j/k pick,"
	      " Enter, q quit):\n"
	      "  --interval SECS    between samples (default 1, 0.1 to 3600)\n"
	      "  --count N          stop after N samples; plain lines when"
	      " stdout is\n"
	      "                     not a terminal\n", f);
	fputs("daemon OPTIONS:\n"
	      "  --config FILE      as the global option\n"
	      "  --foreground       stay in the foreground (the only mode)\n"
	      "  --once             one check round, then exit\n", f);
	fputs("persist ACTION: --register KEY, --unregister, --reserve,"
	      " --release,\n"
	      "  --preempt KEY, --preempt-abort KEY, --clear (these five with"
	      " --key KEY,\n"
	      "  this host's), --read-keys, --read-reservation; --type"
	      " we|ea|we-ro|ea-ro|\n"
	      "  we-ar|ea-ar; --timeout SECS per command (default 10)\n", f);
	fputs("--config FILE: mpath2.conf(5) settings, blacklist and aliases"
	      " (default\n  " CONF_DEFAULT_PATH ", built-in defaults if it is"
	      " missing); -v: say more.\n", f);
	fputs("Exit status: 0 on success, 1 on failure with the reason on stderr.\n",
	      f);
}

/* "-v", "-vv"..., "-vN": how much more to say; -1 if not one. */
static int verbose_flag(const char *a)
{
	if (a[0] != '-' || a[1] != 'v')
		return -1;
	if (a[2] >= '0' && a[2] <= '9' && !a[3])
		return a[2] - '0';
	return strspn(a + 1, "v") == strlen(a + 1) ? (int)strlen(a + 1) : -1;
}

/*
 * The global options before the command: -v (see verbose_flag()) and
 * --config FILE (which must exist: only the default may be missing).
 * Returns the index of the command word, or -1 after printing why.
 */
static int global_options(int argc, char **argv, struct cli_ctl *c)
{
	const char *file;
	char q[48];
	int i, v;

	for (i = 1; i < argc; i++) {
		v = verbose_flag(argv[i]);
		if (v >= 0) {
			/* -vN sets the level, each -v adds one. */
			c->verbose = isdigit((unsigned char)argv[i][2]) ? v :
				     c->verbose + v;
			continue;
		}
		if (strcmp(argv[i], "--config") &&
		    strncmp(argv[i], "--config=", 9))
			break;
		file = argv[i][8] ? argv[i] + 9 : i + 1 < argc ? argv[++i] : "";
		if (!file[0]) {
			cli_fail(c, "--config needs a file");
			return -1;
		}
		if (access(file, R_OK)) {
			cli_fail(c, "--config %s: %s", validate_printable(file, q, sizeof(q)),
				 strerror(errno));
			return -1;
		}
		c->config = file;
	}
	return i;
}

int cli_main(int argc, char **argv, const struct cli_ctl *ctl)
{
	const struct cli_verb *verb;
	struct cli_ctl c = *ctl;
	int i, nargs, first;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(ctl->out);
			return 0;
		}
	}
	first = global_options(argc, argv, &c);
	if (first < 0)
		return 1;
	/* From here on argv[1] is the command. */
	argc -= first - 1;
	argv += first - 1;
	ctl = &c;
	if (argc < 2)
		return cli_fail(ctl, "no command given (try --help)");
	if (!strcmp(argv[1], "--version")) {
		fprintf(ctl->out, "mpath2ctl %s\n", MPATH2_VERSION);
		return 0;
	}
	verb = cli_find_verb(argv[1]);
	if (!verb) {
		char q[48];

		return cli_fail(ctl, "unknown command '%s' (try --help)",
			    validate_printable(argv[1], q, sizeof(q)));
	}
	nargs = argc - 2;
	/* The usage names the verb as it was typed, alias or not. */
	if (nargs < verb->min_args || nargs > verb->max_args)
		return cli_fail(ctl, "usage: mpath2ctl %s %s", argv[1],
			    verb->operands);
	return verb->run(verb, argv + 2, nargs, ctl);
}
