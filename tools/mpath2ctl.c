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
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dm.h"
#include "mpath2ctl.h"
#include "show.h"
#include "status.h"
#include "validate.h"

#ifndef MPATH2_VERSION
#error "MPATH2_VERSION must come from dkms.conf (see tools/Makefile)"
#endif

#define ERRLEN 256

struct command {
	const char *verb;
	const char *operands;
	int min_args, max_args;
	const char *word;	/* the target message word */
	int (*run)(const struct command *cmd, char **args, int nargs,
		   const struct ctl *ctl);
	const char *help;
};

__attribute__((format(printf, 2, 3)))
static int fail(const struct ctl *ctl, const char *fmt, ...)
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
		return fail(ctl, "%s", err);
	if (mp_parse(MP_TABLE, dm->table, table, why, sizeof(why))) {
		mpdm_free_map(dm);
		return fail(ctl, "%s: cannot parse its table: %s", name, why);
	}
	if (info && mp_parse(MP_INFO, dm->status, info, why, sizeof(why))) {
		mp_free(table);
		mpdm_free_map(dm);
		return fail(ctl, "%s: cannot parse its status: %s", name, why);
	}
	return 0;
}

/* Print map @name's tree; @listed: skip it quietly if it has gone. */
static int show_one(const struct ctl *ctl, const char *name, int listed)
{
	struct mp_map table, info;
	struct mpdm_map dm;
	struct show_map sm;
	char err[ERRLEN];
	int r;

	r = load_map(ctl, name, &dm, &table, &info, listed);
	if (r)
		return r > 0;
	sm = (struct show_map){ .name = dm.name, .major = dm.major,
				.minor = dm.minor, .sectors = dm.sectors,
				.read_only = dm.read_only };
	r = show_tree(ctl->out, &sm, &table, &info, ctl->sysfs, err,
		      sizeof(err));
	if (r)
		fail(ctl, "%s: %s", name, err);
	mp_free(&table);
	mp_free(&info);
	mpdm_free_map(&dm);
	return r ? 1 : 0;
}

static int cmd_show(const struct command *cmd, char **args, int nargs,
		    const struct ctl *ctl)
{
	char err[ERRLEN];
	char **names;
	size_t i, count;
	int r = 0;

	(void)cmd;
	if (nargs == 1) {
		if (valid_map_name(args[0], err, sizeof(err)))
			return fail(ctl, "%s", err);
		return show_one(ctl, args[0], 0);
	}
	if (mpdm_list(&names, &count, err, sizeof(err)))
		return fail(ctl, "%s", err);
	for (i = 0; i < count; i++)
		r |= show_one(ctl, names[i], 1);
	mpdm_free_names(names, count);
	return r;
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
	if (valid_map_name(args[0], err, sizeof(err)) ||
	    parse_path_arg(args[1], &major, &minor, err, sizeof(err)))
		return fail(ctl, "%s", err);
	if (load_map(ctl, args[0], &dm, &table, NULL, 0))
		return 1;
	found = mp_find_path(&table, major, minor) != 0;
	mp_free(&table);
	mpdm_free_map(&dm);
	if (!found)
		return fail(ctl, "%s: %u:%u is not a path of this map", args[0],
			    major, minor);

	snprintf(msg, sizeof(msg), "%s %u:%u", cmd->word, major, minor);
	if (mpdm_message(args[0], msg, err, sizeof(err)))
		return fail(ctl, "%s", err);
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
	if (valid_map_name(args[0], err, sizeof(err)) ||
	    parse_group_arg(args[1], &num, err, sizeof(err)))
		return fail(ctl, "%s", err);
	if (load_map(ctl, args[0], &dm, &table, NULL, 0))
		return 1;
	nr_groups = table.nr_groups;
	mp_free(&table);
	mpdm_free_map(&dm);
	if (num > nr_groups)
		return fail(ctl, "%s: no group %u (the map has %u)", args[0], num,
			    nr_groups);

	snprintf(msg, sizeof(msg), "%s %u", cmd->word, num);
	if (mpdm_message(args[0], msg, err, sizeof(err)))
		return fail(ctl, "%s", err);
	return 0;
}

static const struct command commands[] = {
	{ "show", "[NAME]", 0, 1, NULL, cmd_show,
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
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static void usage(FILE *f)
{
	size_t i;

	fputs("Usage: mpath2ctl COMMAND [ARGS]\n", f);
	fputs("       mpath2ctl -h|--help|--version\n\nCommands:\n", f);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-13s %-11s %s\n", commands[i].verb,
			commands[i].operands, commands[i].help);
	fputs("\nPATH is MAJOR:MINOR or a /dev/ block device.\n", f);
	fputs("Exit status: 0 on success, 1 on failure with the reason on stderr.\n",
	      f);
}

int mpath2ctl_main(int argc, char **argv, const struct ctl *ctl)
{
	const struct command *cmd = NULL;
	int i, nargs;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(ctl->out);
			return 0;
		}
	}
	if (argc < 2)
		return fail(ctl, "no command given (try --help)");
	if (!strcmp(argv[1], "--version")) {
		fprintf(ctl->out, "mpath2ctl %s\n", MPATH2_VERSION);
		return 0;
	}
	for (i = 0; i < (int)ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].verb))
			cmd = &commands[i];
	if (!cmd) {
		char q[48];

		return fail(ctl, "unknown command '%s' (try --help)",
			    printable(argv[1], q, sizeof(q)));
	}
	nargs = argc - 2;
	if (nargs < cmd->min_args || nargs > cmd->max_args)
		return fail(ctl, "usage: mpath2ctl %s %s", cmd->verb,
			    cmd->operands);
	return cmd->run(cmd, argv + 2, nargs, ctl);
}
