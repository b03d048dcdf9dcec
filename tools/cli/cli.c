// SPDX-License-Identifier: GPL-2.0-only
/*
 * mpath2ctl COMMAND [ARGS]: verb-object commands on mpath2 maps, in the
 * manner of multipathd's (show, fail, reinstate, switch).
 *
 * The line is read by getopt_long() (parse_words()): the global options
 * (-v, --config, --help, --version) anywhere, each verb's own from its
 * table (struct cli_verb.opts, in the verb's file), operands in order.
 *
 * Each command validates all its operands first (validate.c), then reads
 * the map's table to check that the path or group exists, then sends a
 * message built only from validated numbers. Exit status 0 on success,
 * 1 with one line on stderr on failure.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
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

int cli_needs(const struct cli_ctl *ctl, const char *verb,
	      const struct cli_opt *opt, const char *what)
{
	return cli_fail(ctl, "%s: --%s needs %s", verb, opt->name, what);
}

/*
 * The adapters from the verb table to the verbs whose files parse their
 * own words (own_words): every word but the global options, in order.
 */
static int run_show(const struct cli_verb *verb, const struct cli_args *a,
		    const struct cli_ctl *ctl)
{
	(void)verb;
	return show_main(a->operands, a->nr_operands, ctl);
}

static int run_daemon(const struct cli_verb *verb, const struct cli_args *a,
		      const struct cli_ctl *ctl)
{
	(void)verb;
	return daemon_main(a->operands, a->nr_operands, ctl);
}

static int run_unqueue(const struct cli_verb *verb, const struct cli_args *a,
		       const struct cli_ctl *ctl)
{
	(void)verb;
	return shutdown_main(a->operands, a->nr_operands, ctl);
}

static int run_reconfigure(const struct cli_verb *verb,
			   const struct cli_args *a, const struct cli_ctl *ctl)
{
	(void)verb;
	return reconfigure_main(a->operands, a->nr_operands, ctl);
}

static int run_config(const struct cli_verb *verb, const struct cli_args *a,
		      const struct cli_ctl *ctl)
{
	(void)verb;
	return conf_print_main(a->operands, a->nr_operands, ctl);
}

#define MANY	(1 << 20)	/* no limit on create's operands but memory */
#define OWN	NULL, 1		/* parses its own words */
#define NO_OPTS	NULL, 0		/* takes no option */

/*
 * The verbs, in --help's order: each name (and the older spellings that
 * keep working, as aliases) to its handler and option table: show.c,
 * map.c (the verbs on one map), create.c, wwid_cmd.c, discover.c,
 * reload.c, daemon/daemon.c. The counts are of operands (for a verb of
 * its own words, of every word it gets).
 */
static const struct cli_verb verbs[] = {
	{ "show", { NULL }, "[NAME] [--json]", 0, 2, NULL, OWN, run_show,
	  "tree of map NAME, or of every mpath2 map" },
	{ "fail", { NULL }, "NAME PATH", 2, 2, "fail_path", NO_OPTS, map_path,
	  "mark PATH failed in map NAME" },
	{ "reinstate", { NULL }, "NAME PATH", 2, 2, "reinstate_path", NO_OPTS,
	  map_path, "mark PATH usable again" },
	{ "switch-group", { "switch", NULL }, "NAME GROUP", 2, 2,
	  "switch_group", NO_OPTS, map_group,
	  "send I/O to priority group GROUP (1 is the first)" },
	{ "disable-group", { NULL }, "NAME GROUP", 2, 2, "disable_group",
	  NO_OPTS, map_group,
	  "avoid GROUP while another group has usable paths" },
	{ "enable-group", { NULL }, "NAME GROUP", 2, 2, "enable_group",
	  NO_OPTS, map_group, "undo disable-group" },
	{ "create", { NULL }, "NAME [OPTIONS] DEV...", 2, MANY, NULL,
	  create_options, 0, create_main,
	  "create map NAME over paths DEV (see below)" },
	{ "remove", { NULL }, "NAME", 1, 1, NULL, NO_OPTS, map_command,
	  "remove map NAME" },
	{ "queue-if-no-path", { "queue", NULL }, "NAME", 1, 1,
	  "queue_if_no_path", NO_OPTS, map_command,
	  "hold I/O while no path is usable" },
	{ "fail-if-no-path", { NULL }, "NAME", 1, 1, "fail_if_no_path",
	  NO_OPTS, map_command,
	  "fail I/O while no path is usable, held I/O too" },
	{ "stats", { NULL }, "NAME | --prometheus", 0, 1, "path_stats",
	  stats_options, 0, stats_run,
	  "per-path counters: path_stats, or Prometheus' format" },
	{ "top", { NULL }, "[NAME] [OPTIONS]", 0, 1, NULL, top_options, 0,
	  top_run, "live view of maps and paths: IOPS, MB/s, latency" },
	{ "wwid", { NULL }, "DEV", 1, 1, NULL, NO_OPTS, wwid_cmd_main,
	  "the LUN's WWID, as udev's scsi_id prints it" },
	{ "discover", { NULL }, "[OPTIONS]", 0, 0, NULL, discover_options, 0,
	  discover_main, "a map per LUN seen on 2+ SCSI disks (see below)" },
	{ "is-path", { NULL }, "[OPTIONS] DEV", 1, 1, NULL, is_path_options, 0,
	  is_path_main, "whether disk DEV is claimed as a path (see below)" },
	{ "reload", { NULL }, "NAME [--dry-run] [--force]", 1, 1, NULL,
	  reload_options, 0, reload_main,
	  "rebuild NAME's table from its paths and the config" },
	{ "daemon", { NULL }, "[OPTIONS]", 0, 5, NULL, OWN, run_daemon,
	  "check paths, fail and reinstate them (see below)" },
	{ "unqueue", { NULL }, "", 0, 0, NULL, OWN, run_unqueue,
	  "fail-if-no-path on each map with no usable path" },
	{ "reconfigure", { NULL }, "[--dry-run]", 0, 1, NULL, OWN,
	  run_reconfigure,
	  "apply the config to every map whose table it changes" },
	{ "config", { NULL }, "show", 1, 1, NULL, OWN, run_config,
	  "the config in effect, every setting (as multipath -t)" },
	{ "persist", { NULL }, "NAME ACTION [OPTIONS]", 1, 1, NULL,
	  persist_options, 0, persist_main,
	  "persistent reservations on every path (see below)" },
	{ "resize", { NULL }, "NAME [--dry-run]", 1, 1, NULL, resize_options,
	  0, resize_main, "grow NAME to its paths' new size (rescans them)" },
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
	fputs("       mpath2ctl -h|--help|--version\n", f);
	fputs("The global options go anywhere on the line (mpath2ctl show NAME"
	      " -v); options\nand operands in any order; after --, every word"
	      " is an operand.\n\nCommands:\n", f);
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
	      "  --force            use a path the config's blacklist names"
	      " (warns)\n"
	      "  Defaults not given here come from the config (mpath2.conf(5)).\n",
	      f);
	fputs("discover OPTIONS: create's but --force, and\n"
	      "  --single           also LUNs with one path\n"
	      "  --friendly         name maps mpathN, kept in " BINDINGS_FILE "\n"
	      "  --bindings FILE    that file elsewhere (implies --friendly)\n"
	      "  --sysfs ROOT       with --dry-run: ROOT/block's disks, not"
	      " udev's\n", f);
	fputs("reload OPTIONS: --dry-run (print the table), --force (as"
	      " create's)\n", f);
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
	      "  --config FILE      the global option\n"
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

/* The global options, taken anywhere on the line (before "--"). */
enum {
	OPT_CONFIG = CLI_OPT_GLOBAL,
	OPT_HELP,
	OPT_VERSION,
};

static const struct option global_options[] = {
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
};

/* -h, and -v with what is glued to it: "v"s or a digit. */
#define GLOBAL_SHORT	"hv::"

/* What parse_words() found. */
enum { WORDS_OK, WORDS_FAILED, WORDS_DONE };

/* -v adds one, -vv two..., -vN sets N; @arg is what follows the v. */
static int verbose_option(struct cli_ctl *c, const char *at, const char *arg)
{
	char q[48];

	if (!arg)
		c->verbose++;
	else if (isdigit((unsigned char)arg[0]) && !arg[1])
		c->verbose = arg[0] - '0';
	else if (strspn(arg, "v") == strlen(arg))
		c->verbose += 1 + (int)strlen(arg);
	else
		return cli_fail(c, "%s-v%s: not -v, -vv... or -vN (N a digit)",
				at, validate_printable(arg, q, sizeof(q)));
	return WORDS_OK;
}

/* --config FILE, which must exist: only the default may be missing. */
static int config_option(struct cli_ctl *c, const char *at, const char *file)
{
	char q[48];

	if (!file || !file[0])
		return cli_fail(c, "%s--config needs a file", at);
	if (access(file, R_OK))
		return cli_fail(c, "%s--config %s: %s", at,
				validate_printable(file, q, sizeof(q)),
				strerror(errno));
	c->config = file;
	return WORDS_OK;
}

/* A global option @ch: WORDS_*, or -1 if @ch is not one. */
static int global_option(struct cli_ctl *c, const char *at, int ch,
			 const char *arg)
{
	switch (ch) {
	case 'v':
		return verbose_option(c, at, arg);
	case OPT_CONFIG:
		return config_option(c, at, arg);
	case 'h':
	case OPT_HELP:
		usage(c->out);
		return WORDS_DONE;
	case OPT_VERSION:
		fprintf(c->out, "mpath2ctl %s\n", MPATH2_VERSION);
		return WORDS_DONE;
	default:
		return -1;
	}
}

/* The verb's table and the global options, for getopt_long(). */
static struct option *all_options(const struct option *verb)
{
	size_t n = 0, g = ARRAY_SIZE(global_options);
	struct option *all;

	while (verb && verb[n].name)
		n++;
	all = calloc(n + g + 1, sizeof(*all));
	if (all) {
		if (n)
			memcpy(all, verb, n * sizeof(*all));
		memcpy(all + n, global_options, g * sizeof(*all));
	}
	return all;
}

static const struct option *option_by_val(const struct option *all, int val)
{
	for (; all->name; all++)
		if (all->val == val)
			return all;
	return NULL;
}

/*
 * Why getopt_long() refused @word (@opt: its optopt): an unknown short
 * option, a long one unknown or ambiguous (an abbreviation of several),
 * or a value given to one that takes none.
 */
static int bad_option(const struct cli_ctl *c, const char *at,
		      const struct option *all, const char *word, int opt)
{
	char q[48], name[48], list[160] = "";
	const struct option *o;
	size_t len, off = 0;
	int n = 0;

	if (opt > 0 && opt < CLI_OPT_FIRST) {
		name[0] = '-';
		name[1] = (char)opt;
		name[2] = '\0';
		return cli_fail(c, "%sunknown option '%s'", at,
				validate_printable(name, q, sizeof(q)));
	}
	len = strcspn(word, "=");
	o = option_by_val(all, opt);
	if (opt && o)
		return cli_fail(c, "%s--%s takes no value", at, o->name);
	snprintf(name, sizeof(name), "%.*s", (int)len, word);
	for (o = all; len > 2 && o->name; o++) {
		if (strncmp(o->name, word + 2, len - 2))
			continue;
		n++;
		off += (size_t)snprintf(list + off, off < sizeof(list) ?
					sizeof(list) - off : 0, "%s--%s",
					n > 1 ? ", " : "", o->name);
	}
	if (n > 1)
		return cli_fail(c, "%soption '%s' is ambiguous: %s", at,
				validate_printable(name, q, sizeof(q)), list);
	return cli_fail(c, "%sunknown option '%s'", at,
			validate_printable(name, q, sizeof(q)));
}

/*
 * getopt_long() over @argv: before the verb (@verb NULL; argv[0] the
 * program) only global options, up to the verb word (*@next); then over
 * the verb's words (argv[0] the verb as typed), every word in order: the
 * global options into @c, the verb's into @a, with its operands. After
 * "--" every word is an operand. A verb of its own words (own_words)
 * gets the long options it does not share with cli.c as operands, in
 * place, to judge them itself. A value missing at the end of the line is
 * the verb's to report (cli_opt.arg NULL). WORDS_*.
 */
static int parse_words(const struct cli_verb *verb, int argc, char **argv,
		       struct cli_ctl *c, struct cli_args *a, int *next)
{
	struct option *all = all_options(verb ? verb->opts : NULL);
	const struct option *o;
	char at[40] = "";
	int ch, idx, r = WORDS_OK;

	if (!all)
		return cli_fail(c, "out of memory");
	if (verb)
		snprintf(at, sizeof(at), "%s: ", argv[0]);
	/* 0: GNU getopt starts afresh (tests run many lines in a process). */
	optind = 0;
	opterr = 0;
	while (r == WORDS_OK) {
		idx = -1;
		/* "-": every word in order; "+": stop at the verb; ":": no
		   value is ':', not '?'. */
		ch = getopt_long(argc, argv, verb ? "-:" GLOBAL_SHORT :
				 "+:" GLOBAL_SHORT, all, &idx);
		if (ch == -1)
			break;
		if (ch == 1) {
			a->operands[a->nr_operands++] = optarg;
			continue;
		}
		/* A global option, or (':') one whose value is missing. */
		r = global_option(c, at, ch == ':' ? optopt : ch,
				  ch == ':' ? NULL : optarg);
		if (r >= 0)
			continue;
		r = WORDS_OK;
		if (ch == ':' && (o = option_by_val(all, optopt))) {
			a->opts[a->nr_opts++] = (struct cli_opt){ o->val,
								  o->name,
								  NULL };
		} else if (ch == '?' && !optopt && verb && verb->own_words) {
			a->operands[a->nr_operands++] = argv[optind - 1];
		} else if (ch == '?' || ch == ':') {
			r = bad_option(c, at, all, argv[optind - 1], optopt);
		} else {
			a->opts[a->nr_opts++] = (struct cli_opt){ ch,
				all[idx].name, optarg };
		}
	}
	if (next)
		*next = optind;
	else
		while (r == WORDS_OK && optind < argc)
			a->operands[a->nr_operands++] = argv[optind++];
	free(all);
	return r;
}

int cli_main(int argc, char **argv, const struct cli_ctl *ctl)
{
	struct cli_args a = { NULL, 0, NULL, 0 };
	const struct cli_verb *verb;
	struct cli_ctl c = *ctl;
	int first, r;
	char q[48];

	a.opts = calloc((size_t)argc + 1, sizeof(*a.opts));
	a.operands = calloc((size_t)argc + 1, sizeof(*a.operands));
	if (!a.opts || !a.operands) {
		r = cli_fail(ctl, "out of memory");
		goto out;
	}
	r = parse_words(NULL, argc, argv, &c, &a, &first);
	if (r != WORDS_OK)
		goto parsed;
	if (first >= argc) {
		r = cli_fail(&c, "no command given (try --help)");
		goto out;
	}
	verb = cli_find_verb(argv[first]);
	if (!verb) {
		r = cli_fail(&c, "unknown command '%s' (try --help)",
			     validate_printable(argv[first], q, sizeof(q)));
		goto out;
	}
	r = parse_words(verb, argc - first, argv + first, &c, &a, NULL);
	if (r != WORDS_OK)
		goto parsed;
	/* The usage names the verb as it was typed, alias or not. */
	if (a.nr_operands < verb->min_args || a.nr_operands > verb->max_args)
		r = cli_fail(&c, "usage: mpath2ctl %s %s", argv[first],
			     verb->operands);
	else
		r = verb->run(verb, &a, &c);
	goto out;
parsed:
	r = r == WORDS_DONE ? 0 : 1;
out:
	free(a.opts);
	free(a.operands);
	return r;
}
