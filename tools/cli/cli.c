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
#include "daemon/daemon.h"
#include "cli/discover.h"
#include "lib/common.h"
#include "lib/mpdm.h"
#include "cli/cli.h"
#include "cli/reload.h"
#include "cli/show_tree.h"
#include "cli/show.h"
#include "table/status.h"
#include "lib/validate.h"
#include "lib/vpd.h"
#include "lib/wwid.h"

#ifndef MPATH2_VERSION
#error "MPATH2_VERSION must come from dkms.conf (see tools/Makefile)"
#endif

struct command {
	const char *verb;
	const char *operands;
	int min_args, max_args;
	const char *word;	/* the target message word */
	int (*run)(const struct command *cmd, char **args, int nargs,
		   const struct ctl *ctl);
	const char *help;
};

int cli_fail(const struct ctl *ctl, const char *fmt, ...)
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
static int load_map(const struct ctl *ctl, const char *name,
		    struct mpdm_map *dm, struct mp_map *table,
		    struct mp_map *info, int gone_ok)
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

/* show [NAME] [--json] (show.c) */
static int cmd_show(const struct command *cmd, char **args, int nargs,
		    const struct ctl *ctl)
{
	(void)cmd;
	return show_main(args, nargs, ctl);
}

/* fail NAME PATH, reinstate NAME PATH */
static int cmd_path(const struct command *cmd, char **args, int nargs,
		    const struct ctl *ctl)
{
	unsigned int major, minor;
	struct mp_map table;
	struct mpdm_map dm;
	char err[ERRLEN], msg[64];
	int found;

	(void)nargs;
	if (validate_map_name(args[0], err, sizeof(err)) ||
	    validate_path_arg(args[1], &major, &minor, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	if (load_map(ctl, args[0], &dm, &table, NULL, 0))
		return 1;
	found = status_find_path(&table, major, minor) != 0;
	status_free(&table);
	mpdm_free_map(&dm);
	if (!found)
		return cli_fail(ctl, "%s: %u:%u is not a path of this map", args[0],
			    major, minor);

	snprintf(msg, sizeof(msg), "%s %u:%u", cmd->word, major, minor);
	if (mpdm_message(args[0], msg, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	return 0;
}

/* switch NAME GROUP, disable-group NAME GROUP, enable-group NAME GROUP */
static int cmd_group(const struct command *cmd, char **args, int nargs,
		     const struct ctl *ctl)
{
	unsigned int num, nr_groups;
	struct mp_map table;
	struct mpdm_map dm;
	char err[ERRLEN], msg[64];

	(void)nargs;
	if (validate_map_name(args[0], err, sizeof(err)) ||
	    validate_group_arg(args[1], &num, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	if (load_map(ctl, args[0], &dm, &table, NULL, 0))
		return 1;
	nr_groups = table.nr_groups;
	status_free(&table);
	mpdm_free_map(&dm);
	if (num > nr_groups)
		return cli_fail(ctl, "%s: no group %u (the map has %u)", args[0], num,
			    nr_groups);

	snprintf(msg, sizeof(msg), "%s %u", cmd->word, num);
	if (mpdm_message(args[0], msg, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	return 0;
}

/* create NAME [OPTIONS] DEV... (create.c) */
static int cmd_create(const struct command *cmd, char **args, int nargs,
		      const struct ctl *ctl)
{
	(void)cmd;
	return create_main(args, nargs, ctl);
}

/*
 * remove NAME, queue NAME, fail-if-no-path NAME, stats NAME: the map must
 * be an mpath2 map (never remove or message someone else's map), then
 * the message, or the removal. stats prints path_stats' answer.
 */
static int cmd_map(const struct command *cmd, char **args, int nargs,
		   const struct ctl *ctl)
{
	struct mp_map table;
	struct mpdm_map dm;
	char err[ERRLEN], *answer = NULL;
	size_t n;

	(void)nargs;
	if (validate_map_name(args[0], err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	if (load_map(ctl, args[0], &dm, &table, NULL, 0))
		return 1;
	status_free(&table);
	mpdm_free_map(&dm);

	if (!cmd->word) {
		if (mpdm_remove(args[0], err, sizeof(err)))
			return cli_fail(ctl, "%s", err);
		return 0;
	}
	if (mpdm_message_answer(args[0], cmd->word, &answer, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	if (!strcmp(cmd->word, "path_stats")) {
		n = strlen(answer);
		fprintf(ctl->out, "%s%s", answer,
			n && answer[n - 1] != '\n' ? "\n" : "");
	}
	free(answer);
	return 0;
}

/* reload NAME [--dry-run] (reload.c) */
static int cmd_reload(const struct command *cmd, char **args, int nargs,
		      const struct ctl *ctl)
{
	(void)cmd;
	return reload_main(args, nargs, ctl);
}

/* daemon [OPTIONS] (daemon.c) */
static int cmd_daemon(const struct command *cmd, char **args, int nargs,
		      const struct ctl *ctl)
{
	(void)cmd;
	return daemon_main(args, nargs, ctl);
}

/* discover [OPTIONS] (discover.c) */
static int cmd_discover(const struct command *cmd, char **args, int nargs,
			const struct ctl *ctl)
{
	(void)cmd;
	return discover_main(args, nargs, ctl);
}

/*
 * wwid DEV: from sysfs's copy of VPD page 0x83, else by INQUIRY on DEV
 * (or /dev/block/MAJ:MIN when DEV was given as numbers).
 */
static int cmd_wwid(const struct command *cmd, char **args, int nargs,
		    const struct ctl *ctl)
{
	char err[ERRLEN], node[64], wwid[VPD_WWID_LEN];
	unsigned int major, minor;
	const char *devnode = args[0];

	(void)cmd;
	(void)nargs;
	if (validate_path_arg(args[0], &major, &minor, err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	if (args[0][0] != '/') {
		snprintf(node, sizeof(node), "/dev/block/%u:%u", major, minor);
		devnode = node;
	}
	if (wwid_read(ctl->sysfs, major, minor, devnode, wwid, sizeof(wwid),
		      err, sizeof(err)))
		return cli_fail(ctl, "%s", err);
	fprintf(ctl->out, "%s\n", wwid);
	return 0;
}

#define MANY	(1 << 20)	/* no limit on create's operands but memory */

static const struct command commands[] = {
	{ "show", "[NAME] [--json]", 0, 2, NULL, cmd_show,
	  "tree of map NAME, or of every mpath2 map" },
	{ "fail", "NAME PATH", 2, 2, "fail_path", cmd_path,
	  "mark PATH failed in map NAME" },
	{ "reinstate", "NAME PATH", 2, 2, "reinstate_path", cmd_path,
	  "mark PATH usable again" },
	{ "switch", "NAME GROUP", 2, 2, "switch_group", cmd_group,
	  "send I/O to priority group GROUP (1 is the first)" },
	{ "disable-group", "NAME GROUP", 2, 2, "disable_group", cmd_group,
	  "avoid GROUP while another group has usable paths" },
	{ "enable-group", "NAME GROUP", 2, 2, "enable_group", cmd_group,
	  "undo disable-group" },
	{ "create", "NAME [OPTIONS] DEV...", 2, MANY, NULL, cmd_create,
	  "create map NAME over paths DEV (see below)" },
	{ "remove", "NAME", 1, 1, NULL, cmd_map, "remove map NAME" },
	{ "queue", "NAME", 1, 1, "queue_if_no_path", cmd_map,
	  "hold I/O while no path is usable" },
	{ "fail-if-no-path", "NAME", 1, 1, "fail_if_no_path", cmd_map,
	  "fail I/O while no path is usable, held I/O too" },
	{ "stats", "NAME", 1, 1, "path_stats", cmd_map,
	  "per-path counters (the path_stats message)" },
	{ "wwid", "DEV", 1, 1, NULL, cmd_wwid,
	  "the LUN's WWID, as udev's scsi_id prints it" },
	{ "discover", "[OPTIONS]", 0, MANY, NULL, cmd_discover,
	  "a map per LUN seen on 2+ SCSI disks (see below)" },
	{ "reload", "NAME [--dry-run]", 1, 2, NULL, cmd_reload,
	  "rebuild NAME's table from its paths and the config" },
	{ "daemon", "[OPTIONS]", 0, 5, NULL, cmd_daemon,
	  "check paths, fail and reinstate them (see below)" },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void usage(FILE *f)
{
	size_t i;

	fputs("Usage: mpath2ctl COMMAND [ARGS]\n", f);
	fputs("       mpath2ctl [-v|-vv|-vN] [--config FILE] COMMAND [ARGS]\n",
	      f);
	fputs("       mpath2ctl -h|--help|--version\n\nCommands:\n", f);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-15s %-21s %s\n", commands[i].verb,
			commands[i].operands, commands[i].help);
	fputs("\nPATH and DEV are MAJOR:MINOR or a /dev/ block device.\n", f);
	fputs("create OPTIONS:\n"
	      "  --selector round-robin|service-time|queue-length|"
	      "historical-service-time\n"
	      "                     path selector (default round-robin)\n"
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
	fputs("daemon OPTIONS:\n"
	      "  --config FILE      as the global option\n"
	      "  --foreground       stay in the foreground (the only mode)\n"
	      "  --once             one check round, then exit\n", f);
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
static int global_options(int argc, char **argv, struct ctl *c)
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

int cli_main(int argc, char **argv, const struct ctl *ctl)
{
	const struct command *cmd = NULL;
	struct ctl c = *ctl;
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
	for (i = 0; i < (int)ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].verb))
			cmd = &commands[i];
	if (!cmd) {
		char q[48];

		return cli_fail(ctl, "unknown command '%s' (try --help)",
			    validate_printable(argv[1], q, sizeof(q)));
	}
	nargs = argc - 2;
	if (nargs < cmd->min_args || nargs > cmd->max_args)
		return cli_fail(ctl, "usage: mpath2ctl %s %s", cmd->verb,
			    cmd->operands);
	return cmd->run(cmd, argv + 2, nargs, ctl);
}
